import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exportStudy } from './export';
import { StoreLockedError, StudyStore, type OutcomeRecord, type RunRecord } from './study-store';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-store-'));

const runs: RunRecord[] = [
  { index: 0, runId: 'aaaa000000000001', point: { noise: 'label', seed: 0 }, config: { seed: 0, schedule: { steps: 100 } } },
  { index: 1, runId: 'aaaa000000000002', point: { noise: 'update', seed: 0 }, config: { seed: 0, schedule: { steps: 100 } } },
];

function outcome(runId: string, status: OutcomeRecord['status'] = 'completed'): OutcomeRecord {
  return {
    runId, status, steps: 100, stepReached: status === 'diverged' ? 40 : 100,
    evaluations: [
      { step: 0, scalars: { loss: 2, meanSI: NaN }, snapshot: true, arrays: { si: { shape: [3], data: Float64Array.from([0.5, -0, 1 / 3]) } }, params: Float64Array.from([1, 2]) },
      { step: 100, scalars: { loss: 0.25, meanSI: 0.1 }, snapshot: false },
    ],
    derived: { timescale: { tau: 12 }, matrix: [[1, NaN]] },
    summary: { loss: { first: 2, last: 0.25, convergedAtStep: 50 }, activeUnits: { first: 1, last: 0.5 }, timescale: 12, stepsPerSecond: 1000 },
    divergedReason: status === 'diverged' ? 'loss is not finite' : undefined,
    wallSeconds: 0.1, resumedFrom: 0, worker: 'test:1', versions: { node: 'v20' }, digest: 'd1',
  };
}

describe('StudyStore', () => {
  it('registers runs once and records an outcome with its series, snapshots and summary', async () => {
    const file = path.join(tmp(), 'study.duckdb');
    const s = await StudyStore.open(file);
    expect(await s.registerRuns(runs)).toBe(2);
    expect(await s.registerRuns(runs)).toBe(0);
    await s.beginSession({ mode: 'local', workers: 2 });
    await s.markStarted(runs[0].runId, 'test:1', 0);
    expect((await s.statuses()).get(runs[0].runId)).toBe('running');
    expect(await s.recordOutcome(outcome(runs[0].runId))).toBe(true);
    const m = await s.query('SELECT step, name, value FROM metrics WHERE run_id = $1 ORDER BY step, name', [runs[0].runId]);
    expect(m.rows).toEqual([[0, 'loss', 2], [0, 'meanSI', 'NaN'], [100, 'loss', 0.25], [100, 'meanSI', 0.1]]);
    const snap = await s.query(`SELECT name, shape, data FROM snapshots ORDER BY name`);
    expect(snap.rows[0]).toEqual(['params', [2], [1, 2]]);
    expect(snap.rows[1][0]).toBe('si');
    const si = snap.rows[1][2] as number[];
    expect(si[2]).toBe(1 / 3); // doubles round-trip exactly
    expect(Object.is(si[1], -0)).toBe(true);
    const sum = await s.query('SELECT loss_first, loss_last, converged_at_step, active_units_last, timescale, derived FROM summaries');
    expect(sum.rows[0].slice(0, 5)).toEqual([2, 0.25, 50, 0.5, 12]);
    expect(JSON.parse(sum.rows[0][5] as string)).toEqual({ timescale: { tau: 12 }, matrix: [[1, null]] });
    const r = await s.query(`SELECT status, step_reached, attempts, result_digest, point->>'noise' FROM runs WHERE run_id = $1`, [runs[0].runId]);
    expect(r.rows[0]).toEqual(['completed', 100, 1, 'd1', 'label']);
    expect(await s.counts()).toMatchObject({ completed: 1, pending: 1 });
    await s.close();
  });

  it('ignores a second outcome for a finished run and keeps diverged runs with their step and metrics', async () => {
    const s = await StudyStore.open(path.join(tmp(), 'study.duckdb'));
    await s.registerRuns(runs);
    await s.beginSession({ mode: 'local', workers: 1 });
    const div = outcome(runs[1].runId, 'diverged');
    div.summary = { ...div.summary, timescale: 3.3545296810954565e31 }; // integral as a double, far past int64
    expect(await s.recordOutcome(div)).toBe(true);
    expect((await s.query('SELECT timescale FROM summaries')).rows[0][0]).toBe(3.3545296810954565e31);
    expect(await s.recordOutcome(outcome(runs[1].runId, 'completed'))).toBe(false);
    const r = await s.query('SELECT status, diverged_step, diverged_reason FROM runs WHERE run_id = $1', [runs[1].runId]);
    expect(r.rows[0]).toEqual(['diverged', 40, 'loss is not finite']);
    expect((await s.query('SELECT count(*) FROM metrics')).rows[0][0]).toBe(4);
    const ev = await s.query('SELECT kind FROM events ORDER BY seq');
    expect(ev.rows.map((x) => x[0])).toEqual(['diverged', 'duplicate']);
    await s.close();
  });

  it('keeps only the newest checkpoint of an unfinished run, returns it byte for byte, and drops it at the end', async () => {
    const s = await StudyStore.open(path.join(tmp(), 'study.duckdb'));
    await s.registerRuns(runs);
    await s.beginSession({ mode: 'local', workers: 1 });
    const id = runs[0].runId;
    await s.saveCheckpoint(id, 20, Uint8Array.from([1, 2, 3]));
    await s.saveCheckpoint(id, 40, Uint8Array.from([4, 5, 6, 7]));
    await s.saveCheckpoint(id, 30, Uint8Array.from([9])); // late and older: ignored
    expect(Array.from((await s.loadCheckpoint(id))!)).toEqual([4, 5, 6, 7]);
    expect(await s.recordOutcome(outcome(id, 'interrupted'))).toBe(true);
    expect((await s.statuses()).get(id)).toBe('pending');
    expect(await s.loadCheckpoint(id)).not.toBeNull();
    await s.recordOutcome(outcome(id));
    expect(await s.loadCheckpoint(id)).toBeNull();
    await s.close();
  });

  it('reopens cleanly, opens read-only, and names the process that holds the lock', async () => {
    const file = path.join(tmp(), 'study.duckdb');
    const s = await StudyStore.open(file);
    await s.registerRuns(runs);
    await s.close();
    const ro = await StudyStore.open(file, { readOnly: true });
    expect((await ro.query('SELECT count(*) FROM runs')).rows[0][0]).toBe(2);
    await ro.close();
    await expect(StudyStore.open(path.join(tmp(), 'none.duckdb'), { readOnly: true })).rejects.toThrow(/no study store/);
    // Another process holds the file open for writing.
    const holder = spawn(process.execPath, ['-e', `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(file)}).then(() => { console.log('open'); setInterval(() => {}, 1000); })`], { cwd: path.join(__dirname, '..', '..', '..') });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const err = await StudyStore.open(file, { readOnly: true }).catch((e) => e);
      expect(err).toBeInstanceOf(StoreLockedError);
      expect(err.message).toContain(`PID ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('exports every table to Parquet and CSV that read back with the same values', async () => {
    const dir = tmp();
    const s = await StudyStore.open(path.join(dir, 'study.duckdb'));
    await s.registerRuns(runs);
    await s.beginSession({ mode: 'local', workers: 1 });
    await s.recordOutcome(outcome(runs[0].runId));
    const files = await exportStudy(s, path.join(dir, 'pq'), 'parquet');
    expect(files.map((f) => f.table)).toEqual(['runs', 'metrics', 'snapshots', 'summaries', 'events', 'sessions', 'results']);
    expect(files.find((f) => f.table === 'metrics')!.rows).toBe(4);
    const back = await s.query(`SELECT step, name, value FROM read_parquet('${path.join(dir, 'pq', 'metrics.parquet')}') ORDER BY step, name`);
    expect(back.rows).toEqual([[0, 'loss', 2], [0, 'meanSI', 'NaN'], [100, 'loss', 0.25], [100, 'meanSI', 0.1]]);
    const res = await s.query(`SELECT run_id, status, loss_last FROM read_parquet('${path.join(dir, 'pq', 'results.parquet')}') ORDER BY idx`);
    expect(res.rows).toEqual([[runs[0].runId, 'completed', 0.25], [runs[1].runId, 'pending', null]]);
    await exportStudy(s, path.join(dir, 'csv'), 'csv', ['runs']);
    const csv = fs.readFileSync(path.join(dir, 'csv', 'runs.csv'), 'utf8').split('\n');
    expect(csv[0].split(',').slice(0, 3)).toEqual(['run_id', 'idx', 'point']);
    expect(csv.filter((l) => l.trim()).length).toBe(3);
    await expect(exportStudy(s, dir, 'csv', ['nope'])).rejects.toThrow(/unknown table "nope"/);
    await s.close();
  });
});
