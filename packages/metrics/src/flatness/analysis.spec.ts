import { symmetricEigenvalues } from '../linalg';
import { fitTargets, killUnit, randomNet } from './__fixtures__/nets';
import { countAbove, FlatnessAnalysis } from './analysis';
import { denseHessian } from './dense-reference';
import { flatnessOfParams, flatnessToJSON } from './flatness-of-params';

function dense(net: ReturnType<typeof randomNet>) {
  const P = net.params.length;
  const h = denseHessian(net.spec, net.params, net.data);
  let trace = 0;
  for (let p = 0; p < P; p++) trace += h[p * P + p];
  return { spectrum: symmetricEigenvalues(h, P, true).reverse(), trace };
}

describe('countAbove', () => {
  it('counts λ > tol·λmax and sums their logs', () => {
    const c = countAbove(Float64Array.of(4, 2, 1e-12, 0, -1), 1e-10);
    expect(c.count).toBe(2);
    expect(c.fraction).toBe(2 / 5);
    expect(c.logDet).toBeCloseTo(Math.log(8), 14);
    expect(countAbove(Float64Array.of(0, 0, -1), 0).count).toBe(0);
  });
});

describe('flatnessOfParams', () => {
  it.each([
    { activation: 'relu' as const, outputBias: false, onManifold: false },
    { activation: 'relu' as const, outputBias: true, onManifold: true },
    { activation: 'tanh' as const, outputBias: false, onManifold: false },
  ])('matches the dense Hessian on every quantity (%o)', (c) => {
    const net = randomNet(51, { ...c, hidden: [8], n: 5 });
    killUnit(net, 3);
    if (c.onManifold) fitTargets(net);
    const ref = dense(net);
    const r = flatnessOfParams(net.spec, net.params, net.data, { topK: 4, tolerance: 1e-8 });
    const top = ref.spectrum[0];
    expect(r.method).toBe('one-hidden-layer');
    expect(r.nParams).toBe(net.params.length);
    expect(r.trace as number).toBeCloseTo(ref.trace, 11);
    expect((r.gaussNewtonTrace as number) + (r.residualTrace as number)).toBeCloseTo(ref.trace, 11);
    expect(r.spectrum).not.toBeNull();
    (r.spectrum as Float64Array).forEach((x, i) => expect(Math.abs(x - ref.spectrum[i])).toBeLessThan(1e-10 * top));
    expect(r.topEigenvalues).toHaveLength(4);
    expect(r.lambdaMax).toBeCloseTo(top, 11);
    const want = countAbove(ref.spectrum, 1e-8);
    expect(r.nonzeroCount).toBe(want.count);
    expect(r.nonzeroFraction).toBe(want.fraction);
    expect(r.logDet as number).toBeCloseTo(want.logDet, 7);
    expect(r.deadUnits).toBeGreaterThanOrEqual(c.activation === 'relu' ? 1 : 0);
    expect(r.gaussNewtonMax).toBeCloseTo((r.gaussNewtonSpectrum as Float64Array)[0], 12);
    if (c.onManifold) {
      expect(r.loss).toBe(0);
      expect(r.residualNorm).toBe(0);
      expect(r.gaussNewtonMax).toBeCloseTo(top, 11);
    }
    expect(JSON.parse(JSON.stringify(flatnessToJSON(r))).spectrum).toHaveLength(net.params.length);
  });

  it('falls back to Lanczos for the top eigenvalues when the full spectrum is not affordable', () => {
    const net = randomNet(52, { hidden: [10], n: 6, outputBias: true });
    const ref = dense(net);
    const r = flatnessOfParams(net.spec, net.params, net.data, { topK: 5, maxDenseDim: 0 });
    expect(r.spectrum).toBeNull();
    expect(r.nonzeroCount).toBeNull();
    expect(r.logDet).toBeNull();
    expect(r.topEigenvaluesMethod).toBe('lanczos');
    expect(r.topEigenvaluesConverged).toBe(true);
    r.topEigenvalues.forEach((x, i) => expect(Math.abs(x - ref.spectrum[i])).toBeLessThan(1e-8 * ref.spectrum[0]));
    expect(r.trace as number).toBeCloseTo(ref.trace, 11);
    expect(r.denseDim).toBeGreaterThan(0);
  });

  it.each([
    { activation: 'relu' as const, hidden: [5, 4] },
    { activation: 'tanh' as const, hidden: [4, 3] },
  ])('takes the generic path for deeper nets (%o)', (c) => {
    const net = randomNet(53, { ...c, n: 4, outputBias: true });
    const ref = dense(net);
    const r = flatnessOfParams(net.spec, net.params, net.data, { topK: 3 });
    expect(r.method).toBe('generic');
    expect(r.trace as number).toBeCloseTo(ref.trace, 10);
    (r.spectrum as Float64Array).forEach((x, i) => expect(Math.abs(x - ref.spectrum[i])).toBeLessThan(1e-10 * ref.spectrum[0]));
    const lz = flatnessOfParams(net.spec, net.params, net.data, { topK: 3, maxDenseDim: 0 });
    lz.topEigenvalues.forEach((x, i) => expect(Math.abs(x - ref.spectrum[i])).toBeLessThan(1e-8 * ref.spectrum[0]));
    if (c.activation === 'tanh') expect(lz.trace).toBeNull(); // smooth deep nets: trace needs the dense diagonal
    else expect(lz.trace as number).toBeCloseTo(ref.trace, 10);
    expect(lz.deadUnitsPerLayer).toHaveLength(2);
  });

  it('computes in float64 from float32 parameters and plain arrays', () => {
    const net = randomNet(54, { hidden: [4], n: 3 });
    const p32 = Float32Array.from(net.params);
    const a = flatnessOfParams(net.spec, p32, { x: Array.from(net.data.x), y: Array.from(net.data.y), n: 3 });
    const b = flatnessOfParams(net.spec, Float64Array.from(p32), net.data);
    expect(a.trace).toBe(b.trace);
    expect(Array.from(a.spectrum as Float64Array)).toEqual(Array.from(b.spectrum as Float64Array));
  });
});

describe('FlatnessAnalysis', () => {
  it('memoises: the spectrum is computed once and reused across maxDenseDim values', () => {
    const net = randomNet(55, { hidden: [6], n: 4 });
    const a = new FlatnessAnalysis(net.spec, net.params, net.data);
    expect(a.spectrum(0)).toBeNull();
    const s = a.spectrum();
    expect(a.spectrum(0)).toBe(s);
    expect(a.topEigenvalues(3, 0).method).toBe('spectrum');
  });

  it('rejects a parameter vector of the wrong length', () => {
    const net = randomNet(56, {});
    expect(() => flatnessOfParams(net.spec, net.params.subarray(1), net.data)).toThrow(/parameters/);
  });
});
