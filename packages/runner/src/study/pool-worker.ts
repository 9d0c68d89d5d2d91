// The worker-thread side of the local pool (piscina): runs one task — or several packed into one engine
// ensemble — streaming started/progress/checkpoint messages over the job's port, and returns the outcomes.
// A shared flag asks running tasks to stop.
import type { MessagePort } from 'worker_threads';
import { executeEnsemble } from './ensemble-task';
import { executeTask, type RunOutcome, type RunTask, type TaskListener } from './task';

export interface PoolJob {
  tasks: RunTask[];
  port: MessagePort;
  /** Int32 flag: non-zero asks the run to stop after its current chunk of steps ('interrupted'). */
  stop: SharedArrayBuffer;
}

export type PoolMessage =
  | { kind: 'started'; runId: string; worker: string; resumedFrom: number }
  | { kind: 'progress'; runId: string; step: number }
  | { kind: 'checkpoint'; runId: string; step: number; data: Uint8Array };

/** Outcomes in task order; null when several tasks could not be packed (nothing ran: run them singly). */
export default function runPoolJob(job: PoolJob): RunOutcome[] | null {
  const flag = new Int32Array(job.stop);
  const shouldStop = () => Atomics.load(flag, 0) !== 0;
  const post = (m: PoolMessage, transfer?: ArrayBuffer[]) => job.port.postMessage(m, transfer);
  const listener = (runId: string): TaskListener => {
    let last = 0;
    return {
      started: (i) => post({ kind: 'started', runId, worker: i.worker, resumedFrom: i.resumedFrom }),
      progress: (step) => {
        const now = Date.now();
        if (now - last < 200) return;
        last = now;
        post({ kind: 'progress', runId, step });
      },
      checkpoint: (step, data) => post({ kind: 'checkpoint', runId, step, data }, [data.buffer as ArrayBuffer]),
    };
  };
  try {
    if (job.tasks.length === 1) return [executeTask(job.tasks[0], listener(job.tasks[0].runId), shouldStop)];
    return executeEnsemble(job.tasks, job.tasks.map((t) => listener(t.runId)), shouldStop);
  } finally {
    job.port.close();
  }
}
