import * as fs from 'fs';
import * as path from 'path';
import { executeTask, planStudy, createRegistry } from '@driftlab/runner';
import { DriftProcess, drift, tmpDir, TEST_PLUGINS } from './__fixtures__/harness';
import { noiseStudy, outcomesPerRun, readStudy, tinyBase, writeSpec } from './__fixtures__/studies';

const lastJson = (out: string[]) => JSON.parse(out[out.length - 1]);

describe('drift sweep plan', () => {
  it('prints the runs of the shipped preset: 2 tasks × 2 sizes × 2 noises × 2 seeds', async () => {
    const r = await drift(['sweep', 'plan', '--preset', 'label-vs-update-quick']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('study label-vs-update-quick: 16 runs');
    expect(r.out[2]).toMatch(/^ {4}0 {2}[0-9a-f]{16} {2}task=random nSamples=10 inputDim=20 outputDim=10 noise=label seed=0$/);
    expect(r.out[17]).toMatch(/^ {3}15 {2}[0-9a-f]{16} {2}task=smoothed nSamples=20 inputDim=30 outputDim=15 noise=update seed=1$/);
    const j = await drift(['sweep', 'plan', '--preset', 'label-vs-update-quick', '--json']);
    const runs = j.out.map((l) => JSON.parse(l));
    expect(runs.length).toBe(16);
    expect(runs[15].config.rules[1]).toEqual({ id: '@driftlab/rules-update-noise', options: expect.objectContaining({ std: 0.03 }) });
    expect(runs[0].config.rules[1]).toEqual({ id: '@driftlab/rules-label-noise', options: expect.objectContaining({ scale: 1, distribution: 'uniform' }) });
  });

  it('exits 2 on an invalid spec with pointer messages, and writes nothing', async () => {
    const dir = tmpDir('plan');
    const spec = writeSpec(dir, { name: 'bad', base: tinyBase, axes: [{ name: 'std', path: '/rules/1/options/std', values: [0.1, -1] }, { path: '/x', values: [] }] });
    const r = await drift(['sweep', 'run', spec, '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`invalid sweep spec (${spec}):`, '  /axes/1/values must NOT have fewer than 1 items']);
    const r2 = await drift(['sweep', 'plan', writeSpec(dir, { name: 'bad', base: tinyBase, axes: [{ name: 'std', path: '/rules/1/options/std', values: [0.1, -1] }] })]);
    expect(r2.code).toBe(2);
    expect(r2.err[1]).toBe('  run 1 (std=-1): rules[1] (@driftlab/rules-update-noise): /options/std must be >= 0');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('drift sweep run (local threads)', () => {
  it('runs the preset end to end, resumes without rerunning, and exports Parquet and CSV', async () => {
    const dir = tmpDir('preset');
    const out = path.join(dir, 'study');
    const r = await drift(['sweep', 'run', '--preset', 'label-vs-update-quick', '--steps', '200', '--out', out, '--workers', '2', '--json']);
    expect(r.code).toBe(0);
    expect(lastJson(r.out)).toEqual({ runs: 16, completed: 16, failed: 0, diverged: 0, store: path.join(out, 'study.duckdb') });
    expect(r.err.filter((l) => / completed [0-9a-f]{16} task=/.test(l)).length).toBe(16);
    const again = await drift(['sweep', 'run', '--preset', 'label-vs-update-quick', '--steps', '200', '--out', out, '--json']);
    expect(lastJson(again.out)).toEqual(lastJson(r.out));
    const s = await readStudy(out);
    expect([...outcomesPerRun(s).values()]).toEqual(new Array(16).fill(1));
    expect(s.events.filter((e) => e.session === 2).length).toBe(0);
    const q = await drift(['query', '--store', out, '--json', "SELECT point->>'noise' AS noise, count(*) AS n, count(DISTINCT result_digest) AS d FROM results GROUP BY 1 ORDER BY 1"]);
    expect(q.out.map((l) => JSON.parse(l))).toEqual([{ noise: 'label', n: 8, d: 8 }, { noise: 'update', n: 8, d: 8 }]);
    const ex = await drift(['export', out, '--format', 'parquet', '--json']);
    expect(ex.code).toBe(0);
    const files = JSON.parse(ex.out[0]).files as { table: string; file: string; rows: number }[];
    expect(files.find((f) => f.table === 'runs')!.rows).toBe(16);
    expect(files.find((f) => f.table === 'metrics')!.rows).toBe([...s.metrics.values()].reduce((n, m) => n + m.length, 0));
    for (const f of files) expect(fs.statSync(f.file).size).toBeGreaterThan(0);
    const pq = await drift(['query', '--store', out, '--csv', `SELECT count(*) AS n FROM read_parquet('${path.join(out, 'export', 'metrics.parquet')}')`]);
    expect(pq.out).toEqual(['n', String(files.find((f) => f.table === 'metrics')!.rows)]);
    const csv = await drift(['export', out, '--format', 'csv', '--tables', 'summaries', '--out', path.join(dir, 'csv')]);
    expect(csv.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'csv', 'summaries.csv'), 'utf8').split('\n')[0]).toMatch(/^run_id,status,loss_first,loss_last,/);
    const bad = await drift(['query', '--store', out, 'SELECT nope FROM runs']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/query failed: .*nope/);
  });

  it('a throwing plugin fails its run with the error text; diverged runs keep their step and metrics; the study goes on', async () => {
    const dir = tmpDir('fail');
    const spec = writeSpec(dir, {
      name: 'mixed',
      plugins: [TEST_PLUGINS],
      base: tinyBase,
      axes: [
        {
          zip: [
            { name: 'case', path: '/rules/0/options/lr', values: [0.1, 60, 0.1], labels: ['ok', 'diverges', 'throws'] },
            { name: 'extra', path: '/rules/2', values: [{ id: 'slow', options: { ms: 0 } }, { id: 'slow', options: { ms: 0 } }, { id: 'throw-at', options: { step: 123, message: 'plugin exploded' } }] },
          ],
        },
      ],
    });
    const r = await drift(['sweep', 'run', spec, '--out', path.join(dir, 'o'), '--workers', '2', '--json']);
    expect(r.code).toBe(1); // a failed run makes the exit code 1; the study still finished
    expect(lastJson(r.out)).toMatchObject({ runs: 3, completed: 1, failed: 1, diverged: 1 });
    const s = await readStudy(path.join(dir, 'o'));
    const [ok, div, thr] = [...s.runs.values()];
    expect(ok.status).toBe('completed');
    expect(div).toMatchObject({ status: 'diverged', error: null });
    expect(div.divergedStep).toBe(div.stepReached);
    expect(div.divergedStep).toBeLessThan(600);
    expect(thr).toMatchObject({ status: 'failed', error: 'plugin exploded at step 123', stepReached: 123 });
    const ids = [...s.runs.keys()];
    expect(s.metrics.get(ids[1])!.length).toBeGreaterThan(0); // the diverged run's metrics are kept
    expect(s.metrics.get(ids[1])!.some((l) => l.startsWith(`${div.stepReached} loss `))).toBe(true);
    expect(s.metrics.get(ids[2])!.length).toBeGreaterThan(0); // and what the failed run recorded before throwing
  });

  it('Ctrl-C stops the study (exit 130); the same command finishes it, cut-short runs resuming from their checkpoints', async () => {
    const dir = tmpDir('ctrlc');
    const spec = writeSpec(dir, noiseStudy('ctrlc', [1, 2, 3], 2, 2000, 200));
    const out = path.join(dir, 'o');
    const first = drift(['sweep', 'run', spec, '--out', out, '--workers', '2', '--json']);
    for (let i = 0; i < 600 && !first.err.some((l) => /^\[1\/6\] completed /.test(l)); i++) await new Promise((r) => setTimeout(r, 50));
    first.interrupt();
    const r1 = await first;
    expect(r1.code).toBe(130);
    const j1 = lastJson(r1.out);
    expect(j1.runs).toBe(6);
    expect(j1.completed).toBeLessThan(6);
    const r2 = await drift(['sweep', 'run', spec, '--out', out, '--json']);
    expect(r2.code).toBe(0);
    expect(lastJson(r2.out)).toMatchObject({ runs: 6, completed: 6 });
    const s = await readStudy(out);
    expect([...outcomesPerRun(s).values()]).toEqual(new Array(6).fill(1));
    const interrupted = s.events.filter((e) => e.kind === 'interrupted').map((e) => e.runId);
    expect(interrupted.length).toBeGreaterThan(0);
    for (const id of interrupted) {
      const resumed = s.events.find((e) => e.session === 2 && e.runId === id && e.kind === 'started')!;
      expect(resumed.detail ?? '').toMatch(/^(resumed from step \d+)?$/);
    }
    expect(s.events.some((e) => e.session === 2 && /^resumed from step \d+$/.test(e.detail ?? ''))).toBe(true);
  });

  it('packs runs that share a net and data into wasm ensembles, with results identical to running them alone', async () => {
    const dir = tmpDir('pack');
    const spec = writeSpec(dir, {
      name: 'packed',
      base: { ...tinyBase, engine: 'wasm', seed: 5, schedule: { ...tinyBase.schedule, steps: 3000, evaluations: 20, snapshots: 3 } },
      axes: [
        { name: 'std', path: '/rules/1/options/std', values: [0.01, 0.03, 0.1] },
        { name: 'lr', path: '/rules/0/options/lr', values: [0.05, 0.1, 30] },
      ],
      checkpointEvery: 1000,
    });
    const packed = await drift(['sweep', 'run', spec, '--out', path.join(dir, 'packed'), '--workers', '2', '--json']);
    const alone = await drift(['sweep', 'run', spec, '--out', path.join(dir, 'alone'), '--workers', '2', '--no-pack', '--json']);
    expect(lastJson(packed.out)).toEqual({ ...lastJson(alone.out), store: path.join(dir, 'packed', 'study.duckdb') });
    expect(lastJson(alone.out)).toMatchObject({ runs: 9, completed: 6, diverged: 3 }); // lr 30 diverges
    const [a, b] = [await readStudy(path.join(dir, 'packed')), await readStudy(path.join(dir, 'alone'))];
    for (const [id, run] of b.runs) {
      expect(a.runs.get(id)).toEqual(run);
      expect(a.metrics.get(id)).toEqual(b.metrics.get(id));
    }
    const q = await drift(['query', '--store', path.join(dir, 'packed'), '--json', 'SELECT ensemble, count(*) AS n FROM runs GROUP BY 1 ORDER BY 1']);
    // 9 runs on 2 threads: two ensembles, of 5 and 4 replicas.
    expect(q.out.map((l) => JSON.parse(l))).toEqual([{ ensemble: 4, n: 4 }, { ensemble: 5, n: 5 }]);
    const q2 = await drift(['query', '--store', path.join(dir, 'alone'), '--csv', 'SELECT DISTINCT ensemble FROM runs']);
    expect(q2.out).toEqual(['ensemble', '1']);
  });

  it('kill -9 of the coordinator mid-study, then the same command: nothing completed is lost or rerun, the store opens cleanly', async () => {
    const dir = tmpDir('kill');
    const marker = path.join(dir, 'killed');
    // Run (update noise, seed 4), the last one, SIGKILLs its whole process — the coordinator — at step 700, once.
    const study = noiseStudy('killed', [1, 2, 3, 4], 2, 1200, 200) as any;
    study.axes = [
      {
        zip: [
          { name: 'noise', path: '/rules/1', values: [{ id: 'label-noise', options: { scale: 1 } }, { id: 'update-noise', options: { std: 0.03 } }], labels: ['label', 'update'] },
          { name: 'killer', path: '/rules/3', values: [{ id: 'slow', options: { ms: 0 } }, { id: 'die-at', options: { step: 700, marker, mode: 'kill', seed: 4, delayMs: 1500 } }], labels: ['no', 'yes'] },
        ],
      },
    ];
    const spec = writeSpec(dir, study);
    const out = path.join(dir, 'o');
    const coordinator = new DriftProcess(['sweep', 'run', spec, '--out', out, '--workers', '2']);
    expect(await coordinator.exited).toBe(null); // killed by a signal
    expect(fs.readFileSync(marker, 'utf8')).toBe(String(coordinator.child.pid));
    const before = coordinator.matching(/^\[\d+\/8\] completed /).map((l) => l.split(' ')[2]);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const r = await drift(['sweep', 'run', spec, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(lastJson(r.out)).toMatchObject({ runs: 8, completed: 8, failed: 0 });
    const s = await readStudy(out);
    expect([...outcomesPerRun(s).values()]).toEqual(new Array(8).fill(1));
    const session2 = new Set(s.events.filter((e) => e.session === 2).map((e) => e.runId));
    for (const id of before) expect(session2.has(id)).toBe(false); // completed before the kill: not touched again
    // The run cut short resumed from its last checkpoint (600) and equals an uninterrupted run bit for bit.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const plan = planStudy(JSON.parse(fs.readFileSync(spec, 'utf8')), createRegistry(require(TEST_PLUGINS).plugins));
    const killed = plan.runs.find((p) => p.point.noise === 'update' && p.point.seed === 4)!;
    expect(s.events.filter((e) => e.runId === killed.runId && e.kind === 'started').map((e) => [e.session, e.detail])).toEqual([[1, null], [2, 'resumed from step 600']]);
    const reference = executeTask({ runId: killed.runId, config: killed.config, checkpointEvery: null, plugins: [TEST_PLUGINS] });
    expect(reference.status).toBe('completed');
    expect(s.runs.get(killed.runId)!.digest).toBe(reference.digest);
  });
});
