import type { MlpSpec } from '@driftlab/core';
import { MlpModelF32 } from '../reference/model-f32';
import { MlpModelF64 } from '../reference/model-f64';
import { ensureKernelsBuilt } from './__fixtures__/build-kernels';
import { randomProblem, relErr } from './__fixtures__/random-data';
import { WasmMlpModel } from './wasm-mlp-model';

beforeAll(ensureKernelsBuilt);

const specs: [string, MlpSpec, number][] = [
  ['generality 20→100→10, n=10', { inputDim: 20, hidden: [100], outputDim: 10, activation: 'relu', outputBias: false }, 10],
  ['fig2-like 18→50→17, n=37', { inputDim: 18, hidden: [50], outputDim: 17, activation: 'relu', outputBias: false }, 37],
  ['odd sizes 3→7→5 with output bias, n=1', { inputDim: 3, hidden: [7], outputDim: 5, activation: 'relu', outputBias: true }, 1],
  ['odd sizes 5→9→3 with output bias, n=6', { inputDim: 5, hidden: [9], outputDim: 3, activation: 'relu', outputBias: true }, 6],
];

describe.each(specs)('WasmMlpModel float64 vs the reference kernels: %s', (_name, spec, n) => {
  const { params, batch } = randomProblem(spec, n, 17);
  const ref = new MlpModelF64(spec, params);
  const wasm = new WasmMlpModel(spec, 'float64', params);

  it('forward: outputs and hidden activations', () => {
    const a = wasm.forward(batch.x, n);
    const b = ref.forward(batch.x, n);
    expect(relErr(a.out, b.out)).toBeLessThanOrEqual(1e-12);
    expect(relErr(a.hidden[0], b.hidden[0])).toBeLessThanOrEqual(1e-12);
  });

  it('loss and gradient', () => {
    const ga = wasm.newBuffer();
    const gb = ref.newBuffer();
    const la = wasm.lossAndGrad(batch, ga);
    const lb = ref.lossAndGrad(batch, gb);
    expect(Math.abs(la - lb) / lb).toBeLessThanOrEqual(1e-12);
    expect(relErr(ga, gb)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(wasm.loss(batch) - lb) / lb).toBeLessThanOrEqual(1e-12);
  });

  it('takes explicit params without touching the live ones', () => {
    const other = params.map((v) => v * 0.5);
    const ga = wasm.newBuffer();
    const gb = ref.newBuffer();
    expect(wasm.lossAndGrad(batch, ga, undefined, other)).toBeCloseTo(ref.lossAndGrad(batch, gb, undefined, other), 12);
    expect(relErr(ga, gb)).toBeLessThanOrEqual(1e-12);
    expect(Array.from(wasm.params)).toEqual(Array.from(params));
  });
});

// inputDim 8: W's gradient rows are whole vectors in both dtypes and go straight into the gradient; 6: only in
// float64 (float32 copies them from the compact buffer).
describe.each([6, 8])('WasmMlpModel with silent units (dropped from the products), inputDim %d', (inputDim) => {
  const spec: MlpSpec = { inputDim, hidden: [30], outputDim: 4, activation: 'relu', outputBias: true };
  const { params, batch } = randomProblem(spec, 12, 23);
  // Units 0, 7, 8 and 29 never fire: their biases are far below any input drive.
  for (const j of [0, 7, 8, 29]) params[spec.hidden[0] * spec.inputDim + j] = -100;

  it.each(['float64', 'float32'] as const)('%s: gradient matches the reference, silent units get exact +0', (dtype) => {
    const ref = dtype === 'float64' ? new MlpModelF64(spec, params) : new MlpModelF32(spec, params);
    const wasm = new WasmMlpModel(spec, dtype, params);
    const ga = wasm.newBuffer();
    const gb = ref.newBuffer();
    const la = wasm.lossAndGrad(batch, ga);
    const lb = ref.lossAndGrad(batch, gb);
    const tol = dtype === 'float64' ? 1e-12 : 1e-5;
    expect(Math.abs(la - lb) / lb).toBeLessThanOrEqual(tol);
    expect(relErr(ga, gb)).toBeLessThanOrEqual(tol);
    const H = spec.hidden[0];
    const D = spec.inputDim;
    for (const j of [0, 7, 8, 29]) {
      for (let d = 0; d < D; d++) expect(Object.is(ga[j * D + d], 0)).toBe(true);
      expect(Object.is(ga[H * D + j], 0)).toBe(true);
      for (let o = 0; o < spec.outputDim; o++) expect(Object.is(ga[H * D + H + o * H + j], 0)).toBe(true);
    }
  });
});

describe('WasmMlpModel float32', () => {
  const spec: MlpSpec = { inputDim: 18, hidden: [40], outputDim: 17, activation: 'relu', outputBias: false };
  const { params, batch } = randomProblem(spec, 30, 5);
  it('matches the float32 reference to float32 accuracy', () => {
    const ref = new MlpModelF32(spec, params);
    const wasm = new WasmMlpModel(spec, 'float32', params);
    const ga = wasm.newBuffer();
    const gb = ref.newBuffer();
    const la = wasm.lossAndGrad(batch, ga);
    const lb = ref.lossAndGrad(batch, gb);
    expect(ga).toBeInstanceOf(Float32Array);
    expect(Math.abs(la - lb) / lb).toBeLessThan(1e-5);
    expect(relErr(ga, gb)).toBeLessThan(1e-5);
    expect(relErr(wasm.forward(batch.x, 30).out, ref.forward(batch.x, 30).out)).toBeLessThan(1e-5);
  });
});

describe('WasmMlpModel gradients under dropout masks (in the kernels)', () => {
  const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));
  const cases: [string, MlpSpec, number][] = [specs[0], specs[1], specs[3]];
  describe.each(cases)('%s', (_name, spec, n) => {
    const { params, batch } = randomProblem(spec, n, 5);
    const H = spec.hidden[0];
    // Inverted dropout at p = 0.5: entries 0 or 2, a third of them dropped; DropConnect likewise on W.
    const node = new Float64Array(n * H).map((_, i) => (Math.sin(3.7 * i) > 0.5 ? 0 : 2));
    const weight = new Float64Array(H * spec.inputDim).map((_, i) => (Math.cos(1.3 * i) > 0.5 ? 0 : 2));
    it.each([
      ['node', { hiddenMasks: [node] }],
      ['DropConnect', { weightMasks: [weight] }],
      ['both', { hiddenMasks: [node], weightMasks: [weight] }],
    ])('%s: float64 bit for bit, float32 to float32 accuracy', (_kind, masks) => {
      const ref = new MlpModelF64(spec, params);
      const wasm = new WasmMlpModel(spec, 'float64', params);
      const [ga, gb] = [wasm.newBuffer(), ref.newBuffer()];
      expect(wasm.lossAndGrad(batch, ga, masks)).toBe(ref.lossAndGrad(batch, gb, masks));
      expect(bits(ga)).toEqual(bits(gb));
      const unmasked = ref.newBuffer();
      ref.lossAndGrad(batch, unmasked);
      expect(relErr(gb, unmasked)).toBeGreaterThan(1e-3); // the masks matter
      const to32 = (m: Float64Array[] | undefined) => m?.map((a) => Float32Array.from(a));
      const m32 = { hiddenMasks: to32((masks as { hiddenMasks?: Float64Array[] }).hiddenMasks), weightMasks: to32((masks as { weightMasks?: Float64Array[] }).weightMasks) };
      const b32 = { x: Float32Array.from(batch.x), y: Float32Array.from(batch.y), n };
      const ref32 = new MlpModelF32(spec, Float32Array.from(params));
      const wasm32 = new WasmMlpModel(spec, 'float32', Float32Array.from(params));
      const [ha, hb] = [wasm32.newBuffer(), ref32.newBuffer()];
      const la = wasm32.lossAndGrad(b32, ha, m32);
      const lb = ref32.lossAndGrad(b32, hb, m32);
      expect(Math.abs(la - lb) / lb).toBeLessThan(1e-5);
      expect(relErr(ha, hb)).toBeLessThan(1e-5);
    });
  });

  it('checks mask sizes like the reference (what is wrong, where)', () => {
    const [, spec, n] = specs[3];
    const { params, batch } = randomProblem(spec, n, 5);
    const wasm = new WasmMlpModel(spec, 'float64', params);
    expect(() => wasm.lossAndGrad(batch, wasm.newBuffer(), { hiddenMasks: [new Float64Array(3)] })).toThrow(/hiddenMasks\[0\] has length 3/);
  });
});

describe('WasmMlpModel scope', () => {
  it('refuses nets the kernels do not run, naming the reason', () => {
    expect(() => new WasmMlpModel({ inputDim: 2, hidden: [3, 3], outputDim: 1, activation: 'relu', outputBias: false })).toThrow(/one hidden layer/);
    expect(() => new WasmMlpModel({ inputDim: 2, hidden: [3], outputDim: 1, activation: 'tanh', outputBias: false })).toThrow(/ReLU/);
  });

  it('delegates H·v (and a masked gradient it does not run) to the reference kernels with the same parameters', () => {
    const spec: MlpSpec = { inputDim: 4, hidden: [6], outputDim: 2, activation: 'relu', outputBias: false };
    const { params, batch } = randomProblem(spec, 5, 3);
    const ref = new MlpModelF64(spec, params);
    const wasm = new WasmMlpModel(spec, 'float64', params);
    const readout = { weightMasks: [null, new Float64Array(2 * 6).map((_, i) => (i % 3 ? 2 : 0))] };
    const negative = { hiddenMasks: [new Float64Array(5 * 6).map((_, i) => (i % 3 ? -1.5 : 2))] };
    for (const masks of [readout, negative]) {
      const ga = wasm.newBuffer();
      const gb = ref.newBuffer();
      expect(wasm.lossAndGrad(batch, ga, masks)).toBe(ref.lossAndGrad(batch, gb, masks));
      expect(Array.from(ga)).toEqual(Array.from(gb));
    }
    const v = params.map((_, i) => Math.sin(i));
    const ha = wasm.newBuffer();
    const hb = ref.newBuffer();
    wasm.hvp(batch, v, ha);
    ref.hvp(batch, v, hb);
    expect(Array.from(ha)).toEqual(Array.from(hb));
  });

  it('grows its workspace for larger batches', () => {
    const spec: MlpSpec = { inputDim: 3, hidden: [4], outputDim: 2, activation: 'relu', outputBias: false };
    const wasm = new WasmMlpModel(spec, 'float64', randomProblem(spec, 1, 1).params);
    for (const n of [2, 9, 3, 40]) {
      const { batch } = randomProblem(spec, n, n);
      const ref = new MlpModelF64(spec, wasm.params);
      expect(wasm.loss(batch)).toBeCloseTo(ref.loss(batch), 12);
    }
  });
});
