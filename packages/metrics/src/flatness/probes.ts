// Metric plugins for the flatness quantities. They compute only at snapshot evaluations (the Hessian is costly;
// evaluations happen at many steps, snapshots at few) and share one FlatnessAnalysis per (model, step), so
// enabling all five costs about as much as the most expensive one.

import type { MetricProbe, Model, PluginDescriptor, ProbeInput, TaskData } from '@driftlab/core';
import { DEFAULT_FLATNESS_OPTIONS, FlatnessAnalysis } from './analysis';
import { checkLayout } from './flatness-of-params';

interface Shared {
  step: number;
  task: TaskData;
  params: Float64Array;
  analysis: FlatnessAnalysis;
}

const shared = new WeakMap<Model, Shared>();

/** The analysis of this evaluation, created once and reused by every flatness probe at the same step. */
function analysisFor(input: ProbeInput): FlatnessAnalysis {
  const hit = shared.get(input.model);
  if (hit && hit.step === input.step && hit.task === input.task && sameParams(hit.params, input.model.params)) return hit.analysis;
  checkLayout(input.model);
  const params = Float64Array.from(input.model.params);
  const { x, y, n } = input.task;
  // Thresholds that differ per probe are passed per call; the shared defaults are the widest.
  const analysis = new FlatnessAnalysis(input.model.spec, params, { x: Float64Array.from(x), y: Float64Array.from(y), n }, {});
  shared.set(input.model, { step: input.step, task: input.task, params, analysis });
  return analysis;
}

function sameParams(a: Float64Array, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const LANCZOS_PROPS = {
  lanczosMaxIter: { type: 'integer', minimum: 1, default: DEFAULT_FLATNESS_OPTIONS.lanczosMaxIter, description: 'Most Lanczos iterations (top eigenvalues without a full spectrum).' },
  lanczosTolerance: { type: 'number', exclusiveMinimum: 0, default: DEFAULT_FLATNESS_OPTIONS.lanczosTolerance, description: 'Relative residual at which a Ritz value counts as converged.' },
};
const MAX_DENSE = {
  maxDenseDim: { type: 'integer', minimum: 0, default: DEFAULT_FLATNESS_OPTIONS.maxDenseDim, description: 'Full spectrum only when the dense problem left after the exact reduction is at most this big.' },
};
const TOLERANCE = {
  tolerance: { type: 'number', minimum: 0, default: DEFAULT_FLATNESS_OPTIONS.tolerance, description: 'Eigenvalues above tolerance × largest eigenvalue count as non-zero.' },
};

type MetricPlugin<O> = PluginDescriptor<O, MetricProbe> & { kind: 'metric' };

function schema(properties: Record<string, unknown>) {
  return { type: 'object', additionalProperties: false, properties } as PluginDescriptor['optionsSchema'];
}

function probe(name: string, evaluate: (a: FlatnessAnalysis) => ReturnType<MetricProbe['evaluate']>): MetricProbe {
  return {
    name,
    evaluate(input: ProbeInput) {
      if (!input.snapshot) return {};
      return evaluate(analysisFor(input));
    },
  };
}

export const hessianTraceMetric: MetricPlugin<Record<string, never>> = {
  id: '@driftlab/metrics/hessian-trace',
  kind: 'metric',
  aliases: ['hessianTrace', 'hessian-trace'],
  description:
    'Exact trace of the clean-loss Hessian at snapshots (hessianTrace), its Gauss–Newton and residual parts, and the number of dead hidden units.',
  optionsSchema: schema({}),
  create: () =>
    probe('hessianTrace', (a) => {
      const t = a.trace();
      const scalars: Record<string, number> = {
        hessianTraceGaussNewton: a.gaussNewtonTraceOnly(),
        hessianDeadUnits: a.deadUnits().reduce((s, x) => s + x, 0),
      };
      if (t) Object.assign(scalars, { hessianTrace: t.total, hessianTraceResidual: t.residual });
      return { scalars };
    }),
};

export interface TopEigsOptions {
  k: number;
  maxDenseDim: number;
  parts: boolean;
  lanczosMaxIter: number;
  lanczosTolerance: number;
}

export const hessianTopEigsMetric: MetricPlugin<TopEigsOptions> = {
  id: '@driftlab/metrics/hessian-top-eigs',
  kind: 'metric',
  aliases: ['hessianTopEigs', 'hessian-top-eigs'],
  description:
    'Largest Hessian eigenvalues at snapshots: scalar hessianTopEigs = λmax, array hessianTopEigs = the k largest; with parts, the Gauss–Newton λmax and residual norms.',
  optionsSchema: schema({
    k: { type: 'integer', minimum: 1, default: DEFAULT_FLATNESS_OPTIONS.topK, description: 'How many of the largest eigenvalues.' },
    ...MAX_DENSE,
    parts: { type: 'boolean', default: true, description: 'Also record hessianGaussNewtonMax, hessianResidualNorm, hessianResidualFrobenius.' },
    ...LANCZOS_PROPS,
  }),
  create: (o) => ({
    name: 'hessianTopEigs',
    evaluate(input: ProbeInput) {
      if (!input.snapshot) return {};
      const a = analysisFor(input);
      const top = a.topEigenvalues(o.k, o.maxDenseDim, o.lanczosMaxIter, o.lanczosTolerance);
      const scalars: Record<string, number> = { hessianTopEigs: top.values[0] };
      if (o.parts) {
        scalars.hessianGaussNewtonMax = a.gaussNewtonMax();
        const r = a.residualNorms();
        if (r) Object.assign(scalars, { hessianResidualNorm: r.spectral, hessianResidualFrobenius: r.frobenius });
      }
      return { scalars, arrays: { hessianTopEigs: { shape: [top.values.length], data: Float64Array.from(top.values) } } };
    },
  }),
};

export interface SpectrumOptions {
  maxDenseDim: number;
}

export const hessianSpectrumMetric: MetricPlugin<SpectrumOptions> = {
  id: '@driftlab/metrics/hessian-spectrum',
  kind: 'metric',
  aliases: ['hessianSpectrum', 'hessian-spectrum'],
  description:
    'Full Hessian spectrum (array hessianSpectrum, all nParams eigenvalues, descending) at snapshots where the reduced dense problem fits maxDenseDim.',
  optionsSchema: schema({ ...MAX_DENSE }),
  create: (o) =>
    probe('hessianSpectrum', (a) => {
      const s = a.spectrum(o.maxDenseDim);
      return s ? { arrays: { hessianSpectrum: { shape: [s.length], data: Float64Array.from(s) } } } : {};
    }),
};

export interface CountOptions {
  tolerance: number;
  maxDenseDim: number;
}

export const hessianNonzeroFractionMetric: MetricPlugin<CountOptions> = {
  id: '@driftlab/metrics/hessian-nonzero-fraction',
  kind: 'metric',
  aliases: ['hessianNonzeroFraction', 'hessian-nonzero-fraction'],
  description:
    'Fraction (hessianNonzeroFraction) and number (hessianNonzeroCount) of Hessian eigenvalues above tolerance × λmax, at snapshots with an affordable full spectrum.',
  optionsSchema: schema({ ...TOLERANCE, ...MAX_DENSE }),
  create: (o) =>
    probe('hessianNonzeroFraction', (a) => {
      const c = a.counts(o.tolerance, o.maxDenseDim);
      return c ? { scalars: { hessianNonzeroFraction: c.fraction, hessianNonzeroCount: c.count } } : {};
    }),
};

export const hessianLogDetMetric: MetricPlugin<CountOptions> = {
  id: '@driftlab/metrics/hessian-log-det',
  kind: 'metric',
  aliases: ['hessianLogDet', 'hessian-log-det'],
  description: 'Σ ln λ over Hessian eigenvalues above tolerance × λmax (hessianLogDet), at snapshots with an affordable full spectrum.',
  optionsSchema: schema({ ...TOLERANCE, ...MAX_DENSE }),
  create: (o) =>
    probe('hessianLogDet', (a) => {
      const c = a.counts(o.tolerance, o.maxDenseDim);
      return c ? { scalars: { hessianLogDet: c.logDet } } : {};
    }),
};

export const flatnessPlugins = [
  hessianTraceMetric,
  hessianTopEigsMetric,
  hessianSpectrumMetric,
  hessianNonzeroFractionMetric,
  hessianLogDetMetric,
];
