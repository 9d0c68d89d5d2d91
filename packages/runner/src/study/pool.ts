// The local worker-thread pool (piscina): one thread per core by default, one run per thread at a time.
// A thread that dies mid-run rejects that run's promise; piscina starts a fresh thread for the next one.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageChannel } from 'worker_threads';
import { loadPiscina } from './lazy';
import type { PoolJob, PoolMessage } from './pool-worker';
import type { RunOutcome, RunTask, TaskListener } from './task';

/** Built code runs dist/study/pool-worker.js; sources (tests) go through a small swc-registering entry. */
export function poolWorkerFile(): string {
  if (__filename.endsWith('.ts')) return path.join(__dirname, 'dev', 'pool-worker.js');
  return path.join(__dirname, 'pool-worker.js');
}

export function defaultWorkerCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

export class LocalPool {
  readonly threads: number;
  private readonly pool: any;
  private readonly stopFlag = new SharedArrayBuffer(4);

  constructor(threads = defaultWorkerCount()) {
    this.threads = threads;
    const file = poolWorkerFile();
    if (!fs.existsSync(file)) throw new Error(`pool worker entry missing: ${file} (run \`npm run build\`)`);
    const { Piscina } = loadPiscina();
    this.pool = new Piscina({ filename: file, minThreads: threads, maxThreads: threads, idleTimeout: 60_000, concurrentTasksPerWorker: 1 });
  }

  /** Run one task in a thread. Rejects only when the thread itself dies (the run's own errors are outcomes). */
  async run(task: RunTask, listener: TaskListener = {}): Promise<RunOutcome> {
    const out = await this.runJob([task], () => listener);
    return out![0];
  }

  /**
   * Run tasks packed into one engine ensemble in one thread (outcomes in task order), or resolve null when
   * they cannot be packed (nothing ran). Rejects when the thread dies.
   */
  runPacked(tasks: RunTask[], listenerOf: (runId: string) => TaskListener): Promise<RunOutcome[] | null> {
    return this.runJob(tasks, listenerOf);
  }

  private async runJob(tasks: RunTask[], listenerOf: (runId: string) => TaskListener): Promise<RunOutcome[] | null> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m: PoolMessage) => {
      const l = listenerOf(m.runId);
      if (m.kind === 'started') l.started?.({ runId: m.runId, worker: m.worker, resumedFrom: m.resumedFrom });
      else if (m.kind === 'progress') l.progress?.(m.step);
      else if (m.kind === 'checkpoint') l.checkpoint?.(m.step, m.data);
    });
    const job: PoolJob = { tasks, port: port2, stop: this.stopFlag };
    // Messages posted just before the job returned may still be in flight: deliver them before settling.
    const drain = () => new Promise<void>((r) => setImmediate(r)).then(() => port1.close());
    try {
      return (await this.pool.run(job, { transferList: [port2] })) as RunOutcome[] | null;
    } finally {
      await drain();
    }
  }

  /** Ask every running task to stop after its current chunk of steps (they end 'interrupted'). */
  stop(): void {
    Atomics.store(new Int32Array(this.stopFlag), 0, 1);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
