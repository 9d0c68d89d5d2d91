import { type Batch, type FloatArray, type FusableOp, type FusedPlan, type MlpSpec, RandomStream } from '@driftlab/core';
import { ensureKernelsBuilt } from './__fixtures__/build-kernels';
import { randomProblem } from './__fixtures__/random-data';
import { WasmMlpEnsemble, ensembleUnsupportedReason } from './ensemble';
import { WasmMlpModel } from './wasm-mlp-model';

beforeAll(ensureKernelsBuilt);

const spec: MlpSpec = { inputDim: 5, hidden: [9], outputDim: 3, activation: 'relu', outputBias: true };
const N = 7;
const { batch } = randomProblem(spec, N, 1);

/** Replica r: its own seed (streams), learning rate, noise std, label-noise scale, momentum β and dropout rate. */
function replicaPlan(
  r: number,
  data: Batch = batch,
  withMomentum = false,
  label: 'uniform' | 'gaussian' | false = false,
  dropout: 'node' | 'connect' | false = false,
  minibatch: 'first' | 'after-label' | false = false,
): FusedPlan {
  const seed = 100 + r;
  const updates: FusableOp[] = [{ op: 'gaussian-noise', std: 0.01 * (r + 1), stream: RandomStream.derive(seed, 'update-noise') }];
  if (withMomentum) updates.push({ op: 'momentum', beta: 0.5 + 0.1 * (r % 4), nesterov: label === 'gaussian' });
  updates.push({ op: 'scale', factor: -0.05 * (1 + (r % 3)) });
  const batchOps: FusableOp[] = label ? [{ op: 'label-noise', distribution: label, scale: 0.1 * (r + 1), stream: RandomStream.derive(seed, 'label-noise') }] : [];
  const mb: FusableOp = { op: 'minibatch', batchSize: 4, stream: RandomStream.derive(seed, 'minibatch') };
  if (minibatch === 'first') batchOps.unshift(mb);
  if (minibatch === 'after-label') batchOps.push(mb);
  const activation: FusableOp[] = dropout ? [{ op: 'dropout', rate: 0.1 + 0.15 * (r % 3), dropConnect: dropout === 'connect', stream: RandomStream.derive(seed, 'dropout') }] : [];
  return { batch: batchOps, activation, source: { op: 'gradient' }, updates, data };
}
const initial = (r: number) => randomProblem(spec, 1, 50 + r).params;

function asDtype(a: FloatArray, dtype: 'float64' | 'float32'): FloatArray {
  return dtype === 'float64' ? Float64Array.from(a) : Float32Array.from(a);
}

describe.each([
  ['float64', 5, false, false, false, false],
  ['float32', 6, false, false, false, false],
  ['float64', 3, true, 'uniform', false, false],
  ['float32', 5, true, 'gaussian', false, false],
  ['float64', 4, true, 'gaussian', false, false],
  ['float64', 5, false, false, 'node', false],
  ['float32', 6, false, 'uniform', 'node', false],
  ['float64', 3, true, false, 'connect', false],
  ['float32', 5, false, 'gaussian', 'connect', false],
  ['float64', 5, false, false, false, 'first'],
  ['float32', 6, true, 'uniform', false, 'first'],
  ['float64', 3, false, 'gaussian', 'node', 'after-label'],
  ['float32', 4, true, 'uniform', 'connect', 'after-label'],
] as const)('wasm ensemble %s, E = %i (momentum: %s, label noise: %s, dropout: %s, minibatch: %s)', (dtype, E, withMomentum, label, dropout, minibatch) => {
  const data = { x: asDtype(batch.x, dtype), y: asDtype(batch.y, dtype), n: N };
  const plans = Array.from({ length: E }, (_, r) => replicaPlan(r, data, withMomentum, label, dropout, minibatch));

  it('each packed replica is bit-identical to the same replica run alone (single fused run and ensemble of one)', () => {
    const ens = new WasmMlpEnsemble(spec, dtype, plans.map((plan, r) => ({ plan, params: initial(r) })));
    const losses = [ens.run(0, 3), ens.run(3, 4)];
    for (let r = 0; r < E; r++) {
      const single = new WasmMlpModel(spec, dtype, initial(r));
      const stepper = single.createFusedStepper(plans[r])!;
      expect(stepper.run(0, 3)).toBe(losses[0][r]);
      expect(stepper.run(3, 4)).toBe(losses[1][r]);
      expect(Array.from(ens.getParams(r))).toEqual(Array.from(single.params));
      const alone = new WasmMlpEnsemble(spec, dtype, [{ plan: plans[r], params: initial(r) }]);
      alone.run(0, 7);
      expect(Array.from(alone.getParams(0))).toEqual(Array.from(single.params));
    }
  });
});

describe('wasm ensembles on odd shapes: every replica equals its single run bit for bit', () => {
  // Sizes, ensemble size, dtype and ops drawn once from a fixed stream (tails of every vector loop, partial quads).
  const draw = RandomStream.derive(7, 'odd-ensembles');
  const cases = Array.from({ length: 8 }, (_, t) => {
    const u = (i: number) => draw.uniform(t, i);
    const s: MlpSpec = { inputDim: 1 + Math.floor(u(0) * 23), hidden: [1 + Math.floor(u(1) * 40)], outputDim: 1 + Math.floor(u(2) * 13), activation: 'relu', outputBias: u(4) < 0.5 };
    const n = 2 + Math.floor(u(3) * 30);
    const c = {
      spec: s, n, E: 1 + Math.floor(u(10) * 7), dtype: (u(11) < 0.5 ? 'float64' : 'float32') as 'float64' | 'float32',
      mb: u(7) < 0.5 ? 1 + Math.floor(u(8) * (n - 1)) : 0, label: u(9) < 0.5, drop: u(5) < 0.33 ? null : u(5) > 0.66 ? 'connect' : 'node',
    };
    const name = `${c.dtype} E = ${c.E}, ${s.inputDim}→${s.hidden[0]}→${s.outputDim}${s.outputBias ? ' + bias' : ''}, n = ${n}${c.mb ? `, minibatch ${c.mb}` : ''}${c.label ? ', label noise' : ''}${c.drop ? `, ${c.drop === 'connect' ? 'DropConnect' : 'dropout'}` : ''}`;
    return [name, c] as const;
  });
  it.each(cases)('%s', (_name, { spec: s, n, E, dtype, mb, label, drop }) => {
    const { batch: data } = randomProblem(s, n, 3);
    const d = { x: asDtype(data.x, dtype), y: asDtype(data.y, dtype), n };
    const members = Array.from({ length: E }, (_, r) => {
      const seed = 300 + r;
      const batchOps: FusableOp[] = [];
      if (label) batchOps.push({ op: 'label-noise', distribution: 'uniform', scale: 0.3, stream: RandomStream.derive(seed, 'label-noise') });
      if (mb) batchOps.push({ op: 'minibatch', batchSize: mb, stream: RandomStream.derive(seed, 'minibatch') });
      const activation: FusableOp[] = drop ? [{ op: 'dropout', rate: 0.1 + 0.1 * r, dropConnect: drop === 'connect', stream: RandomStream.derive(seed, 'dropout') }] : [];
      const updates: FusableOp[] = [{ op: 'gaussian-noise', std: 0.01 * (r + 1), stream: RandomStream.derive(seed, 'update-noise') }, { op: 'scale', factor: -0.05 * (1 + (r % 3)) }];
      return { plan: { batch: batchOps, activation, source: { op: 'gradient' }, updates, data: d } as FusedPlan, params: asDtype(randomProblem(s, 1, seed).params, dtype) };
    });
    const ens = new WasmMlpEnsemble(s, dtype, members);
    const losses = ens.run(0, 4);
    members.forEach((m, r) => {
      const single = new WasmMlpModel(s, dtype, m.params);
      expect(single.createFusedStepper(m.plan)!.run(0, 4)).toBe(losses[r]);
      expect(Array.from(ens.getParams(r))).toEqual(Array.from(single.params));
    });
  });
});

describe('wasm ensemble', () => {
  it('replicas really differ (seeds and hyperparameters reach the lanes)', () => {
    const ens = new WasmMlpEnsemble(spec, 'float64', [0, 1].map((r) => ({ plan: replicaPlan(r), params: initial(0) })));
    ens.run(0, 2);
    expect(Array.from(ens.getParams(0))).not.toEqual(Array.from(ens.getParams(1)));
  });

  it('checkpoints momentum: restore into a fresh ensemble continues identically', () => {
    const members = [0, 1, 2].map((r) => ({ plan: replicaPlan(r, batch, true), params: initial(r) }));
    const a = new WasmMlpEnsemble(spec, 'float64', members);
    a.run(0, 4);
    const state = structuredClone(a.state());
    const mid = [0, 1, 2].map((r) => a.getParams(r));
    a.run(4, 3);
    const b = new WasmMlpEnsemble(spec, 'float64', members.map((m, r) => ({ ...m, params: mid[r] })));
    b.restore(state);
    b.run(4, 3);
    for (let r = 0; r < 3; r++) expect(Array.from(b.getParams(r))).toEqual(Array.from(a.getParams(r)));
  });

  it('says why it cannot run a set of plans', () => {
    const mb = (batchSize: number): FusedPlan => ({ ...replicaPlan(0), batch: [{ op: 'minibatch', batchSize, stream: RandomStream.derive(1, 'b') }] });
    expect(ensembleUnsupportedReason(spec, [mb(3), mb(3)])).toBeNull();
    expect(ensembleUnsupportedReason(spec, [mb(3), mb(4)])).toMatch(/same ops/);
    expect(ensembleUnsupportedReason(spec, [mb(N + 1)])).toMatch(/minibatch of 8 > 7 rows/);
    expect(ensembleUnsupportedReason(spec, [replicaPlan(0), replicaPlan(1, batch, true)])).toMatch(/same ops/);
    expect(ensembleUnsupportedReason(spec, [replicaPlan(0, batch, false, false, 'node'), replicaPlan(1, batch, false, false, 'connect')])).toMatch(/same ops/);
    expect(ensembleUnsupportedReason(spec, [replicaPlan(0, batch, false, false, 'node'), replicaPlan(1, batch, false, false, 'node')])).toBeNull();
    const other = randomProblem(spec, N, 2).batch;
    expect(ensembleUnsupportedReason(spec, [replicaPlan(0), replicaPlan(1, other)])).toMatch(/same data/);
    expect(() => new WasmMlpEnsemble(spec, 'float64', [])).toThrow(/at least one/);
  });
});
