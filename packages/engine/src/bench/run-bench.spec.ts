import { ensureKernelsBuilt } from '../wasm/__fixtures__/build-kernels';
import { BENCH_CONFIGS, flopsPerStep } from './configs';
import { formatResult, runBench } from './run-bench';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTorchServer } from './torch';

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
    expect(startTorchServer(['generality'], { script: '/nonexistent/bench-torch.py' }, (l) => lines.push(l))).toBeNull();
    expect(lines[0]).toMatch(/not found; skipped/);
    expect(startTorchServer(['generality'], { script: __filename, python: '/nonexistent/python' }, (l) => lines.push(l))).toBeNull();
    expect(lines[1]).toMatch(/torch: skipped/);
  });

  it('interleaves the PyTorch slices with its own (the script serving slices over named pipes)', () => {
    // A stand-in for tools/bench-torch.py --serve, run by node: answers "config backend seconds" with a rate.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-fake-torch-'));
    const fake = path.join(dir, 'fake-torch.js');
    fs.writeFileSync(
      fake,
      `const fs = require('fs');
       if (process.argv.includes('--help')) process.exit(0);
       const [cmdPath, resPath] = process.argv.slice(process.argv.indexOf('--serve') + 1);
       const cmds = fs.openSync(cmdPath, 'r');
       const out = fs.openSync(resPath, 'w');
       fs.appendFileSync(${JSON.stringify(path.join(dir, 'log'))}, process.argv.slice(2).join(' ') + '\\n');
       let buf = '';
       const b = Buffer.alloc(64);
       for (;;) {
         const n = fs.readSync(cmds, b, 0, 64, null);
         if (n === 0) break;
         buf += b.toString('utf8', 0, n);
         let i;
         while ((i = buf.indexOf('\\n')) >= 0) {
           const [config, backend, seconds] = buf.slice(0, i).split(' ');
           buf = buf.slice(i + 1);
           if (config === 'quit') process.exit(0);
           fs.appendFileSync(${JSON.stringify(path.join(dir, 'log'))}, config + ' ' + backend + ' ' + seconds + '\\n');
           fs.writeSync(out, (backend === 'torch' ? 4000 : 3000) + '\\n');
         }
       }`,
    );
    let t = 0;
    const results = runBench({
      seconds: 0.1,
      configs: ['generality'],
      backends: ['wasm'],
      dtypes: ['float64'],
      ensembles: [1],
      torch: { python: process.execPath, script: fake, style: 'both' },
      json: true,
      now: () => (t += 0.01),
    });
    expect(results.map((r) => r.backend)).toEqual(['wasm', 'torch', 'torch-driftreg']);
    expect(results[1]).toMatchObject({ config: 'generality', dtype: 'float64', ensemble: 1, stepsPerSec: 4000 });
    expect(results[2].stepsPerSec).toBe(3000);
    const log = fs.readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n');
    expect(log[0]).toMatch(/--serve .*cmd .*res --threads 1 --style both --configs generality/);
    // Warm-up slice then measured slices of seconds/8 (0.02 s floor), alternating with ours.
    expect(log.slice(1).length).toBeGreaterThanOrEqual(4);
    expect(log[1]).toBe('generality torch 0.02');
    expect(log[2]).toBe('generality torch-driftreg 0.02');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
