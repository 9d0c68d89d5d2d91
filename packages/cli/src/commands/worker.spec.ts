// BullMQ workers on a real Redis: the same results as local threads, a worker killed mid-run, Redis restarted
// mid-study. Uses a private redis-server on a free loopback port (or $DRIFTLAB_REDIS_URL for the first two).
import * as fs from 'fs';
import * as path from 'path';
import type { RunConfig } from '@driftlab/core';
import { createRegistry, executeTask, planStudy, prepareRun } from '@driftlab/runner';
import { DriftProcess, TEST_PLUGINS, TestRedis, drift, hasRedisServer, sleep, tmpDir } from './__fixtures__/harness';
import { noiseStudy, outcomesPerRun, readStudy, writeSpec } from './__fixtures__/studies';

const haveBinary = hasRedisServer();
const sharedUrl = process.env.DRIFTLAB_REDIS_URL;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const registry = createRegistry(require(TEST_PLUGINS).plugins);
let redis: TestRedis | null = null;
let queueNo = 0;
const queue = () => `test-${process.pid}-${++queueNo}`;
const redisUrl = () => redis?.url ?? sharedUrl!;

const lastJson = (out: string[]) => JSON.parse(out[out.length - 1]);

/** What the run computes without the test-only rules (which change no number): its digest is the reference. */
function referenceDigest(config: RunConfig): string {
  const clean = { ...config, rules: config.rules.filter((r) => !r.id.startsWith('test/')) };
  const p = prepareRun(clean, { registry });
  return executeTask({ runId: p.runId, config: p.config, checkpointEvery: null, plugins: [] }).digest;
}

function workers(n: number, url: string, q: string): DriftProcess[] {
  return Array.from({ length: n }, () => new DriftProcess(['worker', '--redis', url, '--queue', q, '--workers', '1', '--lock-ms', '1500']));
}

async function stopAll(ws: DriftProcess[]): Promise<void> {
  for (const w of ws) if (w.child.exitCode === null && w.child.signalCode === null) w.kill('SIGTERM');
  await Promise.all(
    ws.map((w) => {
      const t = setTimeout(() => w.kill('SIGKILL'), 10000);
      return w.exited.finally(() => clearTimeout(t));
    }),
  );
}

const suite = haveBinary || sharedUrl ? describe : describe.skip;
if (!haveBinary && !sharedUrl) console.warn('BullMQ worker tests skipped: no redis-server binary and no DRIFTLAB_REDIS_URL (apt-get install redis-server)');

suite('drift worker (BullMQ on Redis)', () => {
  // Two worker processes serve every test in turn (the last one kills one of them).
  let ws: DriftProcess[] = [];
  let q = '';
  beforeAll(async () => {
    if (haveBinary) redis = await TestRedis.start();
    q = queue();
    ws = workers(2, redisUrl(), q);
    await Promise.all(ws.map((w) => w.waitFor(/ready: 1 thread/)));
  });
  afterAll(async () => {
    await stopAll(ws);
    await redis?.stop();
  });

  it('the preset study with 1 worker thread, 2 worker threads and 2 BullMQ worker processes: identical results per run id', async () => {
    const dir = tmpDir('same');
    const preset = ['--preset', 'label-vs-update-quick', '--steps', '300'];
    const one = await drift(['sweep', 'run', ...preset, '--out', path.join(dir, 'one'), '--workers', '1', '--json']);
    const two = await drift(['sweep', 'run', ...preset, '--out', path.join(dir, 'two'), '--workers', '2', '--json']);
    const bull = await drift(['sweep', 'run', ...preset, '--out', path.join(dir, 'bull'), '--redis', redisUrl(), '--queue', q, '--json']);
    for (const r of [one, two, bull]) expect(lastJson(r.out)).toMatchObject({ runs: 16, completed: 16, failed: 0, diverged: 0 });
    // Both worker processes took part.
    for (const w of ws) expect(w.matching(/^done [0-9a-f]{16} completed$/).length).toBeGreaterThan(0);
    // The resume of a finished study through Redis runs nothing.
    const again = await drift(['sweep', 'run', ...preset, '--out', path.join(dir, 'bull'), '--redis', redisUrl(), '--queue', q, '--json']);
    expect(lastJson(again.out)).toEqual(lastJson(bull.out));
    const [a, b, c] = await Promise.all(['one', 'two', 'bull'].map((d) => readStudy(path.join(dir, d))));
    expect([...a.runs.keys()].length).toBe(16);
    for (const [id, run] of a.runs) {
      expect(run.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(b.runs.get(id)).toEqual(run);
      expect(c.runs.get(id)).toEqual(run);
      expect(a.metrics.get(id)!.length).toBeGreaterThan(0);
      expect(b.metrics.get(id)).toEqual(a.metrics.get(id));
      expect(c.metrics.get(id)).toEqual(a.metrics.get(id));
    }
    expect([...outcomesPerRun(c).values()]).toEqual(new Array(16).fill(1));
  });

  (haveBinary ? it : it.skip)('Redis restarted mid-study (state lost): workers reconnect, lost jobs are enqueued again, every run completes exactly once', async () => {
    const dir = tmpDir('rrestart');
    const spec = writeSpec(dir, noiseStudy('rrestart', [1, 2, 3, 4], 2, 1500, 300));
    const before = ws.reduce((n, w) => n + w.matching(/^done /).length, 0);
    const coordinator = drift(['sweep', 'run', spec, '--out', path.join(dir, 'o'), '--redis', redis!.url, '--queue', q, '--reconcile-ms', '500', '--json']);
    // Wait for two runs to be done, then crash Redis (no persistence: every job and lock is gone).
    for (let i = 0; i < 400 && ws.reduce((n, w) => n + w.matching(/^done /).length, 0) < before + 2; i++) await sleep(50);
    await redis!.crash();
    await sleep(800);
    await redis!.up();
    const r = await coordinator;
    expect(lastJson(r.out)).toMatchObject({ runs: 8, completed: 8, failed: 0, store: path.join(dir, 'o', 'study.duckdb') });
    expect(r.err.some((l) => /its job is gone from Redis; enqueueing it again/.test(l))).toBe(true);
    const s = await readStudy(path.join(dir, 'o'));
    expect([...outcomesPerRun(s).values()]).toEqual(new Array(8).fill(1));
    const plan = planStudy(JSON.parse(fs.readFileSync(spec, 'utf8')), registry);
    for (const run of plan.runs) expect(s.runs.get(run.runId)!.digest).toBe(referenceDigest(run.config));
  });

  it('a worker process killed mid-run: its job is taken over from its checkpoint and completed exactly once', async () => {
    const dir = tmpDir('wkill');
    const marker = path.join(dir, 'killed');
    const study = noiseStudy('wkill', [1, 2], 1, 3000, 200) as any;
    // The first worker to reach step 1500 of a seed-2 run SIGKILLs its own process.
    study.base.rules.push({ id: 'die-at', options: { step: 1500, marker, mode: 'kill', seed: 2, delayMs: 500 } });
    const spec = writeSpec(dir, study);
    const r = await drift(['sweep', 'run', spec, '--out', path.join(dir, 'o'), '--redis', redisUrl(), '--queue', q, '--reconcile-ms', '500', '--json']);
    expect(lastJson(r.out)).toMatchObject({ runs: 4, completed: 4, failed: 0 });
    const victim = ws.find((w) => w.child.pid === Number(fs.readFileSync(marker, 'utf8')))!;
    expect(await victim.exited).toBe(null); // it really died of SIGKILL
    const s = await readStudy(path.join(dir, 'o'));
    expect([...outcomesPerRun(s).values()]).toEqual([1, 1, 1, 1]);
    const plan = planStudy(JSON.parse(fs.readFileSync(spec, 'utf8')), registry);
    const killedRun = plan.runs.find((r) => s.events.some((e) => e.runId === r.runId && /^resumed from step \d+$/.test(e.detail ?? '')))!;
    expect(killedRun.point.seed).toBe(2);
    const resumedAt = Number(/\d+/.exec(s.events.find((e) => e.runId === killedRun.runId && e.detail?.startsWith('resumed'))!.detail!)![0]);
    expect(resumedAt).toBeGreaterThanOrEqual(200);
    expect(resumedAt).toBeLessThanOrEqual(1400);
    for (const run of plan.runs) expect(s.runs.get(run.runId)!.digest).toBe(referenceDigest(run.config));
  });
});
