import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gaussianSmoothMaps, placeUnitMask } from '@driftlab/metrics';
import { main } from '../main';
import type { CliIO } from '../io';
import { makeExperiment, tmpDir, writeZivMultipleMaps } from '../../../recordings/src/__fixtures__/synthetic';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTTY: false, onInterrupt: () => () => {} };
}

const NBINS = 20;
const config = {
  name: 'tiny-track',
  engine: 'reference',
  task: { id: 'predictive-track', options: { nSamples: 60 } },
  model: { id: 'mlp', options: { hidden: [24] } },
  rules: [{ id: 'sgd', options: { lr: 0.1 } }, { id: 'update-noise', options: { std: 0.05 } }],
  metrics: [{ id: 'activity' }, { id: 'spatial', options: { nBins: NBINS } }, { id: 'hessian-trace' }],
  schedule: { steps: 400, evaluations: 30, snapshots: 6 },
};

const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));
const readF64 = (f: string) => {
  const b = fs.readFileSync(f);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

let root: string;
let run: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-report-cli-'));
  run = path.join(root, 'run');
  fs.writeFileSync(path.join(root, 'config.json'), JSON.stringify(config));
  const io = capture();
  expect(await main(['run', path.join(root, 'config.json'), '--out', run, '--seed', '2'], io)).toBe(0);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('drift report', () => {
  it('writes the Fig. 2 figures of a run into <run-dir>/report, heatmaps holding the stored numbers', async () => {
    const io = capture();
    expect(await main(['report', run], io)).toBe(0);
    const out = path.join(run, 'report');
    const names = ['loss', 'activity', 'rate-maps', 'rate-map-correlation', 'pv-correlation', 'flatness', 'fig2'];
    expect(io.stdout).toEqual(names.flatMap((n) => ['svg', 'png', 'vl.json'].map((e) => path.join(out, `${n}.${e}`))));
    for (const f of io.stdout) expect(fs.statSync(f).size).toBeGreaterThan(500);
    expect(io.stderr.pop()).toBe(`7 figures in ${out}`);

    // (E) equals derived.json rateMapCorrelation entry for entry (null where undefined).
    const derived = readJson(path.join(run, 'derived.json'));
    const { times, matrix } = derived.rateMapCorrelation;
    const heat = readJson(path.join(out, 'rate-map-correlation.vl.json')).data.values;
    expect(heat).toHaveLength(times.length ** 2);
    for (const v of heat) {
      expect(v.r).toBe(matrix[v.i][v.j]);
      expect(v.t1).toBe(times[v.i]);
    }

    // (D) rows: the place units of the snapshots int(linspace(0.6, 5, 4)) = 0, 2, 3, 5, in peak order.
    const snaps = fs.readFileSync(path.join(run, 'snapshots.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(snaps).toHaveLength(6);
    const grid = readJson(path.join(out, 'rate-maps.vl.json'));
    const rowUnits = [0, 1, 2, 3].map((r) => grid.data.values.find((v: { r: number }) => v.r === r).units);
    [0, 2, 3, 5].forEach((t, r) => {
      const si = readF64(path.join(run, snaps[t].arrays.si.file));
      expect(rowUnits[r]).toBe(placeUnitMask(si).reduce((a, b) => a + b, 0));
    });
    expect(grid.facet.column.header.labelExpr).toContain(`step ${snaps[5].step}`);

    // The loss panel carries the stored normalised loss (step 0 left off the log axis).
    const ev = fs.readFileSync(path.join(run, 'evaluations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const loss = readJson(path.join(out, 'loss.vl.json')).data.values;
    expect(loss.map((v: { value: number }) => v.value)).toEqual(ev.filter((e) => e.step > 0).map((e) => e.scalars.lossNormalised));
  });

  it('writes to --out and the smoothed peaks order the first row', async () => {
    const out = path.join(root, 'figs');
    const io = capture();
    expect(await main(['report', run, '--out', out], io)).toBe(0);
    expect(fs.existsSync(path.join(out, 'fig2.png'))).toBe(true);
    // Recompute the first row's order from the stored arrays: place units by argmax of the smoothed map.
    const snap = JSON.parse(fs.readFileSync(path.join(run, 'snapshots.jsonl'), 'utf8').split('\n')[0]);
    const [nUnits, nBins] = snap.arrays.rateMaps.shape;
    const smooth = gaussianSmoothMaps(readF64(path.join(run, snap.arrays.rateMaps.file)), nUnits, nBins, 0.06 * nBins);
    const place = placeUnitMask(readF64(path.join(run, snap.arrays.si.file)));
    const peak = (u: number) => {
      const row = Array.from(smooth.subarray(u * nBins, (u + 1) * nBins));
      return row.indexOf(Math.max(...row));
    };
    const expected = [...Array(nUnits).keys()].filter((u) => place[u]).sort((a, b) => peak(a) - peak(b) || a - b);
    const { rateMapGrid, gridSnapshotsOfRun, readRunForReport } = await import('@driftlab/report');
    const snaps = gridSnapshotsOfRun(readRunForReport(run));
    if (typeof snaps === 'string') throw new Error(snaps);
    expect(rateMapGrid(snaps, { nUnits, nBins }).rows[0].units).toEqual(expected);
  });

  it('exits 2 for a missing folder or one that is not a run', async () => {
    const io = capture();
    expect(await main(['report', path.join(root, 'nope')], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/run directory not found/);
    const empty = fs.mkdtempSync(path.join(root, 'empty-'));
    expect(await main(['report', empty], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/is not a run directory \(needs config.json and evaluations.jsonl\)/);
    fs.writeFileSync(path.join(empty, 'config.json'), '{not json');
    fs.writeFileSync(path.join(empty, 'evaluations.jsonl'), '');
    expect(await main(['report', empty], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/config.json: not valid JSON/);
  });
});

describe('drift analyze --compare-run', () => {
  it('writes model-vs-brain beside the dataset figures, the model panel from the run', async () => {
    const data = tmpDir('driftlab-analyze-compare-');
    writeZivMultipleMaps(data, [makeExperiment({ seed: 1 }), makeExperiment({ seed: 2 })]);
    const report = path.join(data, 'report');
    const io = capture();
    expect(await main(['analyze', data, '--json', '--report', report, '--compare-run', run], io)).toBe(0);
    for (const e of ['svg', 'png', 'vl.json']) expect(fs.statSync(path.join(report, `model-vs-brain.${e}`)).size).toBeGreaterThan(500);
    const spec = readJson(path.join(report, 'model-vs-brain.vl.json'));
    // The model is sampled at its snapshot steps, like sessions.
    const snapSteps = new Set(fs.readFileSync(path.join(run, 'snapshots.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step));
    const ev = fs.readFileSync(path.join(run, 'evaluations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => snapSteps.has(e.step));
    expect(ev).toHaveLength(6);
    const au = ev.map((e) => e.scalars.activeUnits);
    const modelPanel = spec.concat[0].data.values;
    expect(modelPanel).toHaveLength(ev.length);
    modelPanel.forEach((v: { x: number; mean: number }, i: number) => {
      expect(v.x).toBe(ev[i].step);
      expect(v.mean).toBeCloseTo(au[i] / au[0], 14);
    });
    const summary = JSON.parse(io.stdout[io.stdout.length - 1]);
    expect(spec.concat[1].data.values).toHaveLength(summary.sessions);
    fs.rmSync(data, { recursive: true, force: true });
  });

  it('exits 2 without --report or for a folder that is not a run', async () => {
    const io = capture();
    expect(await main(['analyze', root, '--compare-run', run], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/--compare-run needs --report/);
    expect(await main(['analyze', root, '--report', path.join(root, 'r'), '--compare-run', root], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/--compare-run: .* is not a run directory/);
  });
});
