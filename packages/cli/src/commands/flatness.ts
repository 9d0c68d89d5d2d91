// drift flatness <run-dir> [--json] [--tolerance T] [--max-dense-dim D] [--top K]: the Hessian flatness of every
// stored parameter snapshot of a run, recomputed from the run directory (the task is rebuilt from the stored
// resolved config and seed, so the data are exactly those the run trained on).
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { flatnessOfParams, type FlatnessOptions } from '@driftlab/metrics';
import { buildRun, prepareRun, readRunDirectory } from '@driftlab/runner';
import { CliError, EXIT, type CliIO } from '../io';

export interface FlatnessCommandOptions {
  json?: boolean;
  tolerance?: string;
  maxDenseDim?: string;
  top?: string;
}

function numberOption(name: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x))) throw new CliError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${v}"`);
  return x;
}

export interface SnapshotFlatness {
  step: number;
  loss: number;
  deadUnits: number;
  trace: number | null;
  gaussNewtonTrace: number;
  lambdaMax: number;
  topEigenvalues: number[];
  nonzeroCount: number | null;
  nonzeroFraction: number | null;
  logDet: number | null;
  seconds: number;
}

export function flatnessOfRun(dir: string, options: Partial<FlatnessOptions> = {}): SnapshotFlatness[] {
  if (!fs.existsSync(path.join(dir, 'config.json'))) throw new CliError(`${dir} is not a run directory (no config.json); give the --out folder of \`drift run\``);
  const run = readRunDirectory(dir);
  const prepared = prepareRun(run.config.config);
  const { task, model } = buildRun(prepared);
  const snaps = run.snapshots.filter((s) => s.params);
  if (snaps.length === 0) throw new CliError(`${dir} has no parameter snapshots`, EXIT.failed);
  return snaps.map((s) => {
    const params = run.readArray(s.params!.file);
    if (params.length !== model.nParams) throw new CliError(`${s.params!.file}: ${params.length} parameters, the config's model has ${model.nParams}`, EXIT.failed);
    const r = flatnessOfParams(model.spec, params, { x: task.x, y: task.y, n: task.n }, options);
    return {
      step: s.step,
      loss: r.loss,
      deadUnits: r.deadUnits,
      trace: r.trace,
      gaussNewtonTrace: r.gaussNewtonTrace,
      lambdaMax: r.lambdaMax,
      topEigenvalues: Array.from(r.topEigenvalues),
      nonzeroCount: r.nonzeroCount,
      nonzeroFraction: r.nonzeroFraction,
      logDet: r.logDet,
      seconds: r.seconds,
    };
  });
}

const f = (v: number | null, d = 4) => (v === null ? '—' : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(d));

export async function flatnessCommand(dir: string, o: FlatnessCommandOptions, io: CliIO): Promise<number> {
  const options: Partial<FlatnessOptions> = {};
  const tol = numberOption('tolerance', o.tolerance, false);
  const dense = numberOption('max-dense-dim', o.maxDenseDim, true);
  const top = numberOption('top', o.top, true);
  if (tol !== undefined) options.tolerance = tol;
  if (dense !== undefined) options.maxDenseDim = dense;
  if (top !== undefined) options.topK = top;
  const rows = flatnessOfRun(path.resolve(dir), options);
  if (o.json) {
    io.out(JSON.stringify({ runDir: path.resolve(dir), snapshots: rows }));
    return EXIT.ok;
  }
  io.out(`${'step'.padStart(10)} ${'loss'.padStart(10)} ${'dead'.padStart(5)} ${'trace'.padStart(10)} ${'λmax'.padStart(10)} ${'nonzero'.padStart(8)} ${'log det'.padStart(10)} ${'s'.padStart(6)}`);
  for (const r of rows) {
    io.out(`${String(r.step).padStart(10)} ${f(r.loss).padStart(10)} ${String(r.deadUnits).padStart(5)} ${f(r.trace).padStart(10)} ${f(r.lambdaMax).padStart(10)} ${f(r.nonzeroFraction, 3).padStart(8)} ${f(r.logDet, 1).padStart(10)} ${r.seconds.toFixed(2).padStart(6)}`);
  }
  return EXIT.ok;
}

export function registerFlatnessCommand(program: Command, io: CliIO, setCode: (c: number) => void): void {
  program
    .command('flatness')
    .description("recompute the Hessian flatness metrics of a run's stored parameter snapshots")
    .argument('<run-dir>', 'the output directory of `drift run`')
    .option('--json', 'print {runDir, snapshots:[…]} as one JSON line')
    .option('--tolerance <t>', 'an eigenvalue counts as non-zero above t·λmax (default 1e-10)')
    .option('--max-dense-dim <d>', 'largest dense problem diagonalised for the full spectrum (default 2500)')
    .option('--top <k>', 'how many top eigenvalues (default 10)')
    .action(async (dir, opts) => setCode(await flatnessCommand(dir, opts, io)));
}
