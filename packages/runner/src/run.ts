// One run end to end: validate → build plugins from a frozen registry → loop → sink → summary.
import {
  TYPES,
  createContainer,
  HookRunner,
  type Clock,
  type Container,
  type Logger,
  RandomStream,
  buildSchedule,
  composeRules,
  resolveConfig,
  runLoop,
  type HookRegistration,
  type MetricProbe,
  type Model,
  type ModelFactoryContext,
  type PluginContext,
  type PluginRegistry,
  type ProgressSink,
  type RuleParts,
  type RunConfig,
  type RunResult,
  type RunSink,
  type TaskData,
} from '@driftlab/core';
import { runIdOf } from './canonical';
import { createRegistry } from './plugins';
import { buildSummary, type RunSummary } from './summary';
import { driftlabVersions } from './versions';

export interface RunOverrides {
  steps?: number;
  seed?: number;
  engine?: RunConfig['engine'];
  dtype?: RunConfig['dtype'];
  noiseThread?: boolean;
}

export interface PreparedRun {
  config: RunConfig;
  runId: string;
  registry: PluginRegistry;
  /** What config.json records: the resolved config, its id and the versions that ran it. */
  record: { runId: string; config: RunConfig; versions: Record<string, string>; createdAt: string; backend?: string };
}

/** Validate a raw config (with CLI overrides applied first). Throws ConfigError; writes nothing. */
export function prepareRun(raw: unknown, options: { registry?: PluginRegistry; overrides?: RunOverrides } = {}): PreparedRun {
  const registry = options.registry ?? createRegistry();
  const o = options.overrides ?? {};
  const input = structuredClone(raw) as Record<string, any>;
  if (input && typeof input === 'object') {
    if (o.seed !== undefined) input.seed = o.seed;
    if (o.engine !== undefined) input.engine = o.engine;
    if (o.dtype !== undefined) input.dtype = o.dtype;
    if (o.noiseThread !== undefined) input.noiseThread = o.noiseThread;
    if (o.steps !== undefined) input.schedule = { ...(input.schedule ?? {}), steps: o.steps };
  }
  const config = resolveConfig(input, registry);
  registry.freeze();
  const runId = runIdOf(config);
  return { config, runId, registry, record: { runId, config, versions: driftlabVersions(), createdAt: new Date().toISOString() } };
}

export interface BuiltRun {
  task: TaskData;
  model: Model;
  parts: { name: string; parts: RuleParts }[];
  probes: MetricProbe[];
}

/** Create the task, model, rules and probes of a prepared run (replica r of an ensemble uses replica = r). */
export function buildRun(p: PreparedRun, replica = 0): BuiltRun {
  const { config, registry } = p;
  const ctx = (path: string): PluginContext => ({
    seed: config.seed,
    replica,
    path,
    stream: (name) => RandomStream.derive(config.seed, name, replica),
  });
  const task = registry.get(config.task.id, 'task').create(config.task.options, ctx('task')) as TaskData;
  const modelCtx: ModelFactoryContext = {
    ...ctx('model'),
    inputDim: task.inputDim,
    outputDim: task.outputDim,
    dtype: config.dtype,
    engine: config.engine,
    noiseThread: config.noiseThread,
  };
  const model = registry.get(config.model.id, 'model').create(config.model.options, modelCtx) as Model;
  const parts = config.rules.map((r, i) => ({
    name: r.id,
    parts: registry.get(r.id, 'rule').create(r.options, ctx(`rules[${i}]`)) as RuleParts,
  }));
  const probes = config.metrics.map((m, i) => registry.get(m.id, 'metric').create(m.options, ctx(`metrics[${i}]`)) as MetricProbe);
  return { task, model, parts, probes };
}

export interface ExecuteOptions {
  /** Services (TYPES.RunSink, TYPES.Progress, TYPES.Logger, TYPES.Clock); explicit options below win. */
  container?: Container;
  sink?: RunSink;
  progress?: ProgressSink;
  shouldStop?: () => boolean;
  hooks?: HookRegistration[];
  outDir?: string;
  /** Resume from a checkpoint: parameters and transform states after `step` steps. */
  resume?: { step: number; params: ArrayLike<number>; states: unknown[]; stepperState?: unknown };
  built?: BuiltRun;
}

export function executeRun(p: PreparedRun, options: ExecuteOptions = {}): { result: RunResult; summary: RunSummary; built: BuiltRun } {
  const info = { runId: p.runId, seed: p.config.seed, steps: p.config.schedule.steps, config: p.record, nParams: 0 };
  const container = options.container ?? createContainer();
  const optional = <T>(id: symbol): T | undefined => (container.isBound(id) ? container.get<T>(id) : undefined);
  const sink = options.sink ?? optional<RunSink>(TYPES.RunSink);
  const progress = options.progress ?? optional<ProgressSink>(TYPES.Progress);
  const logger = container.get<Logger>(TYPES.Logger);
  const clock = container.get<Clock>(TYPES.Clock);
  let built: BuiltRun;
  try {
    built = options.built ?? buildRun(p);
  } catch (e) {
    // A plugin that throws while building: the run is failed with its error, nothing else is lost.
    const result: RunResult = {
      runId: p.runId, status: 'failed', steps: info.steps, stepReached: 0, seed: info.seed,
      evaluations: [], derived: {}, error: (e as Error).message, wallSeconds: 0,
    };
    sink?.open(info);
    logger.error(`run ${p.runId} failed while building its plugins: ${result.error}`);
    const summary = buildSummary(result, options.outDir);
    sink?.close(result, summary);
    return { result, summary, built: undefined as unknown as BuiltRun };
  }
  info.nParams = built.model.nParams;
  p.record.backend = built.model.backend ?? 'unknown';
  logger.info(`run ${p.runId}: ${built.model.nParams} parameters, ${p.record.backend} backend (${built.model.dtype}), ${info.steps} steps`);
  if (options.resume) built.model.params.set(options.resume.params);
  const rules = composeRules(built.parts);
  const registrations: HookRegistration[] = [...rules.hooks, ...(options.hooks ?? [])];
  if (sink) {
    registrations.push({
      name: 'sink',
      order: 'post',
      hooks: {
        onRunStart: (i) => sink.open(i),
        onEvaluate: (ev) => sink.evaluation(ev),
        onCheckpoint: (c) => sink.checkpoint?.(c.step, c.state),
      },
    });
  }
  if (progress) {
    registrations.push({
      name: 'progress',
      order: 'post',
      hooks: {
        onRunStart: (i) => progress.start(i),
        onEvaluate: (ev) =>
          progress.update({ step: ev.step, steps: info.steps, loss: ev.scalars.lossNormalised, activeFraction: ev.scalars.activeFraction }),
        onRunEnd: () => progress.stop(),
        onError: () => progress.stop(),
      },
    });
  }
  const result = runLoop({
    info,
    model: built.model,
    task: built.task,
    rules,
    probes: built.probes,
    hooks: new HookRunner(registrations),
    schedule: buildSchedule(p.config.schedule),
    divergence: p.config.divergence,
    shouldStop: options.shouldStop,
    clock: () => clock.now(),
    resume: options.resume && { step: options.resume.step, states: options.resume.states, stepperState: options.resume.stepperState },
  });
  const summary = buildSummary(result, options.outDir, p.record.backend);
  sink?.close(result, summary);
  logger.info(`run ${p.runId}: ${result.status} at step ${result.stepReached} in ${result.wallSeconds.toFixed(1)} s`);
  return { result, summary, built };
}
