import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRegistry } from '../plugins';
import { runStudy } from './coordinator';
import { planStudy, type StudyPlan } from './expand';
import { LocalExecutor } from './local-executor';
import { executeTask } from './task';
import { MemoryWriter } from './__fixtures__/memory-writer';

const FIXTURES = path.join(__dirname, '__fixtures__', 'test-plugins.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const registry = createRegistry(require(FIXTURES).plugins);

const base = {
  engine: 'reference',
  task: { id: 'random', options: { nSamples: 6, inputDim: 5, outputDim: 3 } },
  model: { id: 'mlp', options: { hidden: [12] } },
  rules: [{ id: 'sgd', options: { lr: 0.1 } }, { id: 'update-noise', options: { std: 0.03 } }],
  metrics: [{ id: 'activity' }],
  schedule: { steps: 600, evaluations: 6, snapshots: 2 },
};

function studyWith(marker: string): StudyPlan {
  const extra = [
    { id: 'slow', options: { ms: 0 } },
    { id: 'throw-at', options: { step: 250, message: 'plugin exploded' } },
    { id: 'die-at', options: { step: 450, marker, mode: 'exit' } },
  ];
  return planStudy(
    { name: 'coord', base, axes: [{ name: 'extra', path: '/rules/2', values: extra, labels: ['plain', 'throws', 'dies'] }], seeds: [1, 2], checkpointEvery: 200, plugins: [FIXTURES] },
    registry,
  );
}

const tmpMarker = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-coord-')), 'died');

describe('runStudy with the local pool', () => {
  it('fails a throwing run with its error, retries a run whose thread died from its checkpoint, and completes the rest', async () => {
    const marker = tmpMarker();
    const plan = studyWith(marker);
    const writer = new MemoryWriter();
    const ended: string[] = [];
    const totals = await runStudy({ plan, writer, executor: new LocalExecutor(2), plugins: [FIXTURES], onRunEnd: (o, r) => ended.push(`${r.point.extra} ${o.status}`) });
    expect(totals).toMatchObject({ runs: 6, completed: 4, failed: 2, diverged: 0, pending: 0, ranNow: 6, stopped: false });
    expect(ended.sort()).toEqual(['dies completed', 'dies completed', 'plain completed', 'plain completed', 'throws failed', 'throws failed']);
    for (const r of plan.runs) {
      const o = writer.outcomes.get(r.runId)!;
      if (r.point.extra === 'throws') expect(o.error).toBe('plugin exploded at step 250');
      else expect(o.digest).toBe(executeTask({ runId: r.runId, config: r.config, checkpointEvery: null, plugins: [FIXTURES] }).digest);
      // Exactly one outcome per run, however many attempts.
      expect(writer.events.filter((e) => e.runId === r.runId && ['completed', 'failed', 'diverged'].includes(e.kind)).length).toBe(1);
    }
    // One of the two "dies" runs found the marker missing, died at step 450 and resumed from its checkpoint at 400.
    expect(writer.events.filter((e) => e.kind === 'retry').length).toBe(1);
    const died = writer.events.find((e) => e.kind === 'retry')!.runId!;
    expect(writer.events.filter((e) => e.runId === died && e.kind === 'started').map((e) => e.detail)).toEqual(['0', '400']);
    expect(writer.outcomes.get(died)!.resumedFrom).toBe(400);

    // Resume: the same study again runs nothing.
    const again = await runStudy({ plan, writer, executor: new LocalExecutor(2), plugins: [FIXTURES] });
    expect(again).toMatchObject({ completed: 4, failed: 2, ranNow: 0 });
    // --retry-failed runs the failed ones again (they fail again, deterministically).
    const retry = await runStudy({ plan, writer, executor: new LocalExecutor(2), plugins: [FIXTURES], retryFailed: true });
    expect(retry).toMatchObject({ completed: 4, failed: 2, ranNow: 2 });
  });

  it('records a run as failed once its thread has died maxAttempts times', async () => {
    const plan = studyWith(tmpMarker());
    const dies = { ...plan, runs: plan.runs.filter((r) => r.point.extra === 'dies').slice(0, 1) };
    const writer = new MemoryWriter();
    const totals = await runStudy({ plan: dies, writer, executor: new LocalExecutor(1), plugins: [FIXTURES], maxAttempts: 1 });
    expect(totals).toMatchObject({ runs: 1, failed: 1 });
    const o = writer.outcomes.get(dies.runs[0].runId)!;
    expect(o.error).toMatch(/^worker thread died: .*\(attempt 1 of 1\)$/);
    expect(o.stepReached).toBe(0);
  });

  it('stops when asked: running runs end interrupted and stay pending with their checkpoints', async () => {
    const plan = planStudy(
      { name: 'stop', base: { ...base, rules: [...base.rules, { id: 'slow', options: { ms: 2, every: 1 } }], schedule: { ...base.schedule, steps: 100000 } }, seeds: [1, 2, 3], checkpointEvery: 50, plugins: [FIXTURES] },
      registry,
    );
    const writer = new MemoryWriter();
    // Stop once a run has checkpointed (so it is truly mid-run).
    const totals = await runStudy({ plan, writer, executor: new LocalExecutor(2), plugins: [FIXTURES], shouldStop: () => writer.checkpoints.size > 0 });
    expect(totals).toMatchObject({ runs: 3, completed: 0, pending: 3, stopped: true });
    expect([...writer.status.values()]).toEqual(['pending', 'pending', 'pending']);
    expect(writer.checkpoints.size).toBeGreaterThanOrEqual(1);
  });
});
