// `drift worker`: pulls run jobs from Redis (BullMQ) and runs them in this machine's thread pool. The event
// loop stays free while runs compute in threads, so job locks keep being renewed; a killed worker's jobs
// are picked up by the others once their locks expire (BullMQ stalled-job recovery), from the last checkpoint
// the dead worker stored on the job.

import { encode, decode, fromBase64, toBase64 } from './codec';
import { DEFAULT_QUEUE, KEY_PREFIX, redisConnection, runIdOfJob, type RunJobData, type RunJobProgress } from './bullmq-common';
import { withTimeout } from './bullmq-executor';
import { loadBullmq } from './lazy';
import { LocalPool, defaultWorkerCount } from './pool';
import { workerName, type RunTask } from './task';

export interface StudyWorkerOptions {
  url: string;
  queue?: string;
  /** Runs at a time (threads; default one per core). */
  concurrency?: number;
  /** Job lock in ms (BullMQ lockDuration, default 30000): how long before a dead worker's job is taken over. */
  lockMs?: number;
  /** How often this worker looks for stalled jobs (ms, default lockMs). */
  stalledMs?: number;
  log?: (line: string) => void;
}

export interface StudyWorker {
  readonly name: string;
  readonly concurrency: number;
  /**
   * Stop taking jobs. With `interrupt`, running runs stop at their next chunk of steps and their jobs end
   * 'interrupted' (the coordinator enqueues them again from their last checkpoint); otherwise they finish first.
   */
  close(interrupt?: boolean): Promise<void>;
}

export async function startStudyWorker(o: StudyWorkerOptions): Promise<StudyWorker> {
  const { Worker } = loadBullmq();
  const log = o.log ?? (() => {});
  const concurrency = o.concurrency ?? defaultWorkerCount();
  const lockMs = o.lockMs ?? 30000;
  const name = workerName();
  const pool = new LocalPool(concurrency);
  const safe = (p: Promise<unknown>) => void p.catch(() => {});

  const processor = async (job: any) => {
    const data = job.data as RunJobData;
    const task = decode<RunTask>(fromBase64(data.task));
    task.resume = data.resume ? fromBase64(data.resume) : null;
    const runId = runIdOfJob(job.id);
    let last = 0;
    const publish = (p: RunJobProgress) => safe(job.updateProgress(p));
    const outcome = await pool.run(task, {
      started: (i) => {
        log(`start ${runId} ${data.study}${i.resumedFrom ? ` (resumed from step ${i.resumedFrom})` : ''}`);
        publish({ kind: 'started', worker: i.worker, resumedFrom: i.resumedFrom });
      },
      progress: (step) => {
        if (Date.now() - last < 1000) return;
        last = Date.now();
        publish({ kind: 'step', step });
      },
      checkpoint: (step, bytes) => {
        // The checkpoint rides on the job: whoever takes the job over continues from here.
        const resume = toBase64(bytes);
        safe(job.updateData({ ...job.data, resume }).then(() => job.updateProgress({ kind: 'checkpoint', step })));
      },
    });
    log(`done ${runId} ${outcome.status}`);
    return toBase64(encode(outcome));
  };

  const worker = new Worker(o.queue ?? DEFAULT_QUEUE, processor, {
    connection: redisConnection(o.url),
    prefix: KEY_PREFIX,
    name,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: o.stalledMs ?? lockMs,
    maxStalledCount: 10,
    autorun: false,
  });
  let lastError = '';
  worker.on('error', (e: Error) => {
    if (e.message !== lastError) log(`redis: ${e.message} (retrying)`);
    lastError = e.message;
  });
  await withTimeout(worker.waitUntilReady(), 15000, `cannot reach Redis at ${o.url}`);
  void worker.run();
  log(`worker ${name} ready: ${concurrency} thread(s) on ${o.url}`);
  return {
    name,
    concurrency,
    async close(interrupt = false) {
      if (interrupt) pool.stop();
      await worker.close();
      await pool.close();
    },
  };
}
