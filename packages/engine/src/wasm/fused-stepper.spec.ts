import { type FloatArray, type FusableOp, type FusedPlan, type Masks, type MlpSpec, RandomStream } from '@driftlab/core';
import { MlpModelF32 } from '../reference/model-f32';
import { MlpModelF64 } from '../reference/model-f64';
import { ensureKernelsBuilt } from './__fixtures__/build-kernels';
import { randomProblem, relErr } from './__fixtures__/random-data';
import { unfusableReason } from './fused-stepper';
import { WasmMlpModel } from './wasm-mlp-model';

beforeAll(ensureKernelsBuilt);

const spec: MlpSpec = { inputDim: 6, hidden: [11], outputDim: 3, activation: 'relu', outputBias: false };
const N = 9;
const streams = {
  label: RandomStream.derive(4, 'label-noise'),
  update: RandomStream.derive(4, 'update-noise'),
  batch: RandomStream.derive(4, 'minibatch'),
  dropout: RandomStream.derive(4, 'dropout'),
};
const noise = (std: number): FusableOp => ({ op: 'gaussian-noise', std, stream: streams.update });
const scale = (factor: number): FusableOp => ({ op: 'scale', factor });
const dropout = (rate: number, dropConnect: boolean): FusableOp => ({ op: 'dropout', rate, dropConnect, stream: streams.dropout });

/** rules-dropout's masks of the one hidden layer (its documented draw convention): U(step, i) < p ? 0 : 1/(1−p). */
function dropoutMasks(model: MlpModelF64 | MlpModelF32, op: FusableOp, n: number, step: number): Masks {
  if (op.op !== 'dropout') throw new Error(op.op);
  const { hidden, inputDim } = model.spec;
  const len = op.dropConnect ? hidden[0] * inputDim : n * hidden[0];
  const m = model.dtype === 'float64' ? new Float64Array(len) : new Float32Array(len);
  for (let i = 0; i < len; i++) m[i] = op.stream.uniform(step, i) < op.rate ? 0 : 1 / (1 - op.rate);
  return op.dropConnect ? { weightMasks: [m] } : { hiddenMasks: [m] };
}

/** The generic loop by hand on the reference model: batch → label noise → masks → grad → noise → … → θ += u. */
function referenceRun(model: MlpModelF64 | MlpModelF32, plan: FusedPlan, from: number, count: number, momentum: FloatArray[]): number {
  const P = model.nParams;
  const u = model.newBuffer();
  let loss = NaN;
  for (let step = from; step < from + count; step++) {
    let x = plan.data.x;
    let y = plan.data.y;
    let n = plan.data.n;
    for (const op of plan.batch) {
      if (op.op === 'minibatch') {
        // rules-sgd's draw: partial Fisher–Yates on U(step, i).
        const perm = Array.from({ length: n }, (_, i) => i);
        const rows: number[] = [];
        for (let i = 0; i < op.batchSize; i++) {
          const j = i + Math.min(Math.floor(op.stream.uniform(step, i) * (n - i)), n - i - 1);
          [perm[i], perm[j]] = [perm[j], perm[i]];
          rows.push(perm[i]);
        }
        const D = model.spec.inputDim;
        const O = model.spec.outputDim;
        const bx = model.dtype === 'float64' ? new Float64Array(op.batchSize * D) : new Float32Array(op.batchSize * D);
        const by = model.dtype === 'float64' ? new Float64Array(op.batchSize * O) : new Float32Array(op.batchSize * O);
        rows.forEach((r, i) => {
          for (let d = 0; d < D; d++) bx[i * D + d] = x[r * D + d];
          for (let o = 0; o < O; o++) by[i * O + o] = y[r * O + o];
        });
        x = bx;
        y = by;
        n = op.batchSize;
      } else if (op.op === 'label-noise') {
        const out = y instanceof Float64Array ? new Float64Array(y.length) : new Float32Array(y.length);
        if (op.distribution === 'uniform') op.stream.fillUniform(out, step, -op.scale / 2, op.scale / 2);
        else op.stream.fillNoise(out, step, op.scale);
        for (let i = 0; i < out.length; i++) out[i] += y[i];
        y = out;
      }
    }
    const masks = plan.activation.length ? dropoutMasks(model, plan.activation[0], n, step) : undefined;
    loss = model.lossAndGrad({ x, y, n }, u, masks);
    let m = 0;
    for (const op of plan.updates) {
      if (op.op === 'gaussian-noise') {
        const z = model.newBuffer();
        op.stream.fillNoise(z, step, op.std);
        for (let i = 0; i < P; i++) u[i] += z[i];
      } else if (op.op === 'scale') {
        for (let i = 0; i < P; i++) u[i] *= op.factor;
      } else if (op.op === 'momentum') {
        const buf = momentum[m++];
        for (let i = 0; i < P; i++) {
          const b = op.beta * buf[i] + u[i];
          buf[i] = b;
          u[i] = op.nesterov ? u[i] + op.beta * b : b;
        }
      }
    }
    for (let i = 0; i < P; i++) model.params[i] += u[i];
  }
  return loss;
}

const plans: [string, Partial<FusedPlan>][] = [
  ['GD + update noise (DriftReg)', { updates: [noise(0.03), scale(-0.1)] }],
  ['uniform label noise', { batch: [{ op: 'label-noise', distribution: 'uniform', scale: 0.5, stream: streams.label }], updates: [scale(-0.1)] }],
  ['Gaussian label noise + noise after the lr', { batch: [{ op: 'label-noise', distribution: 'gaussian', scale: 0.2, stream: streams.label }], updates: [scale(-0.1), noise(0.001)] }],
  ['minibatch + heavy-ball momentum', { batch: [{ op: 'minibatch', batchSize: 4, stream: streams.batch }], updates: [{ op: 'momentum', beta: 0.9, nesterov: false }, scale(-0.05)] }],
  ['minibatch + label noise + Nesterov + noise', {
    batch: [{ op: 'minibatch', batchSize: 5, stream: streams.batch }, { op: 'label-noise', distribution: 'uniform', scale: 0.3, stream: streams.label }],
    updates: [noise(0.02), { op: 'momentum', beta: 0.5, nesterov: true }, scale(-0.1)],
  }],
  ['node dropout + update noise', { activation: [dropout(0.3, false)], updates: [noise(0.03), scale(-0.1)] }],
  ['DropConnect', { activation: [dropout(0.5, true)], updates: [scale(-0.1)] }],
  ['minibatch + label noise + node dropout', {
    batch: [{ op: 'minibatch', batchSize: 5, stream: streams.batch }, { op: 'label-noise', distribution: 'uniform', scale: 0.3, stream: streams.label }],
    activation: [dropout(0.2, false)],
    updates: [scale(-0.1)],
  }],
];

describe.each(plans)('fused wasm steps match the generic reference loop: %s', (_name, partial) => {
  const { params, batch } = randomProblem(spec, N, 8);
  const plan: FusedPlan = { batch: [], activation: [], source: { op: 'gradient' }, updates: [], data: batch, ...partial };
  const nMomentum = plan.updates.filter((o) => o.op === 'momentum').length;

  it('float64: single steps and the first steps agree to ≤ 1e-12', () => {
    const ref = new MlpModelF64(spec, params);
    const wasm = new WasmMlpModel(spec, 'float64', params);
    const stepper = wasm.createFusedStepper(plan)!;
    expect(stepper).not.toBeNull();
    const mom = Array.from({ length: nMomentum }, () => new Float64Array(ref.nParams));
    for (const [from, count] of [[0, 1], [1, 1], [2, 4]]) {
      const lb = referenceRun(ref, plan, from, count, mom);
      const la = stepper.run(from, count);
      expect(Math.abs(la - lb) / lb).toBeLessThanOrEqual(1e-12);
      expect(relErr(wasm.params, ref.params)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('float32: agrees with the float32 reference loop to float32 accuracy', () => {
    const ref = new MlpModelF32(spec, params);
    const wasm = new WasmMlpModel(spec, 'float32', params);
    const data = { x: Float32Array.from(batch.x), y: Float32Array.from(batch.y), n: N };
    const stepper = wasm.createFusedStepper({ ...plan, data })!;
    const mom = Array.from({ length: nMomentum }, () => ref.newBuffer());
    const lb = referenceRun(ref, { ...plan, data }, 0, 3, mom);
    const la = stepper.run(0, 3);
    expect(Math.abs(la - lb) / lb).toBeLessThan(1e-5);
    expect(relErr(wasm.params, ref.params)).toBeLessThan(1e-5);
  });

  it('chunking changes nothing: run(0, 3) + run(3, 4) equals run(0, 7) bit for bit', () => {
    const a = new WasmMlpModel(spec, 'float64', params);
    const b = new WasmMlpModel(spec, 'float64', params);
    const sa = a.createFusedStepper(plan)!;
    const sb = b.createFusedStepper(plan)!;
    sa.run(0, 3);
    const la = sa.run(3, 4);
    const lb = sb.run(0, 7);
    expect(la).toBe(lb);
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
  });
});

describe('fused wasm steps on odd shapes (every size 1 … 40, with and without output bias)', () => {
  // Sizes drawn once from a fixed stream: the kernels' vector tails, padding samples, partial Threefry chains
  // and DropConnect tails all get exercised; float64 must equal the generic reference loop bit for bit.
  const draw = RandomStream.derive(99, 'odd-shapes');
  const cases = Array.from({ length: 12 }, (_, t) => {
    const u = (i: number) => draw.uniform(t, i);
    const N = 1 + Math.floor(u(3) * 37);
    const mb = N > 2 && u(7) < 0.4 ? 1 + Math.floor(u(8) * (N - 1)) : 0;
    const s: MlpSpec = { inputDim: 1 + Math.floor(u(0) * 23), hidden: [1 + Math.floor(u(1) * 40)], outputDim: 1 + Math.floor(u(2) * 13), activation: 'relu', outputBias: u(4) < 0.5 };
    const c = { spec: s, N, mb, dropConnect: u(5) < 0.5, rate: 0.05 + 0.8 * u(6) };
    const name = `${s.inputDim}→${s.hidden[0]}→${s.outputDim}${s.outputBias ? ' + bias' : ''}, n = ${N}${mb ? `, minibatch ${mb}` : ''}, ${c.dropConnect ? 'DropConnect' : 'dropout'} p = ${c.rate.toFixed(2)}`;
    return [name, c] as const;
  });
  it.each(cases)('%s', (_name, { spec: s, N: n, mb, dropConnect, rate }) => {
    const { params, batch } = randomProblem(s, n, 11);
    const plan: FusedPlan = {
      batch: mb ? [{ op: 'minibatch', batchSize: mb, stream: streams.batch }] : [],
      activation: [{ op: 'dropout', rate, dropConnect, stream: streams.dropout }],
      source: { op: 'gradient' },
      updates: [noise(0.02), scale(-0.1)],
      data: batch,
    };
    const ref = new MlpModelF64(s, params);
    const wasm = new WasmMlpModel(s, 'float64', params);
    const stepper = wasm.createFusedStepper(plan)!;
    for (let step = 0; step < 3; step++) {
      expect(stepper.run(step, 1)).toBe(referenceRun(ref, plan, step, 1, []));
      expect(Array.from(wasm.params)).toEqual(Array.from(ref.params));
    }
  });
});

describe('wasm fused stepper', () => {
  const { params, batch } = randomProblem(spec, N, 2);
  const base: FusedPlan = { batch: [], activation: [], source: { op: 'gradient' }, updates: [], data: batch };

  it('saves and restores momentum state (resume gives the same trajectory)', () => {
    const plan = { ...base, updates: [{ op: 'momentum', beta: 0.9, nesterov: false } as FusableOp, scale(-0.1)] };
    const a = new WasmMlpModel(spec, 'float64', params);
    const sa = a.createFusedStepper(plan)!;
    sa.run(0, 5);
    const saved = structuredClone(sa.state());
    const snapshot = a.params.slice();
    sa.run(5, 5);
    const b = new WasmMlpModel(spec, 'float64', snapshot);
    const sb = b.createFusedStepper(plan)!;
    sb.restore(saved);
    sb.run(5, 5);
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
  });

  it('declines plans with ops it does not fuse (the loop then runs the generic path)', () => {
    expect(unfusableReason({ ...base, activation: [dropout(0.5, false)] })).toBeNull();
    const twice = { ...base, activation: [dropout(0.5, false), dropout(0.1, true)] };
    expect(unfusableReason(twice)).toMatch(/2 activation ops/);
    expect(new WasmMlpModel(spec, 'float64', params).createFusedStepper(twice)).toBeNull();
    const big = { ...base, batch: [{ op: 'minibatch', batchSize: N + 1, stream: streams.batch } as FusableOp] };
    expect(unfusableReason(big)).toMatch(/minibatch/);
  });
});
