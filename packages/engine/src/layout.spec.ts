import type { MlpSpec } from '@driftlab/core';
import { countParams, findView, mlpLayout } from './layout';

const paper: MlpSpec = { inputDim: 18, hidden: [500], outputDim: 17, activation: 'relu', outputBias: false };

describe('mlpLayout', () => {
  it("the paper's 18→500→17 net has P = 18,000 in the order W1, b1, V", () => {
    expect(countParams(paper)).toBe(18000);
    expect(mlpLayout(paper)).toEqual([
      { name: 'W1', offset: 0, length: 9000, shape: [500, 18] },
      { name: 'b1', offset: 9000, length: 500, shape: [500] },
      { name: 'V', offset: 9500, length: 8500, shape: [17, 500] },
    ]);
  });

  it('appends c only with an output bias, and stacks deeper layers', () => {
    expect(countParams({ ...paper, outputBias: true })).toBe(18017);
    expect(findView(mlpLayout({ ...paper, outputBias: true }), 'c')).toEqual({ name: 'c', offset: 18000, length: 17, shape: [17] });
    const deep = mlpLayout({ inputDim: 3, hidden: [4, 5], outputDim: 2, activation: 'tanh', outputBias: true });
    expect(deep.map((v) => [v.name, v.offset, v.shape])).toEqual([
      ['W1', 0, [4, 3]],
      ['b1', 12, [4]],
      ['W2', 16, [5, 4]],
      ['b2', 36, [5]],
      ['V', 41, [2, 5]],
      ['c', 51, [2]],
    ]);
  });

  it('rejects specs it cannot run', () => {
    expect(() => mlpLayout({ ...paper, hidden: [] })).toThrow(/at least one hidden layer/);
    expect(() => mlpLayout({ ...paper, hidden: [0] })).toThrow(/hidden\[0\]/);
    expect(() => mlpLayout({ ...paper, inputDim: 1.5 })).toThrow(/inputDim/);
    expect(() => mlpLayout({ ...paper, activation: 'gelu' as never })).toThrow(/activation/);
    expect(() => findView(mlpLayout(paper), 'W2')).toThrow(/known: W1, b1, V/);
  });
});
