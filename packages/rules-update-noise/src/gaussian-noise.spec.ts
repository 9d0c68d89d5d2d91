import { RandomStream, type FloatArray, type StepContext, type UpdateStage, type UpdateTransform } from '@driftlab/core';
import { addGaussianNoise } from './gaussian-noise';

const at = (step: number) => ({ step }) as StepContext;
const stream = RandomStream.derive(11, 'update-noise');

function noiseAt(t: UpdateTransform<null>, step: number, n: number): Float64Array {
  const u = new Float64Array(n);
  t.update(u, null, u, at(step));
  return u;
}

function meanStd(a: ArrayLike<number>): [number, number] {
  let m = 0;
  for (let i = 0; i < a.length; i++) m += a[i];
  m /= a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - m) ** 2;
  return [m, Math.sqrt(v / (a.length - 1))];
}

/** What the loop does with update transforms: stable sort by stage, apply in place, params += updates. */
function loopStep(ts: UpdateTransform<null>[], grad: FloatArray, params: FloatArray, step: number): void {
  const order: UpdateStage[] = ['gradient', 'optimizer', 'step'];
  const sorted = [...ts].sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage));
  for (const t of sorted) t.update(grad, null, params, at(step));
  for (let i = 0; i < params.length; i++) params[i] += grad[i];
}
/** A stand-in for rules-sgd's scale(−lr), so this package does not depend on it. */
const minusLr = (lr: number): UpdateTransform<null> => ({
  name: 'scale',
  stage: 'optimizer',
  init: () => null,
  update(u) {
    for (let i = 0; i < u.length; i++) u[i] *= -lr;
    return null;
  },
});

describe('addGaussianNoise', () => {
  it('entry i of step s is std·N(s, i) of the stream, added to what is there', () => {
    const t = addGaussianNoise(0.5, stream);
    const u = new Float64Array([1, 2, 3, 4, 5]);
    t.update(u, null, u, at(9));
    u.forEach((v, i) => expect(v).toBeCloseTo(i + 1 + 0.5 * stream.noise(9, i), 14));
  });

  it('has mean 0 and std σ over many draws', () => {
    const n = 20000;
    const [m, s] = meanStd(noiseAt(addGaussianNoise(0.5, stream), 1, n));
    expect(Math.abs(m)).toBeLessThan(0.015); // 4·σ/√n ≈ 0.014
    expect(Math.abs(s - 0.5)).toBeLessThan(0.015); // sd of the sample std ≈ σ/√(2n) ≈ 0.0025
  });

  it('is deterministic per step, differs across steps and seeds', () => {
    const a = noiseAt(addGaussianNoise(1, stream), 5, 8);
    expect(noiseAt(addGaussianNoise(1, RandomStream.derive(11, 'update-noise')), 5, 8)).toEqual(a);
    const t = addGaussianNoise(1, stream);
    noiseAt(t, 6, 8); // another step in between changes nothing
    expect(noiseAt(t, 5, 8)).toEqual(a);
    expect(noiseAt(t, 6, 8)).not.toEqual(a);
    expect(noiseAt(addGaussianNoise(1, RandomStream.derive(12, 'update-noise')), 5, 8)).not.toEqual(a);
  });

  it("placement 'gradient' then scale(−lr): parameter noise is −lr·σ·ξ, std lr·σ", () => {
    const lr = 0.1;
    const sigma = 0.5;
    const n = 20000;
    const params = new Float64Array(n);
    loopStep([minusLr(lr), addGaussianNoise(sigma, stream, 'gradient')], new Float64Array(n), params, 2);
    for (let i = 0; i < 4; i++) expect(params[i]).toBeCloseTo(-lr * sigma * stream.noise(2, i), 14);
    expect(Math.abs(meanStd(params)[1] - lr * sigma)).toBeLessThan(0.0015);
  });

  it("placement 'step' (after the lr): parameter noise has std σ", () => {
    const n = 20000;
    const params = new Float64Array(n);
    loopStep([addGaussianNoise(0.5, stream, 'step'), minusLr(0.1)], new Float64Array(n), params, 2);
    expect(params[0]).toBeCloseTo(0.5 * stream.noise(2, 0), 14);
    expect(Math.abs(meanStd(params)[1] - 0.5)).toBeLessThan(0.015);
  });

  it('works on float32 updates', () => {
    const u = new Float32Array(4);
    addGaussianNoise(2, stream).update(u, null, u, at(3));
    u.forEach((v, i) => expect(v).toBeCloseTo(2 * stream.noise(3, i), 5));
  });

  it('describes itself for fusing; refuses negative std', () => {
    const t = addGaussianNoise(0.03, stream);
    expect(t.stage).toBe('gradient');
    expect(t.fusable).toEqual({ op: 'gaussian-noise', std: 0.03, stream });
    expect(() => addGaussianNoise(-1, stream)).toThrow();
  });
});
