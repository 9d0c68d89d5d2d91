import * as fs from 'fs';
import * as path from 'path';
import { RandomStream } from '@driftlab/core';
import { makeExperiment, tmpDir, writeZivMultipleMaps, type SynthExperiment } from '../__fixtures__/synthetic';
import { DAMAGES, fuzzOnce } from '../__fixtures__/fuzz';
import { DataFormatError } from '../io/errors';
import { openZivMultipleMaps } from './ziv-multiple-maps';

const exps = [makeExperiment({ mouse: 'M1', env: 'A', seed: 1 }), makeExperiment({ mouse: 'M2', env: 'B', seed: 2 })];
let root: string;
beforeAll(() => {
  root = tmpDir('ziv');
  writeZivMultipleMaps(root, exps);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const loadAll = async () => Promise.all(openZivMultipleMaps(root).experiments.map((h) => h.load()));

async function expectError(edit: () => void, pattern: RegExp): Promise<DataFormatError> {
  const snapshot = new Map<string, Buffer>();
  for (const d of fs.readdirSync(root)) {
    const p = path.join(root, d);
    if (fs.statSync(p).isDirectory()) for (const f of fs.readdirSync(p)) snapshot.set(path.join(p, f), fs.readFileSync(path.join(p, f)));
    else snapshot.set(p, fs.readFileSync(p));
  }
  try {
    edit();
    let err: unknown;
    await loadAll().catch((e) => (err = e));
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toMatch(pattern);
    return err as DataFormatError;
  } finally {
    for (const [p, b] of snapshot) fs.writeFileSync(p, b);
  }
}

function edit(rel: string, fn: (text: string) => string): void {
  const p = path.join(root, rel);
  fs.writeFileSync(p, fn(fs.readFileSync(p, 'utf8')));
}

describe('openZivMultipleMaps', () => {
  it('imports every pair with its events, behaviour, trials, maps and registration', async () => {
    const h = openZivMultipleMaps(root);
    expect(h.experiments.map((e) => [e.key, e.animal, e.context])).toEqual([
      ['M1_envA', 'M1', 'A'],
      ['M2_envB', 'M2', 'B'],
    ]);
    const [a] = await loadAll();
    const truth: SynthExperiment = exps[0];
    expect(a.nRegistered).toBe(truth.nRegistered);
    expect(a.binning).toEqual({ kind: 'track', nBins: 24, keepFrom: 3, keepTo: 22 });
    expect(a.sessions.map((s) => s.day)).toEqual([3, 4, 5]);
    a.sessions.forEach((s, k) => {
      const t = truth.sessions[k];
      expect(s.nCells).toBe(t.nCells);
      expect(s.fps).toBe(20);
      expect(Array.from(s.events.frame)).toEqual(t.events.map((v) => v.frame));
      expect(Array.from(s.events.cell)).toEqual(t.events.map((v) => v.cell));
      expect(Array.from(s.events.value)).toEqual(t.events.map((v) => v.amp));
      expect(Array.from(s.samples.frame)).toEqual(t.behavior.map((b) => b.frame));
      expect(Array.from(s.samples.position)).toEqual(t.behavior.map((b) => b.pos));
      expect(Array.from(s.samples.velocity!)).toEqual(t.behavior.map((b) => b.vel));
      expect(Array.from(s.samples.segment)).toEqual(t.behavior.map((b) => b.trial));
      expect(Array.from(s.samples.mapLabel!)).toEqual(t.behavior.map(() => 1));
      // ranges: [min(0, posMin), max(1, posMax)]
      expect(s.samples.segmentRanges!.get(1)).toEqual([0, 1]);
      // unitIds invert the registration column
      for (let g = 0; g < truth.nRegistered; g++) if (truth.registration[g][k] >= 0) expect(s.unitIds![truth.registration[g][k]]).toBe(g);
    });
  });

  it('opens a single pair folder too', async () => {
    const h = openZivMultipleMaps(path.join(root, 'M2_envB'));
    expect(h.experiments).toHaveLength(1);
    expect((await h.experiments[0].load()).sessions).toHaveLength(3);
  });
});

describe('malformed Ziv files give errors naming file, line and field', () => {
  it('missing column', async () => {
    const e = await expectError(() => edit('M1_envA/s2_events.csv', (t) => t.replace('frame,cell,amp', 'frame,cel,amp')), /s2_events\.csv:1 \[cell\]: missing column "cell"/);
    expect(e.line).toBe(1);
  });
  it('wrong type', async () => {
    const e = await expectError(() => edit('M1_envA/s1_behavior.csv', (t) => t.replace(/\n(\d+),1,([\d.]+),/, '\n$1,one,$2,')), /s1_behavior\.csv:2 \[trial\]: expected a number, found "one"/);
    expect(e.field).toBe('trial');
  });
  it('frame out of range', async () => {
    await expectError(() => edit('M1_envA/s1_events.csv', (t) => t.replace(/\n\d+,/, '\n99999,')), /s1_events\.csv:2 \[frame\]: value 99999 is above the maximum \d+/);
  });
  it('cell out of range', async () => {
    await expectError(() => edit('M2_envB/s3_events.csv', (t) => t.replace(/\n(\d+),\d+,/, '\n$1,500,')), /M2_envB.*s3_events\.csv:2 \[cell\]: value 500 is above the maximum/);
  });
  it('ragged row', async () => {
    await expectError(() => edit('M1_envA/s1_behavior.csv', (t) => t.replace(/\n([^\n]*)\n/, '\n$1,7\n')), /s1_behavior\.csv:2: ragged row: expected 4 fields, found 5/);
  });
  it('empty file', async () => {
    await expectError(() => edit('M1_envA/s3_events.csv', () => ''), /s3_events\.csv: file is empty/);
  });
  it('huge file (checked before reading)', async () => {
    await expectError(() => fs.truncateSync(path.join(root, 'M1_envA/s1_events.csv'), 1024 * 1024 * 1024 + 1), /s1_events\.csv: file is 1073741825 bytes, above the limit/);
  });
  it('truncated file (missing final newline / rows)', async () => {
    await expectError(() => edit('M1_envA/s2_behavior.csv', (t) => t.slice(0, t.length - 3)), /s2_behavior\.csv:\d+: file does not end with a newline/);
    await expectError(() => edit('M1_envA/s2_behavior.csv', (t) => t.split('\n').slice(0, 50).join('\n') + '\n'), /s2_behavior\.csv: has 49 rows, sessions.json says nTrackFrames = 1200 \(truncated\?\)/);
  });
  it('non-increasing frames and trials outside sessions.json', async () => {
    await expectError(() => edit('M1_envA/s1_behavior.csv', (t) => { const l = t.split('\n'); [l[3], l[4]] = [l[4], l[3]]; return l.join('\n'); }), /s1_behavior\.csv:5 \[frame\]: frame \d+ does not increase/);
    await expectError(() => edit('M1_envA/s1_behavior.csv', (t) => t.replace(/\n(\d+),1,/, '\n$1,7,')), /s1_behavior\.csv:2 \[trial\]: trial 7 is not an included trial/);
  });
  it('duplicate events and double registration', async () => {
    await expectError(() => edit('M1_envA/s1_events.csv', (t) => { const l = t.split('\n'); l.splice(2, 0, l[1]); return l.slice(0, -2).join('\n') + '\n'; }), /s1_events\.csv:3: duplicate entry for frame/);
    await expectError(() => edit('M1_envA/registration.csv', (t) => { const l = t.split('\n'); l[2] = l[1]; return l.join('\n'); }), /registration\.csv:3 \[s1\]: cell 0 is registered twice/);
  });
  it('bad sessions.json fields name the JSON path', async () => {
    await expectError(() => edit('M1_envA/sessions.json', (t) => t.replace('"nFrames": 1280', '"nFrames": "many"')), /sessions\.json \[sessions\[0\]\.nFrames\]: expected a number, found the string "many"/);
    await expectError(() => edit('M1_envA/sessions.json', (t) => t.slice(0, 40)), /sessions\.json:\d+: invalid JSON/);
  });
});

describe('fuzzing the Ziv importer', () => {
  it('random damage gives a DataFormatError or a complete, consistent import — never a crash; truncation always errors', async () => {
    const files = ['M1_envA/sessions.json', 'M1_envA/registration.csv', 'M1_envA/s1_events.csv', 'M1_envA/s2_behavior.csv', 'M2_envB/s3_events.csv', 'index.json'].map((f) => path.join(root, f));
    const rng = RandomStream.derive(11, 'fuzz-ziv');
    const counts = { error: 0, ok: 0 };
    for (let k = 0; k < 70; k++) {
      const kind = DAMAGES[k % DAMAGES.length];
      const file = files[Math.floor(rng.uniform(999, k) * files.length)];
      const r = await fuzzOnce(file, kind, rng, k, loadAll);
      if (kind === 'truncate') expect(r).toBe('error');
      counts[r]++;
    }
    expect(counts.error).toBeGreaterThan(40);
  });
});
