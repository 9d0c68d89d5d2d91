// A study's results in one DuckDB file. Exactly one process writes it (the coordinator: DuckDB locks the file);
// each run's outcome is one transaction, so a crash leaves every run either whole or not there at all.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Evaluation } from '@driftlab/core';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { DDL, SCHEMA_VERSION } from './schema';

type Duck = typeof import('@duckdb/node-api');
let duck: Duck | null = null;

/** DuckDB's native module, loaded on first use (importing this package loads nothing heavy). */
function duckdb(): Duck {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (duck ??= require('@duckdb/node-api') as Duck);
}

/** The fields of a run's outcome the store keeps (the runner's RunOutcome has these). */
export interface OutcomeRecord {
  runId: string;
  status: 'completed' | 'diverged' | 'failed' | 'interrupted';
  steps: number;
  stepReached: number;
  evaluations: readonly Evaluation[];
  derived: Record<string, unknown>;
  summary: object;
  error?: string;
  divergedReason?: string;
  wallSeconds: number;
  resumedFrom: number;
  worker: string;
  versions: Record<string, string>;
  digest: string;
  /** Replicas in the engine ensemble the run was packed into (1 or absent: alone). */
  ensemble?: number;
}

export interface RunRecord {
  index: number;
  runId: string;
  point: Record<string, unknown>;
  config: { seed: number; schedule: { steps: number } };
}

export const DONE = ['completed', 'diverged', 'failed'];

/** The file is open for writing in another process (DuckDB allows one writer, or readers only). */
export class StoreLockedError extends Error {
  constructor(file: string, detail: string) {
    const pid = /PID (\d+)/.exec(detail)?.[1];
    super(
      `the study store ${file} is in use by another process${pid ? ` (PID ${pid})` : ''}, probably \`drift sweep run\`; ` +
        'DuckDB allows one writer at a time. Query or export it when that process ends.',
    );
    this.name = 'StoreLockedError';
  }
}

/** JSON text with non-finite numbers as null and typed arrays as arrays. */
export function jsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x));
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const pair = (s: any, k: string): [number | null, number | null] => [num(s?.[k]?.first), num(s?.[k]?.last)];

/** A DuckDB JS value as plain JSON-able data. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export interface QueryResult {
  columns: string[];
  /** Plain values: BIGINT as numbers when safe, timestamps as ISO text, NaN/±Infinity as strings, lists as arrays. */
  rows: unknown[][];
}

export class StudyStore {
  private session = 0;

  private constructor(
    readonly file: string,
    readonly readOnly: boolean,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** Open (creating with `create`) a store file. Read-only opens never change the file. */
  static async open(file: string, options: { readOnly?: boolean; create?: boolean } = {}): Promise<StudyStore> {
    const abs = path.resolve(file);
    const readOnly = options.readOnly ?? false;
    if (!fs.existsSync(abs)) {
      if (readOnly || options.create === false) throw new Error(`no study store at ${abs}`);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
    }
    const { DuckDBInstance } = duckdb();
    let instance;
    try {
      instance = await DuckDBInstance.create(abs, readOnly ? { access_mode: 'READ_ONLY' } : {});
    } catch (e) {
      const msg = (e as Error).message;
      if (/lock/i.test(msg)) throw new StoreLockedError(abs, msg);
      throw new Error(`cannot open the study store ${abs}: ${msg}`);
    }
    const conn = await instance.connect();
    const store = new StudyStore(abs, readOnly, instance, conn);
    if (!readOnly) await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    for (const sql of DDL) await this.conn.run(sql);
    const v = await this.getMeta('schema_version');
    if (v === null) await this.setMeta('schema_version', SCHEMA_VERSION);
    else if (v !== SCHEMA_VERSION) throw new Error(`study store ${this.file} has schema version ${v}; this driftlab reads ${SCHEMA_VERSION}`);
  }

  private async rows(sql: string, params?: DuckDBValue[]): Promise<any[][]> {
    const r = await this.conn.runAndReadAll(sql, params);
    return r.getRows();
  }

  private async tx<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.conn.run('COMMIT');
      return out;
    } catch (e) {
      await this.conn.run('ROLLBACK').catch(() => {});
      throw e;
    }
  }

  // ------------------------------------------------------------------ meta

  async getMeta(key: string): Promise<string | null> {
    const r = await this.rows('SELECT value FROM meta WHERE key = $1', [key]);
    return r.length ? (r[0][0] as string) : null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.conn.run('DELETE FROM meta WHERE key = $1', [key]);
    await this.conn.run('INSERT INTO meta VALUES ($1, $2)', [key, value]);
  }

  // ------------------------------------------------------------------ the coordinator's writes

  async registerRuns(runs: readonly RunRecord[]): Promise<number> {
    const have = new Set((await this.rows('SELECT run_id FROM runs')).map((r) => r[0] as string));
    const fresh = runs.filter((r) => !have.has(r.runId));
    if (!fresh.length) return 0;
    await this.tx(async () => {
      const ap = await this.conn.createAppender('runs');
      for (const r of fresh) {
        ap.appendVarchar(r.runId);
        ap.appendInteger(r.index);
        ap.appendVarchar(jsonText(r.point));
        ap.appendBigInt(BigInt(r.config.seed));
        ap.appendBigInt(BigInt(r.config.schedule.steps));
        ap.appendVarchar(jsonText(r.config));
        ap.appendVarchar('pending');
        for (let i = 0; i < 4; i++) ap.appendNull(); // step_reached, diverged_step, diverged_reason, error
        ap.appendInteger(0);
        for (let i = 0; i < 7; i++) ap.appendNull(); // worker … ensemble
        ap.endRow();
      }
      ap.closeSync();
    });
    return fresh.length;
  }

  async beginSession(info: { mode: string; workers: number }): Promise<number> {
    const r = await this.rows('SELECT coalesce(max(id), 0) + 1 FROM sessions');
    this.session = Number(r[0][0]);
    await this.conn.run('INSERT INTO sessions VALUES ($1, now(), NULL, $2, $3, $4, $5)', [this.session, process.pid, os.hostname(), info.mode, info.workers]);
    return this.session;
  }

  async endSession(session: number): Promise<void> {
    await this.conn.run('UPDATE sessions SET ended_at = now() WHERE id = $1', [session]);
  }

  async statuses(): Promise<Map<string, string>> {
    return new Map((await this.rows('SELECT run_id, status FROM runs')).map((r) => [r[0] as string, r[1] as string]));
  }

  /** Put finished runs back to pending (e.g. failed runs to retry). Their old records stay until replaced. */
  async reopenRuns(runIds: readonly string[]): Promise<void> {
    for (const id of runIds) await this.conn.run(`UPDATE runs SET status = 'pending' WHERE run_id = $1`, [id]);
  }

  async recordEvent(runId: string | null, kind: string, detail?: string, worker?: string): Promise<void> {
    await this.conn.run('INSERT INTO events (session, happened_at, run_id, kind, worker, detail) VALUES ($1, now(), $2, $3, $4, $5)', [this.session, runId, kind, worker ?? null, detail ?? null]);
  }

  async markStarted(runId: string, worker: string, resumedFrom: number): Promise<void> {
    await this.tx(async () => {
      const st = await this.rows('SELECT status FROM runs WHERE run_id = $1', [runId]);
      if (!st.length || DONE.includes(st[0][0])) return;
      await this.conn.run(
        `UPDATE runs SET status = 'running', attempts = attempts + 1, worker = $2, started_at = coalesce(started_at, now()) WHERE run_id = $1`,
        [runId, worker],
      );
      await this.recordEvent(runId, 'started', resumedFrom ? `resumed from step ${resumedFrom}` : undefined, worker);
    });
  }

  async saveCheckpoint(runId: string, step: number, data: Uint8Array): Promise<void> {
    const { blobValue } = duckdb();
    await this.tx(async () => {
      const st = await this.rows('SELECT status FROM runs WHERE run_id = $1', [runId]);
      if (!st.length || DONE.includes(st[0][0])) return;
      const have = await this.rows('SELECT step FROM checkpoints WHERE run_id = $1', [runId]);
      if (have.length && Number(have[0][0]) >= step) return; // a late, older checkpoint
      await this.conn.run('DELETE FROM checkpoints WHERE run_id = $1', [runId]);
      await this.conn.run('INSERT INTO checkpoints VALUES ($1, $2, now(), $3)', [runId, step, blobValue(data)]);
      await this.recordEvent(runId, 'checkpoint', `step ${step}`);
    });
  }

  async loadCheckpoint(runId: string): Promise<Uint8Array | null> {
    const r = await this.rows('SELECT data FROM checkpoints WHERE run_id = $1', [runId]);
    if (!r.length) return null;
    const bytes = r[0][0].bytes as Uint8Array;
    return new Uint8Array(bytes); // a private copy
  }

  /**
   * Write a run's outcome in one transaction: its metrics, snapshots, summary and status. False (and nothing
   * written but a 'duplicate' event) when the run already has an outcome. 'interrupted' only sets it pending.
   */
  async recordOutcome(o: OutcomeRecord): Promise<boolean> {
    return this.tx(async () => {
      const st = await this.rows('SELECT status FROM runs WHERE run_id = $1', [o.runId]);
      if (!st.length) throw new Error(`run ${o.runId} is not part of this study`);
      if (DONE.includes(st[0][0])) {
        await this.recordEvent(o.runId, 'duplicate', `an outcome (${o.status}) arrived for a run that is ${st[0][0]}; ignored`, o.worker);
        return false;
      }
      if (o.status === 'interrupted') {
        await this.conn.run(`UPDATE runs SET status = 'pending', step_reached = $2 WHERE run_id = $1`, [o.runId, o.stepReached]);
        await this.recordEvent(o.runId, 'interrupted', `at step ${o.stepReached}`, o.worker);
        return true;
      }
      for (const t of ['metrics', 'snapshots', 'summaries', 'checkpoints']) await this.conn.run(`DELETE FROM ${t} WHERE run_id = $1`, [o.runId]);
      await this.appendSeries(o);
      await this.appendSummary(o);
      await this.conn.run(
        `UPDATE runs SET status = $2, step_reached = $3, diverged_step = $4, diverged_reason = $5, error = $6, worker = $7,
           finished_at = now(), wall_seconds = $8, versions = $9, result_digest = $10, ensemble = $11 WHERE run_id = $1`,
        [
          o.runId, o.status, o.stepReached, o.status === 'diverged' ? o.stepReached : null, o.divergedReason ?? null, o.error ?? null,
          o.worker || null, o.wallSeconds, jsonText(o.versions), o.digest || null, o.ensemble ?? 1,
        ],
      );
      await this.recordEvent(o.runId, o.status, o.error ?? o.divergedReason ?? (o.resumedFrom ? `resumed from step ${o.resumedFrom}` : undefined), o.worker || undefined);
      return true;
    });
  }

  private async appendSeries(o: OutcomeRecord): Promise<void> {
    const { listValue, LIST, DOUBLE, INTEGER } = duckdb();
    const m = await this.conn.createAppender('metrics');
    for (const ev of o.evaluations) {
      for (const [name, value] of Object.entries(ev.scalars)) {
        m.appendVarchar(o.runId);
        m.appendBigInt(BigInt(ev.step));
        m.appendVarchar(name);
        if (typeof value === 'number') m.appendDouble(value);
        else m.appendNull(); // JSON has no NaN: null where a worker sent one through JSON
        m.endRow();
      }
    }
    m.closeSync();
    const s = await this.conn.createAppender('snapshots');
    const row = (step: number, name: string, shape: number[], data: ArrayLike<number>) => {
      s.appendVarchar(o.runId);
      s.appendBigInt(BigInt(step));
      s.appendVarchar(name);
      s.appendList(listValue(shape), LIST(INTEGER));
      s.appendList(listValue(Array.from(data)), LIST(DOUBLE));
      s.endRow();
    };
    for (const ev of o.evaluations) {
      for (const [name, a] of Object.entries(ev.arrays ?? {})) row(ev.step, name, a.shape, a.data);
      if (ev.params) row(ev.step, 'params', [ev.params.length], ev.params);
    }
    s.closeSync();
  }

  private async appendSummary(o: OutcomeRecord): Promise<void> {
    const s = o.summary as any;
    const d = o.derived as any;
    // An appender with explicit column types: a huge integral double (a timescale of 1e31) must stay a DOUBLE.
    const ap = await this.conn.createAppender('summaries');
    const dbl = (v: number | null) => (v === null ? ap.appendNull() : ap.appendDouble(v));
    ap.appendVarchar(o.runId);
    ap.appendVarchar(o.status);
    pair(s, 'loss').forEach(dbl);
    const conv = num(s?.loss?.convergedAtStep ?? d?.convergedAtStep);
    if (conv === null || !Number.isSafeInteger(conv)) ap.appendNull();
    else ap.appendBigInt(BigInt(conv));
    for (const k of ['activeFraction', 'activeUnits', 'meanSI', 'placeUnits']) pair(s, k).forEach(dbl);
    dbl(num(s?.timescale));
    pair(s, 'hessianTrace').forEach(dbl);
    dbl(num(s?.stepsPerSecond));
    ap.appendVarchar(jsonText(o.summary));
    ap.appendVarchar(jsonText(o.derived));
    ap.endRow();
    ap.closeSync();
  }

  // ------------------------------------------------------------------ reading

  /** Run counts by status. */
  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = { pending: 0, running: 0, completed: 0, diverged: 0, failed: 0 };
    for (const [s, n] of await this.rows('SELECT status, count(*) FROM runs GROUP BY status')) out[s as string] = Number(n);
    return out;
  }

  /** Any SQL; results in JSON form. */
  async query(sql: string, params?: DuckDBValue[]): Promise<QueryResult> {
    const r = await this.conn.runAndReadAll(sql, params);
    return { columns: r.columnNames(), rows: r.getRowsJS().map((row: unknown[]) => row.map(plain)) };
  }

  async close(): Promise<void> {
    try {
      if (!this.readOnly) await this.conn.run('CHECKPOINT');
    } finally {
      this.conn.closeSync();
      this.instance.closeSync?.();
    }
  }
}
