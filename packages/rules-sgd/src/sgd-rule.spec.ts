import { RandomStream, type PluginContext } from '@driftlab/core';
import { validate } from './__fixtures__/ajv';
import * as pkg from './index';
import { sgdPlugin, sgdOptionsSchema, type SgdOptions } from './sgd-rule';

const ctx: PluginContext = { seed: 3, replica: 0, stream: (name) => RandomStream.derive(3, name), path: 'rules[0]' };
const create = (o: unknown) => sgdPlugin.create(validate(sgdOptionsSchema, o).value as SgdOptions, ctx);

describe('sgd options schema', () => {
  it('fills every default (DriftReg: full-batch GD, lr 0.1, no momentum)', () => {
    const r = validate(sgdOptionsSchema, {});
    expect(r.ok).toBe(true);
    expect(r.value).toEqual({ lr: 0.1, batchSize: null, momentum: 0, nesterov: false, replace: false });
  });

  it.each([
    [{ lr: 0 }],
    [{ lr: -0.1 }],
    [{ lr: '0.1' }],
    [{ batchSize: 0 }],
    [{ batchSize: 2.5 }],
    [{ momentum: 1 }],
    [{ momentum: -0.5 }],
    [{ nesterov: true }],
    [{ nesterov: true, momentum: 0 }],
    [{ learningRate: 0.1 }],
  ])('rejects %j', (o) => {
    expect(validate(sgdOptionsSchema, o).ok).toBe(false);
  });

  it('accepts a full minibatch Nesterov config', () => {
    const o = { lr: 0.05, batchSize: 32, momentum: 0.9, nesterov: true, replace: true };
    expect(validate(sgdOptionsSchema, o)).toMatchObject({ ok: true, value: o });
  });
});

describe('sgd rule', () => {
  it('defaults give one optimizer-stage scale(−0.1) and no batch transform', () => {
    const parts = create({});
    expect(parts.batch).toBeUndefined();
    expect(parts.updates!.map((t) => [t.name, t.stage, t.fusable])).toEqual([
      ['scale', 'optimizer', { op: 'scale', factor: -0.1 }],
    ]);
  });

  it('momentum comes before scale; batchSize adds a minibatch on the "minibatch" stream', () => {
    const parts = create({ lr: 0.2, momentum: 0.9, nesterov: true, batchSize: 8 });
    expect(parts.updates!.map((t) => t.fusable)).toEqual([
      { op: 'momentum', beta: 0.9, nesterov: true },
      { op: 'scale', factor: -0.2 },
    ]);
    const mb = parts.batch![0];
    expect(mb.name).toBe('minibatch');
    expect(mb.fusable).toMatchObject({ op: 'minibatch', batchSize: 8 });
    const s = (mb.fusable as { stream: RandomStream }).stream;
    expect([s.key0, s.key1]).toEqual([RandomStream.derive(3, 'minibatch').key0, RandomStream.derive(3, 'minibatch').key1]);
  });

  it('one GD step moves params by −lr·g', () => {
    const parts = create({ lr: 0.5 });
    const params = new Float64Array([1, 1]);
    const u = new Float64Array([2, -4]);
    const t = parts.updates![0];
    t.update(u, t.init(params), params, undefined as never);
    for (let i = 0; i < 2; i++) params[i] += u[i];
    expect(Array.from(params)).toEqual([0, 3]);
  });

  it('create() also refuses nesterov without momentum when called unvalidated', () => {
    expect(() => sgdPlugin.create({ lr: 0.1, batchSize: null, momentum: 0, nesterov: true, replace: false }, ctx)).toThrow(/nesterov/);
  });

  it('the package exports its descriptor in `plugins`', () => {
    expect(pkg.plugins).toEqual([sgdPlugin]);
    expect(sgdPlugin).toMatchObject({ id: '@driftlab/rules-sgd', kind: 'rule', aliases: ['sgd'] });
  });
});
