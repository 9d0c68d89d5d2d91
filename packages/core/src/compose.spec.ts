import { composeRules, fusedPlan, gradientSource, mergeMasks } from './compose';
import type { UpdateTransform } from './plugin';

const t = (name: string, stage: UpdateTransform['stage']): UpdateTransform<null> => ({
  name,
  stage,
  init: () => null,
  update: (_u, s) => s,
});

describe('composeRules', () => {
  it('orders update transforms by stage, then config order', () => {
    const c = composeRules([
      { name: 'sgd', parts: { updates: [t('momentum', 'optimizer'), t('lr', 'optimizer')] } },
      { name: 'noise-after', parts: { updates: [t('noise-after', 'step')] } },
      { name: 'noise', parts: { updates: [t('noise', 'gradient')] } },
      { name: 'clip', parts: { updates: [t('clip', 'gradient')] } },
    ]);
    expect(c.updates.map((u) => u.name)).toEqual(['noise', 'clip', 'momentum', 'lr', 'noise-after']);
    expect(c.source).toBe(gradientSource);
  });

  it('refuses two update sources', () => {
    const src = { name: 's', compute: () => 0 };
    expect(() => composeRules([{ name: 'a', parts: { source: src } }, { name: 'b', parts: { source: src } }])).toThrow(
      'two update sources: "a" and "b" both define one; keep one',
    );
  });

  it('is fusable only when every part is', () => {
    const scale = { ...t('lr', 'optimizer'), fusable: { op: 'scale' as const, factor: -0.1 } };
    const data = { x: new Float64Array(2), y: new Float64Array(2), n: 1 };
    expect(fusedPlan(composeRules([{ name: 'sgd', parts: { updates: [scale] } }]), data)).toEqual({
      batch: [],
      activation: [],
      source: { op: 'gradient' },
      updates: [{ op: 'scale', factor: -0.1 }],
      data,
    });
    expect(fusedPlan(composeRules([{ name: 'x', parts: { updates: [scale, t('custom', 'gradient')] } }]), data)).toBeNull();
  });
});

describe('mergeMasks', () => {
  it('multiplies masks site by site and keeps single masks as they are', () => {
    const a = { hiddenMasks: [new Float64Array([0, 2, 2])] };
    const b = { hiddenMasks: [new Float64Array([1, 0, 3])], weightMasks: [null, new Float64Array([1])] };
    expect(mergeMasks([])).toBeUndefined();
    expect(mergeMasks([a])).toBe(a);
    const m = mergeMasks([a, b])!;
    expect(Array.from(m.hiddenMasks![0]!)).toEqual([0, 0, 6]);
    expect(m.weightMasks![0]).toBeNull();
    expect(Array.from(m.weightMasks![1]!)).toEqual([1]);
    expect(Array.from(a.hiddenMasks[0])).toEqual([0, 2, 2]);
  });
});
