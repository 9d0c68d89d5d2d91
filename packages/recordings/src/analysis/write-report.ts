// Files for `drift analyze --report DIR`: Fig. 3-style figures (SVG + PNG + Vega-Lite spec) and the tables.
import * as fs from 'fs';
import * as path from 'path';
import { fig3Specs, writeFigure, type BrainSeries, type TrendSeries } from '@driftlab/report';
import type { DatasetAnalysis } from './analyze-dataset';
import { analysisSummary } from './analyze-dataset';
import type { SessionMetrics } from './session-metrics';

const SI_TITLES: Record<string, string> = {
  'shuffle-corrected': 'mean SI, bits/event (shuffle-corrected), norm.',
  subsampled: 'mean SI, bits/event (equal-frames), norm.',
};

/** Per-session means ± SEM across animals of a dataset, for modelVsBrainSpec. */
export function brainSeries(a: DatasetAnalysis, label = 'CA1'): BrainSeries {
  const fa = a.trends.fractionActive.perSession;
  const si = a.trends.meanSI.perSession;
  return {
    label,
    session: fa.map((p) => p.session),
    fractionActive: fa.map((p) => ({ mean: p.mean, sem: p.sem })),
    meanSI: si.map((p) => ({ mean: p.mean, sem: p.sem })),
  };
}

export async function writeDatasetReport(a: DatasetAnalysis, dir: string): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const trendSeries = (q: 'fractionActive' | 'meanSI'): TrendSeries[] => [
    { label: 'mean', points: a.trends[q].perSession.map((p) => ({ x: p.session, mean: p.mean, sem: p.sem })) },
  ];
  const c = a.correlations;
  const specs = fig3Specs({
    dataset: path.basename(path.resolve(a.dataset)),
    fractionActive: trendSeries('fractionActive'),
    meanSI: trendSeries('meanSI'),
    slopes: a.slopes,
    siTitle: SI_TITLES[a.sessionTable[0]?.siEstimator ?? 'subsampled'],
    note: `mean ± SEM over ${a.animals} animals`,
    pvVsDelta: c ? [{ label: 'PV correlation', points: c.pv.map((p) => ({ x: p.deltaDays, mean: p.mean, sem: p.sem })) }] : undefined,
    rateMapVsDelta: c ? [{ label: 'rate-map correlation', points: c.rateMap.map((p) => ({ x: p.deltaDays, mean: p.mean, sem: p.sem })) }] : undefined,
  });
  const files: string[] = [];
  for (const [name, spec] of Object.entries(specs)) files.push(...(await writeFigure(spec, path.join(dir, name))));
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    files.push(f);
  };
  write('summary.json', `${JSON.stringify(analysisSummary(a), null, 1)}\n`);
  write('sessions.csv', toCsv(a.sessionTable));
  write('trends.csv', trendsCsv(a));
  if (c) write('correlation-vs-delta.csv', `deltaDays,pvMean,pvSem,rateMapMean,rateMapSem,nAnimals\n${c.pv.map((p, k) => [p.deltaDays, p.mean, p.sem, c.rateMap[k]?.mean, c.rateMap[k]?.sem, p.n].join(',')).join('\n')}\n`);
  return files;
}

const COLUMNS: (keyof SessionMetrics)[] = [
  'experiment', 'animal', 'context', 'session', 'day', 'nCells', 'denominator', 'nDenominator', 'nRunningFrames', 'nFrames', 'nActive',
  'fractionActive', 'fractionActiveOfDetected', 'meanSI', 'meanSIPerSecond', 'siEstimator', 'meanSISubsampled', 'meanSISubsampledPerSecond',
  'subsampleFrames', 'subsampleRepeats', 'meanSINaive', 'meanSINaivePerSecond', 'meanSICorrected', 'meanSICorrectedPerSecond', 'nPlace',
  'fractionPlace', 'meanSIPlace', 'placeTest',
];

export function toCsv(rows: SessionMetrics[]): string {
  const cell = (v: unknown) => (v === undefined ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  return `${COLUMNS.join(',')}\n${rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(',')).join('\n')}\n`;
}

function trendsCsv(a: DatasetAnalysis): string {
  const lines = ['quantity,session,normalisedMean,normalisedSem,rawMean,rawSem,nAnimals,pooledSlope,pooledP'];
  for (const [q, t] of Object.entries(a.trends)) for (const p of t.perSession) lines.push([q, p.session, p.mean, p.sem, p.rawMean, p.rawSem, p.n, t.pooled.slope, t.pooled.p].join(','));
  return `${lines.join('\n')}\n`;
}
