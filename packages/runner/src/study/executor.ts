// What the coordinator needs from whatever runs the runs (a local thread pool, BullMQ workers elsewhere).
import type { RunOutcome, RunTask } from './task';

export interface ExecutorHandlers {
  started(runId: string, worker: string, resumedFrom: number): void;
  progress(runId: string, step: number): void;
  checkpoint(runId: string, step: number, data: Uint8Array): void;
  outcome(outcome: RunOutcome): void;
  /** An attempt ended without an outcome (thread died, job failed). `retryable`: the coordinator may resubmit. */
  lost(runId: string, reason: string, retryable: boolean): void;
}

export interface StudyExecutor {
  /** "local" or "bullmq", recorded with the session. */
  readonly kind: string;
  /** Runs at a time (threads; 0 when unknown, e.g. remote workers). */
  readonly slots: number;
  /** `taskFor` rebuilds a run's task with its latest checkpoint (for re-enqueueing lost runs). */
  start(handlers: ExecutorHandlers, taskFor: (runId: string) => Promise<RunTask>): Promise<void>;
  submit(task: RunTask): void;
  /** Stop taking new runs; running local runs end 'interrupted' at their next chunk boundary. */
  stop(): void;
  close(): Promise<void>;
}
