import { RandomStream, type Model, type PluginContext } from '@driftlab/core';
import { validate } from './__fixtures__/ajv';
import { dropoutOptionsSchema, dropoutPlugin, type DropoutOptions } from './dropout-rule';
import * as pkg from './index';

const ctx: PluginContext = { seed: 9, replica: 0, stream: (name) => RandomStream.derive(9, name), path: 'rules[2]' };
const create = (o: unknown) => dropoutPlugin.create(validate(dropoutOptionsSchema, o).value as DropoutOptions, ctx);
const model = { spec: { inputDim: 2, hidden: [3], outputDim: 1, activation: 'relu', outputBias: false }, dtype: 'float64' } as unknown as Model;

describe('dropout options schema', () => {
  it('fills defaults', () => {
    expect(validate(dropoutOptionsSchema, {})).toMatchObject({ ok: true, value: { rate: 0.5, dropConnect: false, layers: 'all' } });
  });

  it('accepts a layer list', () => {
    expect(validate(dropoutOptionsSchema, { layers: [0, 2] })).toMatchObject({ ok: true, value: { layers: [0, 2] } });
  });

  it.each([
    [{ rate: 1 }],
    [{ rate: -0.1 }],
    [{ dropConnect: 'yes' }],
    [{ layers: 'some' }],
    [{ layers: [] }],
    [{ layers: [-1] }],
    [{ layers: [0.5] }],
    [{ layers: [1, 1] }],
    [{ p: 0.5 }],
  ])('rejects %j', (o) => {
    expect(validate(dropoutOptionsSchema, o).ok).toBe(false);
  });
});

describe('dropout rule', () => {
  it('gives one activation transform on the "dropout" stream', () => {
    const [t] = create({ rate: 0.1 }).activation!;
    expect(t.fusable).toMatchObject({ op: 'dropout', rate: 0.1, dropConnect: false });
    const expected = dropoutPlugin.create({ rate: 0.1, dropConnect: false, layers: 'all' }, ctx).activation![0];
    expect(Array.from(t.masks(model, 4, 3).hiddenMasks![0]!)).toEqual(Array.from(expected.masks(model, 4, 3).hiddenMasks![0]!));
    const s = (t.fusable as { stream: RandomStream }).stream;
    expect(s.key1).toBe(RandomStream.derive(9, 'dropout').key1);
  });

  it('rate 0 contributes nothing', () => {
    expect(create({ rate: 0 }).activation).toEqual([]);
  });

  it('the package exports its descriptor in `plugins`', () => {
    expect(pkg.plugins).toEqual([dropoutPlugin]);
    expect(dropoutPlugin).toMatchObject({ id: '@driftlab/rules-dropout', kind: 'rule', aliases: ['dropout'] });
  });
});
