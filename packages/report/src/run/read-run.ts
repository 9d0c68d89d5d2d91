// Reads what the figures need from a run directory (docs/run-format.md). A small reader of its own so the report
// package does not pull in the runner (and its queue dependencies); it tolerates a run that is still going or
// was killed: a torn last JSON line is skipped, a missing derived.json is null.
import * as fs from 'fs';
import * as path from 'path';

/** The folder is not a run directory (or lacks what a report needs). */
export class RunReportError extends Error {}

export interface RunEvaluation {
  step: number;
  /** Stored scalars; `null` (non-finite when written) is read back as NaN. */
  scalars: Record<string, number>;
}

export interface RunSnapshotEntry {
  step: number;
  arrays: Record<string, { file: string; shape: number[] }>;
}

export interface SnapshotCorrelationData {
  times: number[];
  /** NaN where undefined (stored as null). */
  matrix: number[][];
}

export interface RunData {
  dir: string;
  runId: string;
  /** The resolved run config (`config.json` `.config`). */
  config: Record<string, any>;
  status: { status: string; stepReached?: number; steps?: number } | null;
  evaluations: RunEvaluation[];
  snapshots: RunSnapshotEntry[];
  /** `derived.json`, written at the end; null while running or after a crash. */
  derived: Record<string, any> | null;
  /** A snapshot array as float64, checked against its stored shape. */
  readArray(entry: { file: string; shape: number[] }): Float64Array;
}

function jsonLines(file: string): any[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const out: any[] = [];
  lines.forEach((l, i) => {
    try {
      out.push(JSON.parse(l));
    } catch (e) {
      // Only the last line can be torn by a crash; anything earlier is a damaged file.
      if (i < lines.length - 1) throw new RunReportError(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
    }
  });
  return out;
}

const num = (v: unknown) => (typeof v === 'number' ? v : NaN);

function matrixOf(c: any): SnapshotCorrelationData | undefined {
  if (!c || !Array.isArray(c.times) || !Array.isArray(c.matrix)) return undefined;
  return { times: c.times.map(num), matrix: c.matrix.map((row: unknown[]) => row.map(num)) };
}

export function readRunForReport(dir: string): RunData {
  const at = (f: string) => path.join(dir, f);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new RunReportError(`run directory not found: ${dir}`);
  if (!fs.existsSync(at('config.json'))) throw new RunReportError(`${dir} is not a run directory (no config.json); give the --out folder of \`drift run\``);
  if (!fs.existsSync(at('evaluations.jsonl'))) throw new RunReportError(`${dir} is not a run directory (no evaluations.jsonl)`);
  let stored: any;
  try {
    stored = JSON.parse(fs.readFileSync(at('config.json'), 'utf8'));
  } catch (e) {
    throw new RunReportError(`${at('config.json')}: not valid JSON (${(e as Error).message})`);
  }
  if (!stored || typeof stored.config !== 'object') throw new RunReportError(`${at('config.json')}: no "config" object; not written by \`drift run\``);
  const readJson = (f: string) => (fs.existsSync(at(f)) ? JSON.parse(fs.readFileSync(at(f), 'utf8')) : null);
  const derived = readJson('derived.json');
  if (derived) {
    for (const k of ['rateMapCorrelation', 'pvCorrelation']) if (derived[k]) derived[k] = matrixOf(derived[k]);
  }
  const evaluations: RunEvaluation[] = jsonLines(at('evaluations.jsonl')).map((e) => ({
    step: e.step,
    scalars: Object.fromEntries(Object.entries(e.scalars ?? {}).map(([k, v]) => [k, num(v)])),
  }));
  return {
    dir,
    runId: String(stored.runId ?? path.basename(dir)),
    config: stored.config,
    status: readJson('status.json'),
    evaluations,
    snapshots: jsonLines(at('snapshots.jsonl')),
    derived,
    readArray(entry) {
      const b = fs.readFileSync(at(entry.file));
      const a = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      const n = entry.shape.reduce((p, s) => p * s, 1);
      if (a.length !== n) throw new RunReportError(`${entry.file}: ${a.length} values, shape [${entry.shape}] needs ${n}`);
      return a;
    },
  };
}

/** Options of the first metric whose id or alias matches (the resolved config stores canonical ids). */
export function metricOptions(run: RunData, id: string): Record<string, any> | undefined {
  const m = (run.config.metrics ?? []).find((x: any) => x?.id === id || x?.id === `@driftlab/metrics/${id}`);
  return m ? (m.options ?? {}) : undefined;
}
