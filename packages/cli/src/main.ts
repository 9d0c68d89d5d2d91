// The drift command line. Every command returns an exit code; `main` never calls process.exit itself.
import { Command, CommanderError } from 'commander';
import { presetNames, loadPreset } from '@driftlab/runner';
import { CliError, EXIT, processIO, type CliIO } from './io';
import { runCommand } from './commands/run';
import { registerSweepCommand } from './commands/sweep';
import { registerWorkerCommand } from './commands/worker';
import { registerExportCommand } from './commands/export';
import { registerQueryCommand } from './commands/query';
import { registerAnalyzeCommand } from './commands/analyze';
import { registerBenchCommand } from './commands/bench';
import { registerFlatnessCommand } from './commands/flatness';
import { registerReportCommand } from './commands/report';

export function buildProgram(io: CliIO, setCode: (c: number) => void): Command {
  const program = new Command('drift')
    .description('driftlab: simulate and measure representational drift under different learning rules')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('run')
    .description('run one training run from a config file or a preset')
    .argument('[config]', 'run config (JSON)')
    .option('--preset <name>', 'a shipped preset (see `drift presets`)')
    .option('--steps <n>', 'override schedule.steps')
    .option('--seed <s>', 'override the seed')
    .option('--out <dir>', 'output directory (default runs/<name>-<runId>)')
    .option('--engine <engine>', 'auto | reference | wasm | tfjs')
    .option('--dtype <dtype>', 'float64 | float32')
    .option('--noise-thread', 'wasm: draw the update noise on a second thread (same results; uses a second core)')
    .option('--json', 'print the summary as one JSON line (last line of stdout)')
    .option('--force', 'replace a non-empty output directory')
    .option('--verbose', 'log what the run is doing to stderr')
    .option('--plugin <module...>', 'load extra plugins from a module or package exporting `plugins`')
    .action(async (config, opts) => setCode(await runCommand(config, opts, io)));

  program
    .command('presets')
    .description('list the shipped presets')
    .option('--show <name>', 'print one preset')
    .action((opts) => {
      if (opts.show) io.out(JSON.stringify(loadPreset(opts.show), null, 2));
      else for (const n of presetNames()) io.out(`${n.padEnd(22)}${String(loadPreset(n).description ?? '')}`);
      setCode(EXIT.ok);
    });

  registerSweepCommand(program, io, setCode);
  registerWorkerCommand(program, io, setCode);
  registerExportCommand(program, io, setCode);
  registerQueryCommand(program, io, setCode);
  registerAnalyzeCommand(program, io, setCode);
  registerBenchCommand(program, io, setCode);
  registerFlatnessCommand(program, io, setCode);
  registerReportCommand(program, io, setCode);

  return program;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof CliError) {
      io.err(`drift: ${e.message}`);
      return e.code;
    }
    io.err(`drift: ${(e as Error).stack ?? e}`);
    return EXIT.failed;
  }
}
