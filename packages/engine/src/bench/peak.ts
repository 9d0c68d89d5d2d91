// The machine's measured arithmetic peak for wasm SIMD (assembly/peak.ts: independent multiply-add chains in
// registers), the denominator of the benchmark's "fraction of peak".

import { instantiateKernels } from '../wasm/kernels';

export interface WasmPeak {
  float64: number;
  float32: number;
}

/** Best-of GFLOP/s over repeated short runs of the peak kernels (about `seconds` in total). */
export function measureWasmPeak(seconds = 0.5, now = () => performance.now() / 1000): WasmPeak {
  const k = instantiateKernels() as unknown as {
    peak64(iters: number, m: number, a: number): number;
    peak32(iters: number, m: number, a: number): number;
  };
  const one = (f: (i: number, m: number, a: number) => number, lanes: number) => {
    let best = 0;
    const t0 = now();
    const iters = 200000;
    do {
      const t = now();
      f(iters, 0.999, 0.001);
      best = Math.max(best, (iters * 12 * 2 * lanes) / (now() - t) / 1e9);
    } while (now() - t0 < seconds / 2);
    return best;
  };
  return { float64: one(k.peak64, 2), float32: one(k.peak32, 4) };
}
