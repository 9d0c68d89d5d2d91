// Benchmark of the flatness metrics at paper scale (run by tools/bench-flatness.js; not part of the tests).
// Generality net 20 → 100 → 10 (n = 10, P = 3,100): full spectrum by the structured path vs the reference the
// paper's code uses — the dense P × P Hessian (one H·v per column) and a general dense eigen-solver — measured in
// the same process on the same parameters. Fig. 2 net 18 → 500 → 17 (n = 150, P = 18,000): all flatness metrics
// for one snapshot. Snapshots come from init and from GD + update noise (DriftReg's rule, §3.1) run here.

import { RandomStream, type MlpSpec } from '@driftlab/core';
import { symmetricEigenvalues } from '../linalg';
import { denseHessian } from './dense-reference';
import { flatnessOfParams, type FlatnessResult } from './flatness-of-params';
import type { Data64 } from './mlp-hessian';
import { mlpLayout } from './mlp-layout';

export interface BenchRow {
  name: string;
  nParams: number;
  steps: number;
  loss: number;
  deadUnits: number;
  /** Size of the dense problem after the exact reduction (null: not reduced, spectrum skipped). */
  denseDim: number;
  /** All flatness metrics (flatnessOfParams with default options): fastest wall and CPU seconds of `repeats`. */
  seconds: number;
  cpuSeconds: number;
  spectrum: boolean;
  /** Reference: dense Hessian + dense symmetric eigen-solver (same process). */
  referenceSeconds?: number;
  referenceCpuSeconds?: number;
  referenceHessianSeconds?: number;
  /** max |λ_structured − λ_dense| / λmax over all P eigenvalues. */
  maxRelEigDiff?: number;
  /** The paper's method run outside this process (tools/bench-flatness-torch.py): seconds and max |Δλ|/λmax. */
  externalSeconds?: number;
  externalMaxRelEigDiff?: number;
}

/** An external reference (e.g. PyTorch): all P eigenvalues, descending, and the seconds it took. */
export type ExternalReference = (name: string, spec: MlpSpec, params: Float64Array, data: Data64) => { seconds: number; spectrum: Float64Array } | null;

export interface BenchOptions {
  /** Measure the dense reference on the generality snapshots (≈ 10–60 s each). */
  reference: boolean;
  /** GD + update-noise steps for the trained generality snapshot (lr 0.1, σ = updateNoise). */
  generalitySteps: number;
  updateNoise: number;
  /** GD steps (no noise) for the trained Fig. 2 snapshot. */
  fig2Steps: number;
  log: (line: string) => void;
  /** Repeat the structured measurement this many times and keep the fastest (wall and CPU separately). */
  repeats: number;
  /** Called with the dense Hessian of each generality snapshot (for external references such as numpy). */
  onDenseHessian?: (name: string, h: Float64Array, P: number) => void;
  /** Timed on each generality snapshot that has a spectrum, after the structured path. */
  external?: ExternalReference;
}

export const DEFAULT_BENCH: BenchOptions = { reference: true, generalitySteps: 100000, updateNoise: 0.1, fig2Steps: 300, log: () => undefined, repeats: 5 };

export function benchFlatness(options: Partial<BenchOptions> = {}): BenchRow[] {
  const o = { ...DEFAULT_BENCH, ...options };
  const rows: BenchRow[] = [];
  const gen = initNet({ inputDim: 20, hidden: [100], outputDim: 10, activation: 'relu', outputBias: false }, 10, 0);
  warmUp();
  rows.push(measure('generality, init', gen, 0, o));
  o.log(JSON.stringify(rows[rows.length - 1]));
  trainGd(gen, o.generalitySteps, 0.1, o.updateNoise, 0);
  rows.push(measure(`generality, GD + update noise σ=${o.updateNoise}`, gen, o.generalitySteps, o));
  o.log(JSON.stringify(rows[rows.length - 1]));
  const fig2 = initNet({ inputDim: 18, hidden: [500], outputDim: 17, activation: 'relu', outputBias: false }, 150, 1);
  rows.push(measure('Fig. 2, init', fig2, 0, { ...o, reference: false, external: undefined }));
  o.log(JSON.stringify(rows[rows.length - 1]));
  trainGd(fig2, o.fig2Steps, 0.1, 0, 1);
  rows.push(measure('Fig. 2, GD', fig2, o.fig2Steps, { ...o, reference: false, external: undefined }));
  o.log(JSON.stringify(rows[rows.length - 1]));
  return rows;
}

interface Net {
  spec: MlpSpec;
  params: Float64Array;
  data: Data64;
}

/** DriftReg init (rich): W, b ~ N(0, 2/fanIn), V ~ N(0, 2/units); data uniform in [−1, 1] (a random task). */
function initNet(spec: MlpSpec, n: number, seed: number): Net {
  const layout = mlpLayout(spec);
  const s = RandomStream.derive(seed, 'bench-flatness');
  const params = new Float64Array(layout.nParams);
  s.fillNormal(params.subarray(0, layout.v), 0, Math.sqrt(2 / spec.inputDim));
  s.fillNormal(params.subarray(layout.v), 1, Math.sqrt(2 / spec.hidden[0]));
  const x = new Float64Array(n * spec.inputDim);
  const y = new Float64Array(n * spec.outputDim);
  s.fillUniform(x, 2, -1, 1);
  s.fillUniform(y, 3, -1, 1);
  return { spec, params, data: { x, y, n } };
}

function measure(name: string, net: Net, steps: number, o: BenchOptions): BenchRow {
  let r: FlatnessResult = flatnessOfParams(net.spec, net.params, net.data);
  let seconds = Infinity;
  let cpuSeconds = Infinity;
  for (let rep = 0; rep < Math.max(1, o.repeats); rep++) {
    const c0 = process.cpuUsage();
    r = flatnessOfParams(net.spec, net.params, net.data);
    const cpu = process.cpuUsage(c0);
    seconds = Math.min(seconds, r.seconds);
    cpuSeconds = Math.min(cpuSeconds, (cpu.user + cpu.system) / 1e6);
  }
  const row: BenchRow = {
    name,
    nParams: r.nParams,
    steps,
    loss: r.loss,
    deadUnits: r.deadUnits,
    denseDim: r.denseDim,
    seconds,
    cpuSeconds,
    spectrum: r.spectrum !== null,
  };
  const ext = r.spectrum && o.external ? o.external(name, net.spec, net.params, net.data) : null;
  if (ext && r.spectrum) {
    row.externalSeconds = ext.seconds;
    row.externalMaxRelEigDiff = maxRelDiff(ext.spectrum, r.spectrum);
  }
  if (o.reference && r.spectrum) {
    const P = r.nParams;
    const t0 = performance.now();
    const c1 = process.cpuUsage();
    const h = denseHessian(net.spec, net.params, net.data);
    const t1 = performance.now();
    const cHessian = process.cpuUsage(c1);
    o.onDenseHessian?.(name, h, P);
    const t2 = performance.now();
    const c2 = process.cpuUsage();
    const dense = symmetricEigenvalues(h, P, true).reverse();
    const t3 = performance.now();
    const cEig = process.cpuUsage(c2);
    row.referenceHessianSeconds = (t1 - t0) / 1000;
    row.referenceSeconds = (t1 - t0 + t3 - t2) / 1000;
    row.referenceCpuSeconds = (cHessian.user + cHessian.system + cEig.user + cEig.system) / 1e6;
    row.maxRelEigDiff = maxRelDiff(dense, r.spectrum);
  }
  return row;
}

/** max |a_i − b_i| / a_0 over two descending spectra of the same length. */
function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e / a[0];
}

/** Let V8 optimise the kernels on a small net first, so the timings are of optimised code. */
function warmUp(): void {
  const net = initNet({ inputDim: 6, hidden: [20], outputDim: 4, activation: 'relu', outputBias: false }, 5, 9);
  for (let i = 0; i < 3; i++) flatnessOfParams(net.spec, net.params, net.data, { maxDenseDim: i === 2 ? 0 : 2500 });
}

/**
 * Full-batch GD with update noise added to the gradient (DriftReg, §3.1): θ ← θ − lr·(∇L + N(0, σ²)), for a
 * one-hidden-layer ReLU net without output bias. Plain loops, no allocation per step.
 */
export function trainGd(net: Net, steps: number, lr: number, noiseStd: number, seed: number): void {
  const { spec, params, data } = net;
  const { n, x, y } = data;
  const Din = spec.inputDim;
  const N = spec.hidden[0];
  const D = spec.outputDim;
  const L = mlpLayout(spec);
  const P = L.nParams;
  const z = new Float64Array(n * N);
  const gOut = new Float64Array(n * D);
  const gz = new Float64Array(n * N);
  const grad = new Float64Array(P);
  const xi = new Float64Array(P);
  const noise = RandomStream.derive(seed, 'update-noise');
  const scale = 2 / (n * D);
  for (let step = 0; step < steps; step++) {
    for (let i = 0; i < n; i++)
      for (let k = 0; k < N; k++) {
        let s = params[L.layers[0].b + k];
        const rw = k * Din;
        for (let l = 0; l < Din; l++) s += x[i * Din + l] * params[rw + l];
        z[i * N + k] = s > 0 ? s : 0;
      }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < D; j++) {
        let s = 0;
        const rv = L.v + j * N;
        for (let k = 0; k < N; k++) s += z[i * N + k] * params[rv + k];
        gOut[i * D + j] = scale * (s - y[i * D + j]);
      }
    grad.fill(0);
    gz.fill(0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < D; j++) {
        const g = gOut[i * D + j];
        const rv = L.v + j * N;
        for (let k = 0; k < N; k++) {
          grad[rv + k] += g * z[i * N + k];
          gz[i * N + k] += g * params[rv + k];
        }
      }
    for (let i = 0; i < n; i++)
      for (let k = 0; k < N; k++) {
        if (z[i * N + k] <= 0) continue;
        const g = gz[i * N + k];
        grad[L.layers[0].b + k] += g;
        const rw = k * Din;
        for (let l = 0; l < Din; l++) grad[rw + l] += g * x[i * Din + l];
      }
    if (noiseStd > 0) noise.fillNormal(xi, step, noiseStd);
    for (let p = 0; p < P; p++) params[p] -= lr * (grad[p] + (noiseStd > 0 ? xi[p] : 0));
  }
}
