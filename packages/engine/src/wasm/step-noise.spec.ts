// The fast per-step noise (core RandomStream.fillNoise) is reproduced bit for bit by the kernels: directly
// (fillNoise64, every tail length of the 32-normal groups) and through fused runs, where update noise and
// Gaussian label noise are isolated so that no summation order enters the compared numbers.
import { type FusedPlan, type MlpSpec, RandomStream } from '@driftlab/core';
import { mlpLayout } from '../layout';
import { MlpModelF32 } from '../reference/model-f32';
import { MlpModelF64 } from '../reference/model-f64';
import { ensureKernelsBuilt } from './__fixtures__/build-kernels';
import { randomProblem } from './__fixtures__/random-data';
import { WasmMlpEnsemble } from './ensemble';
import { instantiateKernels } from './kernels';
import { WasmMlpModel } from './wasm-mlp-model';

beforeAll(ensureKernelsBuilt);

const spec: MlpSpec = { inputDim: 6, hidden: [11], outputDim: 3, activation: 'relu', outputBias: false };
const bits = (a: ArrayLike<number>): string[] => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('fast step noise in the kernels', () => {
  it('fillNoise64 equals RandomStream.fillNoise bit for bit (all tail lengths, several blocks and keys)', () => {
    const k = instantiateKernels();
    const out = k.heapBase() + 64 - (k.heapBase() % 16);
    k.memory.grow(1);
    for (const [seed, name] of [[1, 'update-noise'], [77, 'label-noise']] as const) {
      const s = RandomStream.derive(seed, name);
      for (const block of [0, 5, 123456]) {
        for (const n of [1, 2, 7, 31, 32, 33, 64, 95, 300]) {
          k.fillNoise64(out, n, s.key0, s.key1, block, 0.37);
          const got = new Float64Array(k.memory.buffer, out, n);
          const want = new Float64Array(n);
          s.fillNoise(want, block, 0.37);
          expect(bits(got)).toEqual(bits(want));
        }
      }
    }
  });

  it('fused update noise: one step from θ = 0 (zero gradient) gives θ = −lr·σ·noise exactly, both dtypes', () => {
    const { batch } = randomProblem(spec, 5, 3);
    const stream = RandomStream.derive(9, 'update-noise');
    for (const dtype of ['float64', 'float32'] as const) {
      const data = dtype === 'float64' ? batch : { x: Float32Array.from(batch.x), y: Float32Array.from(batch.y), n: 5 };
      const plan: FusedPlan = {
        batch: [], activation: [], source: { op: 'gradient' }, data,
        updates: [{ op: 'gaussian-noise', std: 0.03, stream }, { op: 'scale', factor: -0.1 }],
      };
      const model = new WasmMlpModel(spec, dtype);
      model.createFusedStepper(plan)!.run(4, 1);
      const ref = dtype === 'float64' ? new MlpModelF64(spec) : new MlpModelF32(spec);
      const z = ref.newBuffer();
      stream.fillNoise(z, 4, 0.03);
      for (let i = 0; i < z.length; i++) ref.params[i] += z[i] * -0.1;
      expect(bits(model.params)).toEqual(bits(ref.params));
      expect(model.params.some((v) => v !== 0)).toBe(true);
    }
  });

  it('fused Gaussian label noise: with V = 0 and one sample, the readout gradient is h·(noisy y) exactly as the reference', () => {
    const { params, batch } = randomProblem(spec, 1, 4);
    const v = mlpLayout(spec).find((p) => p.name === 'V')!;
    params.fill(0, v.offset, v.offset + v.length);
    const stream = RandomStream.derive(3, 'label-noise');
    const plan: FusedPlan = {
      batch: [{ op: 'label-noise', distribution: 'gaussian', scale: 0.4, stream }], activation: [],
      source: { op: 'gradient' }, data: batch, updates: [{ op: 'scale', factor: -1 }],
    };
    const model = new WasmMlpModel(spec, 'float64', params);
    model.createFusedStepper(plan)!.run(6, 1);
    const ref = new MlpModelF64(spec, params);
    const y = new Float64Array(batch.y.length);
    stream.fillNoise(y, 6, 0.4);
    for (let i = 0; i < y.length; i++) y[i] += batch.y[i];
    const g = ref.newBuffer();
    ref.lossAndGrad({ x: batch.x, y, n: 1 }, g);
    for (let i = 0; i < g.length; i++) ref.params[i] += g[i] * -1;
    expect(bits(model.params)).toEqual(bits(ref.params));
  });

  it('ensemble lanes draw each replica\'s own step noise bit for bit (θ = 0, zero gradient)', () => {
    const { batch } = randomProblem(spec, 5, 3);
    const plans: FusedPlan[] = [0, 1, 2, 3, 4].map((r) => ({
      batch: [], activation: [], source: { op: 'gradient' }, data: batch,
      updates: [{ op: 'gaussian-noise', std: 0.01 * (r + 1), stream: RandomStream.derive(20 + r, 'update-noise') }, { op: 'scale', factor: -0.1 }],
    }));
    const zeros = new Float64Array(new WasmMlpModel(spec, 'float64').nParams);
    const ens = new WasmMlpEnsemble(spec, 'float64', plans.map((plan) => ({ plan, params: zeros })));
    ens.run(2, 1);
    plans.forEach((plan, r) => {
      const op = plan.updates[0] as { std: number; stream: RandomStream };
      const z = new Float64Array(zeros.length);
      op.stream.fillNoise(z, 2, op.std);
      const want = Array.from(z, (x) => 0 + x * -0.1);
      expect(bits(ens.getParams(r))).toEqual(bits(want));
    });
  });
});
