import { RandomStream } from '@driftlab/core';
import { createRegistry } from '../plugins';
import { prepareRun } from '../run';
import { formatPoint, planStudy, randomAxisValue } from './expand';
import { parsePointer, setPointer } from './json-pointer';
import { SpecError, validateSweepSpec } from './spec';

const base = {
  engine: 'reference',
  task: { id: 'random', options: { nSamples: 6, inputDim: 5, outputDim: 3 } },
  model: { id: 'mlp', options: { hidden: [8] } },
  rules: [{ id: 'sgd', options: { lr: 0.1 } }, { id: 'update-noise', options: { std: 0.03 } }],
  metrics: [{ id: 'activity' }],
  schedule: { steps: 100, evaluations: 5, snapshots: 2 },
};

const noise = {
  zip: [
    { name: 'noise', path: '/rules/1', values: [{ id: 'label-noise', options: { scale: 1 } }, { id: 'update-noise', options: { std: 0.03 } }], labels: ['label', 'update'] },
    { name: 'lr', path: '/rules/0/options/lr', values: [0.1, 0.05] },
  ],
};

const registry = createRegistry();
const issuesOf = (raw: unknown): string[] => {
  try {
    planStudy(raw, registry);
  } catch (e) {
    if (e instanceof SpecError) return e.issues;
    throw e;
  }
  return [];
};

describe('JSON pointers', () => {
  it('parses escapes and sets values, creating objects and appending to arrays', () => {
    expect(parsePointer('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    const o: Record<string, unknown> = { rules: [{ id: 'x' }] };
    setPointer(o, '/rules/1', { id: 'y' });
    setPointer(o, '/model/options/hidden', [4]);
    expect(o).toEqual({ rules: [{ id: 'x' }, { id: 'y' }], model: { options: { hidden: [4] } } });
    expect(() => setPointer(o, '/rules/5', 1)).toThrow('/rules/5: index 5 is past the end of an array of length 2');
    expect(() => parsePointer('rules/0')).toThrow(/must start with "\/"/);
  });
});

describe('sweep spec validation', () => {
  it('names every problem with its JSON pointer', () => {
    const issues = issuesOf({
      name: 'x',
      base,
      axes: [
        { path: '/seed', values: [1, 2], labels: ['a'] },
        { zip: [{ path: '/a', values: [1, 2] }, { path: '/b', values: [1] }] },
        { path: '/c' },
      ],
      seeds: [0],
      repeats: 2,
      filters: [{ exclude: { nope: 1 } }],
      extra: true,
    });
    expect(issues).toEqual(['(spec) has unknown property "extra"']);
    const more = issuesOf({
      name: 'x',
      base,
      axes: [
        { path: '/seed', values: [1, 2], labels: ['a'] },
        { zip: [{ path: '/a', values: [1, 2] }, { path: '/b', values: [1] }] },
        { path: '/c' },
      ],
      seeds: [0],
      repeats: 2,
      filters: [{ exclude: { nope: 1 } }],
    });
    expect(more).toEqual([
      '/axes/0/labels has 1 entries but values has 2',
      '/axes/1/zip/1/values has 1 entries but zip/0 has 2; zipped axes vary together',
      '/axes/2 needs "path" and "values" (a grid axis) or "zip" (axes that vary together)',
      '/seeds and /repeats: give one of them, not both',
      '/seed is set by two axes; each pointer may vary along one axis only',
      '/filters/0: unknown axis "nope"; axes: /seed, /a, /b, seed',
    ]);
    expect(issuesOf({ name: 'x', base, random: { samples: 2, axes: [{ path: '/seed', loguniform: [0, 1] }] } })).toEqual(['/random/axes/0/loguniform needs lo > 0']);
    expect(issuesOf({ name: 'x', base, axes: [{ name: 'a', path: '/seed', values: [1] }, { name: 'a', path: '/engine', values: ['reference'] }] })).toEqual([
      'axis name "a" is used twice; give the axes distinct "name"s',
    ]);
  });

  it('fills defaults and leaves the input untouched', () => {
    const raw = { name: 'x', base };
    const spec = validateSweepSpec(raw);
    expect(spec).toMatchObject({ axes: [], filters: [], plugins: [], checkpointEvery: 50000 });
    expect(raw).toEqual({ name: 'x', base });
  });

  it('reports runs whose config is invalid with their point and the plugin pointer', () => {
    const issues = issuesOf({ name: 'x', base, axes: [{ name: 'std', path: '/rules/1/options/std', values: [0.1, -1] }] });
    expect(issues).toEqual(['run 1 (std=-1): rules[1] (@driftlab/rules-update-noise): /options/std must be >= 0']);
  });
});

describe('planStudy', () => {
  it('crosses grid axes (first slowest), zips axes that vary together, then seeds; ids are the runs’ own', () => {
    const plan = planStudy({ name: 'x', base, axes: [noise, { name: 'hidden', path: '/model/options/hidden', values: [[8], [16]] }], repeats: 2 }, registry);
    expect(plan.runs.map((r) => formatPoint(r.point))).toEqual([
      'noise=label lr=0.1 hidden=[8] seed=0', 'noise=label lr=0.1 hidden=[8] seed=1',
      'noise=label lr=0.1 hidden=[16] seed=0', 'noise=label lr=0.1 hidden=[16] seed=1',
      'noise=update lr=0.05 hidden=[8] seed=0', 'noise=update lr=0.05 hidden=[8] seed=1',
      'noise=update lr=0.05 hidden=[16] seed=0', 'noise=update lr=0.05 hidden=[16] seed=1',
    ]);
    const r5 = plan.runs[5];
    expect(r5.config.rules[1].id).toBe('@driftlab/rules-update-noise');
    expect(r5.config.rules[0].options.lr).toBe(0.05);
    expect(r5.config.seed).toBe(1);
    // The id is the run's own: the same config run alone by `drift run` has it.
    expect(r5.runId).toBe(prepareRun(r5.config).runId);
    const raw = structuredClone(base) as any;
    raw.rules[0].options.lr = 0.05;
    raw.seed = 1;
    expect(r5.runId).toBe(prepareRun(raw).runId);
    expect(new Set(plan.runs.map((r) => r.runId)).size).toBe(8);
  });

  it('gives the same ids whatever the axis order, and merges points that resolve to the same config', () => {
    const a = planStudy({ name: 'x', base, axes: [noise, { name: 'hidden', path: '/model/options/hidden', values: [[8], [16]] }] }, registry);
    const b = planStudy({ name: 'y', base, axes: [{ name: 'hidden', path: '/model/options/hidden', values: [[8], [16]] }, noise] }, registry);
    expect(new Set(b.runs.map((r) => r.runId))).toEqual(new Set(a.runs.map((r) => r.runId)));
    const dup = planStudy({ name: 'x', base, axes: [{ name: 'task', path: '/task/id', values: ['random', '@driftlab/tasks/random'] }] }, registry);
    expect(dup.runs.length).toBe(1);
    expect(dup.duplicates).toBe(1);
  });

  it('applies exclude and only filters (value, "in", "min"/"max")', () => {
    const axes = [
      { name: 'lr', path: '/rules/0/options/lr', values: [0.01, 0.05, 0.1] },
      { name: 'hidden', path: '/model/options/hidden', values: [[4], [8]] },
    ];
    const p = planStudy({ name: 'x', base, axes, filters: [{ exclude: { lr: 0.05, hidden: [8] } }, { only: { lr: { min: 0.02 } } }] }, registry);
    expect(p.runs.map((r) => formatPoint(r.point))).toEqual(['lr=0.05 hidden=[4]', 'lr=0.1 hidden=[4]', 'lr=0.1 hidden=[8]']);
    expect(p.filtered).toBe(3);
    const q = planStudy({ name: 'x', base, axes, filters: [{ only: { hidden: { in: [[8]] } } }] }, registry);
    expect(q.runs.length).toBe(3);
  });

  it('draws random axes from counter-based streams: in range, reproducible, and earlier samples kept when more are drawn', () => {
    const random = {
      seed: 7,
      axes: [
        { name: 'lr', path: '/rules/0/options/lr', loguniform: [0.01, 0.1] },
        { name: 'std', path: '/rules/1/options/std', uniform: [0.01, 0.02] },
        { name: 'width', path: '/model/options/hidden/0', int: [3, 5] },
        { name: 'act', path: '/model/options/activation', choice: ['relu', 'tanh'] },
      ],
    };
    const five = planStudy({ name: 'x', base, random: { ...random, samples: 5 } }, registry);
    const eight = planStudy({ name: 'x', base, random: { ...random, samples: 40 } }, registry);
    expect(eight.runs.slice(0, 5).map((r) => r.runId)).toEqual(five.runs.map((r) => r.runId));
    for (const r of eight.runs) {
      const p = r.point as { lr: number; std: number; width: number; act: string };
      expect(p.lr).toBeGreaterThanOrEqual(0.01);
      expect(p.lr).toBeLessThan(0.1);
      expect(p.std).toBeGreaterThanOrEqual(0.01);
      expect(p.std).toBeLessThan(0.02);
      expect([3, 4, 5]).toContain(p.width);
      expect(['relu', 'tanh']).toContain(p.act);
      expect(r.config.model.options.hidden).toEqual([p.width]);
    }
    expect(new Set(eight.runs.map((r) => (r.point as { width: number }).width))).toEqual(new Set([3, 4, 5]));
    // The value is a pure function of (seed, sample, axis): u = stream.uniform(sample, axis).
    const u = RandomStream.derive(7, 'sweep-random').uniform(3, 0);
    expect(eight.runs[3].point.lr).toBeCloseTo(Math.exp(Math.log(0.01) + u * (Math.log(0.1) - Math.log(0.01))), 15);
    expect(randomAxisValue({ path: '/x', choice: ['a'] }, RandomStream.derive(0, 'sweep-random'), 0, 0)).toBe('a');
  });

  it('sets seeds from a list or as repeats counted from base.seed', () => {
    expect(planStudy({ name: 'x', base, seeds: [5, 9] }, registry).runs.map((r) => r.config.seed)).toEqual([5, 9]);
    expect(planStudy({ name: 'x', base: { ...base, seed: 3 }, repeats: 3 }, registry).runs.map((r) => r.config.seed)).toEqual([3, 4, 5]);
  });
});
