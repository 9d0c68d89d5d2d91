// The ensemble kernels' context block and op records (src/wasm/ensemble.ts fills them; field indices must match)
// and the small accessors the step (ensemble.ts) and the per-quad draws (ensemble-draws.ts) share.

// ---------------------------------------------------------------- context block (i32 fields)
export const E_D = 0;
export const E_H = 1;
export const E_O = 2;
export const E_HAS_C = 3;
export const E_N = 4;
export const E_P = 5;
export const E_EP = 6; // replicas rounded up to a multiple of 4
export const E_THETA = 7; // [EP/L groups][P] vectors of T: group-major, so a group's step stays in cache
export const E_G = 8; // [P] vectors: the group's gradient, then its update
export const E_X = 9; // shared inputs n × D (T)
export const E_Y = 10; // shared targets n × O (T)
export const E_HT = 11; // [H][n] vectors
export const E_OT = 12; // [O][n] vectors
export const E_E = 13; // [n][O] vectors: scaled errors
export const E_DH = 14; // [H][n] vectors
export const E_YN = 15; // [n][O] vectors: the group's noisy targets
export const E_LOSS = 16; // f64 [EP]: training loss of each replica's last step
export const E_NUPD = 17;
export const E_UPD = 18; // op records
export const E_NBATCH = 19;
export const E_BATCH = 20;
export const E_DROP = 21; // the dropout op record, or 0
export const E_WT = 22; // [H·D] vectors: the group's W ⊙ DropConnect mask
export const E_XB = 23; // [k][D] vectors: the group's minibatch inputs (each lane its replica's rows)
export const E_YB = 24; // [k][O] vectors: their targets

// Op records (32 bytes): i32 code, a, b, c, d.
export const OP_NOISE = 1; // b: key schedules [EP/4], c: f64 noise buffer [P16][4], d: std f64 [EP]
export const OP_SCALE = 2; // d: factor f64 [EP]
export const OP_MOMENTUM = 3; // a: nesterov, c: velocity, laid out as THETA, d: beta f64 [EP]
export const OP_LABEL_UNIFORM = 11; // b: key schedules, c: f64 buffer [n·O][4], d: scale f64 [EP]
export const OP_LABEL_GAUSSIAN = 12;
// a: batch size k, b: key schedules, c: f64 uniforms [k][4], d: rows i32 [EP][k], e: perm i32 [n], f: swaps i32 [k]
export const OP_MINIBATCH = 10;
// a: 1 for DropConnect, b: key schedules, c: f64 mask values [count][4], d: rate f64 [EP], e: keep f64 [EP]
export const OP_DROPOUT = 20;

@inline export function fld(ctx: usize, i: i32): i32 {
  return load<i32>(ctx + (<usize>i << 2));
}
@inline export function ptr(ctx: usize, i: i32): usize {
  return <usize>load<i32>(ctx + (<usize>i << 2));
}
@inline export function rec(op: usize, i: i32): i32 {
  return load<i32>(op + (<usize>i << 2));
}

/** Per-lane f64 values of replicas r0 .. r0+L−1 (f64: one vector; f32: two, lo and hi). */
@inline export function laneF64(values: usize, r0: i32, half: i32): v128 {
  return v128.load(values + (<usize>(r0 + 2 * half) << 3));
}

/** Four lanes of f64 noise (one index of a quad buffer, 32 bytes) → the group's T vector at lane offset. */
@inline export function noiseVec<T>(nb: usize, i: i32, q0: i32): v128 {
  const at = nb + (<usize>i << 5) + (<usize>q0 << 3);
  if (sizeof<T>() == 8) return v128.load(at);
  return i32x4.shuffle(f32x4.demote_f64x2_zero(v128.load(at)), f32x4.demote_f64x2_zero(v128.load(at, 16)), 0, 1, 4, 5);
}
