// The coordinator's side of BullMQ: enqueue runs as jobs (job id = run id, so a run is queued at most once),
// learn outcomes from queue events, and reconcile with Redis on a timer: a job that finished while nobody
// listened is collected, a job that vanished (Redis restarted without persistence) is enqueued again from the
// run's latest checkpoint in the store. The store is the truth; Redis is only the work list.

import type { ExecutorHandlers, StudyExecutor } from './executor';
import { decode, encode, fromBase64, toBase64 } from './codec';
import { DEFAULT_QUEUE, KEY_PREFIX, jobIdOf, redisConnection, runIdOfJob, type RunJobData, type RunJobProgress } from './bullmq-common';
import { loadBullmq } from './lazy';
import type { RunOutcome, RunTask } from './task';

/** Rejects with `message` when `p` takes longer than `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([p, limit]).finally(() => clearTimeout(t));
}

export interface BullmqExecutorOptions {
  url: string;
  queue?: string;
  study: string;
  /** How often to reconcile with Redis (ms, default 3000). */
  reconcileMs?: number;
  log?: (line: string) => void;
}

export class BullmqExecutor implements StudyExecutor {
  readonly kind = 'bullmq';
  readonly slots = 0;
  private queue: any;
  private events: any;
  private handlers!: ExecutorHandlers;
  private taskFor!: (runId: string) => Promise<RunTask>;
  /** Runs submitted whose outcome has not been handed to the coordinator yet. */
  private readonly outstanding = new Set<string>();
  /** Per-run operations, in order (collect, remove, re-add never interleave for one run). */
  private readonly ops = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private reconciling = false;
  private closed = false;
  private lastError = '';

  constructor(private readonly o: BullmqExecutorOptions) {}

  private log(line: string): void {
    this.o.log?.(line);
  }

  private serial(runId: string, fn: () => Promise<void>): Promise<void> {
    const next = (this.ops.get(runId) ?? Promise.resolve()).then(fn).catch((e) => this.redisError(e));
    this.ops.set(runId, next);
    return next;
  }

  private redisError(e: unknown): void {
    const msg = (e as Error)?.message ?? String(e);
    if (msg !== this.lastError && !this.closed) this.log(`redis: ${msg} (retrying)`);
    this.lastError = msg;
  }

  async start(handlers: ExecutorHandlers, taskFor: (runId: string) => Promise<RunTask>): Promise<void> {
    this.handlers = handlers;
    this.taskFor = taskFor;
    const { Queue, QueueEvents } = loadBullmq();
    const connection = redisConnection(this.o.url);
    const name = this.o.queue ?? DEFAULT_QUEUE;
    this.queue = new Queue(name, { connection, prefix: KEY_PREFIX });
    this.events = new QueueEvents(name, { connection, prefix: KEY_PREFIX });
    this.queue.on('error', (e: Error) => this.redisError(e));
    this.events.on('error', (e: Error) => this.redisError(e));
    await withTimeout(Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]), 15000, `cannot reach Redis at ${this.o.url}`);
    this.events.on('completed', ({ jobId }: { jobId: string }) => this.collectLater(jobId));
    this.events.on('failed', ({ jobId }: { jobId: string }) => this.collectLater(jobId));
    this.events.on('progress', ({ jobId, data }: { jobId: string; data: RunJobProgress }) => this.onProgress(jobId, data));
    this.timer = setInterval(() => void this.reconcile(), this.o.reconcileMs ?? 3000);
  }

  submit(task: RunTask): void {
    this.outstanding.add(task.runId);
    void this.serial(task.runId, () => this.enqueue(task));
  }

  private async enqueue(task: RunTask): Promise<void> {
    const { resume, ...rest } = task;
    const data: RunJobData = { study: this.o.study, task: toBase64(encode(rest)), resume: resume ? toBase64(resume) : null };
    // Adding an id that exists is a no-op in BullMQ: a run already queued or running is left alone.
    await this.queue.add('run', data, { jobId: jobIdOf(task.runId), attempts: 3, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: false, removeOnFail: false });
  }

  private collectLater(jobId: string): void {
    const runId = runIdOfJob(jobId);
    if (!this.outstanding.has(runId)) return;
    void this.serial(runId, () => this.collect(runId));
  }

  /** Hand a finished job's outcome (or failure) to the coordinator, then delete the job. */
  private async collect(runId: string): Promise<void> {
    if (!this.outstanding.has(runId)) return;
    const job = await this.queue.getJob(jobIdOf(runId));
    if (!job) return;
    const state = await job.getState();
    if (state === 'completed') {
      this.outstanding.delete(runId);
      let outcome: RunOutcome | null = null;
      try {
        outcome = decode<RunOutcome>(fromBase64(job.returnvalue));
      } catch (e) {
        this.handlers.lost(runId, `unreadable result from ${job.processedBy ?? 'a worker'}: ${(e as Error).message}`, false);
      }
      if (outcome) this.handlers.outcome(outcome);
      await job.remove();
    } else if (state === 'failed') {
      this.outstanding.delete(runId);
      this.handlers.lost(runId, job.failedReason || 'job failed', false);
      await job.remove();
    }
  }

  private onProgress(jobId: string, p: RunJobProgress): void {
    const runId = runIdOfJob(jobId);
    if (!this.outstanding.has(runId) || !p || typeof p !== 'object') return;
    if (p.kind === 'started') this.handlers.started(runId, p.worker, p.resumedFrom);
    else if (p.kind === 'step') this.handlers.progress(runId, p.step);
    else if (p.kind === 'checkpoint') {
      void this.serial(runId, async () => {
        const job = await this.queue.getJob(jobIdOf(runId));
        const data = job?.data as RunJobData | undefined;
        if (data?.resume && this.outstanding.has(runId)) this.handlers.checkpoint(runId, p.step, fromBase64(data.resume));
      });
    }
  }

  /** Compare what should be queued with what Redis holds; collect finished jobs, re-add vanished ones. */
  async reconcile(): Promise<void> {
    if (this.reconciling || this.closed) return;
    this.reconciling = true;
    try {
      for (const runId of [...this.outstanding]) {
        if (this.closed) break;
        await this.serial(runId, async () => {
          if (!this.outstanding.has(runId)) return;
          const state = await this.queue.getJobState(jobIdOf(runId));
          if (state === 'completed' || state === 'failed') await this.collect(runId);
          else if (state === 'unknown') {
            this.log(`run ${runId}: its job is gone from Redis; enqueueing it again from its last checkpoint`);
            await this.enqueue(await this.taskFor(runId));
          }
        });
      }
      this.lastError = '';
    } catch (e) {
      this.redisError(e);
    } finally {
      this.reconciling = false;
    }
  }

  stop(): void {
    this.closed = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    // Bounded: with Redis down, pending commands would wait for it forever.
    await withTimeout(Promise.allSettled([...this.ops.values()]), 5000, '').catch(() => {});
    await withTimeout(Promise.allSettled([this.events?.close(), this.queue?.close()]), 5000, '').catch(() => {});
  }
}
