// drift run <config.json> | --preset NAME  [--steps N] [--seed S] [--out DIR] [--json] [--engine E] [--dtype D] [--noise-thread] [--force]
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, createContainer } from '@driftlab/core';
import { engineModule } from '@driftlab/engine';
import {
  RunDirectorySink,
  createRegistry,
  executeRun,
  loadPluginModules,
  loadPreset,
  prepareRun,
  resolvePluginSpecifiers,
  type RunOverrides,
} from '@driftlab/runner';
import { CliError, EXIT, type CliIO } from '../io';
import { cliModule } from '../services';

export interface RunCommandOptions {
  preset?: string;
  steps?: string;
  seed?: string;
  out?: string;
  json?: boolean;
  engine?: string;
  dtype?: string;
  force?: boolean;
  noiseThread?: boolean;
  plugin?: string[];
  verbose?: boolean;
}


function intOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
    throw new CliError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  }
  return Number(v);
}

export function readConfigFile(file: string): unknown {
  if (!fs.existsSync(file)) throw new CliError(`config file not found: ${file}`);
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

export function loadRawConfig(file: string | undefined, preset: string | undefined): { raw: unknown; label: string } {
  if (file && preset) throw new CliError('give either a config file or --preset, not both');
  if (preset) {
    try {
      return { raw: loadPreset(preset), label: preset };
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  if (!file) throw new CliError('drift run needs a config file or --preset NAME (see `drift presets`)');
  return { raw: readConfigFile(file), label: path.basename(file).replace(/\.json$/, '') };
}

export function overridesFrom(o: RunCommandOptions): RunOverrides {
  const ov: RunOverrides = { steps: intOption('steps', o.steps, 1), seed: intOption('seed', o.seed, 0) };
  if (o.engine !== undefined) {
    if (!['auto', 'reference', 'wasm', 'tfjs'].includes(o.engine)) throw new CliError(`--engine must be auto, reference, wasm or tfjs, got "${o.engine}"`);
    ov.engine = o.engine as RunOverrides['engine'];
  }
  if (o.dtype !== undefined) {
    if (!['float64', 'float32'].includes(o.dtype)) throw new CliError(`--dtype must be float64 or float32, got "${o.dtype}"`);
    ov.dtype = o.dtype as RunOverrides['dtype'];
  }
  if (o.noiseThread) ov.noiseThread = true;
  return ov;
}

export async function runCommand(file: string | undefined, o: RunCommandOptions, io: CliIO): Promise<number> {
  const { raw, label } = loadRawConfig(file, o.preset);
  let prepared;
  let registry;
  try {
    registry = createRegistry(loadPluginModules(resolvePluginSpecifiers(o.plugin ?? [], process.cwd())));
  } catch (e) {
    throw new CliError(`--plugin: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    prepared = prepareRun(raw, { overrides: overridesFrom(o), registry });
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`invalid config (${file ?? `preset ${label}`}):`);
      for (const line of e.message.split('\n')) io.err(`  ${line}`);
      return EXIT.usage;
    }
    throw e;
  }
  const outDir = path.resolve(o.out ?? path.join('runs', `${label}-${prepared.runId}`));
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0 && !o.force) {
    throw new CliError(`output directory ${outDir} is not empty; choose another --out or pass --force to replace it`);
  }
  if (o.force) fs.rmSync(outDir, { recursive: true, force: true });
  let stop = false;
  const off = io.onInterrupt(() => {
    if (stop) process.exit(EXIT.interrupted);
    stop = true;
    io.err('stopping after the current chunk of steps (Ctrl-C again to quit now)…');
  });
  try {
    if (!o.json) io.err(`run ${prepared.runId} → ${outDir}`);
    const container = createContainer(
      engineModule,
      cliModule(io, { sink: new RunDirectorySink(outDir, prepared.record), progress: io.isTTY && !o.json, verbose: Boolean(o.verbose) }),
    );
    const { summary } = executeRun(prepared, {
      container,
      shouldStop: () => stop,
      outDir,
    });
    if (o.json) io.out(JSON.stringify(summary));
    else io.out(humanSummary(summary));
    if (summary.status === 'failed') return EXIT.failed;
    if (summary.status === 'interrupted') return EXIT.interrupted;
    return EXIT.ok;
  } finally {
    off();
  }
}

function fmt(v: number | null, digits = 4): string {
  return v === null ? '—' : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(digits);
}

function humanSummary(s: ReturnType<typeof executeRun>['summary']): string {
  const rows: [string, string, string][] = [
    ['loss (MSE/var)', fmt(s.loss.first), fmt(s.loss.last)],
    ['active fraction', fmt(s.activeFraction.first), fmt(s.activeFraction.last)],
    ['active units', fmt(s.activeUnits.first), fmt(s.activeUnits.last)],
    ['mean SI (place units)', fmt(s.meanSI.first), fmt(s.meanSI.last)],
    ['place units', fmt(s.placeUnits.first, 0), fmt(s.placeUnits.last, 0)],
  ];
  if (s.hessianTrace) rows.push(['Hessian trace', fmt(s.hessianTrace.first), fmt(s.hessianTrace.last)]);
  if (s.hessianNonzeroFraction) rows.push(['Hessian nonzero fraction', fmt(s.hessianNonzeroFraction.first), fmt(s.hessianNonzeroFraction.last)]);
  const lines = [
    `status ${s.status} after ${s.stepReached.toLocaleString('en-US')} of ${s.steps.toLocaleString('en-US')} steps (${s.wallSeconds.toFixed(1)} s, ${Math.round(s.stepsPerSecond).toLocaleString('en-US')} steps/s)`,
    ...(s.divergedReason ? [`diverged: ${s.divergedReason}`] : []),
    ...(s.error ? [`error: ${s.error}`] : []),
    `${'metric'.padEnd(26)}${'first'.padStart(12)}${'last'.padStart(12)}`,
    ...rows.map(([a, b, c]) => `${a.padEnd(26)}${b.padStart(12)}${c.padStart(12)}`),
    `loss converged at step ${s.loss.convergedAtStep ?? '—'}; sparsification time constant ${s.timescale === null ? '—' : fmt(s.timescale) + ' steps'}`,
    `results: ${s.outDir}`,
  ];
  return lines.join('\n');
}
