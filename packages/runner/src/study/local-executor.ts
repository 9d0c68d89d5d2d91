// Runs a study's runs in this machine's thread pool. A dead thread becomes a retryable `lost` run.
import type { ExecutorHandlers, StudyExecutor } from './executor';
import { LocalPool } from './pool';
import type { RunTask } from './task';

export class LocalExecutor implements StudyExecutor {
  readonly kind = 'local';
  private pool: LocalPool | null = null;
  private handlers!: ExecutorHandlers;
  private stopped = false;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(readonly slots: number) {}

  async start(handlers: ExecutorHandlers): Promise<void> {
    this.handlers = handlers;
    this.pool = new LocalPool(this.slots);
  }

  submit(task: RunTask): void {
    const h = this.handlers;
    const id = task.runId;
    const p = this.pool!.run(task, {
      started: (i) => h.started(id, i.worker, i.resumedFrom),
      progress: (s) => h.progress(id, s),
      checkpoint: (s, d) => h.checkpoint(id, s, d),
    }).then(
      (o) => h.outcome(o),
      (e) => h.lost(id, `worker thread died: ${(e as Error).message}`, !this.stopped),
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  stop(): void {
    this.stopped = true;
    this.pool?.stop();
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}
