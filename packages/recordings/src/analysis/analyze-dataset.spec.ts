import * as fs from 'fs';
import * as path from 'path';
import { makeExperiment, tmpDir, writeGenericCsv, writeZivFamiliar, writeZivMultipleMaps } from '../__fixtures__/synthetic';
import { writeNwbSessions } from '../__fixtures__/nwb-fixture';
import { analysisSummary, analyzeDataset } from './analyze-dataset';
import { formatAnalysis } from './format-text';
import { brainSeries } from './write-report';

// 3 mice; the fraction of firing cells drops 0.15 per session (0.85 → 0.55).
const exps = [1, 2, 3].map((i) => makeExperiment({ mouse: `M${i}`, env: 'A', seed: 30 + i, nSessions: 3, nRegistered: 40, activeStart: 0.85, activeDrop: 0.15 }));
const dirs: string[] = [];
const fresh = (p: string) => {
  const d = tmpDir(p);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const fast = { nShuffles: 30, subsampleRepeats: 4, seed: 3 };

describe('analyzeDataset on a synthetic Ziv-layout dataset', () => {
  let zivDir: string;
  let result: Awaited<ReturnType<typeof analyzeDataset>>;
  beforeAll(async () => {
    zivDir = fresh('an-ziv');
    writeZivMultipleMaps(zivDir, exps);
    result = await analyzeDataset(zivDir, fast);
  });

  it('returns the issue summary shape: animals, sessions, perSession means over animals and slopes', () => {
    const s = analysisSummary(result);
    expect(Object.keys(s)).toEqual(['animals', 'sessions', 'perSession', 'slopes']);
    expect(s.animals).toBe(3);
    expect(s.sessions).toBe(3);
    expect(Object.keys(s.perSession[0])).toEqual(['session', 'fractionActive', 'meanSI', 'nCells']);
    expect(Object.keys(s.slopes)).toEqual(['fractionActive', 'meanSI']);
    expect(Object.keys(s.slopes.meanSI)).toEqual(['slope', 'p']);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('recovers the built-in decline of active cells', () => {
    const fa = result.trends.fractionActive;
    expect(fa.pooled.slope).toBeLessThan(-0.1);
    expect(fa.pooled.p).toBeLessThan(0.05);
    expect(fa.perSession[0].mean).toBe(1);
    // the per-session summary is the mean over animals of the raw session table
    for (let k = 0; k < 3; k++) {
      const rows = result.sessionTable.filter((r) => r.session === k + 1);
      expect(result.perSession[k].fractionActive).toBeCloseTo(rows.reduce((a, r) => a + r.fractionActive, 0) / 3, 14);
      expect(result.perSession[k].nCells).toBeCloseTo(rows.reduce((a, r) => a + r.nCells, 0) / 3, 14);
    }
  });

  it('computes fraction active independently of the metrics code (direct count from the ground truth)', () => {
    // running (|8-frame movmean of vel| ≥ 1) frames with bin ceil(pos·24) in 3..22, registered cells with an event there
    for (const row of result.sessionTable) {
      const e = exps.find((x) => `${x.mouse}_env${x.env}` === row.experiment)!;
      const s = e.sessions[row.session - 1];
      const used = new Set<number>();
      for (const tr of [1, 2]) {
        const b = s.behavior.filter((x) => x.trial === tr);
        b.forEach((x, i) => {
          const w = b.slice(Math.max(0, i - 4), Math.min(b.length, i + 4));
          const v = w.reduce((a, y) => a + y.vel, 0) / w.length;
          const bin = Math.max(1, Math.ceil(x.pos * 24));
          if (Math.abs(v) >= 1 && bin >= 3 && bin <= 22) used.add(x.frame);
        });
      }
      const registered = new Set(e.registration.map((r) => r[row.session - 1]).filter((c) => c >= 0));
      const active = new Set(s.events.filter((v) => used.has(v.frame) && registered.has(v.cell)).map((v) => v.cell));
      expect(row.nFrames).toBe(used.size);
      expect(row.nActive).toBe(active.size);
      expect(row.fractionActive).toBe(active.size / e.nRegistered);
    }
  });

  it('reports PV and rate-map correlation vs Δdays from registered cells', () => {
    const c = result.correlations!;
    expect(c.pv.map((p) => p.deltaDays)).toEqual([1, 2]);
    expect(c.pv[0].n).toBe(3);
    // place fields are fixed in the fixture, so maps stay correlated
    expect(c.rateMap[0].mean).toBeGreaterThan(0.5);
    expect(c.perExperiment[0].pairs).toHaveLength(3);
  });

  it('is reproducible for a seed, and the generic CSV copy of the same data gives the same table', async () => {
    const again = await analyzeDataset(zivDir, fast);
    expect(again.sessionTable).toEqual(result.sessionTable);
    const csvDir = fresh('an-csv');
    writeGenericCsv(csvDir, exps, { settings: { positionRange: [0, 1] } });
    const csv = await analyzeDataset(csvDir, { ...fast, format: 'csv' });
    // random draws are keyed by experiment name (M1_A here, M1_envA there): compare the deterministic columns
    const pick = (r: (typeof result.sessionTable)[number]) => [r.session, r.day, r.nCells, r.nRunningFrames, r.nFrames, r.nActive, r.fractionActive, r.meanSINaive, r.meanSINaivePerSecond];
    expect(csv.sessionTable.map(pick)).toEqual(result.sessionTable.map(pick));
  });

  it('writes Fig. 3 figures and tables with report', async () => {
    const out = fresh('an-report');
    const r = await analyzeDataset(zivDir, { ...fast, report: out });
    const names = r.reportFiles!.map((f) => path.basename(f));
    for (const n of ['fraction-active.svg', 'fraction-active.png', 'mean-si.svg', 'pv-vs-delta.png', 'fig3.svg', 'fig3.png', 'summary.json', 'sessions.csv', 'trends.csv', 'correlation-vs-delta.csv']) expect(names).toContain(n);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(analysisSummary(r))));
    expect(fs.readFileSync(path.join(out, 'sessions.csv'), 'utf8').split('\n')).toHaveLength(r.sessionTable.length + 2);
    expect(fs.readFileSync(path.join(out, 'fig3.svg'), 'utf8')).toContain('Fraction of active cells');
  });

  it('formats text tables and a brain series for the model-vs-brain view', () => {
    const text = formatAnalysis(result);
    expect(text).toContain('M1_envA');
    expect(text).toContain('Linear trend');
    const b = brainSeries(result);
    expect(b.session).toEqual([1, 2, 3]);
    expect(b.fractionActive[0].mean).toBe(1);
  });

  it('filters experiments and reports unknown keys', async () => {
    const one = await analyzeDataset(zivDir, { ...fast, experiments: ['M2_envA'] });
    expect(one.animals).toBe(1);
    await expect(analyzeDataset(zivDir, { experiments: ['nope'] })).rejects.toThrow(/no experiment nope/);
  });
});

describe('analyzeDataset on the other layouts', () => {
  it('detects NWB and runs without registration (no correlations, detected-cell denominator)', async () => {
    const dir = fresh('an-nwb');
    for (const e of exps.slice(0, 2)) await writeNwbSessions(dir, e, 'ophys');
    const r = await analyzeDataset(dir, fast);
    expect(r.format).toBe('nwb');
    expect(r.animals).toBe(2);
    expect(r.correlations).toBeUndefined();
    expect(r.sessionTable[0].denominator).toBe('detected');
  });

  it('detects the familiar CA1/CA3 layout under --format ziv', async () => {
    const dir = fresh('an-familiar');
    writeZivFamiliar(dir, [{ region: 'CA1', mouse: 'F', envs: exps.slice(0, 2) }]);
    const r = await analyzeDataset(dir, { ...fast, format: 'ziv' });
    expect(r.format).toBe('ziv-familiar');
    expect(r.animals).toBe(1);
    expect(r.experiments).toHaveLength(2);
  });

  it('fails clearly on a folder with no known layout', async () => {
    const dir = fresh('an-empty');
    await expect(analyzeDataset(dir)).rejects.toThrow(/cannot tell the format/);
    await expect(analyzeDataset(path.join(dir, 'missing'))).rejects.toThrow(/dataset folder not found/);
  });
});
