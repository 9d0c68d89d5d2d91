// drift worker --redis URL [--workers N] [--queue NAME]: run study jobs from Redis on this machine until stopped.
import type { Command } from 'commander';
import { defaultWorkerCount, startStudyWorker } from '@driftlab/runner';
import { CliError, EXIT, type CliIO } from '../io';
import { positiveInt } from './sweep';

export interface WorkerOptions {
  redis?: string;
  workers?: string;
  queue?: string;
  lockMs?: string;
}

export async function workerCommand(o: WorkerOptions, io: CliIO): Promise<number> {
  if (!o.redis) throw new CliError('drift worker needs --redis redis://host:port (the Redis of `drift sweep run --redis`)');
  const concurrency = positiveInt('workers', o.workers) ?? defaultWorkerCount();
  const lockMs = positiveInt('lock-ms', o.lockMs, 100);
  let worker;
  try {
    worker = await startStudyWorker({ url: o.redis, queue: o.queue, concurrency, lockMs, log: (l) => io.out(l) });
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.failed);
  }
  const w = worker;
  // Runs until Ctrl-C / SIGTERM: running runs stop at their next chunk and are handed out again from their
  // last checkpoint; a second signal quits at once (their jobs are then recovered when their locks expire).
  await new Promise<void>((resolve) => {
    let stopping = false;
    const off = io.onInterrupt(() => {
      if (stopping) process.exit(EXIT.interrupted);
      stopping = true;
      io.out('stopping: running runs stop at their next chunk of steps and go back to the queue');
      void w.close(true).finally(() => {
        off();
        resolve();
      });
    });
  });
  io.out('worker stopped');
  return EXIT.ok;
}

export function registerWorkerCommand(program: Command, io: CliIO, setCode: (c: number) => void): void {
  program
    .command('worker')
    .description('run study jobs from Redis (BullMQ) on this machine until stopped (Ctrl-C / SIGTERM)')
    .option('--redis <url>', 'Redis URL, e.g. redis://10.0.0.5:6379')
    .option('--workers <n>', 'runs at a time (threads; default one per core)')
    .option('--queue <name>', 'BullMQ queue name (default driftlab-runs)')
    .option('--lock-ms <ms>', 'job lock; a killed worker’s runs move to others after this long (default 30000)')
    .action(async (opts) => setCode(await workerCommand(opts, io)));
}
