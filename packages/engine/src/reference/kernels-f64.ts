// Reference MLP kernels for Float64Array: forward, MSE loss, backprop and the exact Hessian-vector
// product (Pearlmutter's R-operator: forward-over-reverse). They are the spec the fast backends are
// tested against, so they favour plain loops over cleverness. Monomorphic on purpose: kernels-f32.ts
// is generated from this file by generate-f32.js — edit this file, then run `node generate-f32.js`.
//
// Notation (row-major, n samples): a_k = act(h_{k-1}·W̃_kᵀ + b_k), h_k = a_k ⊙ hiddenMask_k, h_0 = x,
// out = h_L·Ṽᵀ (+ c), W̃ = W ⊙ weightMask (DropConnect), loss = Σ(out − y)² / (n·outputDim).

import { ACT_RELU, ACT_TANH, type ActCode, type MlpPlan } from './plan';

/** Masks as the kernels take them: this dtype, lengths already checked by the caller. */
export interface MasksF64 {
  /** hidden[k]: n × units_k, multiplies a_k. */
  hidden: (Float64Array | null)[];
  /** weight[k]: the shape of W_{k+1}; weight[depth] is the readout V. */
  weight: (Float64Array | null)[];
}

/** Scratch buffers for one batch size; reused across calls so a training step allocates nothing. */
export class WorkspaceF64 {
  /** a_k: activations before the hidden mask. */
  readonly act: Float64Array[];
  /** h_k as the next layer reads it (a_k itself, or the masked copy). Set by forwardF64. */
  readonly hid: Float64Array[];
  /** Backward signal of layer k (∂loss/∂h_k, then ∂loss/∂z_k in place). */
  readonly dz: Float64Array[];
  readonly out: Float64Array;
  readonly dOut: Float64Array;
  /** Weights the forward pass uses: the parameter buffer at an offset, or a masked copy at 0. */
  readonly wSrc: Float64Array[];
  readonly wAt: number[];
  /** Same for the direction v in the R-pass. */
  readonly rwSrc: Float64Array[];
  readonly rwAt: number[];
  private readonly maskedHid: (Float64Array | null)[];
  private readonly maskedW: (Float64Array | null)[];
  private readonly maskedRw: (Float64Array | null)[];
  private rBufs: { rz: Float64Array[]; rh: Float64Array[]; rdz: Float64Array[]; rOut: Float64Array; rdOut: Float64Array } | null = null;

  constructor(
    readonly plan: MlpPlan,
    readonly n: number,
  ) {
    const L = plan.depth;
    this.act = plan.units.map((u) => new Float64Array(n * u));
    this.hid = this.act.slice();
    this.dz = plan.units.map((u) => new Float64Array(n * u));
    this.out = new Float64Array(n * plan.outputDim);
    this.dOut = new Float64Array(n * plan.outputDim);
    const empty = new Float64Array(0);
    this.wSrc = new Array<Float64Array>(L + 1).fill(empty);
    this.wAt = new Array<number>(L + 1).fill(0);
    this.rwSrc = new Array<Float64Array>(L + 1).fill(empty);
    this.rwAt = new Array<number>(L + 1).fill(0);
    this.maskedHid = new Array<Float64Array | null>(L).fill(null);
    this.maskedW = new Array<Float64Array | null>(L + 1).fill(null);
    this.maskedRw = new Array<Float64Array | null>(L + 1).fill(null);
  }

  maskedHidden(k: number): Float64Array {
    return (this.maskedHid[k] ??= new Float64Array(this.n * this.plan.units[k]));
  }

  maskedWeights(k: number, direction: boolean): Float64Array {
    const p = this.plan;
    const size = k < p.depth ? p.units[k] * p.fanIn[k] : p.outputDim * p.lastUnits;
    const store = direction ? this.maskedRw : this.maskedW;
    return (store[k] ??= new Float64Array(size));
  }

  /** Buffers of the R-pass, allocated on the first Hessian-vector product. */
  r() {
    const p = this.plan;
    const n = this.n;
    return (this.rBufs ??= {
      rz: p.units.map((u) => new Float64Array(n * u)),
      rh: p.units.map((u) => new Float64Array(n * u)),
      rdz: p.units.map((u) => new Float64Array(n * u)),
      rOut: new Float64Array(n * p.outputDim),
      rdOut: new Float64Array(n * p.outputDim),
    });
  }
}

// ------------------------------------------------------------------ dense building blocks

/** out[i,j] (+)= bias[bOff+j] + Σ_f inp[i,f]·w[wOff + j·fin + f]  (inp·Wᵀ; bias may be null). */
function denseF64(
  inp: Float64Array, n: number, fin: number, w: Float64Array, wOff: number,
  bias: Float64Array | null, bOff: number, fout: number, out: Float64Array, accumulate: boolean,
): void {
  for (let i = 0; i < n; i++) {
    const io = i * fin;
    const oo = i * fout;
    for (let j = 0; j < fout; j++) {
      let s = accumulate ? out[oo + j] : 0;
      if (bias !== null) s += bias[bOff + j];
      const wo = wOff + j * fin;
      for (let f = 0; f < fin; f++) s += inp[io + f] * w[wo + f];
      out[oo + j] = s;
    }
  }
}

/** g[gOff + j·fin + f] (+)= Σ_i d[i,j]·inp[i,f]  (dᵀ·inp: the weight gradient). */
function outerF64(
  d: Float64Array, n: number, fout: number, inp: Float64Array, fin: number,
  g: Float64Array, gOff: number, accumulate: boolean,
): void {
  if (!accumulate) g.fill(0, gOff, gOff + fout * fin);
  for (let i = 0; i < n; i++) {
    const io = i * fin;
    const dOff = i * fout;
    for (let j = 0; j < fout; j++) {
      const dj = d[dOff + j];
      if (dj === 0) continue; // dead ReLU units and dropped units cost nothing
      const go = gOff + j * fin;
      for (let f = 0; f < fin; f++) g[go + f] += dj * inp[io + f];
    }
  }
}

/** out[i,f] (+)= Σ_j d[i,j]·w[wOff + j·fin + f]  (d·W: the signal sent to the layer below). */
function backDenseF64(
  d: Float64Array, n: number, fout: number, w: Float64Array, wOff: number, fin: number,
  out: Float64Array, accumulate: boolean,
): void {
  if (!accumulate) out.fill(0, 0, n * fin);
  for (let i = 0; i < n; i++) {
    const io = i * fin;
    const dOff = i * fout;
    for (let j = 0; j < fout; j++) {
      const dj = d[dOff + j];
      if (dj === 0) continue;
      const wo = wOff + j * fin;
      for (let f = 0; f < fin; f++) out[io + f] += dj * w[wo + f];
    }
  }
}

/** g[gOff + j] = Σ_i d[i,j]  (the bias gradient). */
function colSumF64(d: Float64Array, n: number, fout: number, g: Float64Array, gOff: number): void {
  for (let j = 0; j < fout; j++) g[gOff + j] = 0;
  for (let i = 0; i < n; i++) {
    const dOff = i * fout;
    for (let j = 0; j < fout; j++) g[gOff + j] += d[dOff + j];
  }
}

function mulInPlaceF64(a: Float64Array, aOff: number, m: Float64Array, len: number): void {
  for (let i = 0; i < len; i++) a[aOff + i] *= m[i];
}

// ------------------------------------------------------------------ activations

function activateF64(act: ActCode, a: Float64Array, len: number): void {
  if (act === ACT_RELU) {
    for (let i = 0; i < len; i++) if (!(a[i] > 0)) a[i] = 0;
  } else if (act === ACT_TANH) {
    for (let i = 0; i < len; i++) a[i] = Math.tanh(a[i]);
  }
}

/** d *= act'(z), written in terms of a = act(z): relu 1[a>0], tanh 1−a², linear 1. */
function mulActDerivF64(act: ActCode, a: Float64Array, d: Float64Array, len: number): void {
  if (act === ACT_RELU) {
    for (let i = 0; i < len; i++) if (!(a[i] > 0)) d[i] = 0;
  } else if (act === ACT_TANH) {
    for (let i = 0; i < len; i++) d[i] *= 1 - a[i] * a[i];
  }
}

/**
 * Backward step through the activation for both passes:
 * rdz = rda·act'(z) + da·act''(z)·R{z}, then dz = da·act'(z).
 * act'' is −2a(1−a²) for tanh and 0 for relu (almost everywhere) and linear.
 */
function actBackwardRF64(act: ActCode, a: Float64Array, dz: Float64Array, rdz: Float64Array, rz: Float64Array, len: number): void {
  if (act === ACT_RELU) {
    for (let i = 0; i < len; i++) {
      if (!(a[i] > 0)) {
        dz[i] = 0;
        rdz[i] = 0;
      }
    }
  } else if (act === ACT_TANH) {
    for (let i = 0; i < len; i++) {
      const ai = a[i];
      const s = 1 - ai * ai;
      rdz[i] = rdz[i] * s - 2 * ai * s * dz[i] * rz[i];
      dz[i] *= s;
    }
  }
}

// ------------------------------------------------------------------ weight selection (DropConnect)

function prepareWeightsF64(p: MlpPlan, th: Float64Array, m: MasksF64 | null, ws: WorkspaceF64, direction: boolean): void {
  const src = direction ? ws.rwSrc : ws.wSrc;
  const at = direction ? ws.rwAt : ws.wAt;
  for (let k = 0; k <= p.depth; k++) {
    const off = k < p.depth ? p.wOff[k] : p.vOff;
    const wm = m === null ? null : m.weight[k];
    if (wm === null || wm === undefined) {
      src[k] = th;
      at[k] = off;
    } else {
      const buf = ws.maskedWeights(k, direction);
      for (let i = 0; i < buf.length; i++) buf[i] = th[off + i] * wm[i];
      src[k] = buf;
      at[k] = 0;
    }
  }
}

function hiddenMaskF64(m: MasksF64 | null, k: number): Float64Array | null {
  if (m === null) return null;
  const hm = m.hidden[k];
  return hm === undefined ? null : hm;
}

function weightMaskF64(m: MasksF64 | null, k: number): Float64Array | null {
  if (m === null) return null;
  const wm = m.weight[k];
  return wm === undefined ? null : wm;
}

// ------------------------------------------------------------------ kernels

/** Forward pass: fills ws.act, ws.hid (post-mask hidden layers) and ws.out. */
export function forwardF64(p: MlpPlan, th: Float64Array, x: Float64Array, n: number, m: MasksF64 | null, ws: WorkspaceF64): void {
  prepareWeightsF64(p, th, m, ws, false);
  let inp = x;
  let fin = p.inputDim;
  for (let k = 0; k < p.depth; k++) {
    const u = p.units[k];
    const a = ws.act[k];
    denseF64(inp, n, fin, ws.wSrc[k], ws.wAt[k], th, p.bOff[k], u, a, false);
    activateF64(p.act, a, n * u);
    const hm = hiddenMaskF64(m, k);
    let h = a;
    if (hm !== null) {
      h = ws.maskedHidden(k);
      for (let i = 0; i < n * u; i++) h[i] = a[i] * hm[i];
    }
    ws.hid[k] = h;
    inp = h;
    fin = u;
  }
  denseF64(inp, n, fin, ws.wSrc[p.depth], ws.wAt[p.depth], p.cOff >= 0 ? th : null, p.cOff, p.outputDim, ws.out, false);
}

/** Mean squared error Σ(out − y)² / (n·outputDim). */
export function lossF64(p: MlpPlan, th: Float64Array, x: Float64Array, y: Float64Array, n: number, m: MasksF64 | null, ws: WorkspaceF64): number {
  forwardF64(p, th, x, n, m, ws);
  const len = n * p.outputDim;
  let sse = 0;
  for (let i = 0; i < len; i++) {
    const e = ws.out[i] - y[i];
    sse += e * e;
  }
  return sse / len;
}

/** Loss and its gradient (written into grad, length nParams). */
export function lossAndGradF64(
  p: MlpPlan, th: Float64Array, x: Float64Array, y: Float64Array, n: number, m: MasksF64 | null,
  grad: Float64Array, ws: WorkspaceF64,
): number {
  forwardF64(p, th, x, n, m, ws);
  const L = p.depth;
  const D = p.outputDim;
  const len = n * D;
  const scale = 2 / len;
  let sse = 0;
  for (let i = 0; i < len; i++) {
    const e = ws.out[i] - y[i];
    sse += e * e;
    ws.dOut[i] = scale * e;
  }
  // Readout.
  outerF64(ws.dOut, n, D, ws.hid[L - 1], p.lastUnits, grad, p.vOff, false);
  const vm = weightMaskF64(m, L);
  if (vm !== null) mulInPlaceF64(grad, p.vOff, vm, D * p.lastUnits);
  if (p.cOff >= 0) colSumF64(ws.dOut, n, D, grad, p.cOff);
  backDenseF64(ws.dOut, n, D, ws.wSrc[L], ws.wAt[L], p.lastUnits, ws.dz[L - 1], false);
  // Hidden layers, top down. ws.dz[k] arrives as ∂loss/∂h_k.
  for (let k = L - 1; k >= 0; k--) {
    const u = p.units[k];
    const fin = p.fanIn[k];
    const dz = ws.dz[k];
    const hm = hiddenMaskF64(m, k);
    if (hm !== null) mulInPlaceF64(dz, 0, hm, n * u);
    mulActDerivF64(p.act, ws.act[k], dz, n * u);
    outerF64(dz, n, u, k === 0 ? x : ws.hid[k - 1], fin, grad, p.wOff[k], false);
    const wm = weightMaskF64(m, k);
    if (wm !== null) mulInPlaceF64(grad, p.wOff[k], wm, u * fin);
    colSumF64(dz, n, u, grad, p.bOff[k]);
    if (k > 0) backDenseF64(dz, n, u, ws.wSrc[k], ws.wAt[k], fin, ws.dz[k - 1], false);
  }
  return sse / len;
}

/**
 * Exact Hessian-vector product H·v of the loss at th, written into out (length nParams).
 * Forward pass, R-forward pass (directional derivatives R{·} = d/dε ·(th + εv) at ε = 0), then the
 * backward pass together with its R-derivative. The tanh term da·act''(z)·R{z} is included.
 */
export function hvpF64(
  p: MlpPlan, th: Float64Array, x: Float64Array, y: Float64Array, n: number, v: Float64Array,
  out: Float64Array, m: MasksF64 | null, ws: WorkspaceF64,
): void {
  forwardF64(p, th, x, n, m, ws);
  prepareWeightsF64(p, v, m, ws, true);
  const r = ws.r();
  const L = p.depth;
  const D = p.outputDim;
  // R-forward: R{z_k} = R{h_{k-1}}·W̃ᵀ + h_{k-1}·R{W̃}ᵀ + v_b;  R{h_k} = act'(z_k)·R{z_k}·mask.
  let inp = x;
  let rin: Float64Array | null = null;
  let fin = p.inputDim;
  for (let k = 0; k < L; k++) {
    const u = p.units[k];
    const len = n * u;
    const rz = r.rz[k];
    denseF64(inp, n, fin, ws.rwSrc[k], ws.rwAt[k], v, p.bOff[k], u, rz, false);
    if (rin !== null) denseF64(rin, n, fin, ws.wSrc[k], ws.wAt[k], null, 0, u, rz, true);
    const rh = r.rh[k];
    rh.set(rz);
    mulActDerivF64(p.act, ws.act[k], rh, len);
    const hm = hiddenMaskF64(m, k);
    if (hm !== null) mulInPlaceF64(rh, 0, hm, len);
    inp = ws.hid[k];
    rin = rh;
    fin = u;
  }
  const hL = ws.hid[L - 1];
  const rhL = r.rh[L - 1];
  denseF64(hL, n, fin, ws.rwSrc[L], ws.rwAt[L], p.cOff >= 0 ? v : null, p.cOff, D, r.rOut, false);
  denseF64(rhL, n, fin, ws.wSrc[L], ws.wAt[L], null, 0, D, r.rOut, true);

  // Output error and its R-derivative.
  const len = n * D;
  const scale = 2 / len;
  for (let i = 0; i < len; i++) {
    ws.dOut[i] = scale * (ws.out[i] - y[i]);
    r.rdOut[i] = scale * r.rOut[i];
  }
  // Readout block: R{∂V} = R{dOut}ᵀ·h_L + dOutᵀ·R{h_L}.
  outerF64(r.rdOut, n, D, hL, p.lastUnits, out, p.vOff, false);
  outerF64(ws.dOut, n, D, rhL, p.lastUnits, out, p.vOff, true);
  const vm = weightMaskF64(m, L);
  if (vm !== null) mulInPlaceF64(out, p.vOff, vm, D * p.lastUnits);
  if (p.cOff >= 0) colSumF64(r.rdOut, n, D, out, p.cOff);
  backDenseF64(ws.dOut, n, D, ws.wSrc[L], ws.wAt[L], p.lastUnits, ws.dz[L - 1], false);
  backDenseF64(r.rdOut, n, D, ws.wSrc[L], ws.wAt[L], p.lastUnits, r.rdz[L - 1], false);
  backDenseF64(ws.dOut, n, D, ws.rwSrc[L], ws.rwAt[L], p.lastUnits, r.rdz[L - 1], true);

  for (let k = L - 1; k >= 0; k--) {
    const u = p.units[k];
    const fin = p.fanIn[k];
    const lenK = n * u;
    const dz = ws.dz[k];
    const rdz = r.rdz[k];
    const hm = hiddenMaskF64(m, k);
    if (hm !== null) {
      mulInPlaceF64(dz, 0, hm, lenK);
      mulInPlaceF64(rdz, 0, hm, lenK);
    }
    actBackwardRF64(p.act, ws.act[k], dz, rdz, r.rz[k], lenK);
    // R{∂W_k} = R{dz}ᵀ·h_{k-1} + dzᵀ·R{h_{k-1}} (R{h_0} = R{x} = 0).
    outerF64(rdz, n, u, k === 0 ? x : ws.hid[k - 1], fin, out, p.wOff[k], false);
    if (k > 0) outerF64(dz, n, u, r.rh[k - 1], fin, out, p.wOff[k], true);
    const wm = weightMaskF64(m, k);
    if (wm !== null) mulInPlaceF64(out, p.wOff[k], wm, u * fin);
    colSumF64(rdz, n, u, out, p.bOff[k]);
    if (k > 0) {
      backDenseF64(dz, n, u, ws.wSrc[k], ws.wAt[k], fin, ws.dz[k - 1], false);
      backDenseF64(rdz, n, u, ws.wSrc[k], ws.wAt[k], fin, r.rdz[k - 1], false);
      backDenseF64(dz, n, u, ws.rwSrc[k], ws.rwAt[k], fin, r.rdz[k - 1], true);
    }
  }
}
