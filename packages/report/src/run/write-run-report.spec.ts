import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderSvg } from '../render';
import { correlationRows, correlationSpec, lossSpec, shortNumber, stepRows } from './run-specs';
import { readRunForReport, RunReportError } from './read-run';
import { runModelSeries, writeRunReport } from './write-run-report';
import { SYN, writeSyntheticRun } from './__fixtures__/synthetic-run';

const readSpec = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));

describe('correlation heatmap', () => {
  it('has one row per matrix entry, equal to the matrix, undefined entries null', () => {
    const times = [0, 10, 20];
    const m = [
      [1, 0.5, NaN],
      [0.5, 1, 0.25],
      [NaN, 0.25, 1],
    ];
    const rows = correlationRows(times, m);
    expect(rows).toHaveLength(9);
    for (const r of rows) {
      expect(r.t1).toBe(times[r.i]);
      expect(r.t2).toBe(times[r.j]);
      expect(r.r).toBe(Number.isNaN(m[r.i][r.j]) ? null : m[r.i][r.j]);
    }
    const spec = correlationSpec({ times, matrix: m });
    expect((spec.data as { values: unknown }).values).toEqual(rows);
  });

  it('labels steps briefly', () => {
    expect([0, 7500, 50000, 1_200_000, 999].map(shortNumber)).toEqual(['0', '7.5k', '50k', '1.2M', '999']);
  });
});

describe('step lines', () => {
  it('drop what a log axis cannot show and non-finite values', () => {
    const rows = stepRows({ series: [{ label: 'a', points: [{ step: 0, value: 1 }, { step: 1, value: 0 }, { step: 2, value: NaN }, { step: 3, value: 2 }] }], logX: true, logY: true });
    expect(rows).toEqual([{ series: 'a', step: 3, value: 2 }]);
  });

  it('marks loss convergence with a dashed rule', async () => {
    const svg = await renderSvg(lossSpec([{ step: 1, value: 1 }, { step: 10, value: 0.1 }, { step: 100, value: 0.01 }], { convergedAtStep: 10 }));
    expect(svg).toContain('converged');
    expect(svg).toContain('normalised loss (log)');
  });
});

describe('writeRunReport', () => {
  it('writes every Fig. 2 figure of a finished run, with the stored numbers in the specs', async () => {
    const run = writeSyntheticRun();
    const out = path.join(run, 'report');
    const skipped: string[] = [];
    const files = await writeRunReport(run, out, { onSkip: (f) => skipped.push(f) });
    const names = [...new Set(files.map((f) => path.basename(f).replace(/\.(svg|png|vl\.json)$/, '')))];
    expect(names).toEqual(['loss', 'activity', 'rate-maps', 'rate-map-correlation', 'pv-correlation', 'flatness', 'fig2']);
    expect(skipped).toEqual([]);
    for (const f of files) expect(fs.statSync(f).size).toBeGreaterThan(200);

    // (E): the heatmap's data are the stored matrix, entry for entry.
    const corr = readSpec(path.join(out, 'rate-map-correlation.vl.json'));
    expect(corr.data.values).toHaveLength(SYN.steps.length ** 2);
    for (const v of corr.data.values) {
      expect(v.r).toBe(SYN.matrix[v.i][v.j]);
      expect([v.t1, v.t2]).toEqual([SYN.steps[v.i], SYN.steps[v.j]]);
    }

    // (B): loss vs step without step 0 (log axis).
    const loss = readSpec(path.join(out, 'loss.vl.json'));
    expect(loss.data.values.map((v: { step: number }) => v.step)).toEqual([1, 10, 100, 200, 300, 400]);
    expect(loss.data.values[0].value).toBeCloseTo(1 / 2, 15);

    // (C): two panels; the null meanSI at step 10 is left out, not drawn as 0.
    const act = readSpec(path.join(out, 'activity.vl.json'));
    expect(act.hconcat).toHaveLength(2);
    const si = act.hconcat[1].data.values;
    expect(si.map((v: { step: number }) => v.step)).toEqual([1, 100, 200, 300, 400]);

    // Flatness: only the snapshot evaluations carry the Hessian scalars.
    const flat = readSpec(path.join(out, 'flatness.vl.json'));
    expect(flat.hconcat[0].data.values.map((v: { step: number; value: number }) => [v.step, v.value])).toEqual([[0, 10], [200, 12], [400, 14]]);

    // (D): 16 cells in the grid, rows sorted as the constructed peaks say.
    const grid = readSpec(path.join(out, 'rate-maps.vl.json'));
    expect(grid.data.values).toHaveLength(16);
    expect(fs.readFileSync(path.join(out, 'fig2.svg'), 'utf8')).toContain('synthetic (abc123)');
  });

  it('reports a run in progress: torn last line skipped, figures needing derived.json left out with a reason', async () => {
    const run = writeSyntheticRun(undefined, { complete: false });
    expect(readRunForReport(run).evaluations).toHaveLength(7);
    const skipped: [string, string][] = [];
    const files = await writeRunReport(run, path.join(run, 'r'), { onSkip: (f, why) => skipped.push([f, why]) });
    expect(skipped).toEqual([['rate-map-correlation', 'no derived.json (the run has not finished)']]);
    expect(files.some((f) => f.endsWith('rate-maps.png'))).toBe(true);
    expect(files.some((f) => f.includes('correlation'))).toBe(false);
  });

  it('gives the model series for model-vs-brain at the snapshot steps (every evaluation without snapshots)', () => {
    const dir = writeSyntheticRun();
    const s = runModelSeries(dir);
    expect(s.label).toBe('synthetic');
    expect(s.time).toEqual([0, 100, 200, 300, 400]);
    expect(s.fractionActive[1]).toBeCloseTo(0.7, 15);
    expect(s.meanSI[1]).toBeCloseTo(0.6, 15);
    fs.writeFileSync(path.join(dir, 'snapshots.jsonl'), '');
    const all = runModelSeries(dir, 'MLP');
    expect(all.label).toBe('MLP');
    expect(all.time).toEqual([0, 1, 10, 100, 200, 300, 400]);
    expect(Number.isNaN(all.meanSI[2])).toBe(true);
  });

  it('refuses folders that are not runs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-not-run-'));
    await expect(writeRunReport(dir, path.join(dir, 'r'))).rejects.toThrow(RunReportError);
    await expect(writeRunReport(dir, path.join(dir, 'r'))).rejects.toThrow(/is not a run directory \(no config.json\)/);
    await expect(writeRunReport(path.join(dir, 'missing'), dir)).rejects.toThrow(/run directory not found/);
    fs.writeFileSync(path.join(dir, 'config.json'), '{"runId": 1}');
    fs.writeFileSync(path.join(dir, 'evaluations.jsonl'), '');
    await expect(writeRunReport(dir, path.join(dir, 'r'))).rejects.toThrow(/no "config" object/);
  });
});
