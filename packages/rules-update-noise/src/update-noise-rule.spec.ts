import { RandomStream, type PluginContext } from '@driftlab/core';
import { validate } from './__fixtures__/ajv';
import * as pkg from './index';
import { updateNoiseOptionsSchema, updateNoisePlugin, type UpdateNoiseOptions } from './update-noise-rule';

const ctx: PluginContext = { seed: 4, replica: 0, stream: (name) => RandomStream.derive(4, name), path: 'rules[1]' };
const create = (o: unknown) => updateNoisePlugin.create(validate(updateNoiseOptionsSchema, o).value as UpdateNoiseOptions, ctx);

describe('update-noise options schema', () => {
  it('fills defaults (σ 0.03 on the gradient, as DriftReg)', () => {
    expect(validate(updateNoiseOptionsSchema, {})).toMatchObject({ ok: true, value: { std: 0.03, placement: 'gradient' } });
  });

  it.each([[{ std: -0.1 }], [{ std: 'big' }], [{ placement: 'after' }], [{ sigma: 0.1 }]])('rejects %j', (o) => {
    expect(validate(updateNoiseOptionsSchema, o).ok).toBe(false);
  });
});

describe('update-noise rule', () => {
  it('gives one transform at the chosen stage on the "update-noise" stream', () => {
    for (const placement of ['gradient', 'step'] as const) {
      const [t] = create({ std: 0.2, placement }).updates!;
      expect(t.stage).toBe(placement);
      const op = t.fusable as { op: string; std: number; stream: RandomStream };
      expect([op.op, op.std]).toEqual(['gaussian-noise', 0.2]);
      expect(op.stream.key0).toBe(RandomStream.derive(4, 'update-noise').key0);
    }
  });

  it('σ = 0 contributes nothing', () => {
    expect(create({ std: 0 }).updates).toEqual([]);
  });

  it('the package exports its descriptor in `plugins`', () => {
    expect(pkg.plugins).toEqual([updateNoisePlugin]);
    expect(updateNoisePlugin).toMatchObject({ id: '@driftlab/rules-update-noise', kind: 'rule', aliases: ['update-noise'] });
  });
});
