// The noise thread may only move work to another core: every trajectory must equal the in-kernel one bit for bit.
import { type DType, type FloatArray, type FusableOp, type FusedPlan, type MlpSpec, RandomStream } from '@driftlab/core';
import { ensureKernelsBuilt } from './__fixtures__/build-kernels';
import { randomProblem } from './__fixtures__/random-data';
import { createWasmFusedStepper, masksOnNoiseThread, noiseThreadUnsupportedReason } from './fused-stepper';
import type { WasmMemory } from './kernels';
import { RING_BYTES, RING_FIELDS, RING_MAX_SLOTS, RING_MIN_SLOTS, ringSlots, startNoiseThread } from './noise-thread';
import { WasmMlpModel } from './wasm-mlp-model';

beforeAll(ensureKernelsBuilt);

// P = 7·13 + 13 + 13·4 = 156: not a multiple of 32, so the ring's padded slots are exercised.
const spec: MlpSpec = { inputDim: 7, hidden: [13], outputDim: 4, activation: 'relu', outputBias: false };
const N = 9;
const update = RandomStream.derive(5, 'update-noise');
const label = RandomStream.derive(5, 'label-noise');
const noise = (std: number): FusableOp => ({ op: 'gaussian-noise', std, stream: update });
const scale = (factor: number): FusableOp => ({ op: 'scale', factor });

const plans: [string, Partial<FusedPlan>][] = [
  ['noise then lr (the fast path)', { updates: [noise(0.05), scale(-0.1)] }],
  ['lr then noise', { updates: [scale(-0.1), noise(0.01)] }],
  ['label noise + noise + Nesterov momentum', {
    batch: [{ op: 'label-noise', distribution: 'gaussian', scale: 0.2, stream: label }],
    updates: [noise(0.02), { op: 'momentum', beta: 0.5, nesterov: true }, scale(-0.1)],
  }],
  ['DropConnect (masks drawn by the noise thread too)', {
    activation: [{ op: 'dropout', rate: 0.4, dropConnect: true, stream: RandomStream.derive(5, 'dropout') }],
    updates: [noise(0.03), scale(-0.1)],
  }],
  ['minibatch + node dropout (masks drawn by the noise thread too)', {
    batch: [{ op: 'minibatch', batchSize: 5, stream: RandomStream.derive(5, 'minibatch') }],
    activation: [{ op: 'dropout', rate: 0.3, dropConnect: false, stream: RandomStream.derive(5, 'dropout') }],
    updates: [noise(0.03), scale(-0.1)],
  }],
];

function pair(dtype: DType, plan: FusedPlan, params: Float64Array, noiseThreadMasks?: boolean, noiseRingBytes?: number) {
  const cast = (a: FloatArray) => (dtype === 'float64' ? Float64Array.from(a) : Float32Array.from(a));
  const data = { x: cast(plan.data.x), y: cast(plan.data.y), n: plan.data.n };
  const inKernel = cast(params);
  const threaded = cast(params);
  return {
    inKernel,
    threaded,
    a: createWasmFusedStepper(spec, dtype, inKernel, { ...plan, data })!,
    b: createWasmFusedStepper(spec, dtype, threaded, { ...plan, data }, { noiseThread: true, noiseThreadMasks, noiseRingBytes })!,
  };
}

describe.each(plans)('noise thread: %s', (_name, partial) => {
  const { params, batch } = randomProblem(spec, N, 3);
  const plan: FusedPlan = { batch: [], activation: [], source: { op: 'gradient' }, updates: [], data: batch, ...partial };

  // With dropout, the masks drawn by the stepper (this small net's default) and by the noise thread (forced);
  // the default ring (4,096 slots here) and the smallest (8 slots, so that the chunks below wrap around it).
  const cases: [DType, string, string][] = (['float64', 'float32'] as DType[]).flatMap((d) =>
    (plan.activation.length ? ['chosen', 'on the noise thread'] : ['none']).flatMap((m) => [[d, m, 'default'], [d, m, '8 slots']] as [DType, string, string][]),
  );
  it.each(cases)('%s (dropout masks: %s, ring: %s): same parameters and losses bit for bit, in chunks, after jumps back and ahead', (dtype, masks, ring) => {
    const { inKernel, threaded, a, b } = pair(dtype, plan, params, masks === 'on the noise thread' ? true : undefined, ring === '8 slots' ? 1 : undefined);
    try {
      // Contiguous chunks (longer than the small ring), then a jump back (a restart) and a jump ahead.
      for (const [from, count] of [[0, 1], [1, 5], [6, 40], [46, 300], [10, 20], [5000, 30]]) {
        expect(b.run(from, count)).toBe(a.run(from, count));
        expect(Array.from(threaded)).toEqual(Array.from(inKernel));
      }
      expect(threaded.some((v, i) => v !== params[i])).toBe(true);
    } finally {
      b.dispose!();
    }
  });
});

describe('noise thread', () => {
  it('sizes its ring to about RING_BYTES, within [RING_MIN_SLOTS, RING_MAX_SLOTS] slots', () => {
    expect(ringSlots(12_416)).toBe(Math.floor(RING_BYTES / 12_416)); // the generality net, float32 normals
    expect(ringSlots(12_416) * 12_416).toBeGreaterThan(RING_BYTES - 12_416);
    expect(ringSlots(640)).toBe(RING_MAX_SLOTS);
    expect(ringSlots(RING_BYTES)).toBe(RING_MIN_SLOTS);
    expect(ringSlots(12_416, 1)).toBe(RING_MIN_SLOTS);
    expect(ringSlots(1000, 100_000)).toBe(100);
    for (const bad of [0, -1, NaN, Infinity]) expect(() => ringSlots(1000, bad)).toThrow(/noiseRingBytes must be a positive number of bytes/);
  });

  it('draws dropout masks too where the slower thread then gets faster (the bench nets: yes; one sample a step: no)', () => {
    const mlp = (inputDim: number, hidden: number, outputDim: number): MlpSpec => ({ inputDim, hidden: [hidden], outputDim, activation: 'relu', outputBias: false });
    for (const dropConnect of [false, true]) {
      expect(masksOnNoiseThread(mlp(18, 500, 17), 150, 152, dropConnect, 8)).toBe(true);
      expect(masksOnNoiseThread(mlp(20, 100, 10), 10, 12, dropConnect, 8)).toBe(true);
      // One sample a step: the writer (3,110 normals) is already the slower thread.
      expect(masksOnNoiseThread(mlp(20, 100, 10), 1, 4, dropConnect, 8)).toBe(false);
    }
  });

  const { params, batch } = randomProblem(spec, N, 4);
  const base: FusedPlan = { batch: [], activation: [], source: { op: 'gradient' }, updates: [], data: batch };

  it('serves plans with exactly one Gaussian update-noise op, and says why not otherwise', () => {
    expect(noiseThreadUnsupportedReason({ ...base, updates: [noise(0.1), scale(-0.1)] })).toBeNull();
    expect(noiseThreadUnsupportedReason({ ...base, updates: [scale(-0.1)] })).toMatch(/0 gaussian-noise/);
    expect(noiseThreadUnsupportedReason({ ...base, updates: [noise(0.1), noise(0.2)] })).toMatch(/2 gaussian-noise/);
    expect(() => createWasmFusedStepper(spec, 'float64', Float64Array.from(params), { ...base, updates: [scale(-0.1)] }, { noiseThread: true })).toThrow(
      /noiseThread: the plan has 0 gaussian-noise update ops.*turn noiseThread off/,
    );
  });

  it('a model asked for a noise thread falls back to in-kernel noise for plans it cannot serve', () => {
    const threaded = new WasmMlpModel(spec, 'float64', params, { noiseThread: true });
    const plain = new WasmMlpModel(spec, 'float64', params);
    const plan = { ...base, updates: [scale(-0.1)] };
    threaded.createFusedStepper(plan)!.run(0, 20);
    plain.createFusedStepper(plan)!.run(0, 20);
    expect(Array.from(threaded.params)).toEqual(Array.from(plain.params));
  });

  it('a model asked for a noise thread uses it for the update-noise plan (same numbers as without)', () => {
    const threaded = new WasmMlpModel(spec, 'float64', params, { noiseThread: true });
    const plain = new WasmMlpModel(spec, 'float64', params);
    const plan = { ...base, updates: [noise(0.03), scale(-0.1)] };
    const st = threaded.createFusedStepper(plan)!;
    expect(st.dispose).toBeDefined();
    st.run(0, 200);
    st.dispose!();
    plain.createFusedStepper(plan)!.run(0, 200);
    expect(Array.from(threaded.params)).toEqual(Array.from(plain.params));
  });

  it('refuses to run after dispose (and dispose twice is harmless)', () => {
    const { b, a } = pair('float64', { ...base, updates: [noise(0.03), scale(-0.1)] }, params);
    b.run(0, 3);
    b.dispose!();
    b.dispose!();
    expect(() => b.run(3, 1)).toThrow(/after dispose/);
    a.run(0, 1);
  });

  it('a writer that fails is reported to the stepper, not waited on for ever', () => {
    // Not a wasm module: the worker's instantiation throws, it raises its failure flag and the restart handshake
    // (which the stepper does before its first step) throws instead of spinning.
    type MemoryCtor = new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
    const memory = new (globalThis as unknown as { WebAssembly: { Memory: MemoryCtor } }).WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    new Int32Array(memory.buffer, 0, RING_FIELDS).set([8, 128, 1024, 512]);
    const thread = startNoiseThread({ module: {}, memory, ring: 0, n: 32, key0: 1, key1: 2 });
    try {
      expect(() => thread.restart(0)).toThrow(/the noise thread failed/);
    } finally {
      thread.stop();
    }
  });
});
