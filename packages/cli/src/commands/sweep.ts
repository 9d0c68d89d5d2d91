// drift sweep plan|run|status|presets: studies of many runs from one sweep spec, stored in one DuckDB file.
//   drift sweep plan <spec.json> | --preset NAME [--json]
//   drift sweep run  <spec.json> | --preset NAME [--out DIR] [--workers N] [--redis URL] [--checkpoint-every N] [--json]
import * as fs from 'fs';
import * as path from 'path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import {
  BullmqExecutor,
  LocalExecutor,
  SpecError,
  canonicalJson,
  createRegistry,
  defaultWorkerCount,
  formatPoint,
  loadPluginModules,
  loadStudyPreset,
  planStudy,
  resolvePluginSpecifiers,
  runStudy,
  studyPresetNames,
  type StudyPlan,
  type StudyProgressSnapshot,
} from '@driftlab/runner';
import { StoreLockedError, StudyStore } from '@driftlab/store';
import { CliError, EXIT, type CliIO } from '../io';
import { readConfigFile } from './run';

export const STORE_FILE = 'study.duckdb';

/** A study directory (or the .duckdb file itself) → the store file. */
export function storeFileOf(p: string): string {
  return path.resolve(p.endsWith('.duckdb') ? p : path.join(p, STORE_FILE));
}

export async function openStoreReadOnly(p: string): Promise<StudyStore> {
  const file = storeFileOf(p);
  if (!fs.existsSync(file)) throw new CliError(`no study store at ${file} (give the --out directory of \`drift sweep run\`)`);
  try {
    return await StudyStore.open(file, { readOnly: true });
  } catch (e) {
    if (e instanceof StoreLockedError) throw new CliError(e.message, EXIT.failed);
    throw e;
  }
}

export function positiveInt(name: string, v: string | undefined, min = 1): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new CliError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return Number(v);
}

interface SpecSource {
  raw: Record<string, unknown>;
  label: string;
  /** Where relative plugin paths in the spec are resolved. */
  baseDir: string;
}

function loadSpec(file: string | undefined, preset: string | undefined): SpecSource {
  if (file && preset) throw new CliError('give either a sweep spec file or --preset, not both');
  if (preset) {
    try {
      return { raw: loadStudyPreset(preset), label: preset, baseDir: process.cwd() };
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  if (!file) throw new CliError('give a sweep spec file or --preset NAME (see `drift sweep presets`)');
  const raw = readConfigFile(file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`${file}: a sweep spec is a JSON object`);
  return { raw: raw as Record<string, unknown>, label: file, baseDir: path.dirname(path.resolve(file)) };
}

/** --steps: every run's schedule.steps (a quick look at a big study; changes the run ids). */
function withSteps(src: SpecSource, steps: number | undefined): SpecSource {
  if (steps === undefined) return src;
  const raw = structuredClone(src.raw) as Record<string, any>;
  const base = raw.base && typeof raw.base === 'object' ? raw.base : (raw.base = {});
  base.schedule = { ...(base.schedule ?? {}), steps };
  return { ...src, raw };
}

/** Plan a spec; prints pointer messages and returns null when it is invalid (exit 2, nothing written). */
function plan(src: SpecSource, extraPlugins: string[], io: CliIO): { plan: StudyPlan; plugins: string[] } | null {
  const specPlugins = Array.isArray(src.raw.plugins) ? (src.raw.plugins as unknown[]).filter((p): p is string => typeof p === 'string') : [];
  const plugins = [...resolvePluginSpecifiers(specPlugins, src.baseDir), ...resolvePluginSpecifiers(extraPlugins, process.cwd())];
  try {
    const registry = createRegistry(loadPluginModules(plugins));
    return { plan: planStudy({ ...src.raw, plugins }, registry), plugins };
  } catch (e) {
    if (e instanceof SpecError) {
      io.err(`invalid sweep spec (${src.label}):`);
      for (const line of e.issues) io.err(`  ${line}`);
      return null;
    }
    if (/plugin module/.test((e as Error).message)) throw new CliError((e as Error).message);
    throw e;
  }
}

export interface SweepOptions {
  preset?: string;
  steps?: string;
  reconcileMs?: string;
  json?: boolean;
  out?: string;
  workers?: string;
  redis?: string;
  queue?: string;
  checkpointEvery?: string;
  maxAttempts?: string;
  retryFailed?: boolean;
  pack?: boolean;
  force?: boolean;
  plugin?: string[];
}

export function planCommand(file: string | undefined, o: SweepOptions, io: CliIO): number {
  const p = plan(withSteps(loadSpec(file, o.preset), positiveInt('steps', o.steps)), o.plugin ?? [], io);
  if (!p) return EXIT.usage;
  const { runs, spec, filtered, duplicates } = p.plan;
  if (o.json) {
    for (const r of runs) io.out(JSON.stringify({ index: r.index, runId: r.runId, point: r.point, config: r.config }));
    return EXIT.ok;
  }
  io.out(`study ${spec.name}: ${runs.length} runs${filtered ? `, ${filtered} filtered out` : ''}${duplicates ? `, ${duplicates} duplicate points merged` : ''}`);
  const steps = runs.reduce((n, r) => n + r.config.schedule.steps, 0);
  io.out(`${steps.toLocaleString('en-US')} steps in all; checkpoint every ${spec.checkpointEvery === null ? '— (off)' : spec.checkpointEvery.toLocaleString('en-US') + ' steps'}`);
  for (const r of runs) io.out(`${String(r.index).padStart(5)}  ${r.runId}  ${formatPoint(r.point)}`);
  return EXIT.ok;
}

function fmtSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The study progress display: a bar on a terminal, one line per finished run otherwise. */
function studyDisplay(io: CliIO, total: number, json: boolean) {
  const tty = io.isTTY && !json;
  let bar: SingleBar | undefined;
  const payload = (p: StudyProgressSnapshot) => ({
    completed: p.completed, failed: p.failed, diverged: p.diverged, running: p.running,
    rate: Math.round(p.stepsPerSecond).toLocaleString('en-US'), eta: fmtSeconds(p.etaSeconds),
  });
  return {
    start(doneBefore: number) {
      if (!tty) return;
      bar = new SingleBar({
        format: ' {bar} {value}/{total} runs | ✓ {completed} ↯ {diverged} ✗ {failed} | running {running} | {rate} replica-steps/s | ETA {eta}',
        hideCursor: true, clearOnComplete: false, stream: process.stderr,
      });
      bar.start(total, doneBefore, { completed: 0, failed: 0, diverged: 0, running: 0, rate: '-', eta: '—' });
    },
    update(p: StudyProgressSnapshot) {
      bar?.update(p.completed + p.failed + p.diverged, payload(p));
    },
    runEnd(line: string) {
      if (!tty) io.err(line);
    },
    stop() {
      bar?.stop();
    },
  };
}

async function openForWriting(file: string, force: boolean): Promise<StudyStore> {
  if (force) for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
  try {
    return await StudyStore.open(file);
  } catch (e) {
    if (e instanceof StoreLockedError) throw new CliError(e.message, EXIT.failed);
    throw e;
  }
}

export async function runSweepCommand(file: string | undefined, o: SweepOptions, io: CliIO): Promise<number> {
  const src = withSteps(loadSpec(file, o.preset), positiveInt('steps', o.steps));
  const planned = plan(src, o.plugin ?? [], io);
  if (!planned) return EXIT.usage;
  const { plan: studyPlan, plugins } = planned;
  const workers = positiveInt('workers', o.workers) ?? defaultWorkerCount();
  const every = o.checkpointEvery === undefined ? studyPlan.spec.checkpointEvery : positiveInt('checkpoint-every', o.checkpointEvery);
  const maxAttempts = positiveInt('max-attempts', o.maxAttempts) ?? 3;
  const outDir = path.resolve(o.out ?? path.join('studies', studyPlan.spec.name));
  const storeFile = storeFileOf(outDir);
  const store = await openForWriting(storeFile, Boolean(o.force));
  let stop = false;
  const off = io.onInterrupt(() => {
    if (stop) process.exit(EXIT.interrupted);
    stop = true;
    io.err('stopping: running runs stop at their next chunk of steps and resume from their last checkpoint next time (Ctrl-C again to quit now)…');
  });
  const display = studyDisplay(io, studyPlan.runs.length, Boolean(o.json));
  try {
    // The store belongs to one study: the same plan, or a plan that only adds runs to it.
    const known = await store.statuses();
    const ids = new Set(studyPlan.runs.map((r) => r.runId));
    const foreign = [...known.keys()].filter((id) => !ids.has(id));
    if (foreign.length) {
      throw new CliError(`${storeFile} holds a different study (${foreign.length} of its ${known.size} runs are not in this plan); choose another --out, or --force to start over`);
    }
    await store.setMeta('spec', canonicalJson(studyPlan.spec));
    await store.setMeta('name', studyPlan.spec.name);
    const doneBefore = [...known.values()].filter((s) => s === 'completed' || s === 'diverged' || (s === 'failed' && !o.retryFailed)).length;
    const mode = o.redis ? `Redis ${o.redis}` : `${workers} worker thread${workers === 1 ? '' : 's'}`;
    if (!o.json) io.err(`study ${studyPlan.spec.name}: ${studyPlan.runs.length} runs (${doneBefore} done before) → ${storeFile} (${mode})`);
    const executor = o.redis
      ? new BullmqExecutor({ url: o.redis, queue: o.queue, study: studyPlan.spec.name, reconcileMs: positiveInt('reconcile-ms', o.reconcileMs, 50), log: (l) => io.err(l) })
      : new LocalExecutor(workers, o.pack !== false);
    display.start(doneBefore);
    let ended = doneBefore;
    const totals = await runStudy({
      plan: studyPlan,
      writer: store,
      executor,
      plugins,
      checkpointEvery: every,
      retryFailed: o.retryFailed,
      maxAttempts,
      shouldStop: () => stop,
      onUpdate: (p) => display.update(p),
      onRunEnd: (out, run, p) => {
        if (out.status !== 'interrupted') ended++;
        const why = out.error ?? out.divergedReason;
        const pace = p.stepsPerSecond > 0 ? ` | ${Math.round(p.stepsPerSecond).toLocaleString('en-US')} replica-steps/s, ETA ${fmtSeconds(p.etaSeconds)}` : '';
        display.runEnd(
          `[${ended}/${p.total}] ${out.status} ${out.runId} ${formatPoint(run.point)}${out.wallSeconds ? ` (${out.wallSeconds.toFixed(1)} s)` : ''}${why ? `: ${why}` : ''}${pace}`,
        );
      },
      log: (l) => io.err(l),
    });
    display.stop();
    const summary = { runs: totals.runs, completed: totals.completed, failed: totals.failed, diverged: totals.diverged, store: storeFile };
    if (o.json) io.out(JSON.stringify(summary));
    else {
      io.out(`${totals.completed} completed, ${totals.diverged} diverged, ${totals.failed} failed of ${totals.runs} runs${totals.pending ? ` (${totals.pending} still pending)` : ''}`);
      io.out(`store: ${storeFile}`);
      const rel = path.relative(process.cwd(), outDir);
      const shown = rel === '' ? '.' : rel.startsWith('..') ? outDir : rel;
      io.out(`  drift query --store ${shown} "SELECT status, count(*) FROM runs GROUP BY 1"`);
      io.out(`  drift export ${shown} --format parquet`);
    }
    if (totals.stopped || totals.pending) return EXIT.interrupted;
    return totals.failed ? EXIT.failed : EXIT.ok;
  } finally {
    display.stop();
    off();
    await store.close();
  }
}

export async function statusCommand(dir: string, o: { json?: boolean }, io: CliIO): Promise<number> {
  const store = await openStoreReadOnly(dir);
  try {
    const c = await store.counts();
    const runs = Object.values(c).reduce((a, b) => a + b, 0);
    if (o.json) io.out(JSON.stringify({ runs, ...c, store: store.file }));
    else io.out(`${runs} runs: ${Object.entries(c).map(([k, v]) => `${v} ${k}`).join(', ')} (${store.file})`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerSweepCommand(program: Command, io: CliIO, setCode: (c: number) => void): void {
  const sweep = program.command('sweep').description('studies: many runs from one sweep spec, stored in one DuckDB file');
  sweep
    .command('plan')
    .description('print the runs a sweep spec expands to (index, run id, axis values)')
    .argument('[spec]', 'sweep spec (JSON)')
    .option('--preset <name>', 'a shipped study preset (see `drift sweep presets`)')
    .option('--plugin <module>', 'load plugins from a module (repeatable)', collect)
    .option('--steps <n>', "override every run's schedule.steps (changes the run ids)")
    .option('--json', 'one JSON line per run: index, runId, point, resolved config')
    .action((spec, opts) => setCode(planCommand(spec, opts, io)));
  sweep
    .command('run')
    .description('run a study (or resume it: only runs without an outcome run again)')
    .argument('[spec]', 'sweep spec (JSON)')
    .option('--preset <name>', 'a shipped study preset (see `drift sweep presets`)')
    .option('--out <dir>', "the study's directory; its store is <dir>/study.duckdb (default studies/<name>)")
    .option('--workers <n>', 'worker threads on this machine (default: one per core)')
    .option('--redis <url>', 'enqueue runs on Redis for `drift worker` processes (any machine) instead of local threads')
    .option('--queue <name>', 'BullMQ queue name (default driftlab-runs)')
    .option('--reconcile-ms <ms>', 'with --redis: how often to compare the store with Redis (default 3000)')
    .option('--steps <n>', "override every run's schedule.steps (changes the run ids)")
    .option('--checkpoint-every <steps>', "steps between checkpoints (default: the spec's checkpointEvery)")
    .option('--max-attempts <n>', 'attempts per run when its worker dies (default 3)')
    .option('--retry-failed', 'run failed runs again too')
    .option('--no-pack', 'run every run alone (default: runs that share a net, data and op kinds share a wasm ensemble)')
    .option('--plugin <module>', 'load plugins from a module (repeatable)', collect)
    .option('--force', 'delete an existing store at --out and start over')
    .option('--json', 'last line of stdout: {"runs","completed","failed","diverged","store"}')
    .action(async (spec, opts) => setCode(await runSweepCommand(spec, opts, io)));
  sweep
    .command('status')
    .description("count a study's runs by status")
    .argument('<dir>', 'the study directory (or its .duckdb file)')
    .option('--json', 'one JSON line')
    .action(async (dir, opts) => setCode(await statusCommand(dir, opts, io)));
  sweep
    .command('presets')
    .description('list the shipped study presets')
    .option('--show <name>', 'print one preset')
    .action((opts) => {
      if (opts.show) {
        try {
          io.out(JSON.stringify(loadStudyPreset(opts.show), null, 2));
        } catch (e) {
          throw new CliError((e as Error).message);
        }
      } else for (const n of studyPresetNames()) io.out(`${n.padEnd(26)}${String(loadStudyPreset(n).description ?? '')}`);
      setCode(EXIT.ok);
    });
}
