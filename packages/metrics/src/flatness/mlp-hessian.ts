// Exact loss, gradient and Hessian-vector product of the MSE of any MLP in core's family (any depth, relu /
// tanh / linear), in float64: Pearlmutter's R-operator (forward-over-reverse by hand). This is the generic path
// and the oracle the structured one-hidden-layer code is checked against; metrics never call the engine.

import type { MlpSpec } from '@driftlab/core';
import { activate } from './activation';
import { mlpLayout, type MlpLayout } from './mlp-layout';

/** Data in float64: x is n × inputDim, y is n × outputDim, row-major. */
export interface Data64 {
  x: Float64Array;
  y: Float64Array;
  n: number;
}

/** Generic exact Hessian operator of loss = mean over n × outputDim of (f(x) − y)², at fixed parameters. */
export class MlpHessian {
  readonly layout: MlpLayout;
  readonly nParams: number;
  readonly loss: number;
  /** Network outputs f(x) (n × outputDim). */
  readonly out: Float64Array;
  /** a[0] = x; a[k] = σ(z[k]) for hidden layer k = 1..L (n × units). */
  private readonly a: Float64Array[];
  private readonly z: Float64Array[];
  private readonly d1: Float64Array[];
  private readonly d2: Float64Array[];
  /** dLoss/dOut (n × outputDim). */
  private readonly gOut: Float64Array;
  /** dLoss/dz[k] for hidden layers (index k−1), and dLoss/da[k]. */
  private readonly gz: Float64Array[];
  private readonly ga: Float64Array[];
  private readonly scale: number;

  constructor(
    readonly spec: MlpSpec,
    readonly params: Float64Array,
    readonly data: Data64,
  ) {
    this.layout = mlpLayout(spec);
    this.nParams = this.layout.nParams;
    if (params.length !== this.nParams) throw new Error(`flatness: ${params.length} parameters, spec needs ${this.nParams}`);
    const { n } = data;
    const D = spec.outputDim;
    this.scale = 2 / (n * D);
    this.a = [data.x];
    this.z = [];
    this.d1 = [];
    this.d2 = [];
    for (const l of this.layout.layers) {
      const z = new Float64Array(n * l.units);
      affine(this.a[this.a.length - 1], n, l.fanIn, params, l.w, l.b, l.units, z);
      const h = new Float64Array(z.length);
      const d1 = new Float64Array(z.length);
      const d2 = new Float64Array(z.length);
      activate(spec.activation, z, h, d1, d2);
      this.z.push(z);
      this.a.push(h);
      this.d1.push(d1);
      this.d2.push(d2);
    }
    const out = (this.out = new Float64Array(n * D));
    affine(this.a[this.a.length - 1], n, this.layout.lastWidth, params, this.layout.v, this.layout.c, D, out);
    let sse = 0;
    this.gOut = new Float64Array(n * D);
    for (let i = 0; i < out.length; i++) {
      const r = out[i] - data.y[i];
      sse += r * r;
      this.gOut[i] = this.scale * r;
    }
    this.loss = sse / (n * D);
    // Backward pass, kept for the R-operator.
    const L = this.layout.layers.length;
    this.gz = new Array(L);
    this.ga = new Array(L);
    let gNext = this.gOut;
    let wNext = this.layout.v;
    let unitsNext = D;
    for (let k = L - 1; k >= 0; k--) {
      const l = this.layout.layers[k];
      const ga = new Float64Array(n * l.units);
      matmulNN(gNext, n, unitsNext, params, wNext, l.units, ga);
      const gz = new Float64Array(ga.length);
      for (let i = 0; i < gz.length; i++) gz[i] = ga[i] * this.d1[k][i];
      this.ga[k] = ga;
      this.gz[k] = gz;
      gNext = gz;
      wNext = l.w;
      unitsNext = l.units;
    }
  }

  /** Writes ∂loss/∂θ into grad; returns the loss. */
  gradient(grad: Float64Array): number {
    const { n } = this.data;
    const L = this.layout.layers.length;
    const D = this.spec.outputDim;
    grad.fill(0);
    accumulateOuter(this.gOut, n, D, this.a[L], this.layout.lastWidth, grad, this.layout.v, this.layout.c);
    for (let k = 0; k < L; k++) {
      const l = this.layout.layers[k];
      accumulateOuter(this.gz[k], n, l.units, this.a[k], l.fanIn, grad, l.w, l.b);
    }
    return this.loss;
  }

  /** out = H·v (R-operator: forward directional derivatives, then the backward pass differentiated). */
  hvp(v: Float64Array, out: Float64Array): void {
    const { n } = this.data;
    const { params, layout } = this;
    const L = layout.layers.length;
    const D = this.spec.outputDim;
    // R-forward: Ra[k], Rz[k].
    const Ra: Float64Array[] = [new Float64Array(n * this.spec.inputDim)];
    const Rz: Float64Array[] = [];
    for (let k = 0; k < L; k++) {
      const l = layout.layers[k];
      const rz = new Float64Array(n * l.units);
      affine(this.a[k], n, l.fanIn, v, l.w, l.b, l.units, rz);
      if (k > 0) addMatmulNT(Ra[k], n, l.fanIn, params, l.w, l.units, rz);
      const ra = new Float64Array(rz.length);
      for (let i = 0; i < ra.length; i++) ra[i] = this.d1[k][i] * rz[i];
      Rz.push(rz);
      Ra.push(ra);
    }
    const rOut = new Float64Array(n * D);
    affine(this.a[L], n, layout.lastWidth, v, layout.v, layout.c, D, rOut);
    if (L > 0) addMatmulNT(Ra[L], n, layout.lastWidth, params, layout.v, D, rOut);
    // R-backward.
    out.fill(0);
    const rgOut = rOut;
    for (let i = 0; i < rgOut.length; i++) rgOut[i] *= this.scale;
    accumulateOuter(rgOut, n, D, this.a[L], layout.lastWidth, out, layout.v, layout.c);
    if (L > 0) accumulateOuter(this.gOut, n, D, Ra[L], layout.lastWidth, out, layout.v, -1);
    let rgNext = rgOut;
    let gNext = this.gOut;
    let wNext = layout.v;
    let unitsNext = D;
    for (let k = L - 1; k >= 0; k--) {
      const l = layout.layers[k];
      // R(ga_k) = R(gNext)·W_next + gNext·dW_next
      const rga = new Float64Array(n * l.units);
      matmulNN(rgNext, n, unitsNext, params, wNext, l.units, rga);
      addMatmulNN(gNext, n, unitsNext, v, wNext, l.units, rga);
      const rgz = new Float64Array(rga.length);
      const d1 = this.d1[k];
      const d2 = this.d2[k];
      const ga = this.ga[k];
      const rz = Rz[k];
      for (let i = 0; i < rgz.length; i++) rgz[i] = rga[i] * d1[i] + ga[i] * d2[i] * rz[i];
      accumulateOuter(rgz, n, l.units, this.a[k], l.fanIn, out, l.w, l.b);
      if (k > 0) accumulateOuter(this.gz[k], n, l.units, Ra[k], l.fanIn, out, l.w, -1);
      rgNext = rgz;
      gNext = this.gz[k];
      wNext = l.w;
      unitsNext = l.units;
    }
  }

  /** out = Jᵀ·seed for an output-space vector seed (n × outputDim): plain backpropagation. */
  backward(seed: Float64Array, out: Float64Array): void {
    const { n } = this.data;
    const { params, layout } = this;
    const L = layout.layers.length;
    const D = this.spec.outputDim;
    out.fill(0);
    accumulateOuter(seed, n, D, this.a[L], layout.lastWidth, out, layout.v, layout.c);
    let gNext = seed;
    let wNext = layout.v;
    let unitsNext = D;
    for (let k = L - 1; k >= 0; k--) {
      const l = layout.layers[k];
      const gz = new Float64Array(n * l.units);
      matmulNN(gNext, n, unitsNext, params, wNext, l.units, gz);
      const d1 = this.d1[k];
      for (let i = 0; i < gz.length; i++) gz[i] *= d1[i];
      accumulateOuter(gz, n, l.units, this.a[k], l.fanIn, out, l.w, l.b);
      gNext = gz;
      wNext = l.w;
      unitsNext = l.units;
    }
  }

  /** J·v: directional derivative of the outputs (n × outputDim). */
  jvp(v: Float64Array): Float64Array {
    const { n } = this.data;
    const { params, layout } = this;
    const L = layout.layers.length;
    let ra = new Float64Array(0);
    for (let k = 0; k < L; k++) {
      const l = layout.layers[k];
      const rz = new Float64Array(n * l.units);
      affine(this.a[k], n, l.fanIn, v, l.w, l.b, l.units, rz);
      if (k > 0) addMatmulNT(ra, n, l.fanIn, params, l.w, l.units, rz);
      for (let i = 0; i < rz.length; i++) rz[i] *= this.d1[k][i];
      ra = rz;
    }
    const out = new Float64Array(n * this.spec.outputDim);
    affine(this.a[L], n, layout.lastWidth, v, layout.v, layout.c, this.spec.outputDim, out);
    if (L > 0) addMatmulNT(ra, n, layout.lastWidth, params, layout.v, this.spec.outputDim, out);
    return out;
  }

  /** out = G·v, G = (2/(n·D))·JᵀJ the Gauss–Newton part of the Hessian. */
  gaussNewtonHvp(v: Float64Array, out: Float64Array): void {
    const u = this.jvp(v);
    for (let i = 0; i < u.length; i++) u[i] *= this.scale;
    this.backward(u, out);
  }

  /** Exact trace of the Gauss–Newton part: (2/(n·D))·Σ_ij |∂f_ij/∂θ|², one backward pass per output entry. */
  gaussNewtonTrace(): number {
    const { n } = this.data;
    const D = this.spec.outputDim;
    const seed = new Float64Array(n * D);
    const row = new Float64Array(this.nParams);
    let s = 0;
    for (let t = 0; t < n * D; t++) {
      seed[t] = 1;
      this.backward(seed, row);
      seed[t] = 0;
      for (let p = 0; p < row.length; p++) s += row[p] * row[p];
    }
    return this.scale * s;
  }

  /** Post-activation of hidden layer k (0-based), n × units. */
  hidden(k: number): Float64Array {
    return this.a[k + 1];
  }

  /** σ'(z) of hidden layer k (0-based). */
  derivative(k: number): Float64Array {
    return this.d1[k];
  }
}

/** out (n × m) = inp (n × fanIn) · P[w]ᵀ (P[w] is m × fanIn) + P[b] (b < 0: no bias). */
function affine(inp: Float64Array, n: number, fanIn: number, p: Float64Array, w: number, b: number, m: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * fanIn;
    for (let u = 0; u < m; u++) {
      const rw = w + u * fanIn;
      let s = b >= 0 ? p[b + u] : 0;
      for (let j = 0; j < fanIn; j++) s += inp[ri + j] * p[rw + j];
      out[i * m + u] = s;
    }
  }
}

/** out (n × m) += inp (n × fanIn) · P[w]ᵀ. */
function addMatmulNT(inp: Float64Array, n: number, fanIn: number, p: Float64Array, w: number, m: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * fanIn;
    for (let u = 0; u < m; u++) {
      const rw = w + u * fanIn;
      let s = 0;
      for (let j = 0; j < fanIn; j++) s += inp[ri + j] * p[rw + j];
      out[i * m + u] += s;
    }
  }
}

/** out (n × cols) = g (n × rows) · P[w] (P[w] is rows × cols). */
function matmulNN(g: Float64Array, n: number, rows: number, p: Float64Array, w: number, cols: number, out: Float64Array): void {
  out.fill(0);
  addMatmulNN(g, n, rows, p, w, cols, out);
}

function addMatmulNN(g: Float64Array, n: number, rows: number, p: Float64Array, w: number, cols: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ro = i * cols;
    for (let r = 0; r < rows; r++) {
      const gv = g[i * rows + r];
      if (gv === 0) continue;
      const rw = w + r * cols;
      for (let c = 0; c < cols; c++) out[ro + c] += gv * p[rw + c];
    }
  }
}

/** G[w] (m × fanIn) += gᵀ (m × n) · inp (n × fanIn); G[b] += column sums of g (b < 0: skipped). */
function accumulateOuter(g: Float64Array, n: number, m: number, inp: Float64Array, fanIn: number, G: Float64Array, w: number, b: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * fanIn;
    for (let u = 0; u < m; u++) {
      const gv = g[i * m + u];
      if (gv === 0) continue;
      if (b >= 0) G[b + u] += gv;
      const rw = w + u * fanIn;
      for (let j = 0; j < fanIn; j++) G[rw + j] += gv * inp[ri + j];
    }
  }
}
