// Constants of the fast step-noise transform (core rng.ts noisePair, float32 Box–Muller), as f32/i32 splat loads
// (a v128.const inside a loop costs V8 four instructions, a splat load one). Same literals as core, rounded to f32.

const KG: usize = memory.data<f32>([
  0.5, 1.0, 2.0, -2.0, 1.4142135381698608,
  0.6666666269302368, 0.40000972151756287, 0.2849878668785095, 0.24279078841209412,
  0.6931381225585938, 0.00000905800061445916, 9.362675967850009e-8,
  -0.00019515295571181923, 0.008332161232829094, -0.16666655242443085,
  0.0000244331567955669, -0.0013887316454201937, 0.04166664555668831,
], 16);
export const G_HALF = 0;
export const G_ONE = 1;
export const G_TWO = 2;
export const G_MINUS_TWO = 3;
export const G_SQRT2_CUT = 4;
export const G_LG1 = 5;
export const G_LG2 = 6;
export const G_LG3 = 7;
export const G_LG4 = 8;
export const G_LN2_HI = 9;
export const G_LN2_LO = 10;
export const G_ANGLE = 11;
export const G_S3 = 12;
export const G_S2 = 13;
export const G_S1 = 14;
export const G_C3 = 15;
export const G_C2 = 16;
export const G_C1 = 17;
@inline export function kg(i: i32): v128 {
  return v128.load32_splat(KG + (<usize>i << 2));
}
const KN: usize = memory.data<i32>([0x007fffff, 151], 16);
export const N_MANT = 0;
export const N_151 = 1;
@inline export function kn(i: i32): v128 {
  return v128.load32_splat(KN + (<usize>i << 2));
}
