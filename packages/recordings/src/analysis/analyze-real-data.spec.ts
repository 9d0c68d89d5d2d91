// Real data (never copied into the repository): ../shared/data/ziv-multiple-maps next to the repo root.
// Expected values were computed once by src/__fixtures__/independent_check.py, a numpy implementation of the
// recipe in that folder's PROVENANCE.md that shares no code with this package:
//   python3 independent_check.py ../shared/data/ziv-multiple-maps C6_M4_envA C16_M4_envB
// (steps: 8-frame movmean of vel per trial, running |v| ≥ 1 (ties within 1e-9 included), bin =
// ceil((pos − lo)/(hi − lo)·24) with lo = min(0, posMin), hi = max(1, posMax), bins 3..22, 40 states by
// direction; active = ≥ 1 event in those frames; fraction over nRegisteredCells counting registered cells;
// naive Skaggs SI averaged over all active cells; PV = per-state Pearson across registered cells, averaged.)
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDataset } from './analyze-dataset';

const DATA = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'ziv-multiple-maps');
const SESSIONS: [string, number, number, number, number, number, number][] = [
  // key, session, nFrames, nRunningFrames, nActive (registered), fractionActive, meanSINaive
  ['C6_M4_envA', 1, 4526, 8649, 334, 0.41285537700865266, 3.4044023132808605],
  ['C6_M4_envA', 2, 3503, 7959, 361, 0.446229913473424, 3.325279108846901],
  ['C6_M4_envA', 3, 4364, 9339, 358, 0.44252163164400493, 3.241378171729465],
  ['C6_M4_envA', 4, 9168, 13186, 507, 0.6266996291718171, 2.484239361371516],
  ['C6_M4_envA', 5, 11342, 14613, 469, 0.5797280593325093, 2.327426643703444],
  ['C6_M4_envA', 6, 6086, 9848, 413, 0.5105067985166872, 2.8543527591977322],
  ['C6_M4_envA', 7, 6197, 10716, 366, 0.45241038318912236, 3.3750235400712354],
  ['C6_M4_envA', 8, 6451, 11119, 425, 0.5253399258343634, 3.1342690293226583],
  ['C16_M4_envB', 1, 4868, 8263, 442, 0.6088154269972452, 3.3402693050170824],
  ['C16_M4_envB', 2, 6093, 8972, 447, 0.6157024793388429, 3.1234462365701203],
  ['C16_M4_envB', 3, 5631, 8346, 445, 0.6129476584022039, 3.1645809501752002],
  ['C16_M4_envB', 4, 5610, 8804, 441, 0.6074380165289256, 3.3110774214956664],
  ['C16_M4_envB', 5, 5506, 8699, 248, 0.3415977961432507, 3.375707355337707],
  ['C16_M4_envB', 6, 5289, 8693, 292, 0.4022038567493113, 3.673364369989034],
  ['C16_M4_envB', 7, 4681, 7875, 261, 0.359504132231405, 3.531936430776128],
  ['C16_M4_envB', 8, 5246, 8796, 282, 0.3884297520661157, 3.512204878316018],
];
const PV_PAIRS: [string, number, number, number][] = [
  // key, session i, session j, PV correlation
  ['C6_M4_envA', 1, 2, 0.44477206776856415],
  ['C6_M4_envA', 1, 3, 0.4410207320316156],
  ['C6_M4_envA', 1, 4, 0.3635269102620039],
  ['C6_M4_envA', 1, 5, 0.2606915408639494],
  ['C6_M4_envA', 1, 6, 0.2561138970201501],
  ['C6_M4_envA', 1, 7, 0.24622449226922138],
  ['C6_M4_envA', 1, 8, 0.25699245193837],
  ['C16_M4_envB', 1, 2, 0.4374561877760721],
  ['C16_M4_envB', 1, 3, 0.378334893225268],
  ['C16_M4_envB', 1, 4, 0.3555099582293658],
  ['C16_M4_envB', 1, 5, 0.2708798929320264],
  ['C16_M4_envB', 1, 6, 0.2658939199167466],
  ['C16_M4_envB', 1, 7, 0.2860526955387425],
  ['C16_M4_envB', 1, 8, 0.24575143967153332],
  ['C6_M4_envA', 2, 3, 0.4515850583426399],
  ['C16_M4_envB', 2, 3, 0.46001818160345903],
];

if (!fs.existsSync(path.join(DATA, 'index.json'))) {
  test('real-data checks need ../shared/data/ziv-multiple-maps (absent here, so only this notice runs)', () => {
    console.warn(`skipping the real-data checks: ${DATA} not found`);
    expect(fs.existsSync(DATA)).toBe(false);
  });
} else {
  describe('analyzeDataset on ziv-multiple-maps (2 of 12 pairs) against the independent numpy computation', () => {
    let result: Awaited<ReturnType<typeof analyzeDataset>>;
    beforeAll(async () => {
      result = await analyzeDataset(DATA, { experiments: ['C6_M4_envA', 'C16_M4_envB'], nShuffles: 0, subsampleRepeats: 1 });
    });

    it.each(SESSIONS)('%s session %d: frames, active cells, fraction active, naive SI', (key, session, nFrames, nRunning, nActive, fraction, si) => {
      const row = result.sessionTable.find((r) => r.experiment === key && r.session === session)!;
      expect(row.nFrames).toBe(nFrames);
      expect(row.nRunningFrames).toBe(nRunning);
      expect(row.nActive).toBe(nActive);
      expect(row.fractionActive).toBeCloseTo(fraction, 14);
      expect(row.meanSINaive).toBeCloseTo(si, 10);
      expect(row.denominator).toBe('registered');
    });

    it.each(PV_PAIRS)('%s PV correlation of sessions %d and %d', (key, i, j, pv) => {
      const pairs = result.correlations!.perExperiment.find((e) => e.experiment === key)!.pairs;
      const p = pairs.find((x) => x.i === i - 1 && x.j === j - 1)!;
      expect(p.pv).toBeCloseTo(pv, 10);
      expect(p.deltaDays).toBe(j - i);
    });

    it('summary: 2 animals × 8 sessions, fraction active = mean over the two pairs', () => {
      expect(result.animals).toBe(2);
      expect(result.sessions).toBe(8);
      for (let s = 1; s <= 8; s++) {
        const v = SESSIONS.filter((r) => r[1] === s).map((r) => r[5]);
        expect(result.perSession[s - 1].fractionActive).toBeCloseTo((v[0] + v[1]) / 2, 14);
      }
    });
  });
}
