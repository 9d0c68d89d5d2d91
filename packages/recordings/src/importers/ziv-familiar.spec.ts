import * as fs from 'fs';
import * as path from 'path';
import { RandomStream } from '@driftlab/core';
import { makeExperiment, tmpDir, writeZivFamiliar } from '../__fixtures__/synthetic';
import { DAMAGES, fuzzOnce } from '../__fixtures__/fuzz';
import { openZivFamiliar } from './ziv-familiar';

const envs = [makeExperiment({ mouse: 'F1', seed: 21, nSessions: 4 }), makeExperiment({ mouse: 'F1', seed: 22, nSessions: 4 })];
let root: string;
beforeAll(() => {
  root = tmpDir('familiar');
  writeZivFamiliar(root, [{ region: 'CA1', mouse: 'F1', envs }]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('openZivFamiliar', () => {
  it('makes one experiment per environment with 40 given states and concatenated direction blocks', async () => {
    const h = openZivFamiliar(root);
    expect(h.experiments.map((e) => e.key)).toEqual(['CA1_F1_env1', 'CA1_F1_env2']);
    const e = await h.experiments[1].load();
    expect(e.binning).toEqual({ kind: 'states', nStates: 40 });
    expect(e.nRegistered).toBeUndefined();
    expect(e.sessions).toHaveLength(4);
    const s = e.sessions[2];
    const t = envs[1].sessions[2];
    const fwd = t.behavior.filter((b) => b.vel > 5);
    const back = t.behavior.filter((b) => b.vel < -5);
    expect(s.nFrames).toBe(fwd.length + back.length);
    expect(s.samples.allRunning).toBe(true);
    // state = (stimulus − 3) + 20 (direction − 1)
    const stim = (p: number) => Math.min(22, Math.max(3, Math.ceil(p * 24)));
    expect(Array.from(s.samples.state!)).toEqual([...fwd.map((b) => stim(b.pos) - 3), ...back.map((b) => stim(b.pos) - 3 + 20)]);
    // every event of a forward frame appears at its block index
    const rowOf = new Map(fwd.map((b, i) => [b.frame, i]));
    const expected = t.events.filter((v) => rowOf.has(v.frame)).map((v) => rowOf.get(v.frame));
    expect(Array.from(s.events.frame).filter((f) => f < fwd.length)).toEqual(expected);
  });

  it('names the JSON path of a bad value', async () => {
    const file = path.join(root, 'CA1_F1.json');
    const text = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, text.replace('"stimulus":[', '"stimulus":[30,'));
      await expect(openZivFamiliar(root).experiments[0].load()).rejects.toThrow(/CA1_F1\.json \[environments\[0\]\.sessions\[0\]\.directions\[0\]\.stimulus\[0\]\]: value 30 is outside \[3, 22\]/);
    } finally {
      fs.writeFileSync(file, text);
    }
  });

  it('fuzz: damage gives a DataFormatError or a consistent import', async () => {
    const file = path.join(root, 'CA1_F1.json');
    const rng = RandomStream.derive(9, 'fuzz-familiar');
    const load = async () => Promise.all(openZivFamiliar(root).experiments.map((h) => h.load()));
    for (let k = 0; k < 21; k++) {
      const kind = DAMAGES[k % DAMAGES.length];
      const r = await fuzzOnce(file, kind, rng, k, load);
      if (kind === 'truncate') expect(r).toBe('error');
    }
  });
});
