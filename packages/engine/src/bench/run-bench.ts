// `drift bench`: steps per second of the reference and wasm backends, float64 and float32, single runs and
// ensembles, on the named configs — measured interleaved (short slices in rotation, so a load change on the
// machine affects every case alike) and reported as the median slice rate.

import { BENCH_CONFIGS, flopsPerStep } from './configs';
import { type BenchBackend, type BenchCase, type BenchDtype, makeCase } from './cases';
import { type TorchOptions, startTorchServer } from './torch';

/** One line of `drift bench --json`'s {"results": [...]}. */
export interface BenchResult {
  config: string;
  backend: string;
  dtype: string;
  ensemble: number;
  /** Steps per second of the whole ensemble (every replica advanced once per step). */
  stepsPerSec: number;
  /** stepsPerSec × ensemble. */
  replicaStepsPerSec: number;
  /** replicaStepsPerSec × flops per step (configs.ts flopsPerStep) / 1e9. */
  gflops: number;
}

export interface RunBenchOptions {
  /** Measured seconds per case (default 1). */
  seconds?: number;
  /** Config names (default: all of BENCH_CONFIGS: generality, fig2). */
  configs?: string[];
  /** When true, print nothing (the caller prints JSON); otherwise one line per result via `log`. */
  json?: boolean;
  backends?: BenchBackend[];
  dtypes?: BenchDtype[];
  /** Ensemble sizes (default 1, 8, 32). */
  ensembles?: number[];
  /**
   * Also run tools/bench-torch.py (PyTorch, if installed) in the same run: backends 'torch' (bare step) and
   * 'torch-driftreg' (DriftReg's Trainer.run_epoch), float64, single runs, their slices interleaved with ours.
   */
  torch?: boolean | TorchOptions;
  log?: (line: string) => void;
  /** Clock in seconds (tests inject one). */
  now?: () => number;
}

const defaultNow = () => performance.now() / 1000;

interface Measured {
  c: { config: string; backend: string; dtype: string; ensemble: number };
  /** One slice of about `target` seconds; returns its steps per second. */
  slice(target: number): number;
  rates: number[];
  spent: number;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A case of ours: slices of whole chunks of steps, the chunk grown until it takes ≥ 10 ms. */
function measured(c: BenchCase, now: () => number): Measured {
  let step = 0;
  let chunk = 1;
  return {
    c,
    rates: [],
    spent: 0,
    slice(target) {
      let steps = 0;
      const t0 = now();
      let t = t0;
      do {
        const c0 = now();
        c.advance(step, chunk);
        const dt = now() - c0;
        step += chunk;
        steps += chunk;
        if (dt < 0.01) chunk *= 2;
        t = now();
      } while (t - t0 < target);
      return steps / (t - t0);
    },
  };
}

/** Measures every (config, backend, dtype, ensemble) case, interleaved; returns the results array. */
export function runBench(opts: RunBenchOptions = {}): BenchResult[] {
  const seconds = opts.seconds ?? 1;
  const now = opts.now ?? defaultNow;
  const log = opts.json ? () => undefined : (opts.log ?? ((l: string) => console.log(l)));
  const names = opts.configs ?? Object.keys(BENCH_CONFIGS);
  for (const name of names) if (!BENCH_CONFIGS[name]) throw new Error(`bench: unknown config "${name}" (known: ${Object.keys(BENCH_CONFIGS).join(', ')})`);
  const cases: Measured[] = [];
  const ours: BenchCase[] = [];
  for (const name of names) {
    for (const backend of opts.backends ?? (['reference', 'wasm', 'wasm-nt'] as const)) {
      for (const dtype of opts.dtypes ?? (['float64', 'float32'] as const)) {
        for (const e of opts.ensembles ?? [1, 8, 32]) {
          if (backend === 'wasm-nt' && e !== 1) continue; // the noise thread serves single runs
          ours.push(makeCase(BENCH_CONFIGS[name], backend, dtype, e));
        }
      }
    }
  }
  for (const c of ours) cases.push(measured(c, now));
  const torch = opts.torch ? startTorchServer(names, opts.torch === true ? {} : opts.torch, log) : null;
  for (const t of torch?.cases ?? []) {
    // PyTorch times its own slice, in its own process; it is float64, single runs (its fastest: one thread).
    cases.push({ c: { config: t.config, backend: t.backend, dtype: 'float64', ensemble: 1 }, slice: (s) => t.slice(s), rates: [], spent: 0 });
  }
  // Slices of ~seconds/8 in rotation until every case has its measured seconds (after one warm-up slice).
  const target = Math.max(0.02, seconds / 8);
  try {
    for (const m of cases) m.slice(target);
    while (cases.some((m) => m.spent < seconds)) {
      for (const m of cases) {
        if (m.spent >= seconds) continue;
        const t0 = now();
        m.rates.push(m.slice(target));
        m.spent += now() - t0;
      }
    }
  } finally {
    for (const c of ours) c.dispose?.();
    torch?.close();
  }
  const results: BenchResult[] = cases.map(({ c, rates }) => {
    const stepsPerSec = median(rates);
    const replicaStepsPerSec = stepsPerSec * c.ensemble;
    return {
      config: c.config,
      backend: c.backend,
      dtype: c.dtype,
      ensemble: c.ensemble,
      stepsPerSec,
      replicaStepsPerSec,
      gflops: (replicaStepsPerSec * flopsPerStep(BENCH_CONFIGS[c.config])) / 1e9,
    };
  });
  for (const r of results) log(formatResult(r));
  return results;
}

export function formatResult(r: BenchResult): string {
  const e = r.ensemble > 1 ? `E=${r.ensemble}` : 'single';
  return `${r.config.padEnd(11)} ${r.backend.padEnd(9)} ${r.dtype} ${e.padEnd(6)} ${r.stepsPerSec.toFixed(0).padStart(8)} steps/s ${r.replicaStepsPerSec.toFixed(0).padStart(8)} replica-steps/s ${r.gflops.toFixed(2).padStart(6)} GFLOP/s`;
}
