// drift report <run-dir> [--out DIR]: the Fig. 2-style figures of one run (loss, sparsification and SI, the
// rate-map grid, correlation matrices, flatness when recorded) as SVG + PNG + Vega-Lite JSON.
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { RunReportError, runModelSeries, writeRunReport, type ModelSeries } from '@driftlab/report';
import { CliError, EXIT, type CliIO } from '../io';

export interface ReportCommandOptions {
  out?: string;
}

export async function reportCommand(dir: string, o: ReportCommandOptions, io: CliIO): Promise<number> {
  const runDir = path.resolve(dir);
  if (!fs.existsSync(runDir) || !fs.statSync(runDir).isDirectory()) throw new CliError(`run directory not found: ${dir}`);
  if (!fs.existsSync(path.join(runDir, 'config.json')) || !fs.existsSync(path.join(runDir, 'evaluations.jsonl'))) {
    throw new CliError(`${dir} is not a run directory (needs config.json and evaluations.jsonl); give the --out folder of \`drift run\``);
  }
  const out = path.resolve(o.out ?? path.join(runDir, 'report'));
  try {
    const files = await writeRunReport(runDir, out, { onSkip: (figure, why) => io.err(`skipped ${figure}: ${why}`) });
    for (const f of files) io.out(f);
    io.err(`${files.length / 3} figures in ${out}`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof RunReportError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
}

/** A run's fraction of active units and mean SI for `drift analyze --compare-run` (exit 2 when it is no run). */
export function compareRunSeries(dir: string): ModelSeries {
  try {
    return runModelSeries(path.resolve(dir));
  } catch (e) {
    if (e instanceof RunReportError) throw new CliError(`--compare-run: ${e.message}`);
    throw e;
  }
}

export function registerReportCommand(program: Command, io: CliIO, setCode: (c: number) => void): void {
  program
    .command('report')
    .description('Fig. 2-style figures of a run: loss, sparsification, SI, rate-map grid, correlation matrix (SVG + PNG)')
    .argument('<run-dir>', 'a run directory written by `drift run`')
    .option('--out <dir>', 'where to write the figures (default <run-dir>/report)')
    .action(async (dir, opts) => setCode(await reportCommand(dir, opts, io)));
}
