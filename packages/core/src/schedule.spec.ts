import { buildSchedule } from './schedule';

describe('buildSchedule', () => {
  it('spaces evaluations linearly with both ends and evenly spaced snapshots', () => {
    const s = buildSchedule({ steps: 100, evaluations: 5, spacing: 'linear', snapshots: 3, checkpointEvery: null });
    expect(s.evalSteps).toEqual([0, 25, 50, 75, 100]);
    expect([...s.snapshotSteps]).toEqual([0, 50, 100]);
  });

  it('log spacing resolves early steps; loglinear mixes both; snapshots are always evaluated', () => {
    const log = buildSchedule({ steps: 1000, evaluations: 5, spacing: 'log', snapshots: 2, checkpointEvery: null });
    expect(log.evalSteps).toEqual([0, 1, 10, 100, 1000]);
    const mixed = buildSchedule({ steps: 1000, evaluations: 8, spacing: 'loglinear', snapshots: 3, checkpointEvery: 10 });
    expect(mixed.evalSteps).toEqual([0, 1, 32, 250, 500, 750, 1000]);
    expect(mixed.checkpointEvery).toBe(10);
  });

  it('never asks for more evaluations than steps allow', () => {
    const s = buildSchedule({ steps: 3, evaluations: 50, spacing: 'linear', snapshots: 50, checkpointEvery: null });
    expect(s.evalSteps).toEqual([0, 1, 2, 3]);
  });
});
