// Runs a study's runs in this machine's thread pool. Runs submitted together that share a net, data and op
// kinds are packed into engine ensembles (a few per thread, so every thread has work); a pack the engine
// refuses runs singly. A dead thread makes each of its runs a retryable `lost` run.
import { packKey } from './ensemble-task';
import type { ExecutorHandlers, StudyExecutor } from './executor';
import { LocalPool } from './pool';
import type { RunOutcome, RunTask, TaskListener } from './task';

/** Most replicas per ensemble (lanes come in fours). */
export const MAX_PACK = 8;

export class LocalExecutor implements StudyExecutor {
  readonly kind = 'local';
  private pool: LocalPool | null = null;
  private handlers!: ExecutorHandlers;
  private stopped = false;
  private buffer: RunTask[] = [];
  private flushing = false;

  /** `pack`: pack runs into engine ensembles where they qualify (default true). */
  constructor(
    readonly slots: number,
    private readonly pack = true,
  ) {}

  async start(handlers: ExecutorHandlers): Promise<void> {
    this.handlers = handlers;
    this.pool = new LocalPool(this.slots);
  }

  submit(task: RunTask): void {
    this.buffer.push(task);
    if (this.flushing) return;
    this.flushing = true;
    // Tasks submitted in one go are grouped together.
    setImmediate(() => {
      this.flushing = false;
      const tasks = this.buffer;
      this.buffer = [];
      this.dispatch(tasks);
    });
  }

  private listener(id: string): TaskListener {
    const h = this.handlers;
    return {
      started: (i) => h.started(id, i.worker, i.resumedFrom),
      progress: (s) => h.progress(id, s),
      checkpoint: (s, d) => h.checkpoint(id, s, d),
    };
  }

  private dispatch(tasks: RunTask[]): void {
    const groups = new Map<string, RunTask[]>();
    for (const t of tasks) {
      const key = this.pack && !t.resume ? packKey(t) : t.runId;
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    for (const group of groups.values()) {
      const size = Math.max(2, Math.min(MAX_PACK, Math.ceil(group.length / this.slots)));
      for (let i = 0; i < group.length; i += size) {
        const chunk = group.slice(i, i + size);
        if (chunk.length === 1) this.runOne(chunk[0]);
        else this.runPack(chunk);
      }
    }
  }

  private runOne(task: RunTask): void {
    this.pool!.run(task, this.listener(task.runId)).then(
      (o) => this.handlers.outcome(o),
      (e) => this.handlers.lost(task.runId, `worker thread died: ${(e as Error).message}`, !this.stopped),
    );
  }

  private runPack(tasks: RunTask[]): void {
    this.pool!.runPacked(tasks, (id) => this.listener(id)).then(
      (outs: RunOutcome[] | null) => {
        if (outs) for (const o of outs) this.handlers.outcome(o);
        else for (const t of tasks) this.runOne(t); // the engine would not pack them: one by one
      },
      (e) => {
        for (const t of tasks) this.handlers.lost(t.runId, `worker thread died: ${(e as Error).message}`, !this.stopped);
      },
    );
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
