import type { RunConfig } from '@driftlab/core';
import { prepareRun } from '../run';
import { executeEnsemble, packKey } from './ensemble-task';
import { executeTask, type RunTask } from './task';

const base = {
  seed: 2,
  engine: 'wasm',
  task: { id: 'random', options: { nSamples: 8, inputDim: 6, outputDim: 4 } },
  model: { id: 'mlp', options: { hidden: [10] } },
  rules: [{ id: 'sgd', options: { lr: 0.05, momentum: 0.9 } }, { id: 'update-noise', options: { std: 0.02 } }],
  metrics: [{ id: 'activity' }],
  schedule: { steps: 900, evaluations: 12, snapshots: 3 },
};

function taskOf(edit: (c: any) => void, every: number | null = 300): RunTask {
  const raw = structuredClone(base) as any;
  edit(raw);
  const p = prepareRun(raw);
  return { runId: p.runId, config: p.config as RunConfig, checkpointEvery: every, plugins: [] };
}

describe('executeEnsemble', () => {
  const tasks = [0.01, 0.02, 0.05].map((std, i) => taskOf((c) => ((c.rules[1].options.std = std), (c.rules[0].options.lr = 0.02 * (i + 1)))));

  it('gives every replica exactly the record of its single run, checkpoints included (momentum state too)', () => {
    expect(new Set(tasks.map(packKey)).size).toBe(1);
    const cks = new Map<string, { step: number; data: Uint8Array }[]>();
    const outs = executeEnsemble(tasks, tasks.map((t) => ({ checkpoint: (step, data) => cks.set(t.runId, [...(cks.get(t.runId) ?? []), { step, data }]) })))!;
    expect(outs).not.toBeNull();
    tasks.forEach((t, i) => {
      const single = executeTask(t);
      expect(outs[i].runId).toBe(t.runId);
      expect(outs[i].ensemble).toBe(3);
      expect(outs[i].digest).toBe(single.digest);
      expect(outs[i].derived).toEqual(single.derived);
      expect(cks.get(t.runId)!.map((c) => c.step)).toEqual([300, 600]);
      // A replica's checkpoint resumes alone, bit for bit.
      const resumed = executeTask({ ...t, resume: cks.get(t.runId)![1].data });
      expect(resumed.resumedFrom).toBe(600);
      expect(resumed.digest).toBe(single.digest);
    });
  });

  it('packs dropout runs (rates differ per replica): each replica gives its single run\'s record', () => {
    const drops = [0.1, 0.3].flatMap((rate) => [false, true].map((dropConnect) => ({ rate, dropConnect })));
    for (const dropConnect of [false, true]) {
      const cells = drops.filter((d) => d.dropConnect === dropConnect).map((d) => taskOf((c) => c.rules.push({ id: 'dropout', options: d })));
      const outs = executeEnsemble(cells, cells.map(() => ({})))!;
      expect(outs).not.toBeNull();
      cells.forEach((t, i) => {
        expect(outs[i].ensemble).toBe(2);
        expect(outs[i].digest).toBe(executeTask(t).digest);
      });
      expect(outs[0].digest).not.toBe(outs[1].digest);
    }
  });

  it('packs minibatch runs (lr differs, same batch size): each replica gives its single run\'s record', () => {
    const cells = [0.02, 0.05, 0.08].map((lr) => taskOf((c) => (c.rules[0].options = { lr, batchSize: 3 })));
    const outs = executeEnsemble(cells, cells.map(() => ({})))!;
    expect(outs).not.toBeNull();
    cells.forEach((t, i) => {
      expect(outs[i].ensemble).toBe(3);
      expect(outs[i].digest).toBe(executeTask(t).digest);
    });
    // Different batch sizes cannot share the lanes' loops: such a set runs singly.
    const mixed = [cells[0], taskOf((c) => (c.rules[0].options = { lr: 0.02, batchSize: 4 }))];
    expect(executeEnsemble(mixed, [{}, {}])).toBeNull();
  });

  it('keeps diverging replicas apart: they stop at their step, the others go on', () => {
    const mixed = [tasks[0], taskOf((c) => (c.rules[0].options.lr = 40)), tasks[2]];
    const outs = executeEnsemble(mixed, mixed.map(() => ({})))!;
    expect(outs.map((o) => o.status)).toEqual(['completed', 'diverged', 'completed']);
    mixed.forEach((t, i) => expect(outs[i].digest).toBe(executeTask(t).digest));
  });

  it('refuses what it cannot pack (different data, other engines, one run), running nothing', () => {
    const otherSeed = taskOf((c) => (c.seed = 3));
    expect(packKey(otherSeed)).not.toBe(packKey(tasks[0]));
    expect(executeEnsemble([tasks[0], otherSeed], [{}, {}])).toBeNull();
    const ref = [taskOf((c) => (c.engine = 'reference')), taskOf((c) => ((c.engine = 'reference'), (c.rules[1].options.std = 0.05)))];
    expect(executeEnsemble(ref, [{}, {}])).toBeNull();
    expect(executeEnsemble([tasks[0]], [{}])).toBeNull();
    const started: string[] = [];
    expect(executeEnsemble([tasks[0], otherSeed], [{ started: () => started.push('x') }, {}])).toBeNull();
    expect(started).toEqual([]);
  });
});
