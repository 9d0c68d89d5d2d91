import { renderSvg } from '../render';
import { fig3Specs, formatSlope } from './fig3';
import { modelVsBrainSpec, normaliseToFirst } from './model-vs-brain';
import { trendRows } from './trend-spec';

describe('trendRows', () => {
  it('drops non-finite means and turns SEM into lo/hi (null without SEM)', () => {
    expect(trendRows([{ label: 'a', points: [{ x: 1, mean: 2, sem: 0.5 }, { x: 2, mean: NaN }, { x: 3, mean: 1 }] }])).toEqual([
      { series: 'a', x: 1, mean: 2, lo: 1.5, hi: 2.5 },
      { series: 'a', x: 3, mean: 1, lo: null, hi: null },
    ]);
  });
});

describe('fig3Specs', () => {
  const pts = [1, 0.95, 0.9].map((mean, i) => ({ x: i + 1, mean, sem: 0.02 }));
  const specs = fig3Specs({
    dataset: 'demo',
    fractionActive: [{ label: 'mean', points: pts }],
    meanSI: [{ label: 'mean', points: pts.map((p) => ({ ...p, mean: 2 - p.mean })) }],
    slopes: { fractionActive: { slope: -0.05, p: 0.0004 }, meanSI: { slope: 0.05, p: 0.02 } },
    pvVsDelta: [{ label: 'PV', points: [{ x: 1, mean: 0.4 }, { x: 2, mean: 0.3 }] }],
  });

  it('names one spec per panel and a combined fig3', () => {
    expect(Object.keys(specs)).toEqual(['fraction-active', 'mean-si', 'pv-vs-delta', 'fig3']);
    expect((specs.fig3.concat as unknown[]).length).toBe(3);
  });

  it('labels slopes with p', async () => {
    expect(formatSlope({ slope: -0.05, p: 0.0004 })).toEqual(['slope -0.0500 / session, p < 0.001']);
    expect(formatSlope({ slope: 0.05, p: 0.02 })).toEqual(['slope +0.0500 / session, p = 0.020']);
    const svg = await renderSvg(specs.fig3);
    expect(svg).toContain('p &lt; 0.001');
    expect(svg).toContain('Representational drift');
  });
});

describe('modelVsBrainSpec', () => {
  it('normalises both to their first point and lays out 2 × 2 panels', async () => {
    expect(normaliseToFirst([{ x: 0, mean: 4, sem: 2 }, { x: 1, mean: 2 }])).toEqual([{ x: 0, mean: 1, sem: 0.5 }, { x: 1, mean: 0.5 }]);
    const spec = modelVsBrainSpec(
      { label: 'MLP', time: [0, 1e5, 2e5], fractionActive: [0.8, 0.6, 0.5], meanSI: [0.1, 0.2, 0.3] },
      { label: 'CA1', session: [1, 2, 3], fractionActive: [{ mean: 0.5, sem: 0.01 }, { mean: 0.48 }, { mean: 0.44 }], meanSI: [{ mean: 0.5 }, { mean: 0.6 }, { mean: 0.8 }] },
    );
    expect(spec.columns).toBe(2);
    const panels = spec.concat as { data: { values: { mean: number }[] } }[];
    expect(panels).toHaveLength(4);
    const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 14));
    close(panels[0].data.values.map((v) => v.mean), [1, 0.75, 0.625]);
    close(panels[3].data.values.map((v) => v.mean), [1, 1.2, 1.6]);
    const svg = await renderSvg(spec);
    expect(svg).toContain('MLP: fraction of active units');
    expect(svg).toContain('CA1: mean SI');
    expect(() => modelVsBrainSpec({ time: [0], fractionActive: [1, 2], meanSI: [1] }, { session: [], fractionActive: [], meanSI: [] })).toThrow(/lengths differ/);
  });
});
