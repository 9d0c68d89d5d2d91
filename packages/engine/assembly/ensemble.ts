// Ensembles: E replicas of one-hidden-layer ReLU MLPs on the same data, advanced in lockstep, SIMD lanes
// across replicas (f64: two replicas per vector, f32: four). Parameters are group-major: group g (replicas
// g·L … g·L+L−1) owns P vectors, vector i holding entry i of its L replicas; EP is the replica count rounded
// up to a multiple of 4 (noise is drawn per quad of four streams). Each replica runs the scalar algorithm of
// mlp.ts/fused.ts in its own lane: the same operations in the same order, so a replica's trajectory is
// bit-identical whether it runs alone, packed with others, or as a single run. Data (inputs, clean targets)
// are shared scalars, splatted across lanes; a minibatch gathers each replica's rows into per-lane vectors.
//
// Per step, for each quad of four replicas: draw the quad's noise, minibatch rows and dropout masks (four streams
// in the four Threefry lanes), then for each vector group of the quad: batch ops, forward, errors, backward,
// update ops, θ += u. Context and op layout: ensemble-layout.ts; the per-quad draws: ensemble-draws.ts.

import { keySchedule } from './rng-base';
import { vadd, vmul, vsplat } from './simd';
import { EPI_MASK, EPI_NONE, EPI_RELU, INIT_BIAS, INIT_ZERO, lgemm } from './tiles';
import {
  E_BATCH, E_D, E_DH, E_DROP, E_E, E_EP, E_G, E_H, E_HAS_C, E_HT, E_LOSS, E_N, E_NBATCH, E_NUPD, E_O, E_OT, E_P,
  E_THETA, E_UPD, E_WT, E_X, E_XB, E_Y, E_YB, E_YN, fld, laneF64, noiseVec, OP_MINIBATCH, OP_MOMENTUM, OP_NOISE,
  OP_SCALE, ptr, rec,
} from './ensemble-layout';
import { gatherRows, quadMasks, quadNoise, quadRows } from './ensemble-draws';

const ONE64: usize = memory.data<f64>([1.0]);
const ONE32: usize = memory.data<f32>([1.0]);

/** One step of the group of L replicas starting at replica r0 (q0 = r0 mod 4: its lane offset in the quad). */
function groupStep<T>(ctx: usize, r0: i32, q0: i32): void {
  const D = fld(ctx, E_D);
  const H = fld(ctx, E_H);
  const O = fld(ctx, E_O);
  let n = fld(ctx, E_N);
  const P = fld(ctx, E_P);
  const ep = fld(ctx, E_EP);
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  const th = ptr(ctx, E_THETA) + (<usize>(r0 / L) * <usize>P << 4); // this group's P vectors
  const g = ptr(ctx, E_G);
  let X = ptr(ctx, E_X);
  const ht = ptr(ctx, E_HT);
  const ot = ptr(ctx, E_OT);
  const ee = ptr(ctx, E_E);
  const dh = ptr(ctx, E_DH);
  const bOff = <usize>(H * D);
  const vOff = bOff + <usize>H;
  const cOff = vOff + <usize>(O * H);
  const hasC = fld(ctx, E_HAS_C) != 0;

  // Batch ops in order. Inputs: shared scalars, or the group's minibatch (vectors, xv). Targets: shared, or
  // per-lane vectors at ycur (yv): the minibatch's, and label ops' noisy copies (y ← T(noise) + y).
  let yv = false;
  let xv = false;
  let ycur = ptr(ctx, E_Y);
  const yn = ptr(ctx, E_YN);
  const nb = fld(ctx, E_NBATCH);
  for (let k = 0; k < nb; k++) {
    const op = ptr(ctx, E_BATCH) + (<usize>k << 5);
    if (rec(op, 0) == OP_MINIBATCH) {
      gatherRows<T>(ctx, op, r0, ycur, yv);
      n = rec(op, 1);
      X = ptr(ctx, E_XB);
      xv = true;
      ycur = ptr(ctx, E_YB);
      yv = true;
      continue;
    }
    const buf = <usize>rec(op, 3);
    for (let i = 0; i < n * O; i++) {
      const y = yv ? v128.load(ycur + (<usize>i << 4)) : vsplat<T>(ycur + <usize>i * sz);
      v128.store(yn + (<usize>i << 4), vadd<T>(noiseVec<T>(buf, i, q0), y));
    }
    ycur = yn;
    yv = true;
  }

  // Products (lane-wise tiles, each entry summed over k in increasing order, as in mlp.ts):
  // HT[j][s] = relu(b[j] + Σ_d W[j][d]·x[s][d]);  OT[o][s] = c[o] + Σ_j V[o][j]·HT[j][s].
  // Dropout, as mlp.ts does it lane by lane: W ⊙ mask in the product and on W's gradient (DropConnect), or
  // h = relu(z)·m and the hidden errors kept where h > 0, then times m (node masks).
  const drop = ptr(ctx, E_DROP);
  const masks = drop ? <usize>rec(drop, 3) : 0;
  const dropConnect = drop != 0 && rec(drop, 1) != 0;
  const node = drop != 0 && !dropConnect;
  let w = th;
  if (dropConnect) {
    w = ptr(ctx, E_WT);
    for (let i = 0; i < H * D; i++) v128.store(w + (<usize>i << 4), vmul<T>(v128.load(th + (<usize>i << 4)), noiseVec<T>(masks, i, q0)));
  }
  const V = <usize>16;
  const xs = <usize>D * sz;
  if (xv) lgemm<T, v128>(H, n, D, w, <usize>D * V, V, X, V, <usize>D * V, ht, <usize>n * V, V, INIT_BIAS, th + bOff * V, V, EPI_RELU, 0);
  else lgemm<T, T>(H, n, D, w, <usize>D * V, V, X, sz, xs, ht, <usize>n * V, V, INIT_BIAS, th + bOff * V, V, EPI_RELU, 0);
  if (node) maskHidden<T>(ht, masks, H, n, q0);
  lgemm<T, v128>(O, n, H, th + vOff * V, <usize>H * V, V, ht, <usize>n * V, V, ot, <usize>n * V, V, hasC ? INIT_BIAS : INIT_ZERO, th + cOff * V, V, EPI_NONE, 0);
  // Errors in f64 (as the reference): e = out − y, sse += e², E = T((2/(n·O))·e).
  const len = n * O;
  const scale = f64x2.splat(2.0 / <f64>len);
  let sseLo = f64x2.splat(0);
  let sseHi = f64x2.splat(0);
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < O; o++) {
      const i = s * O + o;
      const out = v128.load(ot + (<usize>(o * n + s) << 4));
      const y = yv ? v128.load(ycur + (<usize>i << 4)) : vsplat<T>(ycur + <usize>i * sz);
      if (sizeof<T>() == 8) {
        const e = f64x2.sub(out, y);
        sseLo = f64x2.add(sseLo, f64x2.mul(e, e));
        v128.store(ee + (<usize>i << 4), f64x2.mul(scale, e));
      } else {
        const eLo = f64x2.sub(f64x2.promote_low_f32x4(out), f64x2.promote_low_f32x4(y));
        const eHi = f64x2.sub(f64x2.promote_low_f32x4(i32x4.shuffle(out, out, 2, 3, 2, 3)), f64x2.promote_low_f32x4(i32x4.shuffle(y, y, 2, 3, 2, 3)));
        sseLo = f64x2.add(sseLo, f64x2.mul(eLo, eLo));
        sseHi = f64x2.add(sseHi, f64x2.mul(eHi, eHi));
        const dLo = f32x4.demote_f64x2_zero(f64x2.mul(scale, eLo));
        const dHi = f32x4.demote_f64x2_zero(f64x2.mul(scale, eHi));
        v128.store(ee + (<usize>i << 4), i32x4.shuffle(dLo, dHi, 0, 1, 4, 5));
      }
    }
  }
  const lossOut = ptr(ctx, E_LOSS) + (<usize>r0 << 3);
  v128.store(lossOut, f64x2.div(sseLo, f64x2.splat(<f64>len)));
  if (sizeof<T>() == 4) v128.store(lossOut, f64x2.div(sseHi, f64x2.splat(<f64>len)), 16);

  // dV[o][j] = Σ_s E[s][o]·HT[j][s];  dc[o] = Σ_s E[s][o]·1;  dH[j][s] = [HT > 0]·Σ_o V[o][j]·E[s][o];
  // dW[j][d] = Σ_s dH[j][s]·x[s][d];  db[j] = Σ_s dH[j][s]·1.
  const one = sizeof<T>() == 8 ? ONE64 : ONE32;
  lgemm<T, v128>(O, H, n, ee, V, <usize>O * V, ht, V, <usize>n * V, g + vOff * V, <usize>H * V, V, INIT_ZERO, 0, 0, EPI_NONE, 0);
  if (hasC) lgemm<T, T>(O, 1, n, ee, V, <usize>O * V, one, 0, 0, g + cOff * V, V, 0, INIT_ZERO, 0, 0, EPI_NONE, 0);
  lgemm<T, v128>(H, n, O, th + vOff * V, V, <usize>H * V, ee, V, <usize>O * V, dh, <usize>n * V, V, INIT_ZERO, 0, 0, EPI_MASK, ht);
  if (node) maskHidden<T>(dh, masks, H, n, q0);
  if (xv) lgemm<T, v128>(H, D, n, dh, <usize>n * V, V, X, <usize>D * V, V, g, <usize>D * V, V, INIT_ZERO, 0, 0, EPI_NONE, 0);
  else lgemm<T, T>(H, D, n, dh, <usize>n * V, V, X, xs, sz, g, <usize>D * V, V, INIT_ZERO, 0, 0, EPI_NONE, 0);
  if (dropConnect) {
    for (let i = 0; i < H * D; i++) v128.store(g + (<usize>i << 4), vmul<T>(v128.load(g + (<usize>i << 4)), noiseVec<T>(masks, i, q0)));
  }
  lgemm<T, T>(H, 1, n, dh, <usize>n * V, V, one, 0, 0, g + bOff * V, V, 0, INIT_ZERO, 0, 0, EPI_NONE, 0);

  // Update ops, lane by lane with each replica's own values, then θ += u.
  const nu = fld(ctx, E_NUPD);
  for (let k = 0; k < nu; k++) {
    const op = ptr(ctx, E_UPD) + (<usize>k << 5);
    const code = rec(op, 0);
    const vals = <usize>rec(op, 4);
    if (code == OP_NOISE) {
      const buf = <usize>rec(op, 3);
      for (let i = 0; i < P; i++) v128.store(g + (<usize>i << 4), vadd<T>(v128.load(g + (<usize>i << 4)), noiseVec<T>(buf, i, q0)));
    } else if (code == OP_SCALE) {
      const fLo = laneF64(vals, r0, 0);
      const fHi = laneF64(vals, r0, 1);
      for (let i = 0; i < P; i++) {
        const at = g + (<usize>i << 4);
        if (sizeof<T>() == 8) {
          v128.store(at, f64x2.mul(v128.load(at), fLo));
        } else {
          const u = v128.load(at);
          const a = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(u), fLo));
          const b = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(u, u, 2, 3, 2, 3)), fHi));
          v128.store(at, i32x4.shuffle(a, b, 0, 1, 4, 5));
        }
      }
    } else if (code == OP_MOMENTUM) {
      const nesterov = rec(op, 1) != 0;
      const vb = <usize>rec(op, 3) + (<usize>(r0 / L) * <usize>P << 4);
      for (let i = 0; i < P; i++) {
        const at = g + (<usize>i << 4);
        const bt = vb + (<usize>i << 4);
        for (let h = 0; h < 16 / (<i32>sz * 2); h++) {
          // f64 halves: b = β·buf + u; buf = T(b); u = T(b) or T(u + β·b).
          const beta = laneF64(vals, r0, h);
          const u = sizeof<T>() == 8 ? v128.load(at) : f64x2.promote_low_f32x4(h == 0 ? v128.load(at) : i32x4.shuffle(v128.load(at), v128.load(at), 2, 3, 2, 3));
          const m = sizeof<T>() == 8 ? v128.load(bt) : f64x2.promote_low_f32x4(h == 0 ? v128.load(bt) : i32x4.shuffle(v128.load(bt), v128.load(bt), 2, 3, 2, 3));
          const bnew = f64x2.add(f64x2.mul(beta, m), u);
          const unew = nesterov ? f64x2.add(u, f64x2.mul(beta, bnew)) : bnew;
          if (sizeof<T>() == 8) {
            v128.store(bt, bnew);
            v128.store(at, unew);
          } else {
            v128.store64_lane(bt + (<usize>h << 3), f32x4.demote_f64x2_zero(bnew), 0);
            v128.store64_lane(at + (<usize>h << 3), f32x4.demote_f64x2_zero(unew), 0);
          }
        }
      }
    }
  }
  for (let i = 0; i < P; i++) {
    const t = th + (<usize>i << 4);
    v128.store(t, vadd<T>(v128.load(t), v128.load(g + (<usize>i << 4))));
  }
}

/** a[j][s] ← a[j][s]·m(s·H + j) for the group's lanes ([H][n] vectors; node masks are numbered sample-major). */
function maskHidden<T>(a: usize, masks: usize, H: i32, n: i32, q0: i32): void {
  for (let j = 0; j < H; j++) {
    for (let s = 0; s < n; s++) {
      const at = a + (<usize>(j * n + s) << 4);
      v128.store(at, vmul<T>(v128.load(at), noiseVec<T>(masks, s * H + j, q0)));
    }
  }
}

/** Steps [from, from + count) of every replica; each replica's last training loss goes to LOSS. */
export function ensembleRun<T>(ctx: usize, from: i32, count: i32): void {
  const ep = fld(ctx, E_EP);
  const L = 16 / <i32>sizeof<T>();
  for (let step = from; step < from + count; step++) {
    for (let q = 0; q < ep >> 2; q++) {
      quadNoise(ctx, q, step);
      for (let k = 0; k < fld(ctx, E_NBATCH); k++) {
        const op = ptr(ctx, E_BATCH) + (<usize>k << 5);
        if (rec(op, 0) == OP_MINIBATCH) quadRows(ctx, op, q, step);
      }
      if (ptr(ctx, E_DROP)) quadMasks(ctx, ptr(ctx, E_DROP), q, step);
      for (let q0 = 0; q0 < 4; q0 += L) groupStep<T>(ctx, (q << 2) + q0, q0);
    }
  }
}

/** Key schedule of four streams (lanes) at ks: keys k0[4], k1[4] as u32 at keys and keys + 16. */
export function writeLaneKeySchedule(ks: usize, keys: usize): void {
  keySchedule(ks, v128.load(keys), v128.load(keys, 16));
}
