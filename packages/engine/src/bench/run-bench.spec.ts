import { ensureKernelsBuilt } from '../wasm/__fixtures__/build-kernels';
import { BENCH_CONFIGS, flopsPerStep } from './configs';
import { formatResult, runBench } from './run-bench';
import { runTorchBench } from './torch';

beforeAll(ensureKernelsBuilt);

describe('runBench', () => {
  it('counts the flops of a step as forward + backward multiply-adds', () => {
    expect(flopsPerStep(BENCH_CONFIGS.generality)).toBe(2 * 10 * (20 * 100 + 100 * 10) + 2 * 10 * (100 * 10 * 2 + 20 * 100));
    expect(flopsPerStep(BENCH_CONFIGS.fig2)).toBe(13_050_000);
  });

  it('measures every case and reports the issue\'s JSON shape (fake clock: no timing here)', () => {
    let t = 0;
    const lines: string[] = [];
    const results = runBench({
      seconds: 0.2,
      configs: ['generality'],
      ensembles: [1, 3],
      now: () => (t += 0.01),
      log: (l) => lines.push(l),
    });
    // reference and wasm: 2 dtypes × 2 ensemble sizes; wasm-nt (noise thread): single runs only.
    expect(results).toHaveLength(2 * 2 * 2 + 2);
    for (const r of results) {
      expect(Object.keys(r).sort()).toEqual(['backend', 'config', 'dtype', 'ensemble', 'gflops', 'replicaStepsPerSec', 'stepsPerSec']);
      expect(r.stepsPerSec).toBeGreaterThan(0);
      expect(r.replicaStepsPerSec).toBeCloseTo(r.stepsPerSec * r.ensemble, 6);
      expect(r.gflops).toBeCloseTo((r.replicaStepsPerSec * flopsPerStep(BENCH_CONFIGS.generality)) / 1e9, 9);
    }
    expect(new Set(results.map((r) => `${r.backend}/${r.dtype}/${r.ensemble}`)).size).toBe(10);
    expect(results.filter((r) => r.backend === 'wasm-nt').map((r) => r.ensemble)).toEqual([1, 1]);
    expect(lines).toEqual(results.map(formatResult));
    expect(JSON.parse(JSON.stringify({ results })).results).toHaveLength(10);
  });

  it('prints nothing in json mode and rejects unknown configs', () => {
    let t = 0;
    const lines: string[] = [];
    runBench({ seconds: 0.05, configs: ['generality'], backends: ['wasm'], dtypes: ['float32'], ensembles: [1], json: true, now: () => (t += 0.01), log: (l) => lines.push(l) });
    expect(lines).toEqual([]);
    expect(() => runBench({ configs: ['nope'] })).toThrow(/unknown config "nope"/);
  });

  it('skips the PyTorch comparison, saying why, when its script or Python is missing', () => {
    const lines: string[] = [];
    expect(runTorchBench(['generality'], 0.1, { script: '/nonexistent/bench-torch.py' }, (l) => lines.push(l))).toEqual([]);
    expect(lines[0]).toMatch(/not found; skipped/);
    expect(runTorchBench(['generality'], 0.1, { script: __filename, python: '/nonexistent/python' }, (l) => lines.push(l))).toEqual([]);
    expect(lines[1]).toMatch(/torch: skipped/);
  });
});
