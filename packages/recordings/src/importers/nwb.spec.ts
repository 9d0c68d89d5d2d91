import * as fs from 'fs';
import * as path from 'path';
import { RandomStream } from '@driftlab/core';
import { makeExperiment, tmpDir } from '../__fixtures__/synthetic';
import { writeNwbSessions } from '../__fixtures__/nwb-fixture';
import { DAMAGES, fuzzOnce } from '../__fixtures__/fuzz';
import { DataFormatError } from '../io/errors';
import { openNwb } from './nwb';
import { loadH5wasm } from '../io/h5wasm-loader';

const truth = makeExperiment({ mouse: 'N1', seed: 5, nRegistered: 12, trialFrames: 200 });
let ophysDir: string;
let unitsDir: string;
let files: string[];
beforeAll(async () => {
  ophysDir = tmpDir('nwb-ophys');
  unitsDir = tmpDir('nwb-units');
  files = await writeNwbSessions(ophysDir, truth, 'ophys');
  await writeNwbSessions(unitsDir, truth, 'units');
});
afterAll(() => {
  fs.rmSync(ophysDir, { recursive: true, force: true });
  fs.rmSync(unitsDir, { recursive: true, force: true });
});

describe('openNwb (files written with h5wasm)', () => {
  it('reads ROI events + position: frames, cells, values, positions, subject and day order', async () => {
    const h = await openNwb(ophysDir);
    expect(h.experiments.map((e) => e.key)).toEqual(['N1']);
    const e = await h.experiments[0].load();
    expect(e.sessions.map((s) => s.day)).toEqual([1, 2, 3]); // session_start_time 1 day apart
    e.sessions.forEach((s, k) => {
      const t = truth.sessions[k];
      expect(s.nCells).toBe(t.nCells);
      expect(s.nFrames).toBe(t.nFrames);
      expect(s.fps).toBeCloseTo(20, 9);
      expect(Array.from(s.events.frame)).toEqual(t.events.map((v) => v.frame));
      expect(Array.from(s.events.cell)).toEqual(t.events.map((v) => v.cell));
      // stored as float32 in the fixture
      s.events.value.forEach((v, i) => expect(v).toBeCloseTo(t.events[i].amp, 6));
      expect(Array.from(s.samples.frame)).toEqual(t.behavior.map((b) => b.frame));
      s.samples.position.forEach((p, i) => expect(p).toBeCloseTo(t.behavior[i].pos, 12));
      expect(s.unitIds).toBeUndefined();
    });
    expect(e.nRegistered).toBeUndefined();
  });

  it('reads a units table: spikes binned onto position samples', async () => {
    const e = await (await openNwb(unitsDir)).experiments[0].load();
    const s = e.sessions[1];
    const t = truth.sessions[1];
    const first = t.behavior[0].frame;
    expect(s.nCells).toBe(t.nCells);
    expect(s.samples.frame.length).toBe(t.behavior.length);
    // spike at (frame + 0.5)/fps lands on sample frame − first (events outside the track are dropped)
    const inside = t.events.filter((v) => v.frame >= first && v.frame <= t.behavior[t.behavior.length - 1].frame);
    const expected = inside.map((v) => [v.frame - first, v.cell]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(Array.from(s.events.frame, (f, i) => [f, s.events.cell[i]])).toEqual(expected);
    expect(Array.from(s.events.value).every((v) => v === 1)).toBe(true);
  });

  it('rejects a file that is not HDF5, one without position and a truncated one, naming the file and field', async () => {
    const dir = tmpDir('nwb-bad');
    try {
      fs.writeFileSync(path.join(dir, 'x.nwb'), 'hello, not hdf5\n');
      await expect(openNwb(dir)).rejects.toThrow(/x\.nwb: not an HDF5 file/);
      fs.rmSync(path.join(dir, 'x.nwb'));

      const h5 = await loadH5wasm();
      const f = new h5.File('/no-position.nwb', 'w');
      f.create_dataset({ name: 'session_start_time', data: '2024-01-01T00:00:00' });
      const units = f.create_group('units');
      units.create_dataset({ name: 'spike_times', data: Float64Array.from([0.1, 0.2]) });
      units.create_dataset({ name: 'spike_times_index', data: Int32Array.from([2]) });
      f.close();
      fs.writeFileSync(path.join(dir, 'np.nwb'), h5.FS.readFile('/no-position.nwb'));
      h5.FS.unlink('/no-position.nwb');
      const h = await openNwb(dir);
      expect(h.experiments[0].key).toBe('np'); // no subject_id: the file name
      await expect(h.experiments[0].load()).rejects.toThrow(/np\.nwb \[processing\/behavior\]: no SpatialSeries \(position\) found/);

      const bytes = fs.readFileSync(files[0]);
      fs.writeFileSync(path.join(dir, 'np.nwb'), bytes.subarray(0, Math.floor(bytes.length / 2)));
      await expect(openNwb(dir).then((d) => d.experiments[0].load())).rejects.toBeInstanceOf(DataFormatError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fuzzing the NWB importer', () => {
  it('truncated or damaged HDF5 gives a DataFormatError or a consistent import, never a crash', async () => {
    const rng = RandomStream.derive(3, 'fuzz-nwb');
    const load = async () => Promise.all((await openNwb(ophysDir)).experiments.map((h) => h.load()));
    const kinds = DAMAGES.filter((d) => d === 'truncate' || d === 'byte' || d === 'garbage' || d === 'delete-byte');
    let errors = 0;
    for (let k = 0; k < 24; k++) {
      const r = await fuzzOnce(files[k % files.length], kinds[k % kinds.length], rng, k, load);
      if (kinds[k % kinds.length] === 'truncate') expect(r).toBe('error');
      if (r === 'error') errors++;
    }
    expect(errors).toBeGreaterThan(6);
    // the module still works afterwards
    expect((await load())[0].sessions).toHaveLength(3);
  });
});
