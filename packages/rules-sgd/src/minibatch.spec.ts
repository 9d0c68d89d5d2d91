import { RandomStream, type Batch } from '@driftlab/core';
import { minibatch, RowSampler } from './minibatch';

const N = 10;
/** Row i: x = [i, 10 + i], y = [100·i], so every output row names its source row. */
function dataset(): Batch {
  const x = new Float64Array(2 * N);
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = 10 + i;
    y[i] = 100 * i;
  }
  return { x, y, n: N };
}
const rowsOf = (b: Batch): number[] => Array.from(b.x.filter((_, j) => j % 2 === 0));

describe('minibatch', () => {
  const stream = RandomStream.derive(7, 'minibatch');

  it('returns batchSize distinct rows with x and y of the same source row; input untouched', () => {
    const data = dataset();
    const before = [Array.from(data.x), Array.from(data.y)];
    const b = minibatch(4, stream).apply(data, 3);
    expect(b.n).toBe(4);
    expect(b.x.length).toBe(8);
    expect(b.y.length).toBe(4);
    const rows = rowsOf(b);
    expect(new Set(rows).size).toBe(4);
    rows.forEach((r, i) => {
      expect(b.x[2 * i + 1]).toBe(10 + r);
      expect(b.y[i]).toBe(100 * r);
    });
    expect([Array.from(data.x), Array.from(data.y)]).toEqual(before);
  });

  it('matches an independent full Fisher–Yates oracle at every step (history does not matter)', () => {
    const t = minibatch(4, stream);
    const data = dataset();
    for (const step of [0, 1, 2, 99, 5, 5, 1234567]) {
      const perm = Array.from({ length: N }, (_, i) => i);
      for (let i = 0; i < 4; i++) {
        const j = i + Math.floor(stream.uniform(step, i) * (N - i));
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      expect(rowsOf(t.apply(data, step))).toEqual(perm.slice(0, 4));
    }
  });

  it('is deterministic per (seed, step) and differs across steps and seeds', () => {
    const data = dataset();
    const a = rowsOf(minibatch(5, RandomStream.derive(1, 'minibatch')).apply(data, 42));
    const b = rowsOf(minibatch(5, RandomStream.derive(1, 'minibatch')).apply(data, 42));
    expect(a).toEqual(b);
    const t = minibatch(5, RandomStream.derive(1, 'minibatch'));
    const distinctAcrossSteps = new Set(Array.from({ length: 20 }, (_, s) => rowsOf(t.apply(data, s)).join(',')));
    expect(distinctAcrossSteps.size).toBeGreaterThan(15);
    expect(rowsOf(minibatch(5, RandomStream.derive(2, 'minibatch')).apply(data, 42))).not.toEqual(a);
  });

  it('covers all rows, about uniformly, over many steps', () => {
    const t = minibatch(3, stream);
    const data = dataset();
    const counts = new Array(N).fill(0);
    const steps = 2000;
    for (let s = 0; s < steps; s++) for (const r of rowsOf(t.apply(data, s))) counts[r]++;
    const expected = (steps * 3) / N; // 600, binomial sd ≈ 22
    for (const c of counts) expect(Math.abs(c - expected)).toBeLessThan(100);
  });

  it('batchSize = n gives a permutation; batchSize > n without replacement is refused', () => {
    const data = dataset();
    expect(rowsOf(minibatch(N, stream).apply(data, 0)).sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
    expect(() => minibatch(N + 1, stream).apply(data, 0)).toThrow(/exceeds/);
    expect(() => minibatch(0, stream)).toThrow();
  });

  it('with replacement: rows i.i.d. uniform, ⌊U(step, i)·n⌋, repeats allowed, not fusable', () => {
    const t = minibatch(25, stream, true);
    expect(t.fusable).toBeUndefined();
    const rows = rowsOf(t.apply(dataset(), 8));
    expect(rows).toEqual(Array.from({ length: 25 }, (_, i) => Math.floor(stream.uniform(8, i) * N)));
    expect(new Set(rows).size).toBeLessThan(25);
  });

  it('reuses its output buffers and keeps the dtype (float32)', () => {
    const x = new Float32Array([0, 1, 2, 3, 4, 5]);
    const y = new Float32Array([0, 1, 2]);
    const t = minibatch(2, stream);
    const b1 = t.apply({ x, y, n: 3 }, 0);
    const b2 = t.apply({ x, y, n: 3 }, 1);
    expect(b1.x).toBeInstanceOf(Float32Array);
    expect(b2.x).toBe(b1.x);
    expect(b2.y).toBe(b1.y);
    expect(t.fusable).toEqual({ op: 'minibatch', batchSize: 2, stream });
  });

  it('RowSampler leaves no trace between calls', () => {
    const s = new RowSampler(stream);
    const out1 = new Int32Array(6);
    const out2 = new Int32Array(6);
    s.sample(11, 50, 6, false, out1);
    s.sample(12, 50, 6, false, new Int32Array(6));
    s.sample(11, 50, 6, false, out2);
    expect(Array.from(out2)).toEqual(Array.from(out1));
  });
});
