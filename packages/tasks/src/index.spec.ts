import * as tasks from './index';
import { checkOptions } from '@driftlab/core';
import { contextFor } from './__fixtures__/context';
import { PREDICTIVE_RING_DEFAULTS } from './predictive-ring';
import { PREDICTIVE_TRACK_DEFAULTS } from './predictive-track';
import { RANDOM_MAPPING_DEFAULTS, SMOOTHED_MAPPING_DEFAULTS } from './random-mappings';

const defaultsById: Record<string, object> = {
  '@driftlab/tasks/predictive-track': PREDICTIVE_TRACK_DEFAULTS,
  '@driftlab/tasks/predictive-ring': PREDICTIVE_RING_DEFAULTS,
  '@driftlab/tasks/random': RANDOM_MAPPING_DEFAULTS,
  '@driftlab/tasks/random-autoencoder': RANDOM_MAPPING_DEFAULTS,
  '@driftlab/tasks/smoothed': SMOOTHED_MAPPING_DEFAULTS,
  '@driftlab/tasks/smoothed-autoencoder': SMOOTHED_MAPPING_DEFAULTS,
};

describe('@driftlab/tasks plugins', () => {
  it('exports six task plugins with unique ids and aliases', () => {
    expect(tasks.plugins.map((p) => p.id).sort()).toEqual(Object.keys(defaultsById).sort());
    for (const p of tasks.plugins) {
      expect(p.kind).toBe('task');
      expect(p.aliases).toEqual([p.id.replace('@driftlab/tasks/', '')]);
    }
    expect(tasks.plugins).toContain(tasks.predictiveTrackTask);
    expect(tasks.plugins).toContain(tasks.smoothedAutoencoderTask);
  });

  describe.each(tasks.plugins.map((p) => [p.id, p] as const))('%s', (id, p) => {
    const validate = (o: Record<string, unknown>) => {
      const r = checkOptions(p.optionsSchema, o);
      if (r.ok) Object.assign(o, r.value);
      return r.ok;
    };

    it('schema: strict draft 2020-12, closed, a default for every property', () => {
      const s = p.optionsSchema as { additionalProperties: boolean; properties: Record<string, { default?: unknown }> };
      expect(s.additionalProperties).toBe(false);
      for (const [k, prop] of Object.entries(s.properties)) expect([k, prop.default !== undefined]).toEqual([k, true]);
    });

    it('ajv fills exactly the generator defaults from {}', () => {
      const o: Record<string, unknown> = {};
      expect(validate(o)).toBe(true);
      expect(o).toEqual(defaultsById[id]);
    });

    it('rejects unknown options and non-positive sizes', () => {
      expect(validate({ bogus: 1 })).toBe(false);
      expect(validate({ nSamples: 0 })).toBe(false);
      expect(validate({ nSamples: 2.5 })).toBe(false);
      expect(validate({ normalization: 'zscore' })).toBe(false);
    });

    it('creates consistent TaskData from filled defaults', () => {
      const o: Record<string, unknown> = { nSamples: 12 };
      validate(o);
      const d = p.create(o, contextFor(3));
      expect(d.n).toBe(12);
      expect(d.x.length).toBe(d.n * d.inputDim);
      expect(d.y.length).toBe(d.n * d.outputDim);
      expect(d.position.length).toBe(d.n);
      for (const v of Object.values(d.state)) expect(v.length).toBe(d.n);
      expect(d.x.every(Number.isFinite) && d.y.every(Number.isFinite)).toBe(true);
      expect(p.aliases).toContain(d.id);
    });
  });
});
