// writeRunReport: the Fig. 2-style figures of one run directory, each as SVG + PNG + .vl.json. Figures whose
// data the run did not record (no spatial metric, no Hessian probe, derived.json not yet written) are skipped.
import * as fs from 'fs';
import * as path from 'path';
import { writeFigure, type VegaLiteSpec } from '../render';
import type { ModelSeries } from '../figures/model-vs-brain';
import { metricOptions, readRunForReport, RunReportError, type RunData } from './read-run';
import { gridSnapshotIndices, rateMapGrid, type GridSnapshot } from './rate-map-grid';
import { RUN_FIGURE_CONFIG, activitySpecs, correlationSpec, flatnessSpecs, hconcatSpecs, lossSpec, rateMapGridSpec, type StepPoint } from './run-specs';

const INDEPENDENT = { scale: { color: 'independent', stroke: 'independent' }, legend: { color: 'independent', stroke: 'independent' } };

export interface RunReportOptions {
  /** Snapshots in the rate-map grid (default 4: rows and columns). */
  gridSnapshots?: number;
  /** Display smoothing σ in bins (default 0.06 · nBins). */
  sigmaBins?: number;
  /** Place-unit SI threshold (default: the run's spatial metric option, else 0.01). */
  placeThreshold?: number;
  /** Called for each figure left out, with the reason. */
  onSkip?: (figure: string, reason: string) => void;
}

/** One scalar over the evaluations (NaN where missing). */
export function scalarPoints(run: RunData, name: string): StepPoint[] {
  return run.evaluations.map((e) => ({ step: e.step, value: name in e.scalars ? e.scalars[name] : NaN }));
}

const hasScalar = (run: RunData, name: string) => run.evaluations.some((e) => Number.isFinite(e.scalars[name]));

/**
 * Fraction of active units and mean SI of place units for modelVsBrainSpec, at the run's snapshot steps (evenly
 * spaced, like recording sessions); at every evaluation when fewer than 2 snapshots have them.
 */
export function runModelSeries(runOrDir: RunData | string, label?: string): ModelSeries {
  const run = typeof runOrDir === 'string' ? readRunForReport(runOrDir) : runOrDir;
  if (!hasScalar(run, 'activeUnits')) throw new RunReportError(`${run.dir}: no activeUnits scalar (the run has no "activity" metric)`);
  if (!hasScalar(run, 'meanSI')) throw new RunReportError(`${run.dir}: no meanSI scalar (the run has no "spatial" metric)`);
  const snapSteps = new Set(run.snapshots.map((s) => s.step));
  const atSnaps = run.evaluations.filter((e) => snapSteps.has(e.step));
  const evals = atSnaps.length >= 2 ? atSnaps : run.evaluations;
  const v = (e: RunData['evaluations'][number], k: string) => (k in e.scalars ? e.scalars[k] : NaN);
  return { label: label ?? String(run.config.name ?? 'model'), time: evals.map((e) => e.step), fractionActive: evals.map((e) => v(e, 'activeUnits')), meanSI: evals.map((e) => v(e, 'meanSI')) };
}

/** The snapshots of the grid (indices int(linspace(0.1T, T−1, n))) with their maps and SI, or why there are none. */
export function gridSnapshotsOfRun(run: RunData, n = 4): GridSnapshot[] | string {
  const withMaps = run.snapshots.filter((s) => s.arrays?.rateMaps && s.arrays?.si);
  if (withMaps.length === 0) return 'no rateMaps/si snapshot arrays (the run has no "spatial" metric or no snapshot yet)';
  return gridSnapshotIndices(withMaps.length, n).map((i) => {
    const s = withMaps[i];
    return { step: s.step, maps: run.readArray(s.arrays.rateMaps), si: run.readArray(s.arrays.si) };
  });
}

export async function writeRunReport(runDir: string, outDir: string, options: RunReportOptions = {}): Promise<string[]> {
  const run = readRunForReport(runDir);
  if (run.evaluations.length === 0) throw new RunReportError(`${runDir}: no evaluations yet`);
  const skip = (figure: string, reason: string) => options.onSkip?.(figure, reason);
  const specs: Record<string, VegaLiteSpec> = {};
  const overviewTop: VegaLiteSpec[] = [];
  const overviewBottom: VegaLiteSpec[] = [];

  if (hasScalar(run, 'lossNormalised')) {
    specs.loss = lossSpec(scalarPoints(run, 'lossNormalised'), { convergedAtStep: run.derived?.convergedAtStep });
    overviewTop.push(specs.loss);
  } else skip('loss', 'no lossNormalised scalar');

  if (hasScalar(run, 'activeUnits') || hasScalar(run, 'meanSI')) {
    const a = activitySpecs({ activeUnits: scalarPoints(run, 'activeUnits'), activeFraction: scalarPoints(run, 'activeFraction'), meanSI: scalarPoints(run, 'meanSI') });
    const parts = [...(hasScalar(run, 'activeUnits') ? [a.activity] : []), ...(hasScalar(run, 'meanSI') ? [a.meanSI] : [])];
    specs.activity = hconcatSpecs(null, parts);
    overviewTop.push(...parts);
  } else skip('activity', 'no activeUnits or meanSI scalars (metrics "activity", "spatial")');

  const spatial = metricOptions(run, 'spatial');
  const placeThreshold = options.placeThreshold ?? spatial?.placeThreshold ?? 0.01;
  const snaps = gridSnapshotsOfRun(run, options.gridSnapshots ?? 4);
  if (typeof snaps === 'string') skip('rate-maps', snaps);
  else {
    const shape = run.snapshots.find((s) => s.arrays?.rateMaps)!.arrays.rateMaps.shape;
    const grid = rateMapGrid(snaps, { nUnits: shape[0], nBins: shape[1], sigmaBins: options.sigmaBins, placeThreshold });
    specs['rate-maps'] = rateMapGridSpec(grid, { placeThreshold });
    overviewBottom.push(specs['rate-maps']);
  }

  const rmc = run.derived?.rateMapCorrelation;
  if (rmc) {
    specs['rate-map-correlation'] = correlationSpec(rmc);
    overviewBottom.push(specs['rate-map-correlation']);
  } else skip('rate-map-correlation', run.derived ? 'derived.json has no rateMapCorrelation' : 'no derived.json (the run has not finished)');
  const pvc = run.derived?.pvCorrelation;
  if (pvc) specs['pv-correlation'] = correlationSpec(pvc, { title: 'Population-vector correlation', subtitle: ['mean over bins of Pearson r between', 'population vectors of place units'] });

  const flat = flatnessSpecs({ trace: scalarPoints(run, 'hessianTrace'), nonzeroFraction: scalarPoints(run, 'hessianNonzeroFraction') });
  if (flat.length) specs.flatness = hconcatSpecs(null, flat);

  if (overviewTop.length + overviewBottom.length > 1) {
    const strip = ({ $schema: _s, config: _c, ...rest }: VegaLiteSpec) => rest;
    const rows = [overviewTop, overviewBottom].filter((r) => r.length).map((r) => ({ hconcat: r.map(strip), spacing: 40, resolve: INDEPENDENT }));
    specs.fig2 = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: `${run.config.name ?? 'run'} (${run.runId})`, subtitle: [runSubtitle(run)], fontSize: 16 },
      vconcat: rows,
      spacing: 30,
      resolve: INDEPENDENT,
      config: RUN_FIGURE_CONFIG,
    };
  }

  fs.mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  for (const [name, spec] of Object.entries(specs)) files.push(...(await writeFigure(spec, path.join(outDir, name))));
  return files;
}

function runSubtitle(run: RunData): string {
  const c = run.config;
  const rules = (c.rules ?? []).map((r: any) => `${String(r.id).replace(/^@driftlab\/(rules-)?/, '')}${r.options?.std !== undefined ? ` σ=${r.options.std}` : ''}${r.options?.lr !== undefined ? ` lr=${r.options.lr}` : ''}`);
  const task = String(c.task?.id ?? '').replace(/^@driftlab\/tasks\//, '');
  const hidden = c.model?.options?.hidden;
  const status = run.status ? `${run.status.status}${run.status.stepReached !== undefined ? ` at step ${run.status.stepReached.toLocaleString('en-US')}` : ''}` : '';
  return [task, hidden ? `hidden ${hidden.join('×')}` : '', rules.join(' + '), `seed ${c.seed}`, status].filter(Boolean).join(' · ');
}
