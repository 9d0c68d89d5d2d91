import { ConfigError, checkOptions, resolveConfig } from './config';
import { PluginRegistry } from './registry';
import type { PluginDescriptor } from './plugin';

const task: PluginDescriptor = {
  id: '@driftlab/tasks/random',
  kind: 'task',
  aliases: ['random'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { nSamples: { type: 'integer', minimum: 1, default: 10 } },
  },
  create: () => ({}),
};
const model: PluginDescriptor = {
  id: '@driftlab/engine/mlp',
  kind: 'model',
  aliases: ['mlp'],
  optionsSchema: { type: 'object', additionalProperties: false, properties: { hidden: { type: 'array', items: { type: 'integer' }, default: [100] } } },
  create: () => ({}),
};
const sgd: PluginDescriptor = {
  id: '@driftlab/rules-sgd',
  kind: 'rule',
  aliases: ['sgd'],
  optionsSchema: { type: 'object', additionalProperties: false, properties: { lr: { type: 'number', exclusiveMinimum: 0, default: 0.1 } } },
  create: () => ({}),
};
const labelNoise: PluginDescriptor = {
  id: '@driftlab/rules-label-noise',
  kind: 'rule',
  aliases: ['label-noise'],
  optionsSchema: { type: 'object', additionalProperties: false, properties: { scale: { type: 'number', minimum: 0, default: 1 } } },
  create: () => ({}),
};
const registry = () => new PluginRegistry([task, model, sgd, labelNoise]);

function issuesOf(raw: unknown): string[] {
  try {
    resolveConfig(raw, registry());
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig', () => {
  it('fills envelope and plugin defaults and resolves aliases to ids', () => {
    const raw = { task: { id: 'random' }, rules: [{ id: 'sgd' }, { id: 'label-noise', options: { scale: 0.5 } }], metrics: [] };
    const cfg = resolveConfig(raw, registry());
    expect(cfg.seed).toBe(0);
    expect(cfg.dtype).toBe('float64');
    expect(cfg.engine).toBe('auto');
    expect(cfg.task).toEqual({ id: '@driftlab/tasks/random', options: { nSamples: 10 } });
    expect(cfg.model).toEqual({ id: '@driftlab/engine/mlp', options: { hidden: [100] } });
    expect(cfg.rules.map((r) => r.id)).toEqual(['@driftlab/rules-sgd', '@driftlab/rules-label-noise']);
    expect(cfg.rules[0].options).toEqual({ lr: 0.1 });
    expect(cfg.rules[1].options).toEqual({ scale: 0.5 });
    expect(cfg.schedule).toEqual({ steps: 10000, evaluations: 200, spacing: 'loglinear', snapshots: 21, checkpointEvery: null });
    expect(cfg.divergence).toEqual({ maxLog10Loss: 10, deadUnits: true });
    expect(raw.rules[0]).toEqual({ id: 'sgd' }); // input untouched
  });

  it('names the plugin and the JSON pointer of a bad option', () => {
    expect(issuesOf({ task: { id: 'random' }, rules: [{ id: 'sgd' }, { id: 'label-noise', options: { scale: -1 } }], metrics: [] })).toEqual([
      'rules[1] (@driftlab/rules-label-noise): /options/scale must be >= 0',
    ]);
  });

  it('reports wrong types, unknown options and unknown plugins together', () => {
    const msgs = issuesOf({
      task: { id: 'random', options: { nSamples: 'ten' } },
      rules: [{ id: 'sgd', options: { lr: 0.1, momentun: 0.9 } }, { id: 'adamw' }],
      metrics: [],
    });
    expect(msgs).toEqual([
      'task (@driftlab/tasks/random): /options/nSamples must be integer',
      'rules[0] (@driftlab/rules-sgd): /options has unknown property "momentun"',
      'rules[1]: /id unknown rule plugin "adamw"; known: sgd, label-noise',
    ]);
  });

  it('rejects a plugin of the wrong kind', () => {
    expect(issuesOf({ task: { id: 'sgd' }, metrics: [] })).toEqual(['task (@driftlab/rules-sgd): /id is a rule plugin, expected a task plugin']);
  });

  it('checks the envelope with pointers', () => {
    expect(issuesOf({ task: { id: 'random' }, seed: -3, schedule: { steps: 0 }, metrics: [] })).toEqual([
      'seed: must be >= 0',
      'schedule: /steps must be >= 1',
    ]);
    expect(issuesOf({ rules: [] })).toEqual(["config: must have required property 'task'"]);
    expect(issuesOf({ task: { id: 'random' }, dtyp: 'float32' })).toEqual(['config: has unknown property "dtyp"']);
  });
});

describe('checkOptions', () => {
  it('validates one plugin schema like a run config: defaults on a copy, pointer messages', () => {
    const input = {};
    expect(checkOptions(labelNoise.optionsSchema, input)).toEqual({ ok: true, value: { scale: 1 }, errors: [] });
    expect(input).toEqual({});
    expect(checkOptions(labelNoise.optionsSchema, { scale: -2, extra: 1 })).toEqual({
      ok: false,
      value: { scale: -2, extra: 1 },
      errors: ['/ has unknown property "extra"', '/scale must be >= 0'],
    });
  });
});
