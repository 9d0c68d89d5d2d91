// drift bench [--json] [--seconds S] [--configs a,b] [--ensembles 1,8,32] [--torch]: steps/s of every backend,
// dtype and ensemble size, measured interleaved in one run, with ratios against the reference backend measured
// in the same run (the machine is noisy; only same-run ratios mean something).
import type { Command } from 'commander';
import { BENCH_CONFIGS, formatResult, runBench, type BenchResult } from '@driftlab/engine';
import { CliError, EXIT, type CliIO } from '../io';

export interface BenchCommandOptions {
  json?: boolean;
  seconds?: string;
  configs?: string;
  ensembles?: string;
  torch?: boolean;
}

/** Same-run speed-ups: each wasm/torch case against the reference case of the same config, dtype and ensemble. */
export function ratiosAgainstReference(results: BenchResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.backend === 'reference') continue;
    const base = results.find((b) => b.backend === 'reference' && b.config === r.config && b.dtype === r.dtype && b.ensemble === (r.backend === 'torch' ? 1 : r.ensemble));
    const torch = results.find((b) => b.backend.startsWith('torch') && b.config === r.config && b.dtype === 'float64');
    const parts = [];
    if (base) parts.push(`${(r.replicaStepsPerSec / base.replicaStepsPerSec).toFixed(1)}× reference`);
    if (torch && r !== torch) parts.push(`${(r.replicaStepsPerSec / torch.replicaStepsPerSec).toFixed(1)}× ${torch.backend}`);
    if (parts.length) lines.push(`${r.config.padEnd(11)} ${r.backend.padEnd(9)} ${r.dtype} ${(r.ensemble > 1 ? `E=${r.ensemble}` : 'single').padEnd(6)} ${parts.join(', ')}`);
  }
  return lines;
}

function list(name: string, v: string | undefined, parse: (s: string) => number | string): (number | string)[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new CliError(`--${name} needs a comma-separated list`);
  return items.map(parse);
}

export async function benchCommand(o: BenchCommandOptions, io: CliIO): Promise<number> {
  const seconds = o.seconds === undefined ? 1 : Number(o.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new CliError(`--seconds must be a number in (0, 600], got "${o.seconds}"`);
  const configs = list('configs', o.configs, (s) => {
    if (!BENCH_CONFIGS[s]) throw new CliError(`--configs: unknown config "${s}" (known: ${Object.keys(BENCH_CONFIGS).join(', ')})`);
    return s;
  }) as string[] | undefined;
  const ensembles = list('ensembles', o.ensembles, (s) => {
    if (!/^\d+$/.test(s) || Number(s) < 1) throw new CliError(`--ensembles: "${s}" is not a positive integer`);
    return Number(s);
  }) as number[] | undefined;
  const results = runBench({ seconds, configs, ensembles, torch: o.torch, json: true });
  if (o.json) {
    io.out(JSON.stringify({ results }));
    return EXIT.ok;
  }
  for (const r of results) io.out(formatResult(r));
  io.out('');
  for (const l of ratiosAgainstReference(results)) io.out(l);
  return EXIT.ok;
}

export function registerBenchCommand(program: Command, io: CliIO, setCode: (c: number) => void): void {
  program
    .command('bench')
    .description('training-step throughput of each backend, dtype and ensemble size (interleaved, same-run ratios)')
    .option('--json', 'print {"results":[…]} as one JSON line')
    .option('--seconds <s>', 'measured seconds per case (default 1)')
    .option('--configs <names>', `comma-separated: ${Object.keys(BENCH_CONFIGS).join(', ')}`)
    .option('--ensembles <sizes>', 'comma-separated ensemble sizes (default 1,8,32)')
    .option('--torch', 'also time the PyTorch reference step (tools/bench-torch.py; needs python3-torch)')
    .action(async (opts) => setCode(await benchCommand(opts, io)));
}
