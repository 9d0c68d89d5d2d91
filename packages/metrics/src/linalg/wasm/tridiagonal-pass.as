// AssemblyScript source of the WebAssembly SIMD kernel for the O(n³) pass of the Householder tridiagonalisation
// (householder-tridiagonal.ts, fusedPass: same arithmetic, same order per entry, two f64 lanes at a time).
// Extension .as so that tsc leaves it alone; `node packages/metrics/src/linalg/wasm/build.js` compiles it with asc
// and writes tridiagonal-pass-wasm.ts (the module as base64). Plain SIMD128, no FMA (same rounding as the JS pass
// except the order in which the two lanes of a row's dot product are summed).
// All pointers are byte offsets into the imported memory; the matrix is row-major n × n, upper triangle used.

@inline function ld(p: usize): v128 {
  return v128.load(p);
}

/** Rows from..n-1: a ← a − v·wᵀ − w·vᵀ, and p += a_new·u (symmetric product), two rows per sweep. */
export function fusedPass(a: usize, n: i32, from: i32, v: usize, w: usize, u: usize, p: usize): void {
  let i = from;
  for (; i + 1 < n; i += 2) {
    const i0 = <usize>i << 3;
    const r0 = a + (<usize>(i * n) << 3);
    const r1 = r0 + (<usize>n << 3);
    const v0 = load<f64>(v + i0);
    const w0 = load<f64>(w + i0);
    const u0 = load<f64>(u + i0);
    const v1 = load<f64>(v + i0 + 8);
    const w1 = load<f64>(w + i0 + 8);
    const u1 = load<f64>(u + i0 + 8);
    const a00 = load<f64>(r0 + i0) - 2 * v0 * w0;
    const a01 = load<f64>(r0 + i0 + 8) - v0 * w1 - w0 * v1;
    const a11 = load<f64>(r1 + i0 + 8) - 2 * v1 * w1;
    store<f64>(r0 + i0, a00);
    store<f64>(r0 + i0 + 8, a01);
    store<f64>(r1 + i0 + 8, a11);
    let acc0 = a00 * u0 + a01 * u1;
    let acc1 = a01 * u0 + a11 * u1;
    const V0 = f64x2.splat(v0);
    const W0 = f64x2.splat(w0);
    const U0 = f64x2.splat(u0);
    const V1 = f64x2.splat(v1);
    const W1 = f64x2.splat(w1);
    const U1 = f64x2.splat(u1);
    let A0 = f64x2.splat(0);
    let A1 = f64x2.splat(0);
    let j = i + 2;
    for (; j + 1 < n; j += 2) {
      const o = <usize>j << 3;
      const wj = ld(w + o);
      const vj = ld(v + o);
      const uj = ld(u + o);
      const x0 = f64x2.sub(f64x2.sub(ld(r0 + o), f64x2.mul(V0, wj)), f64x2.mul(W0, vj));
      const x1 = f64x2.sub(f64x2.sub(ld(r1 + o), f64x2.mul(V1, wj)), f64x2.mul(W1, vj));
      v128.store(r0 + o, x0);
      v128.store(r1 + o, x1);
      A0 = f64x2.add(A0, f64x2.mul(x0, uj));
      A1 = f64x2.add(A1, f64x2.mul(x1, uj));
      v128.store(p + o, f64x2.add(ld(p + o), f64x2.add(f64x2.mul(x0, U0), f64x2.mul(x1, U1))));
    }
    acc0 += f64x2.extract_lane(A0, 0) + f64x2.extract_lane(A0, 1);
    acc1 += f64x2.extract_lane(A1, 0) + f64x2.extract_lane(A1, 1);
    for (; j < n; j++) {
      const o = <usize>j << 3;
      const wj = load<f64>(w + o);
      const vj = load<f64>(v + o);
      const uj = load<f64>(u + o);
      const x0 = load<f64>(r0 + o) - v0 * wj - w0 * vj;
      const x1 = load<f64>(r1 + o) - v1 * wj - w1 * vj;
      store<f64>(r0 + o, x0);
      store<f64>(r1 + o, x1);
      acc0 += x0 * uj;
      acc1 += x1 * uj;
      store<f64>(p + o, load<f64>(p + o) + x0 * u0 + x1 * u1);
    }
    store<f64>(p + i0, load<f64>(p + i0) + acc0);
    store<f64>(p + i0 + 8, load<f64>(p + i0 + 8) + acc1);
  }
  if (i < n) {
    const o = <usize>i << 3;
    const r = a + (<usize>(i * n) << 3) + o;
    const x = load<f64>(r) - 2 * load<f64>(v + o) * load<f64>(w + o);
    store<f64>(r, x);
    store<f64>(p + o, load<f64>(p + o) + x * load<f64>(u + o));
  }
}
