// NWB (HDF5) importer for the DANDI world: one file per session. Activity from a RoiResponseSeries under
// /processing/ophys (event-like values: inferred events / deconvolved activity, 0 when silent) or from the
// /units table (spike_times + spike_times_index); position from the first SpatialSeries under
// /processing/behavior (column 0 = linearised position). Sessions are grouped by /general/subject/subject_id
// and ordered by /session_start_time. Cells are not registered across files.
import * as fs from 'fs';
import * as path from 'path';
import { fail } from '../io/errors';
import { readBytes } from '../io/files';
import { H5_DATASET, H5_GROUP, loadH5wasm, takeH5Errors, type H5Dataset, type H5File, type H5Group, type H5Module } from '../io/h5wasm-loader';
import type { DatasetHandle, RecordedExperiment, RecordedSession, SessionEvents } from '../types';
import { GENERIC_DEFAULTS } from './generic-csv';

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** A gap longer than this many frame periods starts a new segment (no smoothing across it). */
const GAP_FRAMES = 5;

export function nwbFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) return dir.endsWith('.nwb') ? [dir] : [];
  const out: string[] = [];
  for (const n of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, n);
    if (n.endsWith('.nwb') && fs.statSync(p).isFile()) out.push(p);
    else if (fs.statSync(p).isDirectory()) for (const m of fs.readdirSync(p).sort()) if (m.endsWith('.nwb')) out.push(path.join(p, m));
  }
  return out;
}

export function looksLikeNwb(dir: string): boolean {
  return nwbFiles(dir).length > 0;
}

interface NwbMeta {
  file: string;
  subject: string;
  start: string;
  startMs: number;
}

export async function openNwb(dir: string): Promise<DatasetHandle> {
  const files = nwbFiles(dir);
  if (files.length === 0) fail({ file: dir }, 'no .nwb files found');
  const h5 = await loadH5wasm();
  const metas = files.map((file) => withH5File(h5, file, (f) => readMeta(f, file)));
  const bySubject = new Map<string, NwbMeta[]>();
  for (const m of metas) (bySubject.get(m.subject) ?? bySubject.set(m.subject, []).get(m.subject)!).push(m);
  return {
    format: 'nwb',
    dir,
    experiments: [...bySubject].map(([subject, ms]) => {
      ms.sort((a, b) => a.startMs - b.startMs || a.file.localeCompare(b.file));
      return { key: subject, animal: subject, load: async () => loadSubject(h5, subject, ms) };
    }),
  };
}

function loadSubject(h5: H5Module, subject: string, metas: NwbMeta[]): RecordedExperiment {
  const t0 = metas[0].startMs;
  const sessions = metas.map((m, k) => {
    const day = Number.isFinite(t0) && Number.isFinite(m.startMs) ? Math.floor((m.startMs - t0) / 86400000) + 1 : k + 1;
    return withH5File(h5, m.file, (f) => readSession(f, m.file, k + 1, day));
  });
  const units = sessions[0].labels.positionUnit;
  return {
    key: subject,
    animal: subject,
    labels: { subject },
    binning: { ...GENERIC_DEFAULTS.binning },
    // 1 cm/s in the SpatialSeries' unit.
    speedThreshold: units === 'm' || units === 'meters' || units === 'meter' ? 0.01 : units === 'mm' ? 10 : 1,
    sessions,
  };
}

let fileCounter = 0;

/** Copy the file into h5wasm's memory file system, run fn, always close and delete it. */
function withH5File<T>(h5: H5Module, file: string, fn: (f: H5File) => T): T {
  const bytes = readBytes(file);
  if (!hasSignature(bytes)) fail({ file }, 'not an HDF5 file (signature missing)');
  const memPath = `/nwb-${++fileCounter}.h5`;
  h5.FS.writeFile(memPath, bytes);
  takeH5Errors();
  let f: H5File | undefined;
  try {
    f = new h5.File(memPath, 'r');
    check(file, '/');
    return fn(f);
  } catch (e) {
    if (e instanceof Error && e.name === 'DataFormatError') throw e;
    return fail({ file }, `unreadable HDF5: ${(e as Error)?.message ?? String(e)}${h5Detail()}`);
  } finally {
    try {
      f?.close();
    } catch {
      /* a corrupt file may fail to close; the memory copy is removed below */
    }
    takeH5Errors();
    h5.FS.unlink(memPath);
  }
}

function hasSignature(b: Uint8Array): boolean {
  for (const off of [0, 512, 1024, 2048]) {
    if (b.length < off + 8) return false;
    if (HDF5_SIGNATURE.every((v, i) => b[off + i] === v)) return true;
  }
  return false;
}

/** The first informative line of HDF5's error stack, e.g. "unable to open file". */
function firstH5Reason(errs: string[]): string | undefined {
  const m = /(unable to [^\n]*|can't [^\n]*|incorrect [^\n]*|[^\n]*failed)/i.exec(errs.join('\n'));
  return m ? m[1].trim() : undefined;
}

function h5Detail(): string {
  const r = firstH5Reason(takeH5Errors());
  return r ? ` (HDF5: ${r})` : '';
}

/** HDF5 reports many problems on stderr only; any diagnostic after a call means the file is damaged. */
function check(file: string, field: string): void {
  const errs = takeH5Errors();
  if (errs.length > 0) fail({ file, field }, `HDF5 error: ${firstH5Reason(errs) ?? errs[0].slice(0, 200)}`);
}

function entity(f: H5Group, file: string, p: string): H5Dataset | H5Group | null {
  let e;
  try {
    e = f.get(p);
  } catch (err) {
    fail({ file, field: p }, `cannot read: ${(err as Error).message}${h5Detail()}`);
  }
  check(file, p);
  return e as H5Dataset | H5Group | null;
}

function dataset(f: H5Group, file: string, p: string): H5Dataset {
  const e = entity(f, file, p);
  if (!e || e.type !== H5_DATASET) fail({ file, field: p }, e ? 'expected a dataset' : 'missing dataset');
  return e as H5Dataset;
}

function group(f: H5Group, file: string, p: string): H5Group | null {
  const e = entity(f, file, p);
  if (e && e.type !== H5_GROUP) fail({ file, field: p }, 'expected a group');
  return e as H5Group | null;
}

function valueOf(d: H5Dataset, file: string): unknown {
  let v;
  try {
    v = d.value;
  } catch (err) {
    fail({ file, field: d.path }, `cannot read values: ${(err as Error).message}${h5Detail()}`);
  }
  check(file, d.path);
  if (v === null || v === undefined) fail({ file, field: d.path }, 'dataset has no readable values');
  return v;
}

function numbers(d: H5Dataset, file: string): Float64Array {
  const v = valueOf(d, file);
  let out: Float64Array;
  if (typeof v === 'number') out = Float64Array.of(v);
  else if (typeof v === 'bigint') out = Float64Array.of(Number(v));
  else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) out = Float64Array.from(v as unknown as ArrayLike<number>, Number);
  else fail({ file, field: d.path }, 'expected numeric values');
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) fail({ file, field: `${d.path}[${i}]` }, `value is not finite (${out[i]})`);
  return out;
}

function text(d: H5Dataset, file: string): string {
  const v = valueOf(d, file);
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== 'string') fail({ file, field: d.path }, 'expected a string');
  return s;
}

function attr(e: { attrs: Record<string, { value: unknown }> }): (name: string) => unknown {
  return (name) => {
    try {
      const a = e.attrs[name];
      return a ? a.value : undefined;
    } catch {
      return undefined;
    }
  };
}

function readMeta(f: H5File, file: string): NwbMeta {
  const start = text(dataset(f, file, 'session_start_time'), file);
  const subj = entity(f, file, 'general/subject/subject_id');
  const subject = subj && subj.type === H5_DATASET ? text(subj as H5Dataset, file) : path.basename(file, '.nwb');
  return { file, subject, start, startMs: Date.parse(start) };
}

/** Group with neurodata_type in types, searched breadth-first under root (depth ≤ 3). */
function findSeries(f: H5Group, file: string, root: string, types: string[]): string | undefined {
  let level = [root];
  for (let depth = 0; depth < 4 && level.length; depth++) {
    const next: string[] = [];
    for (const p of level) {
      const g = group(f, file, p);
      if (!g) continue;
      if (depth > 0 && types.includes(String(attr(g)('neurodata_type')))) return p;
      for (const k of g.keys().sort()) {
        const child = `${p}/${k}`;
        const e = entity(f, file, child);
        if (e && e.type === H5_GROUP) next.push(child);
      }
    }
    level = next;
  }
  return undefined;
}

/** Sample times of a TimeSeries: timestamps, or starting_time + k / rate. */
function seriesTimes(f: H5Group, file: string, series: string, n: number): Float64Array {
  const ts = entity(f, file, `${series}/timestamps`);
  let t: Float64Array;
  if (ts && ts.type === H5_DATASET) t = numbers(ts as H5Dataset, file);
  else {
    const st = dataset(f, file, `${series}/starting_time`);
    const rate = Number(attr(st)('rate'));
    if (!(rate > 0)) fail({ file, field: `${series}/starting_time` }, 'needs a positive "rate" attribute (or a timestamps dataset)');
    const t0 = numbers(st, file)[0];
    t = new Float64Array(n);
    for (let k = 0; k < n; k++) t[k] = t0 + k / rate;
  }
  if (t.length !== n) fail({ file, field: `${series}/timestamps` }, `has ${t.length} times for ${n} samples`);
  for (let k = 1; k < n; k++) if (!(t[k] > t[k - 1])) fail({ file, field: `${series}/timestamps[${k}]` }, 'times must increase strictly');
  return t;
}

function medianStep(t: Float64Array): number {
  const d = Array.from({ length: t.length - 1 }, (_, k) => t[k + 1] - t[k]).sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
}

function readSession(f: H5File, file: string, session: number, day: number): RecordedSession {
  const posSeries = findSeries(f, file, 'processing/behavior', ['SpatialSeries']);
  if (!posSeries) fail({ file, field: 'processing/behavior' }, 'no SpatialSeries (position) found');
  const posData = dataset(f, file, `${posSeries}/data`);
  const shape = posData.shape ?? [];
  const posAll = numbers(posData, file);
  const nPos = shape[0] ?? posAll.length;
  const width = nPos > 0 ? posAll.length / nPos : 1;
  if (nPos < 2 || !Number.isInteger(width)) fail({ file, field: `${posSeries}/data` }, `needs ≥ 2 samples, shape ${JSON.stringify(shape)}`);
  const pos = new Float64Array(nPos);
  for (let k = 0; k < nPos; k++) pos[k] = posAll[k * width];
  const tp = seriesTimes(f, file, posSeries, nPos);
  const positionUnit = String(attr(posData)('unit') ?? '');

  const roi = findSeries(f, file, 'processing/ophys', ['RoiResponseSeries']);
  const base = roi ? fromRoiSeries(f, file, roi, tp, pos) : fromUnits(f, file, tp, pos);
  return { ...base, session, day, labels: { file: path.basename(file), positionUnit } };
}

type SessionBody = Pick<RecordedSession, 'fps' | 'nFrames' | 'nCells' | 'events' | 'samples'>;

function fromRoiSeries(f: H5File, file: string, roi: string, tp: Float64Array, pos: Float64Array): SessionBody {
  const d = dataset(f, file, `${roi}/data`);
  const shape = d.shape ?? [];
  const values = numbers(d, file);
  const T = shape[0] ?? values.length;
  const N = shape.length > 1 ? shape[1] : 1;
  if (T < 2 || values.length !== T * N) fail({ file, field: `${roi}/data` }, `expected frames × ROIs data, shape ${JSON.stringify(shape)}`);
  const tf = seriesTimes(f, file, roi, T);
  const fps = 1 / medianStep(tf);
  const events = collectEvents(values, T, N);
  // Frames inside the position record get a position by linear interpolation.
  const keep: number[] = [];
  for (let k = 0; k < T; k++) if (tf[k] >= tp[0] && tf[k] <= tp[tp.length - 1]) keep.push(k);
  const frame = Int32Array.from(keep);
  const position = new Float64Array(keep.length);
  let j = 0;
  keep.forEach((k, i) => {
    while (j + 1 < tp.length - 1 && tp[j + 1] <= tf[k]) j++;
    const a = (tf[k] - tp[j]) / (tp[j + 1] - tp[j]);
    position[i] = pos[j] + Math.min(1, Math.max(0, a)) * (pos[j + 1] - pos[j]);
  });
  return { fps, nFrames: T, nCells: N, events, samples: { frame, position, segment: segmentsOf(Float64Array.from(keep, (k) => tf[k]), fps) } };
}

function fromUnits(f: H5File, file: string, tp: Float64Array, pos: Float64Array): SessionBody {
  const units = group(f, file, 'units');
  if (!units) fail({ file, field: 'processing/ophys' }, 'neither a RoiResponseSeries under processing/ophys nor a units table found');
  const st = numbers(dataset(f, file, 'units/spike_times'), file);
  const idx = numbers(dataset(f, file, 'units/spike_times_index'), file);
  let prev = 0;
  for (let u = 0; u < idx.length; u++) {
    if (!Number.isInteger(idx[u]) || idx[u] < prev || idx[u] > st.length) fail({ file, field: `units/spike_times_index[${u}]` }, `index ${idx[u]} must be an integer in [${prev}, ${st.length}]`);
    prev = idx[u];
  }
  if (idx.length > 0 && idx[idx.length - 1] !== st.length) fail({ file, field: 'units/spike_times_index' }, `last index ${idx[idx.length - 1]} does not cover the ${st.length} spike times`);
  const fps = 1 / medianStep(tp);
  const T = tp.length;
  const N = idx.length;
  const counts = new Map<number, number>();
  for (let u = 0, s0 = 0; u < N; s0 = idx[u++]) {
    for (let s = s0; s < idx[u]; s++) {
      const t = st[s];
      if (t < tp[0] || t >= tp[T - 1] + 1 / fps) continue;
      let lo = 0;
      let hi = T; // last sample with tp ≤ t
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (tp[mid] <= t) lo = mid;
        else hi = mid;
      }
      const key = lo * N + u;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const events: SessionEvents = { frame: new Int32Array(keys.length), cell: new Int32Array(keys.length), value: new Float64Array(keys.length) };
  keys.forEach((k, i) => {
    events.frame[i] = Math.floor(k / N);
    events.cell[i] = k % N;
    events.value[i] = counts.get(k)!;
  });
  const frame = Int32Array.from({ length: T }, (_, k) => k);
  return { fps, nFrames: T, nCells: N, events, samples: { frame, position: pos, segment: segmentsOf(tp, fps) } };
}

/** Nonzero (> 0) entries of a frames × cells matrix. */
function collectEvents(values: Float64Array, T: number, N: number): SessionEvents {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 0) n++;
  const ev: SessionEvents = { frame: new Int32Array(n), cell: new Int32Array(n), value: new Float64Array(n) };
  for (let t = 0, e = 0; t < T; t++) {
    for (let c = 0; c < N; c++) {
      const v = values[t * N + c];
      if (v > 0) {
        ev.frame[e] = t;
        ev.cell[e] = c;
        ev.value[e++] = v;
      }
    }
  }
  return ev;
}

function segmentsOf(times: Float64Array, fps: number): Int32Array {
  const seg = new Int32Array(times.length);
  let s = 1;
  for (let k = 0; k < times.length; k++) {
    if (k > 0 && times[k] - times[k - 1] > GAP_FRAMES / fps) s++;
    seg[k] = s;
  }
  return seg;
}
