// Vector helpers generic over the element type T (f64: two lanes, f32: four). Every branch is on a
// compile-time constant, so each instantiation is a separate monomorphic copy with no type tests left.

/** Lanes per v128 for T. */
@inline export function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

@inline export function vadd<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 8) return f64x2.add(a, b);
  return f32x4.add(a, b);
}
@inline export function vsub<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 8) return f64x2.sub(a, b);
  return f32x4.sub(a, b);
}
@inline export function vmul<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 8) return f64x2.mul(a, b);
  return f32x4.mul(a, b);
}
/** Splat of the scalar at ptr. */
@inline export function vsplat<T>(ptr: usize): v128 {
  if (sizeof<T>() == 8) return v128.load64_splat(ptr);
  return v128.load32_splat(ptr);
}
/** Splat of a value. */
@inline export function vconst<T>(x: f64): v128 {
  if (sizeof<T>() == 8) return f64x2.splat(x);
  return f32x4.splat(<f32>x);
}
/** a where m > 0 holds, else +0 (the reference's `if (!(m > 0)) a = 0`: NaN and −0 also give +0). */
@inline export function vkeepPositive<T>(a: v128, m: v128): v128 {
  if (sizeof<T>() == 8) return v128.and(a, f64x2.gt(m, f64x2.splat(0)));
  return v128.and(a, f32x4.gt(m, f32x4.splat(0)));
}
