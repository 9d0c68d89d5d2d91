import Ajv2020 from 'ajv/dist/2020';
import type { Model, ProbeInput, TaskData } from '@driftlab/core';
import { MlpModelF64 } from '@driftlab/engine';
import { randomNet } from './__fixtures__/nets';
import { flatnessOfParams } from './flatness-of-params';
import {
  flatnessPlugins,
  hessianLogDetMetric,
  hessianNonzeroFractionMetric,
  hessianSpectrumMetric,
  hessianTopEigsMetric,
  hessianTraceMetric,
} from './probes';

const ajv = new Ajv2020({ strict: true, useDefaults: true, allowUnionTypes: true });

/** Options as the config resolver gives them: validated, defaults filled. */
function optionsOf(schema: object, raw: Record<string, unknown> = {}): any {
  const opts = { ...raw };
  const validate = ajv.compile(schema);
  if (!validate(opts)) throw new Error(JSON.stringify(validate.errors));
  return opts;
}

function setup(seed = 71) {
  const net = randomNet(seed, { inputDim: 4, hidden: [6], outputDim: 3, n: 5 });
  const model = new MlpModelF64(net.spec, net.params);
  const task: TaskData = {
    id: 'fake',
    n: net.data.n,
    inputDim: 4,
    outputDim: 3,
    x: net.data.x,
    y: net.data.y,
    position: new Float64Array(net.data.n),
    state: {},
    directional: false,
  };
  const input = (step: number, snapshot: boolean): ProbeInput => ({ step, model: model as Model, task, hidden: [], out: new Float64Array(0), loss: 0, snapshot });
  return { net, model, input };
}

describe('flatness metric plugins', () => {
  it('are closed-schema metric plugins whose defaults fill every option', () => {
    expect(flatnessPlugins.map((p) => p.aliases?.[0])).toEqual(['hessianTrace', 'hessianTopEigs', 'hessianSpectrum', 'hessianNonzeroFraction', 'hessianLogDet']);
    for (const p of flatnessPlugins) {
      expect(p.kind).toBe('metric');
      expect((p.optionsSchema as { additionalProperties: boolean }).additionalProperties).toBe(false);
      const props = (p.optionsSchema as { properties: Record<string, { default?: unknown }> }).properties;
      for (const [name, prop] of Object.entries(props)) expect([name, prop.default !== undefined]).toEqual([name, true]);
      expect(() => optionsOf(p.optionsSchema as object, { bogus: 1 })).toThrow();
    }
  });

  it('compute only at snapshots, with scalars named like the plugin', () => {
    const { net, input } = setup();
    const want = flatnessOfParams(net.spec, net.params, net.data, { topK: 3 });
    const probes = flatnessPlugins.map((p) => p.create(optionsOf(p.optionsSchema as object, p === hessianTopEigsMetric ? { k: 3 } : {}), {} as never));
    for (const probe of probes) expect(probe.evaluate(input(10, false))).toEqual({});
    const [trace, top, spectrum, fraction, logDet] = probes.map((p) => p.evaluate(input(20, true)));
    expect(trace.scalars?.hessianTrace).toBeCloseTo(want.trace as number, 12);
    expect(trace.scalars?.hessianTraceGaussNewton).toBeCloseTo(want.gaussNewtonTrace, 12);
    expect(trace.scalars?.hessianTraceResidual).toBe(0);
    expect(trace.scalars?.hessianDeadUnits).toBe(want.deadUnits);
    expect(top.scalars?.hessianTopEigs).toBeCloseTo(want.lambdaMax, 12);
    expect(top.arrays?.hessianTopEigs.shape).toEqual([3]);
    expect(Array.from(top.arrays?.hessianTopEigs.data ?? [])).toEqual(want.topEigenvalues);
    expect(top.scalars?.hessianGaussNewtonMax).toBeCloseTo(want.gaussNewtonMax, 10);
    expect(top.scalars?.hessianResidualNorm).toBeCloseTo(want.residualNorm as number, 12);
    expect(spectrum.arrays?.hessianSpectrum.shape).toEqual([net.params.length]);
    expect(Array.from(spectrum.arrays?.hessianSpectrum.data ?? [])).toEqual(Array.from(want.spectrum as Float64Array));
    expect(fraction.scalars).toEqual({ hessianNonzeroFraction: want.nonzeroFraction, hessianNonzeroCount: want.nonzeroCount });
    expect(logDet.scalars?.hessianLogDet).toBeCloseTo(want.logDet as number, 9);
  });

  it('recompute when the parameters change at a later snapshot', () => {
    const { model, input } = setup(72);
    const probe = hessianTraceMetric.create({} as never, {} as never);
    const first = probe.evaluate(input(1, true)).scalars?.hessianTrace as number;
    expect(probe.evaluate(input(1, true)).scalars?.hessianTrace).toBe(first);
    const scaleReadout = (p: Float64Array) => {
      for (let i = 30; i < p.length; i++) p[i] *= 1.5; // V starts after W1 (6 × 4) and b1 (6)
    };
    scaleReadout(model.params);
    const second = probe.evaluate(input(2, true)).scalars?.hessianTrace as number;
    expect(second).not.toBe(first);
    const net = randomNet(72, { inputDim: 4, hidden: [6], outputDim: 3, n: 5 });
    scaleReadout(net.params);
    expect(second).toBeCloseTo(flatnessOfParams(net.spec, net.params, net.data).trace as number, 12);
  });

  it('record nothing spectral when the reduced problem exceeds maxDenseDim, but still the top eigenvalues', () => {
    const { input } = setup(73);
    const opts = { maxDenseDim: 0 };
    expect(hessianSpectrumMetric.create(optionsOf(hessianSpectrumMetric.optionsSchema as object, opts), {} as never).evaluate(input(5, true))).toEqual({});
    expect(hessianNonzeroFractionMetric.create(optionsOf(hessianNonzeroFractionMetric.optionsSchema as object, opts), {} as never).evaluate(input(5, true))).toEqual({});
    expect(hessianLogDetMetric.create(optionsOf(hessianLogDetMetric.optionsSchema as object, opts), {} as never).evaluate(input(5, true))).toEqual({});
    const top = hessianTopEigsMetric.create(optionsOf(hessianTopEigsMetric.optionsSchema as object, { ...opts, k: 2 }), {} as never).evaluate(input(5, true));
    expect(top.arrays?.hessianTopEigs.shape).toEqual([2]);
  });

  it('use the tolerance given to each plugin', () => {
    const { net, input } = setup(74);
    const loose = hessianNonzeroFractionMetric.create(optionsOf(hessianNonzeroFractionMetric.optionsSchema as object, { tolerance: 0.5 }), {} as never);
    const want = flatnessOfParams(net.spec, net.params, net.data, { tolerance: 0.5 });
    expect(loose.evaluate(input(3, true)).scalars?.hessianNonzeroCount).toBe(want.nonzeroCount);
    expect(want.nonzeroCount).toBeLessThan(flatnessOfParams(net.spec, net.params, net.data).nonzeroCount as number);
  });
});
