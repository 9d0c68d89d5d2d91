// Swappable services, wired with inversify. Math never goes through the container: kernels, transforms and
// metrics are plain objects built by plugins; only I/O-ish services (store/sink, logger, progress, backend
// choice, clock) are bound here, one ContainerModule per package that provides them.

import 'reflect-metadata';
import { Container, ContainerModule } from 'inversify';
import type { Evaluation, RunInfo, RunResult } from './run-types';

export const TYPES = {
  Logger: Symbol.for('driftlab.Logger'),
  Clock: Symbol.for('driftlab.Clock'),
  Progress: Symbol.for('driftlab.Progress'),
  RunSink: Symbol.for('driftlab.RunSink'),
  Backends: Symbol.for('driftlab.Backends'),
} as const;

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface Clock {
  /** Milliseconds, monotonic enough for rates and ETAs. */
  now(): number;
}

export interface ProgressStats {
  step: number;
  steps: number;
  loss?: number;
  activeFraction?: number;
}

export interface ProgressSink {
  start(info: RunInfo): void;
  update(stats: ProgressStats): void;
  stop(): void;
}

/** Where a run's records go (files, a database, a worker's message port …). Must survive a crash mid-run. */
export interface RunSink {
  open(info: RunInfo): void;
  evaluation(ev: Evaluation): void;
  checkpoint?(step: number, state: unknown): void;
  close(result: RunResult, summary: unknown): void;
}

/** Which model backends exist in this process and what "auto" means. */
export interface Backends {
  available(): string[];
  resolve(preference: string): string;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
export const systemClock: Clock = { now: () => performance.now() };
export const nullProgress: ProgressSink = { start() {}, update() {}, stop() {} };

/** Core defaults: silent logger, system clock, no progress display. */
const DEFAULTS: [symbol, unknown][] = [
  [TYPES.Logger, silentLogger],
  [TYPES.Clock, systemClock],
  [TYPES.Progress, nullProgress],
];

/** A container with the given modules; the core defaults fill whatever they leave unbound. */
export function createContainer(...modules: ContainerModule[]): Container {
  const c = new Container();
  for (const m of modules) c.loadSync(m);
  for (const [id, value] of DEFAULTS) if (!c.isBound(id)) c.bind(id).toConstantValue(value);
  return c;
}

export { Container, ContainerModule };
