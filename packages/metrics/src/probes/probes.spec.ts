import type { Evaluation, Model, ProbeInput, TaskData } from '@driftlab/core';
import { plugins } from '../index';
import { sparsificationTimescale } from '../timescale';
import { populationVectorCorrelationMatrix } from '../correlation';
import { activityMetric, createActivityProbe } from './activity-probe';
import { createSpatialProbe, spatialMetric } from './spatial-probe';

const position = Float64Array.from([0, 1, 2, 3, 4, 5]);
const task: TaskData = {
  id: 'fake',
  n: 6,
  inputDim: 1,
  outputDim: 1,
  x: new Float64Array(6),
  y: new Float64Array(6),
  position,
  state: {},
  directional: false,
};

/** Units given as rows → hidden laid out samples × units, as the loop passes it. */
function hiddenOf(units: number[][]): Float64Array {
  const n = units[0].length;
  const out = new Float64Array(n * units.length);
  units.forEach((row, u) => row.forEach((v, t) => (out[t * units.length + u] = v)));
  return out;
}

function input(step: number, units: number[][], snapshot: boolean, loss = 1): ProbeInput {
  return { step, model: {} as Model, task, hidden: [hiddenOf(units)], out: new Float64Array(6), loss, snapshot };
}

/** Run a probe like the loop: merge its output into evaluations. */
function evaluation(step: number, out: ReturnType<ReturnType<typeof createSpatialProbe>['evaluate']>, snapshot: boolean, scalars: Record<string, number> = {}): Evaluation {
  return { step, scalars: { ...scalars, ...out.scalars }, arrays: out.arrays, snapshot };
}

describe('plugin descriptors', () => {
  it('are metric plugins with complete, closed option schemas', () => {
    expect(plugins.map((p) => [p.kind, p.aliases?.[0]])).toEqual([
      ['metric', 'activity'],
      ['metric', 'spatial'],
      ['metric', 'hessianTrace'],
      ['metric', 'hessianTopEigs'],
      ['metric', 'hessianSpectrum'],
      ['metric', 'hessianNonzeroFraction'],
      ['metric', 'hessianLogDet'],
    ]);
    for (const p of [activityMetric, spatialMetric]) {
      const schema = p.optionsSchema as { additionalProperties: boolean; properties: Record<string, { default?: unknown }> };
      expect(schema.additionalProperties).toBe(false);
      for (const prop of Object.values(schema.properties)) expect(prop.default).toBeDefined();
    }
    const ctx = { seed: 0, replica: 0, path: 'metrics[0]', stream: () => { throw new Error('unused'); } };
    expect(activityMetric.create({ layer: 0 }, ctx).name).toBe('activity');
    expect(spatialMetric.create({ layer: 0, nBins: 100, placeThreshold: 0.01, smoothSigmaBins: 6 }, ctx).name).toBe('spatial');
  });
});

describe('activity probe', () => {
  it('scalars activeFraction and activeUnits, no arrays', () => {
    const probe = createActivityProbe({ layer: 0 });
    const out = probe.evaluate(input(0, [[1, 1, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0]], true));
    expect(out.scalars).toEqual({ activeFraction: 0.25, activeUnits: 0.5 });
    expect(out.arrays).toBeUndefined();
    expect(() => createActivityProbe({ layer: 1 }).evaluate(input(0, [[1, 1, 1, 1, 1, 1]], false))).toThrow(/layer 1/);
  });

  it('finalize: timescale from activeUnits, convergence from the loss series', () => {
    const probe = createActivityProbe({ layer: 0 });
    const steps = Array.from({ length: 101 }, (_, i) => i * 1000);
    const units = steps.map((s) => 0.3 + 0.7 * Math.exp(-1e-4 * s));
    const loss = steps.map((s) => 1e-3 + Math.exp(-s / 2000));
    const evals: Evaluation[] = steps.map((s, i) => ({ step: s, scalars: { loss: loss[i], activeUnits: units[i] }, snapshot: false }));
    const d = probe.finalize!(evals) as Record<string, any>;
    expect(d.timescale).toEqual(sparsificationTimescale(steps, units));
    expect(d.timescaleFit.rate).toBeCloseTo(1e-4, 9);
    // plateau = median of the last 26 losses ≈ 1e-3; first loss ≤ 2e-3 is at e^(−s/2000) ≤ 1e-3 + tiny → s = 14000
    expect(d.lossPlateau).toBeCloseTo(1e-3, 12);
    expect(d.convergedAtStep).toBe(14000);
  });
});

describe('spatial probe', () => {
  const opts = { layer: 0, nBins: 2, placeThreshold: 0.01, smoothSigmaBins: 6 };
  // unit 0: field in bin 0 (SI 1 bit); unit 1 silent (NaN); unit 2 uniform (SI 0)
  const early = [[1, 1, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0], [2, 2, 2, 2, 2, 2]];
  const moved = [[0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0], [2, 2, 2, 2, 2, 2]];

  it('scalars every evaluation, rate maps and SI only at snapshots', () => {
    const probe = createSpatialProbe(opts);
    const plain = probe.evaluate(input(0, early, false));
    expect(plain.scalars).toEqual({ meanSI: 1, placeUnits: 1, placeFraction: 1 / 3 });
    expect(plain.arrays).toBeUndefined();
    const snap = probe.evaluate(input(0, early, true));
    expect(snap.arrays!.rateMaps.shape).toEqual([3, 2]);
    expect(Array.from(snap.arrays!.rateMaps.data)).toEqual([1, 0, 0, 0, 2, 2]);
    expect(snap.arrays!.si.shape).toEqual([3]);
    const si = Array.from(snap.arrays!.si.data);
    expect(si[0]).toBeCloseTo(1, 15);
    expect(si[1]).toBeNaN();
    expect(si[2]).toBe(0);
    expect(probe.evaluate(input(0, [[0, 0, 0, 0, 0, 0]], false)).scalars!.meanSI).toBeNaN();
  });

  it('finalize: correlation matrices between snapshots and their lag profiles', () => {
    const probe = createSpatialProbe(opts);
    const evals = [
      evaluation(0, probe.evaluate(input(0, early, true)), true),
      evaluation(5, probe.evaluate(input(5, early, false)), false),
      evaluation(10, probe.evaluate(input(10, early, true)), true),
      evaluation(20, probe.evaluate(input(20, moved, true)), true),
    ];
    const d = probe.finalize!(evals) as Record<string, any>;
    const rmc = d.rateMapCorrelation;
    expect(rmc.times).toEqual([0, 10, 20]);
    // unit 0 is the only place unit: same field → 1, field moved to the other bin → −1
    expect(rmc.matrix[0][1]).toBeCloseTo(1, 14);
    expect(rmc.matrix[0][2]).toBeCloseTo(-1, 14);
    expect(rmc.matrix[1][2]).toBeCloseTo(-1, 14);
    expect(rmc.vsLag.lag).toEqual([10, 20]);
    expect(rmc.vsLag.mean[0]).toBeCloseTo(0, 14); // (1 + −1) / 2
    expect(rmc.vsLag.mean[1]).toBeCloseTo(-1, 14);

    const pv = d.pvCorrelation;
    expect(pv.times).toEqual([0, 10, 20]);
    const snaps = [evals[0], evals[2], evals[3]].map((e) => ({ maps: e.arrays!.rateMaps.data, placeMask: new Uint8Array(3) }));
    expect(pv.matrix).toEqual(populationVectorCorrelationMatrix(snaps, { smoothSigma: 6 }));
    expect(pv.matrix[0][1]).toBeCloseTo(1, 14);
  });
});
