// Importer for the Ziv-lab multiple-maps layout (Sheintuch et al. 2020), as converted in
// shared/data/ziv-multiple-maps (see its PROVENANCE.md): one folder per mouse × environment with
// sessions.json, registration.csv and s<n>_events.csv / s<n>_behavior.csv per session.
import * as fs from 'fs';
import * as path from 'path';
import { readCsvTable } from '../io/csv-table';
import { JsonAt, readJson } from '../io/json-fields';
import { fail } from '../io/errors';
import { checkRegistrationColumn, checkStrictlyIncreasing, checkUniquePairs, invertRegistration } from '../io/checks';
import type { DatasetHandle, ExperimentHandle, RecordedExperiment, RecordedSession } from '../types';

/** The source analysis: 24 bins of 4 cm, bins 3..22 kept, speed ≥ 1 (cm/s on track A). */
export const ZIV_TRACK_BINNING = { kind: 'track', nBins: 24, keepFrom: 3, keepTo: 22 } as const;
export const ZIV_FPS = 20;

interface TrialMeta {
  trialIndex: number;
  behaviorIndex: number;
  firstFrame: number;
  nFrames: number;
  posMin: number;
  posMax: number;
}

interface SessionMeta {
  session: number;
  day: number;
  timeOfDay?: string;
  nFrames: number;
  nCells: number;
  nEvents: number;
  nTrackFrames: number;
  trials: TrialMeta[];
  /** map label per included trialIndex (0 = unassigned), or null. */
  mapOfTrial: Map<number, number> | null;
}

/** True when dir looks like this layout (a pair folder or a dataset folder of pair folders). */
export function looksLikeZivMultipleMaps(dir: string): boolean {
  if (fs.existsSync(path.join(dir, 'sessions.json')) && fs.existsSync(path.join(dir, 'registration.csv'))) return true;
  return pairDirs(dir).length > 0;
}

function pairDirs(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => fs.existsSync(path.join(dir, n, 'sessions.json')) && fs.existsSync(path.join(dir, n, 'registration.csv')))
    .sort();
}

/**
 * Open a dataset folder (with index.json or pair sub-folders) or a single pair folder.
 * Metadata of every pair is read and checked now; events and behaviour when an experiment is loaded.
 */
export function openZivMultipleMaps(dir: string): DatasetHandle {
  let dirs: string[];
  if (fs.existsSync(path.join(dir, 'sessions.json'))) dirs = [dir];
  else {
    const indexFile = path.join(dir, 'index.json');
    if (fs.existsSync(indexFile)) {
      const idx = new JsonAt(indexFile, readJson(indexFile));
      dirs = idx.array().map((e) => {
        const key = e.get('key').string();
        const d = path.join(dir, key);
        if (!fs.existsSync(path.join(d, 'sessions.json'))) e.get('key').error(`folder ${key}/ with sessions.json not found`);
        return d;
      });
    } else dirs = pairDirs(dir).map((n) => path.join(dir, n));
    if (dirs.length === 0) fail({ file: dir }, 'no experiment folders (with sessions.json and registration.csv) found');
  }
  const experiments: ExperimentHandle[] = dirs.map((d) => {
    const meta = readPairMeta(d);
    return { key: path.basename(d), animal: meta.mouse, context: meta.environment, load: async () => loadPair(d, meta) };
  });
  return { format: 'ziv', dir, experiments };
}

interface PairMeta {
  mouse: string;
  environment: string;
  environmentShape?: string;
  nRegisteredCells: number;
  sessions: SessionMeta[];
}

function readPairMeta(dir: string): PairMeta {
  const file = path.join(dir, 'sessions.json');
  const root = new JsonAt(file, readJson(file));
  const sessions = root.get('sessions').array().map(readSessionMeta);
  if (sessions.length === 0) root.get('sessions').error('no sessions');
  for (let k = 1; k < sessions.length; k++) {
    if (sessions[k].session <= sessions[k - 1].session) root.get('sessions').array()[k].get('session').error('sessions are not in increasing order');
  }
  return {
    mouse: root.get('mouse').string(),
    environment: root.get('environment').string(),
    environmentShape: root.has('environmentShape') ? root.get('environmentShape').string() : undefined,
    nRegisteredCells: root.get('nRegisteredCells').int(0),
    sessions,
  };
}

function readSessionMeta(s: JsonAt): SessionMeta {
  const nFrames = s.get('nFrames').int(1);
  const trials: TrialMeta[] = [];
  for (const t of s.get('trials').array()) {
    if (t.get('status').string() !== 'included') continue;
    const firstFrame = t.get('firstFrame').int(0, nFrames - 1);
    const n = t.get('nFrames').int(1, nFrames - firstFrame);
    const posMin = t.get('posMin').number();
    const posMax = t.get('posMax').number();
    if (posMax < posMin) t.get('posMax').error(`posMax ${posMax} is below posMin ${posMin}`);
    trials.push({ trialIndex: t.get('trialIndex').int(1), behaviorIndex: t.get('behaviorIndex').int(1), firstFrame, nFrames: n, posMin, posMax });
  }
  let mapOfTrial: Map<number, number> | null = null;
  if (s.has('mapPerTrial') && !s.get('mapPerTrial').isNull()) {
    // mapPerTrial lists behaviorIndex 2.. in order (5 values for 2..6).
    const maps = s.get('mapPerTrial').intArray(0, 1000);
    mapOfTrial = new Map();
    for (const t of trials) {
      const k = t.behaviorIndex - 2;
      mapOfTrial.set(t.trialIndex, k >= 0 && k < maps.length ? maps[k] : 0);
    }
  }
  return {
    session: s.get('session').int(1),
    day: s.get('day').int(),
    timeOfDay: s.has('timeOfDay') ? s.get('timeOfDay').string() : undefined,
    nFrames,
    nCells: s.get('nCells').int(0),
    nEvents: s.get('nEvents').int(0),
    nTrackFrames: s.get('nTrackFrames').int(0),
    trials,
    mapOfTrial,
  };
}

function loadPair(dir: string, meta: PairMeta): RecordedExperiment {
  const regFile = path.join(dir, 'registration.csv');
  const cols = meta.sessions.map((s) => `s${s.session}`);
  const reg = readCsvTable(
    regFile,
    meta.sessions.map((s, k) => ({ name: cols[k], type: 'int' as const, min: -1, max: s.nCells - 1 })),
  );
  if (reg.nRows !== meta.nRegisteredCells) fail({ file: regFile }, `has ${reg.nRows} rows, sessions.json says nRegisteredCells = ${meta.nRegisteredCells}`);
  for (const c of cols) checkRegistrationColumn(reg, c, reg.int[c]);

  const sessions = meta.sessions.map((s, k) => {
    const rec = loadSession(dir, s);
    rec.unitIds = invertRegistration(reg.int[cols[k]], s.nCells);
    return rec;
  });
  return {
    key: path.basename(dir),
    animal: meta.mouse,
    context: meta.environment,
    labels: { mouse: meta.mouse, environment: meta.environment, ...(meta.environmentShape ? { environmentShape: meta.environmentShape } : {}) },
    nRegistered: meta.nRegisteredCells,
    binning: { ...ZIV_TRACK_BINNING },
    speedThreshold: 1,
    sessions,
  };
}

function loadSession(dir: string, s: SessionMeta): RecordedSession {
  const evFile = path.join(dir, `s${s.session}_events.csv`);
  const ev = readCsvTable(evFile, [
    { name: 'frame', type: 'int', min: 0, max: s.nFrames - 1 },
    { name: 'cell', type: 'int', min: 0, max: s.nCells - 1 },
    { name: 'amp', type: 'float' },
  ]);
  if (ev.nRows !== s.nEvents) fail({ file: evFile }, `has ${ev.nRows} events, sessions.json says nEvents = ${s.nEvents} (truncated?)`);
  const amp = ev.float.amp;
  for (let i = 0; i < amp.length; i++) if (!(amp[i] > 0)) fail({ file: evFile, line: ev.lineOf(i), field: 'amp' }, `event amplitude must be > 0, found ${amp[i]}`);
  checkUniquePairs(ev, ev.int.frame, ev.int.cell, s.nCells);

  const bFile = path.join(dir, `s${s.session}_behavior.csv`);
  const trialByIndex = new Map(s.trials.map((t) => [t.trialIndex, t]));
  const b = readCsvTable(bFile, [
    { name: 'frame', type: 'int', min: 0, max: s.nFrames - 1 },
    { name: 'trial', type: 'int', min: 1 },
    { name: 'pos', type: 'float' },
    { name: 'vel', type: 'float' },
  ]);
  if (b.nRows !== s.nTrackFrames) fail({ file: bFile }, `has ${b.nRows} rows, sessions.json says nTrackFrames = ${s.nTrackFrames} (truncated?)`);
  checkStrictlyIncreasing(b, 'frame', b.int.frame);
  const trial = b.int.trial;
  const frame = b.int.frame;
  const mapLabel = s.mapOfTrial ? new Int32Array(b.nRows) : undefined;
  for (let i = 0; i < b.nRows; i++) {
    const t = trialByIndex.get(trial[i]);
    if (!t) fail({ file: bFile, line: b.lineOf(i), field: 'trial' }, `trial ${trial[i]} is not an included trial in sessions.json`);
    if (frame[i] < t.firstFrame || frame[i] >= t.firstFrame + t.nFrames) {
      fail({ file: bFile, line: b.lineOf(i), field: 'frame' }, `frame ${frame[i]} is outside trial ${t.trialIndex} (frames ${t.firstFrame}..${t.firstFrame + t.nFrames - 1})`);
    }
    if (mapLabel) mapLabel[i] = s.mapOfTrial!.get(trial[i]) ?? 0;
  }
  // The source analysis bins each trial over [min(0, posMin), max(1, posMax)].
  const segmentRanges = new Map<number, [number, number]>(s.trials.map((t) => [t.trialIndex, [Math.min(0, t.posMin), Math.max(1, t.posMax)]]));

  return {
    session: s.session,
    day: s.day,
    fps: ZIV_FPS,
    nFrames: s.nFrames,
    nCells: s.nCells,
    events: { frame: ev.int.frame, cell: ev.int.cell, value: amp },
    samples: { frame, position: b.float.pos, velocity: b.float.vel, segment: trial, mapLabel, segmentRanges },
    labels: s.timeOfDay ? { timeOfDay: s.timeOfDay } : {},
  };
}
