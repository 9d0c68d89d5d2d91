// One short fused run on the wasm kernels, with every kind of in-kernel noise (label noise, a dropout mask,
// update noise): browser.spec.ts runs this same code in Node and, bundled by esbuild, in headless Chromium.
// No value import from @driftlab/core, so the bundle holds only the engine's wasm path; streams are given by
// their keys, which is all the kernels read of them.
import type { FusedPlan, MlpSpec, RandomStream } from '@driftlab/core';
import { loadWasmKernels } from '../kernels';
import { WasmMlpModel } from '../wasm-mlp-model';

export { loadWasmKernels };

const spec: MlpSpec = { inputDim: 20, hidden: [100], outputDim: 10, activation: 'relu', outputBias: false };
const n = 10;

/** Deterministic values in [−1, 1) (a small LCG: the same numbers in every JS engine). */
function values(len: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: len }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

const stream = (key0: number, key1: number) => ({ key0, key1 }) as unknown as RandomStream;

/** Parameters after `steps` fused steps, and the last training loss. */
export function fusedRun(dtype: 'float64' | 'float32', steps: number): { params: number[]; loss: number } {
  const Arr = dtype === 'float64' ? Float64Array : Float32Array;
  const P = spec.hidden[0] * (spec.inputDim + 1) + spec.outputDim * spec.hidden[0];
  const model = new WasmMlpModel(spec, dtype, Arr.from(values(P, 1).map((v) => v * 0.3)));
  const plan: FusedPlan = {
    batch: [{ op: 'label-noise', distribution: 'uniform', scale: 0.2, stream: stream(11, 12) }],
    activation: [{ op: 'dropout', rate: 0.2, dropConnect: false, stream: stream(13, 14) }],
    source: { op: 'gradient' },
    updates: [{ op: 'gaussian-noise', std: 0.03, stream: stream(15, 16) }, { op: 'scale', factor: -0.1 }],
    data: { x: Arr.from(values(n * spec.inputDim, 2)), y: Arr.from(values(n * spec.outputDim, 3)), n },
  };
  const loss = model.createFusedStepper(plan)!.run(0, steps);
  return { params: Array.from(model.params), loss };
}
