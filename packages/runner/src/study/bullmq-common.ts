// What the coordinator and `drift worker` agree on: queue name, key prefix, job ids and the job payload.
export const DEFAULT_QUEUE = 'driftlab-runs';
export const KEY_PREFIX = 'driftlab';

/** BullMQ refuses all-digit custom ids, and a run id may be all digits. */
export const jobIdOf = (runId: string): string => `run-${runId}`;
export const runIdOfJob = (jobId: string): string => jobId.replace(/^run-/, '');

export interface RunJobData {
  study: string;
  /** base64 of the encoded RunTask (without resume). */
  task: string;
  /** base64 of the encoded latest Checkpoint; workers update it as they go. */
  resume: string | null;
}

/** Progress messages a worker publishes on its job (job.updateProgress). */
export type RunJobProgress =
  | { kind: 'started'; worker: string; resumedFrom: number }
  | { kind: 'step'; step: number }
  | { kind: 'checkpoint'; step: number };

export interface RedisConnection {
  url: string;
  maxRetriesPerRequest: null;
}

/** ioredis options for BullMQ: commands wait through a Redis restart instead of failing. */
export function redisConnection(url: string): RedisConnection {
  if (!/^rediss?:\/\//.test(url)) throw new Error(`not a Redis URL: "${url}" (expected redis://host:port)`);
  return { url, maxRetriesPerRequest: null };
}
