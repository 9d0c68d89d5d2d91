// The generic CSV layout for other labs (documented in packages/recordings/README.md, "Generic CSV layout"):
//   sessions.csv  animal,session,day,fps,n_cells,events_file,behavior_file[,context][,registration_file]
//   events        frame,cell[,value]   or   time,cell[,value]   (spikes: time in s, binned at fps)
//   behaviour     frame,position[,velocity][,trial][,direction] or time,…
//   registration  header s<session>…, one row per registered cell, value = cell index or −1
//   dataset.json  optional {"binning": {nBins, keepFrom, keepTo}, "speedThreshold", "positionRange": [lo, hi]}
import * as fs from 'fs';
import * as path from 'path';
import { readCsvTable, type CsvTable } from '../io/csv-table';
import { JsonAt, readJson } from '../io/json-fields';
import { fail } from '../io/errors';
import { checkRegistrationColumn, checkStrictlyIncreasing, invertRegistration } from '../io/checks';
import type { DatasetHandle, RecordedExperiment, RecordedSession, TrackBinning } from '../types';

export const GENERIC_DEFAULTS = { binning: { kind: 'track', nBins: 24, keepFrom: 3, keepTo: 22 } as TrackBinning, speedThreshold: 1 };

interface SessionRow {
  line: number;
  animal: string;
  context?: string;
  session: number;
  day: number;
  fps: number;
  nCells: number;
  events: string;
  behavior: string;
  registration?: string;
}

interface DatasetSettings {
  binning: TrackBinning;
  speedThreshold: number;
  positionRange?: [number, number];
}

export function looksLikeGenericCsv(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'sessions.csv'));
}

export function openGenericCsv(dir: string): DatasetHandle {
  const file = path.join(dir, 'sessions.csv');
  const t = readCsvTable(file, [
    { name: 'animal', type: 'string' },
    { name: 'context', type: 'string', optional: true },
    { name: 'session', type: 'int', min: 1 },
    { name: 'day', type: 'float' },
    { name: 'fps', type: 'float', min: 1e-6 },
    { name: 'n_cells', type: 'int', min: 0 },
    { name: 'events_file', type: 'string' },
    { name: 'behavior_file', type: 'string' },
    { name: 'registration_file', type: 'string', optional: true },
  ]);
  if (t.nRows === 0) fail({ file }, 'no sessions listed');
  const rows: SessionRow[] = [];
  for (let i = 0; i < t.nRows; i++) {
    const reg = t.has('registration_file') ? t.string.registration_file[i] : '';
    const ctx = t.has('context') ? t.string.context[i] : '';
    rows.push({
      line: t.lineOf(i),
      animal: t.string.animal[i],
      context: ctx || undefined,
      session: t.int.session[i],
      day: t.float.day[i],
      fps: t.float.fps[i],
      nCells: t.int.n_cells[i],
      events: t.string.events_file[i],
      behavior: t.string.behavior_file[i],
      registration: reg || undefined,
    });
  }
  const settings = readSettings(dir);
  const groups = new Map<string, SessionRow[]>();
  for (const r of rows) {
    const key = r.context ? `${r.animal}_${r.context}` : r.animal;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  for (const [, g] of groups) {
    g.sort((a, b) => a.session - b.session);
    for (let k = 1; k < g.length; k++) if (g[k].session === g[k - 1].session) fail({ file, line: g[k].line, field: 'session' }, `session ${g[k].session} of ${g[k].animal} is listed twice`);
    const regs = new Set(g.map((r) => r.registration ?? ''));
    if (regs.size > 1) fail({ file, line: g[0].line, field: 'registration_file' }, `sessions of ${g[0].animal}${g[0].context ? ` / ${g[0].context}` : ''} name different registration files`);
  }
  return {
    format: 'csv',
    dir,
    experiments: [...groups].map(([key, g]) => ({ key, animal: g[0].animal, context: g[0].context, load: async () => loadExperiment(dir, key, g, settings) })),
  };
}

function readSettings(dir: string): DatasetSettings {
  const file = path.join(dir, 'dataset.json');
  const s: DatasetSettings = { binning: { ...GENERIC_DEFAULTS.binning }, speedThreshold: GENERIC_DEFAULTS.speedThreshold };
  if (!fs.existsSync(file)) return s;
  const root = new JsonAt(file, readJson(file));
  if (root.has('binning')) {
    const b = root.get('binning');
    const nBins = b.get('nBins').int(1, 100000);
    const keepFrom = b.has('keepFrom') ? b.get('keepFrom').int(1, nBins) : 1;
    const keepTo = b.has('keepTo') ? b.get('keepTo').int(keepFrom, nBins) : nBins;
    s.binning = { kind: 'track', nBins, keepFrom, keepTo };
  }
  if (root.has('speedThreshold')) s.speedThreshold = root.get('speedThreshold').number({ min: 0 });
  if (root.has('positionRange')) {
    const r = root.get('positionRange').floatArray();
    if (r.length !== 2 || !(r[1] > r[0])) root.get('positionRange').error('expected [lo, hi] with hi > lo');
    s.positionRange = [r[0], r[1]];
  }
  return s;
}

function loadExperiment(dir: string, key: string, rows: SessionRow[], settings: DatasetSettings): RecordedExperiment {
  const sessions = rows.map((r) => loadSession(dir, r, settings));
  let nRegistered: number | undefined;
  const regName = rows[0].registration;
  if (regName) {
    const file = path.join(dir, regName);
    const cols = rows.map((r) => `s${r.session}`);
    const reg = readCsvTable(file, rows.map((r, k) => ({ name: cols[k], type: 'int' as const, min: -1, max: r.nCells - 1 })));
    cols.forEach((c, k) => {
      checkRegistrationColumn(reg, c, reg.int[c]);
      sessions[k].unitIds = invertRegistration(reg.int[c], rows[k].nCells);
    });
    nRegistered = reg.nRows;
  }
  return {
    key,
    animal: rows[0].animal,
    context: rows[0].context,
    labels: {},
    nRegistered,
    binning: settings.binning,
    speedThreshold: settings.speedThreshold,
    sessions,
  };
}

/** frame column, or time (s) converted to frames at fps. */
function framesOf(t: CsvTable, fps: number): Int32Array {
  if (t.has('frame')) return t.int.frame;
  if (!t.has('time')) fail({ file: t.file, line: 1 }, 'needs a "frame" or a "time" column');
  const time = t.float.time;
  const f = new Int32Array(time.length);
  for (let i = 0; i < time.length; i++) {
    if (time[i] < 0) fail({ file: t.file, line: t.lineOf(i), field: 'time' }, `negative time ${time[i]}`);
    f[i] = Math.floor(time[i] * fps + 1e-9);
  }
  return f;
}

function loadSession(dir: string, r: SessionRow, settings: DatasetSettings): RecordedSession {
  const bFile = path.join(dir, r.behavior);
  const b = readCsvTable(bFile, [
    { name: 'frame', type: 'int', min: 0, optional: true },
    { name: 'time', type: 'float', optional: true },
    { name: 'position', type: 'float' },
    { name: 'velocity', type: 'float', optional: true },
    { name: 'trial', type: 'int', min: 1, optional: true },
    { name: 'direction', type: 'int', min: -1, max: 1, optional: true },
  ]);
  if (b.nRows === 0) fail({ file: bFile }, 'no behaviour rows');
  const frame = framesOf(b, r.fps);
  checkStrictlyIncreasing(b, b.has('frame') ? 'frame' : 'time', frame);
  const nFrames = frame[frame.length - 1] + 1;

  const eFile = path.join(dir, r.events);
  const e = readCsvTable(eFile, [
    { name: 'frame', type: 'int', min: 0, optional: true },
    { name: 'time', type: 'float', optional: true },
    { name: 'cell', type: 'int', min: 0, max: r.nCells - 1 },
    { name: 'value', type: 'float', optional: true },
  ]);
  const ef = framesOf(e, r.fps);
  const value = e.has('value') ? e.float.value : new Float64Array(e.nRows).fill(1);
  // Spike times may put several spikes of a cell in one frame: sum them. Explicit frames must be unique.
  const acc = new Map<number, number>();
  const nC = Math.max(1, r.nCells);
  for (let i = 0; i < e.nRows; i++) {
    if (!(value[i] > 0)) fail({ file: eFile, line: e.lineOf(i), field: 'value' }, `value must be > 0, found ${value[i]}`);
    const k = ef[i] * nC + e.int.cell[i];
    if (acc.has(k) && e.has('frame')) fail({ file: eFile, line: e.lineOf(i) }, `duplicate entry for frame ${ef[i]}, cell ${e.int.cell[i]}`);
    acc.set(k, (acc.get(k) ?? 0) + value[i]);
  }
  const keys = [...acc.keys()].sort((a, c) => a - c);
  const events = { frame: new Int32Array(keys.length), cell: new Int32Array(keys.length), value: new Float64Array(keys.length) };
  let maxFrame = nFrames - 1;
  keys.forEach((k, i) => {
    events.frame[i] = Math.floor(k / nC);
    events.cell[i] = k % nC;
    events.value[i] = acc.get(k)!;
    if (events.frame[i] > maxFrame) maxFrame = events.frame[i];
  });
  const segment = b.has('trial') ? b.int.trial : new Int32Array(b.nRows).fill(1);
  const direction = b.has('direction') ? Int8Array.from(b.int.direction) : undefined;
  const segmentRanges = settings.positionRange ? new Map([...new Set(segment)].map((s) => [s, settings.positionRange!] as [number, [number, number]])) : undefined;
  return {
    session: r.session,
    day: r.day,
    fps: r.fps,
    nFrames: maxFrame + 1,
    nCells: r.nCells,
    events,
    samples: { frame, position: b.float.position, velocity: b.has('velocity') ? b.float.velocity : undefined, segment, direction, segmentRanges },
    labels: { events_file: r.events, behavior_file: r.behavior },
  };
}
