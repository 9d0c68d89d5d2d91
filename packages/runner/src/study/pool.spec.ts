import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RunConfig } from '@driftlab/core';
import { createRegistry } from '../plugins';
import { prepareRun } from '../run';
import { LocalPool } from './pool';
import { executeTask, type RunTask } from './task';

const FIXTURES = path.join(__dirname, '__fixtures__', 'test-plugins.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { plugins: testPlugins } = require(FIXTURES);

const raw = {
  engine: 'reference',
  task: { id: 'random', options: { nSamples: 6, inputDim: 5, outputDim: 3 } },
  model: { id: 'mlp', options: { hidden: [12] } },
  rules: [{ id: 'sgd', options: { lr: 0.1 } }, { id: 'update-noise', options: { std: 0.03 } }],
  metrics: [{ id: 'activity' }],
  schedule: { steps: 800, evaluations: 8, snapshots: 2 },
};

function taskOf(config: unknown, extra: Partial<RunTask> = {}): RunTask {
  const p = prepareRun(config, { registry: createRegistry(testPlugins) });
  return { runId: p.runId, config: p.config as RunConfig, checkpointEvery: 200, plugins: [FIXTURES], ...extra };
}

describe('LocalPool (worker threads)', () => {
  let pool: LocalPool;
  beforeAll(() => {
    pool = new LocalPool(2);
  });
  afterAll(() => pool.close());

  it('runs tasks in threads with the same results as in this thread, streaming started/progress/checkpoints', async () => {
    const tasks = [1, 2, 3].map((seed) => taskOf({ ...raw, seed }));
    const seen: string[] = [];
    const outs = await Promise.all(
      tasks.map((t) =>
        pool.run(t, {
          started: (i) => seen.push(`start ${t.runId} ${i.worker}`),
          checkpoint: (s, d) => {
            expect(d).toBeInstanceOf(Uint8Array);
            seen.push(`ck ${t.runId} ${s}`);
          },
        }),
      ),
    );
    outs.forEach((o, i) => {
      expect(o.status).toBe('completed');
      expect(o.digest).toBe(executeTask(tasks[i]).digest);
      expect(o.worker).toMatch(/:\d+:\d+$/); // host:pid:threadId
    });
    for (const t of tasks) {
      expect(seen.filter((l) => l.startsWith(`start ${t.runId}`)).length).toBe(1);
      expect(seen.filter((l) => l.startsWith(`ck ${t.runId}`)).map((l) => Number(l.split(' ')[2]))).toEqual([200, 400, 600]);
    }
  });

  it('rejects the run whose thread died, and keeps running the next ones', async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-pool-')), 'died');
    const dying = taskOf({ ...raw, rules: [...raw.rules, { id: 'die-at', options: { step: 300, marker, mode: 'exit' } }] });
    await expect(pool.run(dying)).rejects.toThrow();
    expect(fs.existsSync(marker)).toBe(true);
    // The marker is there now: a second attempt passes step 300 and completes.
    const again = await pool.run(dying);
    expect(again.status).toBe('completed');
    const ok = await pool.run(taskOf({ ...raw, seed: 9 }));
    expect(ok.status).toBe('completed');
  });
});
