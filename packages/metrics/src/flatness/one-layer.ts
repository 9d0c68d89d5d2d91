// Exact Hessian structure of the MSE of a one-hidden-layer MLP f(x) = V·σ(W·x + b) (+ c), the paper's network.
//
// With r = f − y and c0 = 2/(n·D):  H = c0·(JᵀJ + Σ_ij r_ij ∇²f_ij)  (Gauss–Newton + residual part).
// Because f is a sum over hidden units, ∇²f_ij has no cross-unit blocks: the residual part is block-diagonal with
// one (fanIn+1+D)-sized block per unit k, in coordinates (w̃_k = [W_k, b_k], V_{:,k}):
//     R_k = [[Σ_i g_ik σ''(z_ik) x̃_i x̃_iᵀ,  M_kᵀ], [M_k, 0]],   M_k = Σ_i σ'(z_ik) r_i x̃_iᵀ,  g_ik = Σ_j r_ij V_jk.
// For ReLU (and linear) σ'' = 0, so R_k has a zero diagonal and tr H comes from Gauss–Newton alone.
// A ReLU unit inactive on every sample has zero rows in J and in R_k: its fanIn+1+D coordinates are exact zeros.

import type { MlpSpec } from '@driftlab/core';
import { activate } from './activation';
import type { Data64 } from './mlp-hessian';
import { mlpLayout, type MlpLayout } from './mlp-layout';

export class OneLayerHessian {
  readonly layout: MlpLayout;
  readonly n: number;
  readonly inputDim: number;
  readonly units: number;
  readonly outputDim: number;
  readonly nParams: number;
  /** 2/(n·D): Hessian of the mean over n·D entries. */
  readonly c0: number;
  readonly loss: number;
  /** Pre-activations, activations, σ', σ'' (n × units). */
  readonly z: Float64Array;
  readonly h: Float64Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  /** Residuals f − y (n × D). */
  readonly r: Float64Array;
  /** g_ik = Σ_j r_ij V_jk (n × units), only where σ'' matters. */
  readonly g: Float64Array;
  /** |x̃_i|² = |x_i|² + 1. */
  readonly xNorm2: Float64Array;
  /** Units whose Hessian rows can be non-zero (all units unless ReLU). */
  readonly live: Int32Array;
  readonly hasC: boolean;

  constructor(
    readonly spec: MlpSpec,
    readonly params: Float64Array,
    readonly data: Data64,
  ) {
    if (spec.hidden.length !== 1) throw new Error('OneLayerHessian: needs exactly one hidden layer');
    this.layout = mlpLayout(spec);
    if (params.length !== this.layout.nParams) throw new Error(`flatness: ${params.length} parameters, spec needs ${this.layout.nParams}`);
    const n = (this.n = data.n);
    const Din = (this.inputDim = spec.inputDim);
    const N = (this.units = spec.hidden[0]);
    const D = (this.outputDim = spec.outputDim);
    this.nParams = this.layout.nParams;
    this.hasC = spec.outputBias;
    this.c0 = 2 / (n * D);
    const { w: W, b: B } = this.layout.layers[0];
    const V = this.layout.v;
    const x = data.x;
    this.z = new Float64Array(n * N);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < N; k++) {
        let s = params[B + k];
        const rw = W + k * Din;
        for (let l = 0; l < Din; l++) s += x[i * Din + l] * params[rw + l];
        this.z[i * N + k] = s;
      }
    this.h = new Float64Array(n * N);
    this.d1 = new Float64Array(n * N);
    this.d2 = new Float64Array(n * N);
    activate(spec.activation, this.z, this.h, this.d1, this.d2);
    this.r = new Float64Array(n * D);
    let sse = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < D; j++) {
        let s = this.hasC ? params[this.layout.c + j] : 0;
        const rv = V + j * N;
        for (let k = 0; k < N; k++) s += this.h[i * N + k] * params[rv + k];
        const res = s - data.y[i * D + j];
        this.r[i * D + j] = res;
        sse += res * res;
      }
    this.loss = sse / (n * D);
    this.g = new Float64Array(n * N);
    if (spec.activation === 'tanh')
      for (let i = 0; i < n; i++)
        for (let k = 0; k < N; k++) {
          let s = 0;
          for (let j = 0; j < D; j++) s += this.r[i * D + j] * params[V + j * N + k];
          this.g[i * N + k] = s;
        }
    this.xNorm2 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 1;
      for (let l = 0; l < Din; l++) s += x[i * Din + l] * x[i * Din + l];
      this.xNorm2[i] = s;
    }
    const live: number[] = [];
    for (let k = 0; k < N; k++) {
      let any = spec.activation !== 'relu';
      for (let i = 0; i < n && !any; i++) if (this.d1[i * N + k] !== 0) any = true;
      if (any) live.push(k);
    }
    this.live = Int32Array.from(live);
  }

  /** Hidden units with no active sample (zero Hessian rows); 0 unless ReLU. */
  get deadUnits(): number {
    return this.units - this.live.length;
  }

  /** Exact trace of c0·JᵀJ: c0·Σ_ij |∂f_ij/∂θ|². */
  gaussNewtonTrace(): number {
    const { n, units: N, outputDim: D, params } = this;
    const V = this.layout.v;
    let s = 0;
    for (const k of this.live) {
      let v2 = 0;
      for (let j = 0; j < D; j++) v2 += params[V + j * N + k] * params[V + j * N + k];
      let a = 0;
      let hh = 0;
      for (let i = 0; i < n; i++) {
        const d = this.d1[i * N + k];
        a += d * d * this.xNorm2[i];
        hh += this.h[i * N + k] * this.h[i * N + k];
      }
      s += v2 * a + D * hh;
    }
    if (this.hasC) s += n * D;
    return this.c0 * s;
  }

  /** Exact trace of the residual part: c0·Σ_ik g_ik σ''(z_ik)|x̃_i|² (zero for ReLU and linear). */
  residualTrace(): number {
    let s = 0;
    const { n, units: N } = this;
    for (let i = 0; i < n; i++) for (let k = 0; k < N; k++) s += this.g[i * N + k] * this.d2[i * N + k] * this.xNorm2[i];
    return this.c0 * s;
  }

  /**
   * out = H·v with the chosen parts (Gauss–Newton and/or residual), in O(n·live·(fanIn + D)): u = J·v, then Jᵀu
   * plus the residual blocks, all as products of compact live-unit matrices (no P × P matrix is formed).
   */
  hvp(v: Float64Array, out: Float64Array, parts: 'full' | 'gaussNewton' | 'residual' = 'full'): void {
    const { n, inputDim: Din, outputDim: D } = this;
    const c = this.compact();
    const L = c.L;
    const gn = parts !== 'residual';
    const res = parts !== 'gaussNewton';
    const x = this.data.x;
    const { w: W, b: B } = this.layout.layers[0];
    const Vo = this.layout.v;
    const C = this.layout.c;
    const N = this.units;
    const live = this.live;
    const s = c.scratch;
    // Gather v's blocks of live units.
    for (let a = 0; a < L; a++) {
      const k = live[a];
      for (let l = 0; l < Din; l++) s.vW[a * Din + l] = v[W + k * Din + l];
      s.vb[a] = v[B + k];
      for (let j = 0; j < D; j++) s.vV[a * D + j] = v[Vo + j * N + k];
    }
    const Vc = c.V;
    const hc = c.h;
    const d1c = c.d1;
    const curv = c.curv;
    const vV = s.vV;
    const vb = s.vb;
    const vW = s.vW;
    const rr = this.r;
    const hasC = this.hasC;
    // Only (sample, unit) pairs with σ' ≠ 0 (or σ'' ≠ 0) matter: per sample i they are act[start[i]..start[i+1]).
    const { act, start } = c;
    // U = X·vWᵀ + vb (pre-activation derivatives), T1 = σ'⊙U.
    const U = s.U;
    const T1 = s.T1;
    for (let i = 0; i < n; i++) {
      const xi = i * Din;
      const ri = i * L;
      for (let p = start[i]; p < start[i + 1]; p++) {
        const a = act[p];
        let acc = vb[a];
        const wa = a * Din;
        for (let l = 0; l < Din; l++) acc += x[xi + l] * vW[wa + l];
        U[ri + a] = acc;
        T1[ri + a] = acc * d1c[ri + a];
      }
    }
    // u = J·v = T1·Vᵀ + h·vVᵀ (+ vc); h is zero wherever σ' is (ReLU), so the active list covers both.
    // V and vV are held transposed (L × D) so every inner loop runs over D contiguous entries.
    const u = s.u;
    if (!gn) u.fill(0);
    else
      for (let i = 0; i < n; i++) {
        const ri = i * L;
        const ui = i * D;
        for (let j = 0; j < D; j++) u[ui + j] = hasC ? v[C + j] : 0;
        for (let p = start[i]; p < start[i + 1]; p++) {
          const a = act[p];
          const t = T1[ri + a];
          const hh = hc[ri + a];
          const ra = a * D;
          for (let j = 0; j < D; j++) u[ui + j] += t * Vc[ra + j] + hh * vV[ra + j];
        }
      }
    // One pass over the active pairs for the outputs: the V block gets u_ij·h_ia (Gauss–Newton) + r_ij·T1_ia
    // (residual); the w̃ block gets E_ia·x̃_i with E = σ'⊙(u·V + r·vV) + g⊙σ''⊙U, both sums sharing the loads.
    const rs = res ? 1 : 0;
    const oW = s.oW;
    const ob = s.ob;
    const oV = s.oV;
    oW.fill(0);
    ob.fill(0);
    oV.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = i * Din;
      const ri = i * L;
      const ui = i * D;
      for (let p = start[i]; p < start[i + 1]; p++) {
        const a = act[p];
        const hh = gn ? hc[ri + a] : 0;
        const t = rs * T1[ri + a];
        const ra = a * D;
        let acc = 0;
        for (let j = 0; j < D; j++) {
          const uj = u[ui + j];
          const rj = rs * rr[ui + j];
          acc += uj * Vc[ra + j] + rj * vV[ra + j];
          oV[ra + j] += uj * hh + rj * t;
        }
        let e = acc * d1c[ri + a];
        if (res && curv) e += curv[ri + a] * U[ri + a];
        if (e === 0) continue;
        ob[a] += e;
        const wa = a * Din;
        for (let l = 0; l < Din; l++) oW[wa + l] += e * x[xi + l];
      }
    }
    out.fill(0);
    const c0 = this.c0;
    for (let a = 0; a < L; a++) {
      const k = live[a];
      for (let l = 0; l < Din; l++) out[W + k * Din + l] = c0 * oW[a * Din + l];
      out[B + k] = c0 * ob[a];
      for (let j = 0; j < D; j++) out[Vo + j * N + k] = c0 * oV[a * D + j];
    }
    if (this.hasC && gn)
      for (let j = 0; j < D; j++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += u[i * D + j];
        out[C + j] = c0 * acc;
      }
  }

  private compactCache: Compact | null = null;

  /** Live-unit copies of V, h, σ' (and g·σ'' for tanh) in contiguous arrays, plus HVP scratch space. */
  private compact(): Compact {
    if (this.compactCache) return this.compactCache;
    const { n, units: N, outputDim: D, inputDim: Din } = this;
    const live = this.live;
    const L = live.length;
    const V = new Float64Array(D * L);
    const h = new Float64Array(n * L);
    const d1 = new Float64Array(n * L);
    const curv = this.spec.activation === 'tanh' ? new Float64Array(n * L) : null;
    for (let a = 0; a < L; a++) {
      const k = live[a];
      for (let j = 0; j < D; j++) V[a * D + j] = this.params[this.layout.v + j * N + k];
      for (let i = 0; i < n; i++) {
        h[i * L + a] = this.h[i * N + k];
        d1[i * L + a] = this.d1[i * N + k];
        if (curv) curv[i * L + a] = this.g[i * N + k] * this.d2[i * N + k];
      }
    }
    // Per-sample lists of the units that matter: σ' ≠ 0, σ'' ≠ 0 or h ≠ 0 (ReLU: the active ones).
    const starts = new Int32Array(n + 1);
    const list: number[] = [];
    for (let i = 0; i < n; i++) {
      starts[i] = list.length;
      for (let a = 0; a < L; a++) {
        const ia = i * N + live[a];
        if (this.d1[ia] !== 0 || this.d2[ia] !== 0 || this.h[ia] !== 0) list.push(a);
      }
    }
    starts[n] = list.length;
    const scratch = {
      vW: new Float64Array(L * Din),
      vb: new Float64Array(L),
      vV: new Float64Array(D * L),
      U: new Float64Array(n * L),
      T1: new Float64Array(n * L),
      u: new Float64Array(n * D),
      oW: new Float64Array(L * Din),
      ob: new Float64Array(L),
      oV: new Float64Array(D * L),
    };
    this.compactCache = { L, V, h, d1, curv, act: Int32Array.from(list), start: starts, scratch };
    return this.compactCache;
  }
}

interface Compact {
  L: number;
  /** V restricted to live units, transposed (L × D). */
  V: Float64Array;
  /** h, σ' (n × L). */
  h: Float64Array;
  d1: Float64Array;
  /** g·σ'' (n × L), tanh only. */
  curv: Float64Array | null;
  /** Compact indices of the units that matter for each sample i: act[start[i] .. start[i+1]). */
  act: Int32Array;
  start: Int32Array;
  scratch: Record<'vW' | 'vb' | 'vV' | 'U' | 'T1' | 'u' | 'oW' | 'ob' | 'oV', Float64Array>;
}
