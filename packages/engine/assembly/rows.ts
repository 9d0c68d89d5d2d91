// Minibatch rows as rules-sgd's RowSampler draws them: a partial Fisher–Yates shuffle of the identity
// permutation on uniforms U(step, 0 … k−1), undone afterwards so the permutation is the identity again.

/**
 * rows[i] for i < k from the uniforms at u, u + stride, … (f64): j = i + min(⌊u_i·(n − i)⌋, n − i − 1), swap
 * perm[i] and perm[j], rows[i] = perm[i]; then the swaps are undone. perm (i32 × n) holds the identity on entry
 * and on return; swaps is scratch (i32 × k).
 */
export function sampleRowsFrom(u: usize, stride: usize, n: i32, k: i32, perm: usize, swaps: usize, rows: usize): void {
  for (let i = 0; i < k; i++) {
    const j = i + min(<i32>Math.floor(load<f64>(u + <usize>i * stride) * <f64>(n - i)), n - i - 1);
    store<i32>(swaps + (<usize>i << 2), j);
    const t = load<i32>(perm + (<usize>i << 2));
    store<i32>(perm + (<usize>i << 2), load<i32>(perm + (<usize>j << 2)));
    store<i32>(perm + (<usize>j << 2), t);
    store<i32>(rows + (<usize>i << 2), load<i32>(perm + (<usize>i << 2)));
  }
  for (let i = k - 1; i >= 0; i--) {
    const j = load<i32>(swaps + (<usize>i << 2));
    const t = load<i32>(perm + (<usize>i << 2));
    store<i32>(perm + (<usize>i << 2), load<i32>(perm + (<usize>j << 2)));
    store<i32>(perm + (<usize>j << 2), t);
  }
}
