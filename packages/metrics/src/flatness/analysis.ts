// One snapshot's Hessian, analysed lazily: every quantity is computed on first request and memoised, so several
// metric probes at the same evaluation share the work. One-hidden-layer networks (the paper's) take the exact
// structured path (one-layer.ts, unit-reduction.ts); deeper ones the generic Hessian-vector-product path.

import type { MlpSpec } from '@driftlab/core';
import { lanczosLargest, symmetricEigenvalues } from '../linalg';
import { isPiecewiseLinear } from './activation';
import { denseHessian } from './dense-reference';
import { gramSpectrum } from './gram';
import { MlpHessian, type Data64 } from './mlp-hessian';
import { OneLayerHessian } from './one-layer';
import { reducedDimBound, residualNorms } from './residual-norms';
import { UnitReduction } from './unit-reduction';

export interface FlatnessOptions {
  /** An eigenvalue counts as non-zero when λ > tolerance·λmax (λmax the largest eigenvalue). */
  tolerance: number;
  /** How many of the largest eigenvalues to report. */
  topK: number;
  /** Full spectrum only when the dense problem left after the exact reduction is at most this big. */
  maxDenseDim: number;
  /** Compute the full spectrum (when affordable); false skips it (counts and logDet are then null). */
  fullSpectrum: boolean;
  /** Lanczos (top eigenvalues when the spectrum is not computed): iterations and relative residual. */
  lanczosMaxIter: number;
  lanczosTolerance: number;
}

export const DEFAULT_FLATNESS_OPTIONS: FlatnessOptions = {
  tolerance: 1e-10,
  topK: 10,
  maxDenseDim: 2500,
  fullSpectrum: true,
  lanczosMaxIter: 300,
  lanczosTolerance: 1e-10,
};

export interface TraceParts {
  total: number;
  gaussNewton: number;
  residual: number;
}

export interface TopEigenvalues {
  /** Descending. */
  values: Float64Array;
  converged: boolean;
  /** Lanczos iterations (0 when read off the full spectrum). */
  iterations: number;
  method: 'spectrum' | 'lanczos';
}

export interface SpectralCounts {
  tolerance: number;
  /** Eigenvalues above tolerance·λmax. */
  count: number;
  fraction: number;
  /** Σ log λ over those eigenvalues (natural log). */
  logDet: number;
}

export class FlatnessAnalysis {
  readonly options: FlatnessOptions;
  readonly nParams: number;
  private readonly one: OneLayerHessian | null;
  private generic: MlpHessian | null = null;
  private memo = new Map<string, unknown>();

  constructor(
    readonly spec: MlpSpec,
    readonly params: Float64Array,
    readonly data: Data64,
    options: Partial<FlatnessOptions> = {},
  ) {
    this.options = { ...DEFAULT_FLATNESS_OPTIONS, ...options };
    this.one = spec.hidden.length === 1 ? new OneLayerHessian(spec, params, data) : null;
    this.nParams = this.one ? this.one.nParams : this.op().nParams;
  }

  private cached<T>(key: string, f: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, f());
    return this.memo.get(key) as T;
  }

  private op(): MlpHessian {
    if (!this.generic) this.generic = new MlpHessian(this.spec, this.params, this.data);
    return this.generic;
  }

  private units(): UnitReduction {
    return this.cached('units', () => new UnitReduction(this.one as OneLayerHessian));
  }

  get structured(): boolean {
    return this.one !== null;
  }

  loss(): number {
    return this.one ? this.one.loss : this.op().loss;
  }

  /** H·v (exact). */
  hvp(v: Float64Array, out: Float64Array): void {
    if (this.one) this.one.hvp(v, out);
    else this.op().hvp(v, out);
  }

  /** Hidden units with no active sample, per hidden layer (their Hessian rows are exactly zero). */
  deadUnits(): number[] {
    return this.cached('dead', () => {
      if (this.one) return [this.one.deadUnits];
      if (this.spec.activation !== 'relu') return this.spec.hidden.map(() => 0);
      const op = this.op();
      return this.spec.hidden.map((units, k) => {
        const d1 = op.derivative(k);
        let dead = 0;
        for (let u = 0; u < units; u++) {
          let on = false;
          for (let i = 0; i < this.data.n && !on; i++) on = d1[i * units + u] !== 0;
          if (!on) dead++;
        }
        return dead;
      });
    });
  }

  /** Exact trace of the Gauss–Newton part alone (always available). */
  gaussNewtonTraceOnly(): number {
    return this.cached('gnTrace', () => (this.one ? this.one.gaussNewtonTrace() : this.op().gaussNewtonTrace()));
  }

  /** Exact trace, split into Gauss–Newton and residual parts (residual is null only for deep smooth nets). */
  trace(): TraceParts | null {
    return this.cached('trace', () => {
      if (this.one) {
        const gaussNewton = this.one.gaussNewtonTrace();
        const residual = this.one.residualTrace();
        return { total: gaussNewton + residual, gaussNewton, residual };
      }
      const gaussNewton = this.gaussNewtonTraceOnly();
      if (isPiecewiseLinear(this.spec.activation)) return { total: gaussNewton, gaussNewton, residual: 0 };
      const spectrum = this.spectrum();
      if (!spectrum) return null;
      let total = 0;
      for (const x of spectrum) total += x;
      return { total, gaussNewton, residual: total - gaussNewton };
    });
  }

  /**
   * Size of the dense eigenproblem the full spectrum needs after the exact reduction: exact once the reduction
   * has been built, otherwise a cheap upper bound (nParams for deep nets).
   */
  denseDim(): number {
    if (!this.one) return this.nParams;
    if (this.memo.has('units')) return this.units().reducedDim();
    return this.cached('dimBound', () => reducedDimBound(this.one as OneLayerHessian));
  }

  /**
   * All nParams eigenvalues, descending; null when not wanted or not affordable (denseDim() > maxDenseDim).
   * Once computed it is kept, whatever later callers pass as maxDenseDim.
   */
  spectrum(maxDenseDim = this.options.maxDenseDim): Float64Array | null {
    const done = this.memo.get('spectrum') as Float64Array | undefined;
    if (done) return done;
    if (!this.options.fullSpectrum || this.denseDim() > maxDenseDim) return null;
    const out = new Float64Array(this.nParams);
    if (this.one) {
      if (this.units().reducedDim() > maxDenseDim) return null;
      const { matrix, m } = this.units().reducedMatrix();
      out.set(symmetricEigenvalues(matrix, m, true));
    } else {
      out.set(symmetricEigenvalues(denseHessian(this.spec, this.params, this.data), this.nParams, true));
    }
    // Structural zeros sit between the negative and positive eigenvalues once sorted.
    out.sort().reverse();
    this.memo.set('spectrum', out);
    return out;
  }

  /** The k largest eigenvalues, descending: from the spectrum when affordable, else Lanczos on exact H·v. */
  topEigenvalues(
    k = this.options.topK,
    maxDenseDim = this.options.maxDenseDim,
    maxIter = this.options.lanczosMaxIter,
    tol = this.options.lanczosTolerance,
  ): TopEigenvalues {
    const spectrum = this.spectrum(maxDenseDim);
    if (spectrum) return { values: spectrum.slice(0, Math.min(k, spectrum.length)), converged: true, iterations: 0, method: 'spectrum' };
    return this.cached(`top${k},${maxIter},${tol}`, () => {
      const r = lanczosLargest((v, out) => this.hvp(v, out), this.nParams, k, { maxIter, tol, wantTopVector: true });
      if (r.topVector) this.memo.set('topVector', r.topVector);
      return { values: r.values, converged: r.converged, iterations: r.iterations, method: 'lanczos' as const };
    });
  }

  /** Largest eigenvalue of the Gauss–Newton part (Lanczos; exact from the Gram matrix when that is small). */
  gaussNewtonMax(): number {
    return this.cached('gnMax', () => {
      const gram = this.gaussNewtonSpectrum();
      if (gram) return gram.length ? gram[0] : 0;
      // Warm start from H's top eigenvector when Lanczos already found it: H and its Gauss–Newton part share
      // their leading directions near the zero-loss manifold, so this takes a few iterations instead of ~50.
      const start = this.memo.get('topVector') as Float64Array | undefined;
      const op = this.one;
      const matvec = op ? (v: Float64Array, out: Float64Array) => op.hvp(v, out, 'gaussNewton') : (v: Float64Array, out: Float64Array) => this.op().gaussNewtonHvp(v, out);
      return lanczosLargest(matvec, this.nParams, 1, { maxIter: this.options.lanczosMaxIter, tol: this.options.lanczosTolerance, start }).values[0];
    });
  }

  /**
   * Non-zero eigenvalues of the Gauss–Newton part (descending) from the n·D Gram matrix J·Jᵀ, for one-hidden-layer
   * nets with n·D ≤ maxDenseDim; otherwise null.
   */
  gaussNewtonSpectrum(): Float64Array | null {
    return this.cached('gnSpectrum', () => {
      if (!this.one || this.data.n * this.spec.outputDim > this.options.maxDenseDim) return null;
      return gramSpectrum(this.one);
    });
  }

  /** Spectral and Frobenius norms of the residual part (exact, from per-unit blocks; null for deep nets). */
  residualNorms(): { spectral: number; frobenius: number } | null {
    return this.cached('residual', () => {
      return this.one ? residualNorms(this.one) : null;
    });
  }

  /** Count, fraction and Σ log of eigenvalues above tolerance·λmax; null without the full spectrum. */
  counts(tolerance = this.options.tolerance, maxDenseDim = this.options.maxDenseDim): SpectralCounts | null {
    const spectrum = this.spectrum(maxDenseDim);
    return spectrum ? countAbove(spectrum, tolerance) : null;
  }

}

/** Count / fraction / Σ log λ of the eigenvalues λ > tolerance·λmax of a descending spectrum. */
export function countAbove(spectrum: Float64Array, tolerance: number): SpectralCounts {
  const top = spectrum.length ? spectrum[0] : 0;
  const cut = tolerance * top;
  let count = 0;
  let logDet = 0;
  if (top > 0)
    for (const x of spectrum) {
      if (!(x > cut)) break;
      count++;
      logDet += Math.log(x);
    }
  return { tolerance, count, fraction: spectrum.length ? count / spectrum.length : 0, logDet };
}
