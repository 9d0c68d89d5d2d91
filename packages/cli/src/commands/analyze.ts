// drift analyze <dataset-dir> [--format ziv|csv|nwb|auto] [--json] [--report DIR]: the drift statistics of
// recorded data (per-session tables, trends across sessions, Fig. 3-style figures).
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { DataFormatError, analysisSummary, analyzeDataset, brainSeries, formatAnalysis } from '@driftlab/recordings';
import { modelVsBrainSpec, writeFigure } from '@driftlab/report';
import { CliError, EXIT, type CliIO } from '../io';
import { compareRunSeries } from './report';

const FORMATS = ['auto', 'ziv', 'csv', 'nwb'] as const;

export interface AnalyzeCommandOptions {
  format?: string;
  json?: boolean;
  report?: string;
  seed?: string;
  /** A run directory whose activeUnits and meanSI are drawn beside the dataset (needs --report). */
  compareRun?: string;
}

export async function analyzeCommand(dir: string, o: AnalyzeCommandOptions, io: CliIO): Promise<number> {
  const format = (o.format ?? 'auto') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}, got "${o.format}"`);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CliError(`dataset directory not found: ${dir}`);
  if (o.seed !== undefined && !/^\d+$/.test(o.seed)) throw new CliError(`--seed must be a non-negative integer, got "${o.seed}"`);
  if (o.compareRun !== undefined && !o.report) throw new CliError('--compare-run needs --report <dir> (the figure is written there)');
  const model = o.compareRun === undefined ? undefined : compareRunSeries(o.compareRun);
  try {
    const result = await analyzeDataset(dir, {
      format,
      report: o.report ? path.resolve(o.report) : undefined,
      seed: o.seed === undefined ? undefined : Number(o.seed),
      onProgress: o.json || !io.isTTY ? undefined : (msg) => io.err(msg),
    });
    if (model && o.report) await writeFigure(modelVsBrainSpec(model, brainSeries(result)), path.join(path.resolve(o.report), 'model-vs-brain'));
    if (!o.json) io.out(formatAnalysis(result));
    if (o.report && !o.json) io.err(`figures and tables: ${path.resolve(o.report)}`);
    if (o.json) io.out(JSON.stringify(analysisSummary(result)));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof DataFormatError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
}

export function registerAnalyzeCommand(program: Command, io: CliIO, setCode: (c: number) => void): void {
  program
    .command('analyze')
    .description('drift statistics of recorded data: per-session tables, trends, Fig. 3-style figures')
    .argument('<dataset-dir>', 'a dataset folder (Ziv-lab layout, generic CSV layout, or NWB files)')
    .option('--format <format>', 'auto | ziv | csv | nwb', 'auto')
    .option('--json', 'print the summary as one JSON line (last line of stdout)')
    .option('--report <dir>', 'write figures (SVG + PNG) and tables to this folder')
    .option('--seed <s>', 'seed of the shuffles and subsamples')
    .option('--compare-run <run-dir>', 'with --report: also draw this run\'s fraction of active units and mean SI beside the data (model-vs-brain)')
    .action(async (dir, opts) => setCode(await analyzeCommand(dir, opts, io)));
}
