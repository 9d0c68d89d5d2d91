// Writes a run to a directory as it goes, so a crash or Ctrl-C leaves every record so far readable.
// Layout (docs/run-format.md):
//   config.json          resolved config, runId, versions (written first)
//   status.json          {status, stepReached, updatedAt} (replaced atomically)
//   evaluations.jsonl    one JSON line per evaluation: {"step", "scalars"}
//   snapshots.jsonl      one JSON line per snapshot: {"step", "arrays": {name: {file, shape}}, "params": {file, length}}
//   snapshots/<step>/<name>.f64   little-endian float64 (numpy.fromfile(path, '<f8'))
//   checkpoint.json + checkpoint.f64   latest checkpoint (replaced atomically)
//   derived.json, summary.json   at the end
import * as fs from 'fs';
import * as path from 'path';
import type { Evaluation, RunInfo, RunResult, RunSink } from '@driftlab/core';

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function f64Bytes(a: ArrayLike<number>): Uint8Array {
  const f = a instanceof Float64Array ? a : Float64Array.from(a);
  return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
}

/** JSON.stringify that writes non-finite numbers as null (JSON has no NaN) and typed arrays as arrays. */
export function toJson(v: unknown, space?: number): string {
  return JSON.stringify(
    v,
    (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x),
    space,
  );
}

export class RunDirectorySink implements RunSink {
  constructor(
    readonly dir: string,
    private readonly configRecord: unknown,
  ) {}

  open(info: RunInfo): void {
    fs.mkdirSync(path.join(this.dir, 'snapshots'), { recursive: true });
    writeFileAtomic(path.join(this.dir, 'config.json'), toJson(this.configRecord, 2) + '\n');
    fs.writeFileSync(path.join(this.dir, 'evaluations.jsonl'), '');
    fs.writeFileSync(path.join(this.dir, 'snapshots.jsonl'), '');
    this.status('running', 0, info.steps);
  }

  evaluation(ev: Evaluation): void {
    fs.appendFileSync(path.join(this.dir, 'evaluations.jsonl'), toJson({ step: ev.step, scalars: ev.scalars }) + '\n');
    if (!ev.snapshot) return;
    const sub = path.join(this.dir, 'snapshots', String(ev.step));
    fs.mkdirSync(sub, { recursive: true });
    const arrays: Record<string, { file: string; shape: number[] }> = {};
    for (const [name, a] of Object.entries(ev.arrays ?? {})) {
      const file = `snapshots/${ev.step}/${name}.f64`;
      fs.writeFileSync(path.join(this.dir, file), f64Bytes(a.data));
      arrays[name] = { file, shape: a.shape };
    }
    const line: Record<string, unknown> = { step: ev.step, arrays };
    if (ev.params) {
      const file = `snapshots/${ev.step}/params.f64`;
      fs.writeFileSync(path.join(this.dir, file), f64Bytes(ev.params));
      line.params = { file, length: ev.params.length };
    }
    // The index line comes last: a reader never sees a snapshot whose files are missing.
    fs.appendFileSync(path.join(this.dir, 'snapshots.jsonl'), toJson(line) + '\n');
    this.status('running', ev.step);
  }

  checkpoint(step: number, state: unknown): void {
    const s = state as { params: ArrayLike<number>; states: unknown; stepper?: unknown };
    writeFileAtomic(path.join(this.dir, 'checkpoint.f64'), f64Bytes(s.params));
    writeFileAtomic(path.join(this.dir, 'checkpoint.json'), toJson({ step, states: s.states, stepper: s.stepper ?? null }) + '\n');
  }

  close(result: RunResult, summary: unknown): void {
    writeFileAtomic(path.join(this.dir, 'derived.json'), toJson(result.derived, 2) + '\n');
    writeFileAtomic(path.join(this.dir, 'summary.json'), toJson(summary, 2) + '\n');
    this.status(result.status, result.stepReached, result.steps, result.error ?? result.divergedReason);
  }

  private status(status: string, stepReached: number, steps?: number, reason?: string): void {
    const rec: Record<string, unknown> = { status, stepReached, updatedAt: new Date().toISOString() };
    if (steps !== undefined) rec.steps = steps;
    if (reason) rec.reason = reason;
    writeFileAtomic(path.join(this.dir, 'status.json'), toJson(rec) + '\n');
  }
}

/** Reads a run directory back (the format above). */
export function readRunDirectory(dir: string) {
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  const lines = (f: string) => read(f).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const f64 = (f: string) => {
    const b = fs.readFileSync(path.join(dir, f));
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  return {
    config: JSON.parse(read('config.json')),
    status: JSON.parse(read('status.json')),
    evaluations: lines('evaluations.jsonl') as { step: number; scalars: Record<string, number | null> }[],
    snapshots: lines('snapshots.jsonl') as { step: number; arrays: Record<string, { file: string; shape: number[] }>; params?: { file: string; length: number } }[],
    summary: fs.existsSync(path.join(dir, 'summary.json')) ? JSON.parse(read('summary.json')) : null,
    readArray: f64,
  };
}
