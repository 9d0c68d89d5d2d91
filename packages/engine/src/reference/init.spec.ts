import { type MlpSpec, SequentialRandom } from '@driftlab/core';
import { countParams, findView, mlpLayout } from '../layout';
import { initMlpParams, readoutStd } from './init';

function stats(a: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  const mean = s / a.length;
  let q = 0;
  for (let i = 0; i < a.length; i++) q += (a[i] - mean) ** 2;
  return { mean, std: Math.sqrt(q / a.length) };
}

const paper: MlpSpec = { inputDim: 18, hidden: [500], outputDim: 17, activation: 'relu', outputBias: false };

describe('initMlpParams', () => {
  it('draws W1 and b1 with std sqrt(2/fanIn) and the lazy readout with std 2/nHid (paper net)', () => {
    const params = new Float64Array(countParams(paper));
    initMlpParams(paper, params, SequentialRandom.derive(3, 'init'), 'lazy');
    const views = mlpLayout(paper);
    const slice = (name: string) => {
      const v = findView(views, name);
      return params.subarray(v.offset, v.offset + v.length);
    };
    const w1 = stats(slice('W1'));
    expect(Math.abs(w1.std / Math.sqrt(2 / 18) - 1)).toBeLessThan(0.03);
    expect(Math.abs(w1.mean)).toBeLessThan(0.03 * Math.sqrt(2 / 18));
    expect(Math.abs(stats(slice('b1')).std / Math.sqrt(2 / 18) - 1)).toBeLessThan(0.1);
    const v = stats(slice('V'));
    expect(Math.abs(v.std / (2 / 500) - 1)).toBeLessThan(0.03);
  });

  it('uses std sqrt(2/nHid) for rich and he, 2/nHid for lazy', () => {
    expect(readoutStd('rich', 100)).toBeCloseTo(Math.sqrt(0.02), 15);
    expect(readoutStd('he', 100)).toBe(readoutStd('rich', 100));
    expect(readoutStd('lazy', 100)).toBeCloseTo(0.02, 15);
    const spec = { ...paper, hidden: [2000] };
    const params = new Float64Array(countParams(spec));
    initMlpParams(spec, params, SequentialRandom.derive(4, 'init'), 'rich');
    const v = findView(mlpLayout(spec), 'V');
    expect(Math.abs(stats(params.subarray(v.offset)).std / Math.sqrt(2 / 2000) - 1)).toBeLessThan(0.03);
  });

  it('draws in the documented order: W1, b1, W2, b2, …, V, one sequence; c starts at 0', () => {
    const spec: MlpSpec = { inputDim: 3, hidden: [4, 5], outputDim: 2, activation: 'tanh', outputBias: true };
    const params = new Float64Array(countParams(spec)).fill(7);
    initMlpParams(spec, params, SequentialRandom.derive(9, 'init'), 'lazy');
    const ref = SequentialRandom.derive(9, 'init');
    const stds = [
      ['W1', Math.sqrt(2 / 3)],
      ['b1', Math.sqrt(2 / 3)],
      ['W2', Math.sqrt(2 / 4)],
      ['b2', Math.sqrt(2 / 4)],
      ['V', 2 / 5],
    ] as const;
    const views = mlpLayout(spec);
    for (const [name, std] of stds) {
      const v = findView(views, name);
      for (let i = 0; i < v.length; i++) expect(params[v.offset + i]).toBe(std * ref.normal());
    }
    expect(Array.from(params.subarray(findView(views, 'c').offset))).toEqual([0, 0]);
  });

  it('float32 buffers get the rounded float64 draws', () => {
    const p64 = new Float64Array(countParams(paper));
    const p32 = new Float32Array(countParams(paper));
    initMlpParams(paper, p64, SequentialRandom.derive(1, 'init'), 'rich');
    initMlpParams(paper, p32, SequentialRandom.derive(1, 'init'), 'rich');
    expect(Array.from(p32)).toEqual(Array.from(Float32Array.from(p64)));
  });

  it('rejects a buffer of the wrong length and unknown readouts', () => {
    expect(() => initMlpParams(paper, new Float64Array(3), SequentialRandom.derive(1, 'init'), 'rich')).toThrow(/length/);
    expect(() => readoutStd('wide' as never, 10)).toThrow(/readout/);
  });
});
