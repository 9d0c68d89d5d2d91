import { RandomStream, type PluginContext } from '@driftlab/core';
import { validate } from './__fixtures__/ajv';
import * as pkg from './index';
import { labelNoiseOptionsSchema, labelNoisePlugin, type LabelNoiseOptions } from './label-noise-rule';

const ctx: PluginContext = { seed: 8, replica: 0, stream: (name) => RandomStream.derive(8, name), path: 'rules[1]' };
const create = (o: unknown) => labelNoisePlugin.create(validate(labelNoiseOptionsSchema, o).value as LabelNoiseOptions, ctx);

describe('label-noise options schema', () => {
  it('fills defaults (uniform, scale 1, as DriftReg)', () => {
    expect(validate(labelNoiseOptionsSchema, {})).toMatchObject({ ok: true, value: { scale: 1, distribution: 'uniform' } });
  });

  it.each([[{ scale: -1 }], [{ scale: null }], [{ distribution: 'laplace' }], [{ std: 1 }]])('rejects %j', (o) => {
    expect(validate(labelNoiseOptionsSchema, o).ok).toBe(false);
  });
});

describe('label-noise rule', () => {
  it('gives one batch transform on the "label-noise" stream', () => {
    const [t] = create({ scale: 0.3, distribution: 'gaussian' }).batch!;
    const op = t.fusable as { op: string; scale: number; distribution: string; stream: RandomStream };
    expect([op.op, op.scale, op.distribution]).toEqual(['label-noise', 0.3, 'gaussian']);
    expect(op.stream.key0).toBe(RandomStream.derive(8, 'label-noise').key0);
    expect(create({}).updates).toBeUndefined();
  });

  it('scale 0 contributes nothing', () => {
    expect(create({ scale: 0 }).batch).toEqual([]);
  });

  it('the package exports its descriptor in `plugins`', () => {
    expect(pkg.plugins).toEqual([labelNoisePlugin]);
    expect(labelNoisePlugin).toMatchObject({ id: '@driftlab/rules-label-noise', kind: 'rule', aliases: ['label-noise'] });
  });
});
