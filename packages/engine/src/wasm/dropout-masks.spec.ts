// Dropout masks drawn in the kernels (assembly/dropout.ts) follow rules-dropout's draw convention entry for
// entry: U(step, i) < p ? 0 : 1/(1−p), node masks numbered sample-major and stored transposed (padding samples
// 0), DropConnect masks row-major. Sizes cover partial 16-counter groups and partial Threefry chains.
import { RandomStream } from '@driftlab/core';
import { ensureKernelsBuilt } from './__fixtures__/build-kernels';
import { Arena } from './arena';
import { instantiateKernels } from './kernels';

beforeAll(ensureKernelsBuilt);

const stream = RandomStream.derive(12, 'dropout');
const align = (x: number, a: number) => Math.ceil(x / a) * a;

describe.each(['float64', 'float32'] as const)('dropout masks in the kernels (%s)', (dtype) => {
  const arena = new Arena(instantiateKernels());
  const ks = arena.alloc(128);
  arena.k.writeKeySchedule(ks, stream.key0, stream.key1);
  const nodeMasks = dtype === 'float64' ? arena.k.nodeMasks64 : arena.k.nodeMasks32;
  const weightMasks = dtype === 'float64' ? arena.k.weightMasks64 : arena.k.weightMasks32;
  const rounded = (x: number) => (dtype === 'float64' ? x : Math.fround(x));

  it.each([
    [7, 1, 0.5],
    [7, 9, 0.3],
    [5, 150, 0.1],
    [3, 21, 0.9],
  ])('node masks, H = %i, n = %i, p = %f: transposed, padding samples 0', (H, n, p) => {
    const ns = align(n, 4);
    const mt = arena.alloc(H * ns * 8);
    for (const step of [0, 3, 99999]) {
      arena.floats(dtype, mt, H * ns).fill(-1);
      nodeMasks(ks, step, H, n, ns, p, 1 / (1 - p), mt);
      const got = Array.from(arena.floats(dtype, mt, H * ns));
      const keep = rounded(1 / (1 - p));
      const want = got.map((_, i) => {
        const [j, s] = [Math.floor(i / ns), i % ns];
        return s >= n ? 0 : stream.uniform(step, s * H + j) < p ? 0 : keep;
      });
      expect(got).toEqual(want);
      const dropped = want.filter((v, i) => i % ns < n && v === 0).length;
      if (H * n >= 21) expect(dropped).toBeGreaterThan(0); // the rates give both kinds at these sizes
      if (H * n >= 21) expect(dropped).toBeLessThan(H * n);
    }
  });

  it.each([
    [11, 6, 0.5],
    [100, 20, 0.25],
    [1, 3, 0.7],
  ])('DropConnect masks, %i × %i, p = %f: row-major', (H, D, p) => {
    const mw = arena.alloc(align(H * D, 16) * 8);
    for (const step of [1, 4242]) {
      weightMasks(ks, step, H * D, p, 1 / (1 - p), mw);
      const got = Array.from(arena.floats(dtype, mw, H * D));
      const keep = rounded(1 / (1 - p));
      const want = got.map((_, i) => (stream.uniform(step, i) < p ? 0 : keep));
      expect(got).toEqual(want);
    }
  });
});
