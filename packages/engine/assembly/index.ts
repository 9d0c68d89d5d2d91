// Entry of the wasm kernels module: everything exported here is callable from JS (pointers are byte offsets).
// Generic kernels are instantiated once per dtype under names ending in 64 / 32.
import { forward, lossGrad, lossOnly, prepareInputs, transpose } from './mlp';
import { fusedRun } from './fused';
import { keySchedule } from './rng-base';
import { ensembleRun } from './ensemble';
import { nodeMasks, weightMasks } from './dropout';

export { writeLaneKeySchedule } from './ensemble';

export { fillNormal64, fillNormal32, fillNoise64, fillNoiseZ32, fillUniform64 } from './noise';

/** First free byte after static data; JS allocates its buffers from here up. */
export function heapBase(): usize {
  return __heap_base;
}

/** Writes the 128-byte Threefry key schedule of stream key (k0, k1) at ks (16-byte aligned). */
export function writeKeySchedule(ks: usize, k0: u32, k1: u32): void {
  keySchedule(ks, i32x4.splat(k0), i32x4.splat(k1));
}

export function prepareInputs64(ctx: usize): void {
  prepareInputs<f64>(ctx);
}
export function prepareInputs32(ctx: usize): void {
  prepareInputs<f32>(ctx);
}
export function forward64(ctx: usize, theta: usize): void {
  forward<f64>(ctx, theta);
}
export function forward32(ctx: usize, theta: usize): void {
  forward<f32>(ctx, theta);
}
/** masks: 0, or a dropout masks block (dropout.ts) filled by the caller. */
export function lossGrad64(ctx: usize, theta: usize, y: usize, masks: usize): f64 {
  return lossGrad<f64>(ctx, theta, y, masks);
}
export function lossGrad32(ctx: usize, theta: usize, y: usize, masks: usize): f64 {
  return lossGrad<f32>(ctx, theta, y, masks);
}
export function loss64(ctx: usize, theta: usize, y: usize): f64 {
  return lossOnly<f64>(ctx, theta, y);
}
export function loss32(ctx: usize, theta: usize, y: usize): f64 {
  return lossOnly<f32>(ctx, theta, y);
}
export function transpose64(src: usize, rows: i32, cols: i32, lds: i32, dst: usize, ldd: i32): void {
  transpose<f64>(src, rows, cols, lds, dst, ldd);
}
export function transpose32(src: usize, rows: i32, cols: i32, lds: i32, dst: usize, ldd: i32): void {
  transpose<f32>(src, rows, cols, lds, dst, ldd);
}
export function nodeMasks64(ks: usize, step: i32, H: i32, n: i32, ns: i32, p: f64, keep: f64, mt: usize): void {
  nodeMasks<f64>(ks, step, H, n, ns, p, keep, mt);
}
export function nodeMasks32(ks: usize, step: i32, H: i32, n: i32, ns: i32, p: f64, keep: f64, mt: usize): void {
  nodeMasks<f32>(ks, step, H, n, ns, p, keep, mt);
}
export function weightMasks64(ks: usize, step: i32, count: i32, p: f64, keep: f64, mw: usize): void {
  weightMasks<f64>(ks, step, count, p, keep, mw);
}
export function weightMasks32(ks: usize, step: i32, count: i32, p: f64, keep: f64, mw: usize): void {
  weightMasks<f32>(ks, step, count, p, keep, mw);
}
export function fusedRun64(ctx: usize, plan: usize, from: i32, count: i32): f64 {
  return fusedRun<f64>(ctx, plan, from, count);
}
export function fusedRun32(ctx: usize, plan: usize, from: i32, count: i32): f64 {
  return fusedRun<f32>(ctx, plan, from, count);
}
export function ensembleRun64(ctx: usize, from: i32, count: i32): void {
  ensembleRun<f64>(ctx, from, count);
}
export function ensembleRun32(ctx: usize, from: i32, count: i32): void {
  ensembleRun<f32>(ctx, from, count);
}
export { peak64, peak32 } from './peak';
