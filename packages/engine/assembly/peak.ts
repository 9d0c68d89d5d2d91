// Peak arithmetic throughput of wasm SIMD on this machine (for the benchmark's "fraction of peak"): twelve
// independent chains of v = v·m + a, so the multiply and add units are kept busy and nothing else runs.
// Returns a sum so the work cannot be optimised away. Flops per call: iters · 12 · 2 · lanes.

export function peak64(iters: i32, m: f64, a: f64): f64 {
  const mv = f64x2.splat(m);
  const av = f64x2.splat(a);
  let v0 = f64x2.splat(0.1), v1 = f64x2.splat(0.2), v2 = f64x2.splat(0.3), v3 = f64x2.splat(0.4);
  let v4 = f64x2.splat(0.5), v5 = f64x2.splat(0.6), v6 = f64x2.splat(0.7), v7 = f64x2.splat(0.8);
  let v8 = f64x2.splat(0.9), v9 = f64x2.splat(1.0), v10 = f64x2.splat(1.1), v11 = f64x2.splat(1.2);
  for (let i = 0; i < iters; i++) {
    v0 = f64x2.add(f64x2.mul(v0, mv), av);
    v1 = f64x2.add(f64x2.mul(v1, mv), av);
    v2 = f64x2.add(f64x2.mul(v2, mv), av);
    v3 = f64x2.add(f64x2.mul(v3, mv), av);
    v4 = f64x2.add(f64x2.mul(v4, mv), av);
    v5 = f64x2.add(f64x2.mul(v5, mv), av);
    v6 = f64x2.add(f64x2.mul(v6, mv), av);
    v7 = f64x2.add(f64x2.mul(v7, mv), av);
    v8 = f64x2.add(f64x2.mul(v8, mv), av);
    v9 = f64x2.add(f64x2.mul(v9, mv), av);
    v10 = f64x2.add(f64x2.mul(v10, mv), av);
    v11 = f64x2.add(f64x2.mul(v11, mv), av);
  }
  const s = f64x2.add(f64x2.add(f64x2.add(v0, v1), f64x2.add(v2, v3)), f64x2.add(f64x2.add(v4, v5), f64x2.add(v6, v7)));
  const t = f64x2.add(f64x2.add(v8, v9), f64x2.add(v10, v11));
  const u = f64x2.add(s, t);
  return f64x2.extract_lane(u, 0) + f64x2.extract_lane(u, 1);
}

export function peak32(iters: i32, m: f32, a: f32): f64 {
  const mv = f32x4.splat(m);
  const av = f32x4.splat(a);
  let v0 = f32x4.splat(0.1), v1 = f32x4.splat(0.2), v2 = f32x4.splat(0.3), v3 = f32x4.splat(0.4);
  let v4 = f32x4.splat(0.5), v5 = f32x4.splat(0.6), v6 = f32x4.splat(0.7), v7 = f32x4.splat(0.8);
  let v8 = f32x4.splat(0.9), v9 = f32x4.splat(1.0), v10 = f32x4.splat(1.1), v11 = f32x4.splat(1.2);
  for (let i = 0; i < iters; i++) {
    v0 = f32x4.add(f32x4.mul(v0, mv), av);
    v1 = f32x4.add(f32x4.mul(v1, mv), av);
    v2 = f32x4.add(f32x4.mul(v2, mv), av);
    v3 = f32x4.add(f32x4.mul(v3, mv), av);
    v4 = f32x4.add(f32x4.mul(v4, mv), av);
    v5 = f32x4.add(f32x4.mul(v5, mv), av);
    v6 = f32x4.add(f32x4.mul(v6, mv), av);
    v7 = f32x4.add(f32x4.mul(v7, mv), av);
    v8 = f32x4.add(f32x4.mul(v8, mv), av);
    v9 = f32x4.add(f32x4.mul(v9, mv), av);
    v10 = f32x4.add(f32x4.mul(v10, mv), av);
    v11 = f32x4.add(f32x4.mul(v11, mv), av);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(v0, v1), f32x4.add(v2, v3)), f32x4.add(f32x4.add(v4, v5), f32x4.add(v6, v7)));
  const t = f32x4.add(f32x4.add(v8, v9), f32x4.add(v10, v11));
  const u = f32x4.add(s, t);
  return <f64>(f32x4.extract_lane(u, 0) + f32x4.extract_lane(u, 1) + f32x4.extract_lane(u, 2) + f32x4.extract_lane(u, 3));
}
