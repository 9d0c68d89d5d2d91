// Minibatch selection: each step trains on batchSize rows drawn from the batch it is given (normally the full
// task data). Rows depend only on (stream, step), never on earlier steps, so runs resume and fuse exactly.
//
// Draw convention (a fused backend must reproduce it), with U(b, i) = stream.uniform(b, i):
//   without replacement: perm = identity(n); for i in [0, k): j = i + ⌊U(step, i)·(n − i)⌋; swap perm[i], perm[j];
//                        row i of the minibatch is perm[i]  (a partial Fisher–Yates shuffle)
//   with replacement:    row i of the minibatch is ⌊U(step, i)·n⌋

import type { Batch, BatchTransform, FloatArray, RandomStream } from '@driftlab/core';

/** Draws minibatch row indices; keeps its buffers between steps. */
export class RowSampler {
  /** Identity permutation between calls (swaps are undone), so a draw costs O(k), not O(n). */
  private perm = new Int32Array(0);
  private swaps = new Int32Array(0);

  constructor(private readonly stream: RandomStream) {}

  /** Writes k row indices in [0, n) for `step` into out[0..k). */
  sample(step: number, n: number, k: number, replace: boolean, out: Int32Array): void {
    if (out.length < k) throw new Error(`RowSampler: out holds ${out.length} < ${k} indices`);
    const s = this.stream;
    if (replace) {
      for (let i = 0; i < k; i++) out[i] = Math.min(Math.floor(s.uniform(step, i) * n), n - 1);
      return;
    }
    if (k > n) throw new Error(`minibatch: batchSize ${k} exceeds the ${n} available rows (replace: false)`);
    if (this.perm.length !== n) {
      this.perm = new Int32Array(n);
      for (let i = 0; i < n; i++) this.perm[i] = i;
    }
    if (this.swaps.length < k) this.swaps = new Int32Array(k);
    const perm = this.perm;
    const swaps = this.swaps;
    for (let i = 0; i < k; i++) {
      const j = i + Math.min(Math.floor(s.uniform(step, i) * (n - i)), n - i - 1);
      swaps[i] = j;
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
      out[i] = perm[i];
    }
    // Undo in reverse so perm is the identity again for the next step.
    for (let i = k - 1; i >= 0; i--) {
      const j = swaps[i];
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
  }
}

function gatherF64(src: Float64Array, dst: Float64Array, rows: Int32Array, k: number, dim: number): void {
  for (let i = 0; i < k; i++) {
    const from = rows[i] * dim;
    const to = i * dim;
    for (let d = 0; d < dim; d++) dst[to + d] = src[from + d];
  }
}
function gatherF32(src: Float32Array, dst: Float32Array, rows: Int32Array, k: number, dim: number): void {
  for (let i = 0; i < k; i++) {
    const from = rows[i] * dim;
    const to = i * dim;
    for (let d = 0; d < dim; d++) dst[to + d] = src[from + d];
  }
}

/** Reuses `dst` when it fits src's dtype and the wanted length, else allocates. */
function gather(src: FloatArray, dst: FloatArray | null, rows: Int32Array, k: number, dim: number): FloatArray {
  if (src instanceof Float64Array) {
    const out = dst instanceof Float64Array && dst.length === k * dim ? dst : new Float64Array(k * dim);
    gatherF64(src, out, rows, k, dim);
    return out;
  }
  const out = dst instanceof Float32Array && dst.length === k * dim ? dst : new Float32Array(k * dim);
  gatherF32(src, out, rows, k, dim);
  return out;
}

/**
 * BatchTransform that keeps batchSize rows per step (see the draw convention above). The returned batch's
 * buffers are reused across steps; the input batch is never modified.
 */
export function minibatch(batchSize: number, stream: RandomStream, replace = false): BatchTransform {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`minibatch: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const sampler = new RowSampler(stream);
  const rows = new Int32Array(batchSize);
  let x: FloatArray | null = null;
  let y: FloatArray | null = null;
  return {
    name: 'minibatch',
    // The fused op has no "replace" field, so only the default (without replacement) may be fused.
    fusable: replace ? undefined : { op: 'minibatch', batchSize, stream },
    apply(batch: Batch, step: number): Batch {
      const n = batch.n;
      sampler.sample(step, n, batchSize, replace, rows);
      x = gather(batch.x, x, rows, batchSize, batch.x.length / n);
      y = gather(batch.y, y, rows, batchSize, batch.y.length / n);
      return { x, y, n: batchSize };
    },
  };
}
