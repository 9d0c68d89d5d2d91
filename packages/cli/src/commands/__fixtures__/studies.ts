// Small study specs for the CLI tests, and reading a study store back.
import * as fs from 'fs';
import * as path from 'path';
import { StudyStore } from '@driftlab/store';
import { TEST_PLUGINS } from './harness';

export const tinyBase = {
  engine: 'reference',
  task: { id: 'random', options: { nSamples: 6, inputDim: 5, outputDim: 3 } },
  model: { id: 'mlp', options: { hidden: [12] } },
  rules: [{ id: 'sgd', options: { lr: 0.1 } }, { id: 'update-noise', options: { std: 0.03 } }],
  metrics: [{ id: 'activity' }],
  schedule: { steps: 600, evaluations: 8, snapshots: 3 },
};

/** `n` seeds × label/update noise; `slowMs` sleeps per 10 steps (no numeric effect) so runs can be caught mid-way. */
export function noiseStudy(name: string, seeds: number[], slowMs = 0, steps = 600, checkpointEvery = 200): Record<string, unknown> {
  return {
    name,
    plugins: [TEST_PLUGINS],
    base: { ...tinyBase, rules: [...tinyBase.rules, { id: 'slow', options: { ms: slowMs, every: 10 } }], schedule: { ...tinyBase.schedule, steps } },
    axes: [
      {
        name: 'noise',
        path: '/rules/1',
        values: [{ id: 'label-noise', options: { scale: 1 } }, { id: 'update-noise', options: { std: 0.03 } }],
        labels: ['label', 'update'],
      },
    ],
    seeds,
    checkpointEvery,
  };
}

export function writeSpec(dir: string, spec: unknown, file = 'spec.json'): string {
  const f = path.join(dir, file);
  fs.writeFileSync(f, JSON.stringify(spec, null, 2));
  return f;
}

export interface StoredStudy {
  runs: Map<string, { status: string; stepReached: number; digest: string; error: string | null; divergedStep: number | null }>;
  /** run id → its metric rows as text (step name value), in order. */
  metrics: Map<string, string[]>;
  events: { session: number; runId: string | null; kind: string; detail: string | null }[];
}

export async function readStudy(dir: string): Promise<StoredStudy> {
  const store = await StudyStore.open(path.join(dir, 'study.duckdb'), { readOnly: true });
  try {
    const runs = new Map<string, any>();
    for (const r of (await store.query('SELECT run_id, status, step_reached, result_digest, error, diverged_step FROM runs ORDER BY idx')).rows) {
      runs.set(r[0] as string, { status: r[1], stepReached: r[2], digest: r[3], error: r[4], divergedStep: r[5] });
    }
    const metrics = new Map<string, string[]>();
    for (const r of (await store.query('SELECT run_id, step, name, value FROM metrics ORDER BY run_id, step, name')).rows) {
      const list = metrics.get(r[0] as string) ?? [];
      list.push(`${r[1]} ${r[2]} ${r[3]}`);
      metrics.set(r[0] as string, list);
    }
    const events = (await store.query('SELECT session, run_id, kind, detail FROM events ORDER BY seq')).rows.map((r) => ({
      session: r[0] as number, runId: r[1] as string | null, kind: r[2] as string, detail: r[3] as string | null,
    }));
    return { runs, metrics, events };
  } finally {
    await store.close();
  }
}

/** Each run has exactly one outcome event (completed/diverged/failed) over all sessions. */
export function outcomesPerRun(s: StoredStudy): Map<string, number> {
  const m = new Map<string, number>();
  for (const id of s.runs.keys()) m.set(id, 0);
  for (const e of s.events) if (e.runId && ['completed', 'diverged', 'failed'].includes(e.kind)) m.set(e.runId, (m.get(e.runId) ?? 0) + 1);
  return m;
}
