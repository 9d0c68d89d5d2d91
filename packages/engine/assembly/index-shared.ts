// Entry of kernels-shared.wasm: every kernel of index.ts, on an imported shared memory, plus the fused steps
// that read their update noise from a second thread's ring (ring.ts).
export * from './index';
import { fusedRunRing } from './ring';

export function fusedRunRing64(ctx: usize, plan: usize, ring: usize, from: i32, count: i32): i32 {
  return fusedRunRing<f64>(ctx, plan, ring, from, count);
}
export function fusedRunRing32(ctx: usize, plan: usize, ring: usize, from: i32, count: i32): i32 {
  return fusedRunRing<f32>(ctx, plan, ring, from, count);
}
