import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '@driftlab/core';
import { createRegistry } from './plugins';
import { loadPreset, presetNames } from './presets';
import { executeRun, prepareRun } from './run';
import { RunDirectorySink, readRunDirectory } from './run-dir-sink';

const tiny = {
  seed: 3,
  engine: 'reference',
  task: { id: 'random', options: { nSamples: 6, inputDim: 5, outputDim: 3 } },
  model: { id: 'mlp', options: { hidden: [16] } },
  rules: [
    { id: 'sgd', options: { lr: 0.1 } },
    { id: 'update-noise', options: { std: 0.03 } },
  ],
  metrics: [{ id: 'activity' }, { id: 'spatial' }],
  schedule: { steps: 400, evaluations: 12, snapshots: 3 },
};

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-run-'));

describe('prepareRun', () => {
  it('applies overrides before validation and gives a stable id that depends on the seed', () => {
    const a = prepareRun(tiny, { overrides: { steps: 50 } });
    expect(a.config.schedule.steps).toBe(50);
    expect(a.config.rules[0].id).toBe('@driftlab/rules-sgd');
    expect(prepareRun(tiny, { overrides: { steps: 50 } }).runId).toBe(a.runId);
    expect(prepareRun(tiny, { overrides: { steps: 50, seed: 4 } }).runId).not.toBe(a.runId);
    expect(a.record.versions['@driftlab/core']).toMatch(/^\d+\.\d+\.\d+/);
    expect(a.registry.isFrozen).toBe(true);
  });

  it('noiseThread: validated, recorded, and not part of the run id (it cannot change a number)', () => {
    const plain = prepareRun(tiny);
    expect(plain.config.noiseThread).toBe(false);
    const threaded = prepareRun(tiny, { overrides: { noiseThread: true } });
    expect(threaded.config.noiseThread).toBe(true);
    expect(threaded.runId).toBe(plain.runId);
    expect(() => prepareRun({ ...tiny, noiseThread: 'yes' })).toThrow('noiseThread: must be boolean');
  });

  it('rejects a bad option with the plugin id and pointer', () => {
    const bad = { ...tiny, rules: [{ id: 'sgd' }, { id: 'label-noise', options: { scale: -1 } }] };
    expect(() => prepareRun(bad)).toThrow(ConfigError);
    expect(() => prepareRun(bad)).toThrow('rules[1] (@driftlab/rules-label-noise): /options/scale must be >= 0');
  });

  it('validates every shipped preset', () => {
    expect(presetNames()).toEqual(expect.arrayContaining(['fig2', 'fig2-quick', 'label-noise-quick', 'update-noise-quick']));
    for (const name of presetNames()) expect(() => prepareRun(loadPreset(name), { registry: createRegistry() })).not.toThrow();
    expect(() => loadPreset('nope')).toThrow(/unknown preset "nope"; known presets: /);
  });
});

describe('executeRun', () => {
  it('writes a readable run directory with series, snapshots and the summary', () => {
    const dir = tmp();
    const p = prepareRun(tiny);
    const { summary, result } = executeRun(p, { sink: new RunDirectorySink(dir, p.record), outDir: dir });
    expect(summary.status).toBe('completed');
    const r = readRunDirectory(dir);
    expect(r.config.runId).toBe(p.runId);
    expect(r.status.status).toBe('completed');
    expect(r.evaluations.map((e) => e.step)).toEqual(result.evaluations.map((e) => e.step));
    expect(r.evaluations[0].scalars.activeUnits).toBe(summary.activeUnits.first);
    expect(r.snapshots.map((s) => s.step)).toEqual([0, 200, 400]);
    const params = r.readArray(r.snapshots[2].params!.file);
    expect(params.length).toBe(16 * 5 + 16 + 3 * 16); // W1, b1, V
    const maps = r.readArray(r.snapshots[0].arrays.rateMaps.file);
    expect(maps.length).toBe(r.snapshots[0].arrays.rateMaps.shape.reduce((a, b) => a * b, 1));
    expect(r.summary.runId).toBe(p.runId);
    expect(summary.loss.last!).toBeLessThan(summary.loss.first!);
  });

  it('is bitwise reproducible: same config and seed give identical files', () => {
    const a = tmp();
    const b = tmp();
    for (const d of [a, b]) {
      const p = prepareRun(tiny);
      executeRun(p, { sink: new RunDirectorySink(d, p.record) });
    }
    expect(fs.readFileSync(path.join(a, 'evaluations.jsonl'))).toEqual(fs.readFileSync(path.join(b, 'evaluations.jsonl')));
    expect(fs.readFileSync(path.join(a, 'snapshots/400/params.f64'))).toEqual(fs.readFileSync(path.join(b, 'snapshots/400/params.f64')));
  });

  it('a run with the noise thread (wasm) writes the same numbers as one without', () => {
    const [a, b] = [false, true].map((noiseThread) => {
      const d = tmp();
      const p = prepareRun({ ...tiny, engine: 'wasm' }, { overrides: { noiseThread } });
      executeRun(p, { sink: new RunDirectorySink(d, p.record) });
      return d;
    });
    expect(fs.readFileSync(path.join(b, 'evaluations.jsonl'))).toEqual(fs.readFileSync(path.join(a, 'evaluations.jsonl')));
    expect(fs.readFileSync(path.join(b, 'snapshots/400/params.f64'))).toEqual(fs.readFileSync(path.join(a, 'snapshots/400/params.f64')));
  });

  it.each([false, true])('dropout (dropConnect %s) fused in the wasm kernels writes the numbers of the reference engine', (dropConnect) => {
    const cfg = { ...tiny, rules: [...tiny.rules, { id: 'dropout', options: { rate: 0.2, dropConnect } }] };
    const [ref, wasm] = (['reference', 'wasm'] as const).map((engine) => {
      const d = tmp();
      const p = prepareRun({ ...cfg, engine });
      executeRun(p, { sink: new RunDirectorySink(d, p.record) });
      return d;
    });
    const params = (d: string) => fs.readFileSync(path.join(d, 'snapshots/400/params.f64'));
    expect(params(wasm)).toEqual(params(ref));
    expect(fs.readFileSync(path.join(wasm, 'evaluations.jsonl'))).toEqual(fs.readFileSync(path.join(ref, 'evaluations.jsonl')));
    // The masks matter: without dropout the run ends elsewhere.
    const plain = tmp();
    const p = prepareRun({ ...tiny, engine: 'wasm' });
    executeRun(p, { sink: new RunDirectorySink(plain, p.record) });
    expect(params(plain)).not.toEqual(params(ref));
  });

  it('keeps what was recorded when a plugin throws mid-run, and marks the run failed', () => {
    const dir = tmp();
    const p = prepareRun(tiny);
    let evals = 0;
    const { summary } = executeRun(p, {
      sink: new RunDirectorySink(dir, p.record),
      hooks: [{ hooks: { onEvaluate: () => { if (++evals === 4) throw new Error('metric exploded'); } } }],
    });
    expect(summary.status).toBe('failed');
    expect(summary.error).toBe('metric exploded');
    const r = readRunDirectory(dir);
    expect(r.status).toMatchObject({ status: 'failed', reason: 'metric exploded' });
    expect(r.evaluations.length).toBeGreaterThanOrEqual(3);
  });

  it('reports a plugin that fails while being built as a failed run', () => {
    const p = prepareRun({ ...tiny, model: { id: 'mlp', options: { hidden: [4] } }, engine: 'tfjs' });
    const { summary } = executeRun(p);
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(/float64|tfjs/);
  });

  it('stops a diverging run with status diverged and its step', () => {
    const p = prepareRun({ ...tiny, rules: [{ id: 'sgd', options: { lr: 500 } }] });
    const { summary } = executeRun(p);
    expect(summary.status).toBe('diverged');
    expect(summary.stepReached).toBeLessThan(400);
    expect(summary.divergedReason).toBeDefined();
  });
});
