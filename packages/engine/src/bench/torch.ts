// Optional: the PyTorch reference of the same step (tools/bench-torch.py, Debian python3-torch) run from the
// benchmark, so the comparison is measured in the same session. Never a dependency: missing Python, torch or
// the script (outside a repository checkout) only logs why.

import type { BenchResult } from './run-bench';

export interface TorchOptions {
  /** Python with torch (default /usr/bin/python3: Debian's python3-torch lives in the system Python). */
  python?: string;
  /** The script (default: tools/bench-torch.py of the repository this package sits in). */
  script?: string;
  /** torch.set_num_threads (default 1, the fastest on small nets). */
  threads?: number;
  /**
   * 'lean' (backend "torch": the bare step), 'driftreg' (backend "torch-driftreg": also the per-step extras of
   * DriftReg's Trainer.run_epoch — input/label-noise draws, torch.normal, loss read back), or 'both' (default).
   */
  style?: 'lean' | 'driftreg' | 'both';
}

export function runTorchBench(configs: string[], seconds: number, o: TorchOptions, log: (l: string) => void): BenchResult[] {
  // Node modules are required here, not imported, so that importing @driftlab/engine in a browser stays possible.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const script = o.script ?? path.resolve(__dirname, '..', '..', '..', '..', 'tools', 'bench-torch.py');
  if (!fs.existsSync(script)) {
    log(`torch: ${script} not found; skipped`);
    return [];
  }
  const args = [script, '--json', '--seconds', String(seconds), '--threads', String(o.threads ?? 1), '--style', o.style ?? 'both', '--configs', configs.join(',')];
  const r = spawnSync(o.python ?? '/usr/bin/python3', args, { encoding: 'utf8' });
  if (r.status !== 0) {
    log(`torch: skipped (${(r.stderr || String(r.error ?? '')).trim().split('\n').pop()})`);
    return [];
  }
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return (JSON.parse(last) as { results: BenchResult[] }).results;
}
