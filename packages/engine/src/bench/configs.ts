// The benchmark's named problems (issue 3): DriftReg's generality network and the Fig. 2 network, each
// trained by full-batch GD with Gaussian noise added to the gradient (std 0.03) and lr 0.1.

import { type Batch, type FusedPlan, type MlpSpec, RandomStream } from '@driftlab/core';

export interface BenchConfig {
  name: string;
  /** Samples in the (full) batch. */
  n: number;
  spec: MlpSpec;
  updateNoise: number;
  lr: number;
}

const mlp = (inputDim: number, hidden: number, outputDim: number): MlpSpec => ({ inputDim, hidden: [hidden], outputDim, activation: 'relu', outputBias: false });

export const BENCH_CONFIGS: Record<string, BenchConfig> = {
  generality: { name: 'generality', n: 10, spec: mlp(20, 100, 10), updateNoise: 0.03, lr: 0.1 },
  fig2: { name: 'fig2', n: 150, spec: mlp(18, 500, 17), updateNoise: 0.03, lr: 0.1 },
};

/**
 * Floating-point operations of one training step, counting a multiply-add as two: forward 2n(DH + HO),
 * backward 2nHO (readout gradient) + 2nHO (hidden error) + 2nDH (input-weight gradient). Biases, ReLU, the
 * noise and the update are lower order and not counted.
 */
export function flopsPerStep(c: BenchConfig): number {
  const D = c.spec.inputDim;
  const H = c.spec.hidden[0];
  const O = c.spec.outputDim;
  return 2 * c.n * (2 * D * H + 3 * H * O);
}

/** Uniform [0, 1) inputs and targets, as the PyTorch reference (tools/bench-torch.py) uses. */
export function benchData(c: BenchConfig, dtype: 'float64' | 'float32'): Batch {
  const make = (len: number, name: string) => {
    const a = dtype === 'float64' ? new Float64Array(len) : new Float32Array(len);
    RandomStream.derive(7, `bench-${name}`).fillUniform(a, 0);
    return a;
  };
  return { x: make(c.n * c.spec.inputDim, 'x'), y: make(c.n * c.spec.outputDim, 'y'), n: c.n };
}

/** He-style initial parameters for replica r (N(0, 2/fanIn)). */
export function benchParams(c: BenchConfig, nParams: number, r: number): Float64Array {
  const p = new Float64Array(nParams);
  RandomStream.derive(11 + r, 'bench-init').fillNormal(p, 0, Math.sqrt(2 / c.spec.inputDim));
  return p;
}

/** The benchmark step as a fused plan (noise added to the gradient, then scale(−lr)). */
export function benchPlan(c: BenchConfig, data: Batch, r: number): FusedPlan {
  return {
    batch: [],
    activation: [],
    source: { op: 'gradient' },
    updates: [
      { op: 'gaussian-noise', std: c.updateNoise, stream: RandomStream.derive(1000 + r, 'update-noise') },
      { op: 'scale', factor: -c.lr },
    ],
    data,
  };
}
