// The CLI's services for the DI container: a stderr logger, the terminal progress bar and the run's sink.
import { ContainerModule, TYPES, type Logger, type ProgressSink, type RunSink } from '@driftlab/core';
import type { CliIO } from './io';
import { terminalProgress } from './progress';

export function stderrLogger(io: CliIO, verbose: boolean): Logger {
  return {
    debug: (m) => verbose && io.err(`debug: ${m}`),
    info: (m) => verbose && io.err(m),
    warn: (m) => io.err(`warning: ${m}`),
    error: (m) => io.err(`error: ${m}`),
  };
}

export function cliModule(io: CliIO, o: { sink?: RunSink; progress: boolean; verbose: boolean }): ContainerModule {
  return new ContainerModule((b) => {
    b.bind<Logger>(TYPES.Logger).toConstantValue(stderrLogger(io, o.verbose));
    b.bind<ProgressSink>(TYPES.Progress).toConstantValue(terminalProgress(o.progress));
    if (o.sink) b.bind<RunSink>(TYPES.RunSink).toConstantValue(o.sink);
  });
}
