import type { FloatArray, UpdateTransform } from '@driftlab/core';
import { momentum, type MomentumState } from './momentum';
import { scale } from './scale';

const grads = [
  [1, 2],
  [0.5, -1],
  [0, 1],
];

function run(nesterov: boolean, beta = 0.9): number[][] {
  const t = momentum(beta, nesterov);
  let s = t.init(new Float64Array(2));
  const out: number[][] = [];
  for (const g of grads) {
    const u = new Float64Array(g);
    s = t.update(u, s, u, undefined as never);
    out.push(Array.from(u));
  }
  return out;
}

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 12)));
}

describe('momentum (PyTorch SGD convention, dampening 0)', () => {
  it('heavy ball over 3 steps: buf = β·buf + g, direction = buf', () => {
    // buf1 = [1, 2]; buf2 = 0.9·[1, 2] + [0.5, −1] = [1.4, 0.8]; buf3 = 0.9·[1.4, 0.8] + [0, 1] = [1.26, 1.72]
    expectClose(run(false), [
      [1, 2],
      [1.4, 0.8],
      [1.26, 1.72],
    ]);
  });

  it('Nesterov over 3 steps: direction = g + β·buf', () => {
    // [1 + 0.9·1, 2 + 0.9·2]; [0.5 + 0.9·1.4, −1 + 0.9·0.8]; [0 + 0.9·1.26, 1 + 0.9·1.72]
    expectClose(run(true), [
      [1.9, 3.8],
      [1.76, -0.28],
      [1.134, 2.548],
    ]);
  });

  it('β = 0 reduces to the gradient', () => {
    expectClose(run(false, 0), grads);
  });

  it('chained with scale(−lr) gives the parameter trajectory of torch.optim.SGD(momentum=0.9)', () => {
    const chain: UpdateTransform<any>[] = [momentum(0.9), scale(-0.1)];
    const params = new Float64Array(2);
    const states = chain.map((t) => t.init(params));
    const traj: number[][] = [];
    for (const g of grads) {
      const u: FloatArray = new Float64Array(g);
      chain.forEach((t, i) => (states[i] = t.update(u, states[i], params, undefined as never)));
      for (let i = 0; i < 2; i++) params[i] += u[i];
      traj.push(Array.from(params));
    }
    // p1 = −0.1·[1, 2]; p2 = p1 − 0.1·[1.4, 0.8]; p3 = p2 − 0.1·[1.26, 1.72]
    expectClose(traj, [
      [-0.1, -0.2],
      [-0.24, -0.28],
      [-0.366, -0.452],
    ]);
  });

  it('state is a plain typed array: a restored copy continues the same trajectory', () => {
    const a = momentum(0.9, true);
    let s = a.init(new Float64Array(2));
    for (const g of grads.slice(0, 2)) s = a.update(new Float64Array(g), s, new Float64Array(2), undefined as never);
    const saved: MomentumState = { buf: Float64Array.from(s.buf) };
    const b = momentum(0.9, true);
    const ua = new Float64Array(grads[2]);
    const ub = new Float64Array(grads[2]);
    a.update(ua, s, ua, undefined as never);
    b.update(ub, saved, ub, undefined as never);
    expect(Array.from(ub)).toEqual(Array.from(ua));
  });

  it('float32 state follows float32 params; mixed dtypes are refused', () => {
    const t = momentum(0.5);
    const s = t.init(new Float32Array(3));
    expect(s.buf).toBeInstanceOf(Float32Array);
    const u = new Float32Array([2, 4, 6]);
    t.update(u, s, u, undefined as never);
    t.update(u, s, u, undefined as never); // buf = 0.5·[2,4,6] + [2,4,6]
    expect(Array.from(u)).toEqual([3, 6, 9]);
    expect(() => t.update(new Float64Array(3), s, new Float64Array(3), undefined as never)).toThrow(/dtype/);
  });

  it('describes itself for fusing and refuses β outside [0, 1)', () => {
    expect(momentum(0.9, true).fusable).toEqual({ op: 'momentum', beta: 0.9, nesterov: true });
    expect(momentum(0.9).stage).toBe('optimizer');
    expect(() => momentum(1)).toThrow();
    expect(() => momentum(-0.1)).toThrow();
  });
});
