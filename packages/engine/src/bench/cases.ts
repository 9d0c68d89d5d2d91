// One benchmark case = one (config, backend, dtype, ensemble size), able to advance its replicas by k steps.

import type { Batch, FloatArray, Model, RandomStream } from '@driftlab/core';
import { MlpModelF32 } from '../reference/model-f32';
import { MlpModelF64 } from '../reference/model-f64';
import { WasmMlpEnsemble } from '../wasm/ensemble';
import { createWasmFusedStepper } from '../wasm/fused-stepper';
import { WasmMlpModel } from '../wasm/wasm-mlp-model';
import { type BenchConfig, benchData, benchParams, benchPlan } from './configs';

/** 'wasm-nt': the wasm fused stepper with its update noise drawn ahead on a second thread (single runs only). */
export type BenchBackend = 'reference' | 'wasm' | 'wasm-nt';
export type BenchDtype = 'float64' | 'float32';

export interface BenchCase {
  config: string;
  backend: BenchBackend;
  dtype: BenchDtype;
  ensemble: number;
  /** Advances every replica by `steps` steps starting at step `from`. */
  advance(from: number, steps: number): void;
  /** Releases threads (the noise thread of 'wasm-nt'). */
  dispose?(): void;
}

/**
 * The reference backend's step, written as the generic loop does it: full-batch gradient, Gaussian noise from
 * RandomStream.fillNoise added to it, scale by −lr, add to the parameters.
 */
class ReferenceReplica {
  private readonly u: FloatArray;
  private readonly z: FloatArray;
  private readonly stream: RandomStream;
  constructor(
    private readonly model: Model,
    private readonly data: Batch,
    private readonly c: BenchConfig,
    r: number,
  ) {
    this.u = model.newBuffer();
    this.z = model.newBuffer();
    const noise = benchPlan(c, data, r).updates[0];
    if (noise.op !== 'gaussian-noise') throw new Error('bench plan: the first update is the noise');
    this.stream = noise.stream;
  }
  step(step: number): void {
    const { model, u, z } = this;
    const P = model.nParams;
    model.lossAndGrad(this.data, u);
    this.stream.fillNoise(z, step, this.c.updateNoise);
    const factor = -this.c.lr;
    const p = model.params;
    for (let i = 0; i < P; i++) u[i] += z[i];
    for (let i = 0; i < P; i++) u[i] *= factor;
    for (let i = 0; i < P; i++) p[i] += u[i];
  }
}

export function makeCase(c: BenchConfig, backend: BenchBackend, dtype: BenchDtype, ensemble: number): BenchCase {
  const data = benchData(c, dtype);
  const base = { config: c.name, backend, dtype, ensemble };
  if (backend === 'reference') {
    const replicas = Array.from({ length: ensemble }, (_, r) => {
      const model = dtype === 'float64' ? new MlpModelF64(c.spec) : new MlpModelF32(c.spec);
      model.params.set(benchParams(c, model.nParams, r));
      return new ReferenceReplica(model, data, c, r);
    });
    return {
      ...base,
      advance(from, steps) {
        for (let s = from; s < from + steps; s++) for (const rep of replicas) rep.step(s);
      },
    };
  }
  if (backend === 'wasm-nt' && ensemble !== 1) throw new Error('bench: backend wasm-nt runs single runs only (ensemble 1)');
  if (ensemble === 1) {
    const model = new WasmMlpModel(c.spec, dtype);
    model.params.set(benchParams(c, model.nParams, 0));
    const stepper = createWasmFusedStepper(c.spec, dtype, model.params, benchPlan(c, data, 0), { noiseThread: backend === 'wasm-nt' });
    if (!stepper) throw new Error('bench: the wasm backend declined the benchmark plan');
    return { ...base, advance: (from, steps) => void stepper.run(from, steps), dispose: () => stepper.dispose?.() };
  }
  const nParams = new WasmMlpModel(c.spec, dtype).nParams;
  const ens = new WasmMlpEnsemble(
    c.spec,
    dtype,
    Array.from({ length: ensemble }, (_, r) => ({ params: benchParams(c, nParams, r), plan: benchPlan(c, data, r) })),
  );
  return { ...base, advance: (from, steps) => void ens.run(from, steps) };
}
