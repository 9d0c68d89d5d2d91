import * as fs from 'fs';
import * as path from 'path';
import { RandomStream } from '@driftlab/core';
import { makeExperiment, tmpDir, writeGenericCsv } from '../__fixtures__/synthetic';
import { DAMAGES, fuzzOnce } from '../__fixtures__/fuzz';
import { openGenericCsv } from './generic-csv';

const exps = [makeExperiment({ mouse: 'G1', env: 'A', seed: 8 }), makeExperiment({ mouse: 'G1', env: 'B', seed: 9 }), makeExperiment({ mouse: 'G2', env: 'A', seed: 10 })];
const dirs: string[] = [];
const fresh = (prefix: string) => {
  const d = tmpDir(prefix);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('openGenericCsv', () => {
  it('groups sessions by animal and context and reads events, behaviour and registration', async () => {
    const root = fresh('csv');
    writeGenericCsv(root, exps);
    const h = openGenericCsv(root);
    expect(h.experiments.map((e) => e.key)).toEqual(['G1_A', 'G1_B', 'G2_A']);
    const e = await h.experiments[1].load();
    const t = exps[1];
    expect(e.animal).toBe('G1');
    expect(e.context).toBe('B');
    expect(e.nRegistered).toBe(t.nRegistered);
    expect(e.binning).toEqual({ kind: 'track', nBins: 24, keepFrom: 3, keepTo: 22 });
    e.sessions.forEach((s, k) => {
      const ts = t.sessions[k];
      expect(s.day).toBe(ts.day);
      expect(Array.from(s.events.frame)).toEqual(ts.events.map((v) => v.frame));
      expect(Array.from(s.events.value)).toEqual(ts.events.map((v) => v.amp));
      expect(Array.from(s.samples.velocity!)).toEqual(ts.behavior.map((b) => b.vel));
      for (let g = 0; g < t.nRegistered; g++) if (t.registration[g][k] >= 0) expect(s.unitIds![t.registration[g][k]]).toBe(g);
    });
  });

  it('bins spike times at fps, works without registration, and applies dataset.json settings', async () => {
    const root = fresh('csv-spikes');
    writeGenericCsv(root, [exps[2]], { spikeTimes: true, registration: false, settings: { binning: { nBins: 10, keepFrom: 2, keepTo: 9 }, speedThreshold: 2, positionRange: [0, 1] } });
    const e = await openGenericCsv(root).experiments[0].load();
    expect(e.nRegistered).toBeUndefined();
    expect(e.sessions[0].unitIds).toBeUndefined();
    expect(e.binning).toEqual({ kind: 'track', nBins: 10, keepFrom: 2, keepTo: 9 });
    expect(e.speedThreshold).toBe(2);
    expect(e.sessions[0].samples.segmentRanges!.get(1)).toEqual([0, 1]);
    const t = exps[2].sessions[0];
    expect(Array.from(e.sessions[0].events.frame)).toEqual(t.events.map((v) => v.frame)); // (frame + 0.5)/fps → frame
    expect(Array.from(e.sessions[0].events.value).every((v) => v === 1)).toBe(true);
  });

  it('sums several spikes of a cell within one frame', async () => {
    const root = fresh('csv-sum');
    fs.writeFileSync(path.join(root, 'sessions.csv'), 'animal,session,day,fps,n_cells,events_file,behavior_file\nA,1,1,10,2,e.csv,b.csv\n');
    fs.writeFileSync(path.join(root, 'e.csv'), 'time,cell\n0.01,1\n0.05,1\n0.25,0\n');
    fs.writeFileSync(path.join(root, 'b.csv'), 'frame,position\n0,0\n1,1\n2,2\n3,3\n');
    const s = (await openGenericCsv(root).experiments[0].load()).sessions[0];
    expect(Array.from(s.events.frame)).toEqual([0, 2]);
    expect(Array.from(s.events.cell)).toEqual([1, 0]);
    expect(Array.from(s.events.value)).toEqual([2, 1]);
    expect(s.samples.velocity).toBeUndefined(); // derived from position later
  });

  it('names file, line and field for malformed input', async () => {
    const root = fresh('csv-bad');
    writeGenericCsv(root, [exps[0]]);
    const sessions = path.join(root, 'sessions.csv');
    const text = fs.readFileSync(sessions, 'utf8');
    fs.writeFileSync(sessions, text.replace(',A,2,', ',A,two,'));
    expect(() => openGenericCsv(root)).toThrow(/sessions\.csv:3 \[session\]: expected a number, found "two"/);
    fs.writeFileSync(sessions, text.replace(',A,2,', ',A,1,'));
    expect(() => openGenericCsv(root)).toThrow(/sessions\.csv:3 \[session\]: session 1 of G1 is listed twice/);
    fs.writeFileSync(sessions, text.replace('n_cells', 'cells'));
    expect(() => openGenericCsv(root)).toThrow(/sessions\.csv:1 \[n_cells\]: missing column "n_cells"/);
    fs.writeFileSync(sessions, text);
    const beh = path.join(root, 'G1/A_s1_behavior.csv');
    fs.writeFileSync(beh, fs.readFileSync(beh, 'utf8').replace('frame,position', 'frames,position'));
    await expect(openGenericCsv(root).experiments[0].load()).rejects.toThrow(/A_s1_behavior\.csv:1: needs a "frame" or a "time" column/);
  });
});

describe('fuzzing the generic CSV importer', () => {
  it('random damage gives a DataFormatError or a consistent import', async () => {
    const root = fresh('csv-fuzz');
    writeGenericCsv(root, [exps[0]]);
    const files = ['sessions.csv', 'G1/A_s1_events.csv', 'G1/A_s2_behavior.csv', 'G1/registration_A.csv'].map((f) => path.join(root, f));
    const rng = RandomStream.derive(5, 'fuzz-csv');
    const load = async () => Promise.all(openGenericCsv(root).experiments.map((h) => h.load()));
    let errors = 0;
    for (let k = 0; k < 56; k++) {
      const kind = DAMAGES[k % DAMAGES.length];
      const r = await fuzzOnce(files[Math.floor(rng.uniform(77, k) * files.length)], kind, rng, k, load);
      if (kind === 'truncate') expect(r).toBe('error');
      if (r === 'error') errors++;
    }
    expect(errors).toBeGreaterThan(20);
  });
});
