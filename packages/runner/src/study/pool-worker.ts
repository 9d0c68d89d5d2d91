// The worker-thread side of the local pool (piscina): runs one task, streams started/progress/checkpoint
// messages over the task's port, returns the outcome. A shared flag asks running tasks to stop.
import type { MessagePort } from 'worker_threads';
import { executeTask, type RunOutcome, type RunTask } from './task';

export interface PoolJob {
  task: RunTask;
  port: MessagePort;
  /** Int32 flag: non-zero asks the run to stop after its current chunk of steps ('interrupted'). */
  stop: SharedArrayBuffer;
}

export type PoolMessage =
  | { kind: 'started'; worker: string; resumedFrom: number }
  | { kind: 'progress'; step: number }
  | { kind: 'checkpoint'; step: number; data: Uint8Array };

export default function runPoolJob(job: PoolJob): RunOutcome {
  const flag = new Int32Array(job.stop);
  let last = 0;
  const post = (m: PoolMessage, transfer?: ArrayBuffer[]) => job.port.postMessage(m, transfer);
  try {
    return executeTask(
      job.task,
      {
        started: (i) => post({ kind: 'started', worker: i.worker, resumedFrom: i.resumedFrom }),
        progress: (step) => {
          const now = Date.now();
          if (now - last < 200) return;
          last = now;
          post({ kind: 'progress', step });
        },
        checkpoint: (step, data) => post({ kind: 'checkpoint', step, data }, [data.buffer as ArrayBuffer]),
      },
      () => Atomics.load(flag, 0) !== 0,
    );
  } finally {
    job.port.close();
  }
}
