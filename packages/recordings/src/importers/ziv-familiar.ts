// Importer for the Ziv-lab familiar-environment layout (Sheintuch et al. 2022), as converted in
// shared/data/ziv-familiar-ca1-ca3: one JSON per mouse with 2 environments × 4 sessions, running frames only,
// split by direction, spatial bin (3..22) per frame, cells NOT registered across sessions.
import * as fs from 'fs';
import * as path from 'path';
import { JsonAt, readJson } from '../io/json-fields';
import { fail } from '../io/errors';
import type { DatasetHandle, ExperimentHandle, RecordedExperiment, RecordedSession } from '../types';

/** Stimulus bins kept by the source (3..22 of 24), two directions → 40 states. */
const FIRST_BIN = 3;
const LAST_BIN = 22;
const N_KEPT = LAST_BIN - FIRST_BIN + 1;

export function looksLikeZivFamiliar(dir: string): boolean {
  return mouseFiles(dir).length > 0;
}

function mouseFiles(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [];
  const idx = path.join(dir, 'index.json');
  if (fs.existsSync(idx)) {
    const v = readJson(idx);
    if (Array.isArray(v) && v.length > 0 && v.every((e) => e && typeof e === 'object' && 'file' in e && 'region' in e)) {
      return new JsonAt(idx, v).array().map((e) => {
        const f = path.join(dir, e.get('file').string());
        if (!fs.existsSync(f)) e.get('file').error(`file ${path.basename(f)} not found`);
        return f;
      });
    }
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((n) => /^(CA\d)_.+\.json$/.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Each mouse file holds 2 environments; every (mouse, environment) is one experiment. */
export function openZivFamiliar(dir: string): DatasetHandle {
  const files = mouseFiles(dir);
  if (files.length === 0) fail({ file: dir }, 'no <region>_<mouse>.json files (or index.json listing them) found');
  const experiments: ExperimentHandle[] = [];
  for (const file of files) {
    // Names come from the file name so that opening stays cheap; the content is checked on load.
    const base = path.basename(file, '.json');
    const [region, ...rest] = base.split('_');
    const mouse = rest.join('_');
    let cache: Promise<RecordedExperiment[]> | undefined;
    const loadAll = () => (cache ??= Promise.resolve().then(() => loadMouse(file, region, mouse)));
    for (const env of [1, 2]) {
      experiments.push({ key: `${base}_env${env}`, animal: `${region}_${mouse}`, context: String(env), load: async () => pick(await loadAll(), env, file) });
    }
  }
  return { format: 'ziv-familiar', dir, experiments };
}

function pick(exps: RecordedExperiment[], env: number, file: string): RecordedExperiment {
  const e = exps.find((x) => x.context === String(env));
  if (!e) fail({ file, field: 'environments' }, `environment ${env} not found`);
  return e;
}

function loadMouse(file: string, region: string, mouse: string): RecordedExperiment[] {
  const root = new JsonAt(file, readJson(file));
  const fileMouse = root.get('mouse').string();
  const fileRegion = root.get('region').string();
  if (fileMouse !== mouse || fileRegion !== region) root.get('mouse').error(`file name says ${region}_${mouse}, content says ${fileRegion}_${fileMouse}`);
  const fps = root.get('fps').number({ min: 1e-6 });
  const envs = root.get('environments').array();
  return envs.map((e) => {
    const envLabel = e.get('environment').int(1);
    const sessions = e.get('sessions').array().map((s) => readSession(s, fps));
    if (sessions.length === 0) e.get('sessions').error('no sessions');
    return {
      key: `${region}_${mouse}_env${envLabel}`,
      animal: `${region}_${mouse}`,
      context: String(envLabel),
      labels: { mouse, region },
      binning: { kind: 'states', nStates: 2 * N_KEPT },
      speedThreshold: 0,
      sessions,
    };
  });
}

function readSession(s: JsonAt, fps: number): RecordedSession {
  const nCells = s.get('nCells').int(0);
  const dirs = s.get('directions').array();
  if (dirs.length === 0) s.get('directions').error('no directions');
  // Session frames = direction blocks concatenated in order.
  const blocks = dirs.map((d) => {
    const direction = d.get('direction').int(1, 2);
    const nFrames = d.get('nFrames').int(0);
    const stim = d.get('stimulus').intArray(FIRST_BIN, LAST_BIN);
    if (stim.length !== nFrames) d.get('stimulus').error(`has ${stim.length} entries, nFrames is ${nFrames}`);
    const ev = d.get('events');
    const frame = ev.get('frame').intArray(0, Math.max(0, nFrames - 1));
    const cell = ev.get('cell').intArray(0, Math.max(0, nCells - 1));
    const value = ev.get('value').floatArray();
    if (cell.length !== frame.length || value.length !== frame.length) ev.error(`frame, cell and value differ in length (${frame.length}, ${cell.length}, ${value.length})`);
    for (let i = 0; i < value.length; i++) if (!(value[i] > 0)) ev.get('value').array()[i].error(`event value must be > 0, found ${value[i]}`);
    return { direction, nFrames, stim, frame, cell, value, at: d };
  });
  const total = blocks.reduce((n, b) => n + b.nFrames, 0);
  const nEvents = blocks.reduce((n, b) => n + b.frame.length, 0);
  const samples = { frame: new Int32Array(total), position: new Float64Array(total), segment: new Int32Array(total), direction: new Int8Array(total), state: new Int32Array(total), allRunning: true };
  const events = { frame: new Int32Array(nEvents), cell: new Int32Array(nEvents), value: new Float64Array(nEvents) };
  let base = 0;
  let e0 = 0;
  const seen = new Set<number>();
  blocks.forEach((b, k) => {
    for (let t = 0; t < b.nFrames; t++) {
      const i = base + t;
      samples.frame[i] = i;
      samples.position[i] = b.stim[t];
      samples.segment[i] = k + 1;
      samples.direction[i] = b.direction === 1 ? 1 : -1;
      samples.state[i] = b.stim[t] - FIRST_BIN + N_KEPT * (b.direction - 1);
    }
    for (let j = 0; j < b.frame.length; j++) {
      const key = (base + b.frame[j]) * Math.max(1, nCells) + b.cell[j];
      if (seen.has(key)) b.at.get('events').get('frame').array()[j].error(`duplicate event for frame ${b.frame[j]}, cell ${b.cell[j]}`);
      seen.add(key);
      events.frame[e0] = base + b.frame[j];
      events.cell[e0] = b.cell[j];
      events.value[e0++] = b.value[j];
    }
    base += b.nFrames;
  });
  return { session: s.get('session').int(1), day: s.get('session').int(1), fps, nFrames: total, nCells, events, samples, labels: {} };
}
