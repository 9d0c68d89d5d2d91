import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildRun, prepareRun, readRunDirectory } from '@driftlab/runner';
import { main } from '../main';
import type { CliIO } from '../io';
import { ratiosAgainstReference } from './bench';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTTY: false, onInterrupt: () => () => {} };
}

describe('drift flatness', () => {
  it("recomputes each snapshot's Hessian trace, matching the dense trace from H·e_i of the engine", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-flat-'));
    const out = path.join(dir, 'run');
    const cfg = {
      engine: 'reference',
      task: { id: 'random', options: { nSamples: 5, inputDim: 4, outputDim: 2 } },
      model: { id: 'mlp', options: { hidden: [6] } },
      rules: [{ id: 'sgd' }, { id: 'update-noise', options: { std: 0.05 } }],
      schedule: { steps: 200, evaluations: 5, snapshots: 3 },
    };
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(cfg));
    expect(await main(['run', path.join(dir, 'c.json'), '--out', out], capture())).toBe(0);
    const io = capture();
    expect(await main(['flatness', out, '--json'], io)).toBe(0);
    const res = JSON.parse(io.stdout[io.stdout.length - 1]);
    expect(res.snapshots.map((s: { step: number }) => s.step)).toEqual([0, 100, 200]);
    // Oracle: the dense trace Σ_i (H e_i)_i from the engine's R-operator H·v on the same data and parameters.
    const { task, model } = buildRun(prepareRun(cfg));
    const run = readRunDirectory(out);
    const batch = { x: task.x, y: task.y, n: task.n };
    for (const [k, snap] of run.snapshots.entries()) {
      const params = run.readArray(snap.params!.file);
      const e = new Float64Array(model.nParams);
      const he = new Float64Array(model.nParams);
      let trace = 0;
      for (let i = 0; i < model.nParams; i++) {
        e.fill(0);
        e[i] = 1;
        model.hvp(batch, e, he, params);
        trace += he[i];
      }
      expect(res.snapshots[k].trace).toBeCloseTo(trace, 10);
      expect(res.snapshots[k].lambdaMax).toBeGreaterThan(0);
    }
    const table = capture();
    expect(await main(['flatness', out], table)).toBe(0);
    expect(table.stdout[0]).toMatch(/step\s+loss\s+dead\s+trace/);
    expect(table.stdout.length).toBe(4);
  });

  it('refuses a folder that is not a run', async () => {
    const io = capture();
    expect(await main(['flatness', os.tmpdir()], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/is not a run directory/);
  });
});

describe('drift bench', () => {
  it('prints {"results": [...]} with every case of the requested configs', async () => {
    const io = capture();
    expect(await main(['bench', '--json', '--seconds', '0.05', '--configs', 'generality', '--ensembles', '1'], io)).toBe(0);
    const { results } = JSON.parse(io.stdout[io.stdout.length - 1]);
    expect(results.map((r: { backend: string; dtype: string }) => `${r.backend}/${r.dtype}`).sort()).toEqual([
      'reference/float32', 'reference/float64', 'wasm-nt/float32', 'wasm-nt/float64', 'wasm/float32', 'wasm/float64',
    ]);
    for (const r of results) {
      expect(Object.keys(r).sort()).toEqual(['backend', 'config', 'dtype', 'ensemble', 'gflops', 'replicaStepsPerSec', 'stepsPerSec']);
      expect(r.stepsPerSec).toBeGreaterThan(0);
    }
    expect(ratiosAgainstReference(results).length).toBe(4); // wasm and wasm-nt, each dtype
  });

  it('computes same-run ratios against the reference of the same case', () => {
    const r = (backend: string, rate: number) => ({ config: 'g', backend, dtype: 'float64', ensemble: 1, stepsPerSec: rate, replicaStepsPerSec: rate, gflops: 0 });
    expect(ratiosAgainstReference([r('reference', 100), r('wasm', 2500)])).toEqual(['g           wasm      float64 single 25.0× reference']);
  });

  it('rejects bad options', async () => {
    const io = capture();
    expect(await main(['bench', '--seconds', '-1'], io)).toBe(2);
    expect(await main(['bench', '--configs', 'huge'], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/unknown config "huge"/);
  });
});
