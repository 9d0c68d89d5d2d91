import * as path from 'path';
import type { RunConfig } from '@driftlab/core';
import { createRegistry } from '../plugins';
import { prepareRun } from '../run';
import { decode } from './codec';
import { executeTask, type Checkpoint, type RunTask } from './task';

const FIXTURES = path.join(__dirname, '__fixtures__', 'test-plugins.js');

const raw = {
  seed: 4,
  engine: 'reference',
  task: { id: 'predictive-track', options: { nSamples: 30 } },
  model: { id: 'mlp', options: { hidden: [10] } },
  rules: [{ id: 'sgd', options: { lr: 0.1 } }, { id: 'update-noise', options: { std: 0.05 } }],
  metrics: [{ id: 'activity' }, { id: 'spatial', options: { nBins: 10 } }],
  schedule: { steps: 600, evaluations: 16, snapshots: 4 },
};

function taskOf(config: unknown, extra: Partial<RunTask> = {}, plugins: string[] = []): RunTask {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const p = prepareRun(config, { registry: createRegistry(plugins.length ? require(plugins[0]).plugins : []) });
  return { runId: p.runId, config: p.config as RunConfig, checkpointEvery: null, plugins, ...extra };
}

describe('executeTask', () => {
  it('checkpointing does not change a run, and resuming from any checkpoint gives the same run bit for bit', () => {
    const plain = executeTask(taskOf(raw));
    expect(plain.status).toBe('completed');
    const blobs: { step: number; data: Uint8Array }[] = [];
    const ck = executeTask(taskOf(raw, { checkpointEvery: 150 }), { checkpoint: (step, data) => blobs.push({ step, data }) });
    expect(ck.digest).toBe(plain.digest);
    expect(blobs.map((b) => b.step)).toEqual([150, 300, 450]);
    for (const b of blobs) {
      const c = decode<Checkpoint>(b.data);
      expect(c.step).toBe(b.step);
      expect(c.params).toBeInstanceOf(Float64Array);
      expect(c.evaluations.every((e) => e.step <= b.step)).toBe(true);
      const resumed = executeTask(taskOf(raw, { checkpointEvery: 150, resume: b.data }));
      expect(resumed.resumedFrom).toBe(b.step);
      expect(resumed.digest).toBe(plain.digest);
      expect(resumed.evaluations.map((e) => e.step)).toEqual(plain.evaluations.map((e) => e.step));
      const last = resumed.evaluations[resumed.evaluations.length - 1];
      const ref = plain.evaluations[plain.evaluations.length - 1];
      expect(Buffer.from(last.params!.buffer).equals(Buffer.from(ref.params!.buffer))).toBe(true);
      // Derived results are recomputed over the whole record, so they match too (rate-map correlations, timescale).
      expect(resumed.derived).toEqual(plain.derived);
      expect(resumed.summary.activeUnits).toEqual(plain.summary.activeUnits);
    }
  });

  it('a resolved config keeps its run id in the worker; a mismatch fails the run with the reason', () => {
    const t = taskOf(raw);
    expect(executeTask({ ...t, config: { ...t.config, schedule: { ...t.config.schedule, steps: 10 } } }).error).toMatch(/resolves the config to run id .* not /);
    const other = taskOf({ ...raw, seed: 5 });
    const bad = executeTask({ ...t, resume: executeTaskCheckpoint(other) });
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/checkpoint belongs to run/);
  });

  it('a plugin that throws mid-run fails the run with its message and keeps what was recorded', () => {
    const cfg = { ...raw, rules: [...raw.rules, { id: 'throw-at', options: { step: 321, message: 'plugin exploded' } }] };
    const o = executeTask(taskOf(cfg, {}, [FIXTURES]));
    expect(o.status).toBe('failed');
    expect(o.error).toBe('plugin exploded at step 321');
    expect(o.stepReached).toBe(321);
    expect(o.evaluations.length).toBeGreaterThan(3);
    expect(o.evaluations.every((e) => e.step <= 321)).toBe(true);
  });

  it('an unloadable plugin module fails the run, naming the module', () => {
    const o = executeTask({ ...taskOf(raw), plugins: ['/nonexistent/plugins.js'] });
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/plugin module "\/nonexistent\/plugins.js" could not be loaded/);
  });

  it('a diverging run is diverged at its step, with its evaluations', () => {
    const o = executeTask(taskOf({ ...raw, rules: [{ id: 'sgd', options: { lr: 50 } }] }));
    expect(o.status).toBe('diverged');
    expect(o.stepReached).toBeLessThan(600);
    expect(o.divergedReason).toBeTruthy();
    expect(o.evaluations[o.evaluations.length - 1].step).toBe(o.stepReached);
  });
});

function executeTaskCheckpoint(t: RunTask): Uint8Array {
  let first: Uint8Array | undefined;
  executeTask({ ...t, checkpointEvery: 200 }, { checkpoint: (_s, d) => (first ??= d) });
  return first!;
}
