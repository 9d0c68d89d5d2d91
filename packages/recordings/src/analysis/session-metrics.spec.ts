import type { RecordedExperiment } from '../types';
import { analyzeSession } from './session-metrics';
import { selectSessionSamples, sessionRecording } from './session-recording';

// 3 cells over 8 frames at 10 Hz visiting states 0,1,2,3,0,1,2,3 (occupancy 2 each).
// cell 0 fires at frames 0 and 4 (state 0): rates (1,0,0,0), r̄ = .25 → SI = .25·4·log2 4 = 2 bits/event,
//   2 · .25 events/frame / 0.1 s = 5 bits/s;
// cell 1 fires at frames 1, 2, 3: rates (0,.5,.5,.5), r̄ = .375 → SI = log2(4/3) = .41504, 1.55639 bits/s;
// cell 2 is silent. Registration: cell 0 → id 2, cell 1 unregistered, cell 2 → id 0 (4 registered cells).
const exp: RecordedExperiment = {
  key: 'E',
  animal: 'A',
  labels: {},
  nRegistered: 4,
  binning: { kind: 'states', nStates: 4 },
  speedThreshold: 0,
  sessions: [
    {
      session: 1,
      day: 1,
      fps: 10,
      nFrames: 8,
      nCells: 3,
      events: { frame: Int32Array.from([0, 1, 2, 3, 4]), cell: Int32Array.from([0, 1, 1, 1, 0]), value: Float64Array.from([0.5, 2, 2, 2, 0.1]) },
      samples: {
        frame: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
        position: Float64Array.from([0, 1, 2, 3, 0, 1, 2, 3]),
        segment: new Int32Array(8).fill(1),
        state: Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]),
        allRunning: true,
      },
      unitIds: Int32Array.from([2, -1, 0]),
      labels: {},
    },
  ],
};
const opts = { subsampleFrames: 100, subsampleRepeats: 3, nShuffles: 0, minShiftSeconds: 0, placeAlpha: 0.05, placeSIThreshold: 1, seed: 1 };
const log2 = Math.log2(4 / 3);

describe('analyzeSession (hand example)', () => {
  const r = analyzeSession(exp, exp.sessions[0], opts);
  const m = r.metrics;

  it('counts active cells among registered cells for the registered denominator', () => {
    expect(m.denominator).toBe('registered');
    expect(m.nDenominator).toBe(4);
    expect(m.nActive).toBe(1);
    expect(m.fractionActive).toBe(0.25);
    expect(m.fractionActiveOfDetected).toBeCloseTo(2 / 3, 15);
    expect(m.nFrames).toBe(8);
  });

  it('computes naive SI in bits/event and bits/s over active cells (binarised events)', () => {
    expect(m.meanSINaive).toBeCloseTo((2 + log2) / 2, 14);
    expect(m.meanSINaivePerSecond).toBeCloseTo((5 + (log2 * 0.375) / 0.1) / 2, 12);
    // whole session when the subsample is larger than it
    expect(m.subsampleFrames).toBe(8);
    expect(m.meanSISubsampled).toBeCloseTo(m.meanSINaive, 14);
    expect(m.siEstimator).toBe('subsampled');
    expect(m.meanSI).toBe(m.meanSISubsampled);
    expect(m.meanSICorrected).toBeNaN();
  });

  it('place cells by SI threshold, only registered ones counted', () => {
    expect(m.placeTest).toBe('si-threshold');
    expect(m.nPlace).toBe(1);
    expect(m.fractionPlace).toBe(0.25);
    expect(m.meanSIPlace).toBeCloseTo(2, 14);
  });

  it('re-indexes the maps by registered id', () => {
    expect(Array.from(r.registered!.maps)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(r.registered!.active)).toEqual([0, 0, 1, 0]);
  });

  it('uses the detected cells as denominator without registration', () => {
    const un = { ...exp, nRegistered: undefined, sessions: [{ ...exp.sessions[0], unitIds: undefined }] };
    const u = analyzeSession(un, un.sessions[0], opts).metrics;
    expect(u.denominator).toBe('detected');
    expect(u.fractionActive).toBeCloseTo(2 / 3, 15);
    expect(analyzeSession(un, un.sessions[0], opts).registered).toBeUndefined();
  });

  it('shuffle-corrected SI becomes the headline with shuffles', () => {
    const s = analyzeSession(exp, exp.sessions[0], { ...opts, nShuffles: 20 }).metrics;
    expect(s.siEstimator).toBe('shuffle-corrected');
    expect(s.meanSI).toBe(s.meanSICorrected);
    expect(s.meanSICorrected).toBeLessThan(s.meanSINaive);
  });
});

describe('selectSessionSamples / sessionRecording on a track', () => {
  it('selects running frames, bins per segment range and builds a binary Recording of usable frames', () => {
    const track: RecordedExperiment = {
      key: 'T',
      animal: 'T',
      labels: {},
      binning: { kind: 'track', nBins: 4, keepFrom: 1, keepTo: 4 },
      speedThreshold: 1,
      sessions: [],
    };
    const s = {
      session: 1,
      day: 1,
      fps: 1,
      nFrames: 10,
      nCells: 2,
      events: { frame: Int32Array.from([2, 3, 9]), cell: Int32Array.from([1, 1, 0]), value: Float64Array.from([3, 4, 5]) },
      samples: {
        frame: Int32Array.from([1, 2, 3, 4, 5, 6]),
        position: Float64Array.from([0.1, 0.3, 0.6, 0.9, 0.9, 0.4]),
        velocity: Float64Array.from([2, 2, 2, 0, -3, -3]),
        segment: new Int32Array(6).fill(1),
        segmentRanges: new Map([[1, [0, 1] as [number, number]]]),
      },
      labels: {},
    };
    const sel = selectSessionSamples(track, s, { smoothingSeconds: 1 }); // window 1: no smoothing
    // running: all but sample 3 (v = 0); bins ceil(p·4): 1, 2, 3, -, 4, 2; direction −1 adds 4
    expect(sel.nRunning).toBe(5);
    expect(Array.from(sel.usable)).toEqual([0, 1, 2, 4, 5]);
    expect(Array.from(sel.state)).toEqual([0, 1, 2, 7, 5]);
    const rec = sessionRecording(track, s, sel);
    expect(rec.nSamples).toBe(5);
    expect(Array.from(rec.position)).toEqual([0, 1, 2, 7, 5]);
    // cell 1 active at frames 2, 3 → usable samples 1, 2 (binarised); frame 9 has no behaviour
    expect(Array.from(rec.activity)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0, 0]);
    expect(rec.sampleDt).toBe(1);
  });
});
