// Whole-study progress: runs done/failed/diverged/running, replica-steps per second and an ETA. Pure
// bookkeeping (no terminal code), fed by the coordinator; the CLI draws it.

export interface StudyProgressSnapshot {
  total: number;
  completed: number;
  diverged: number;
  failed: number;
  running: number;
  pending: number;
  /** Replica-steps computed by this session per second (since it started). */
  stepsPerSecond: number;
  /** Seconds to finish at the current rate; null until there is a rate. */
  etaSeconds: number | null;
  elapsedSeconds: number;
}

interface Live {
  from: number;
  at: number;
}

export class StudyProgress {
  private readonly steps = new Map<string, number>();
  private readonly live = new Map<string, Live>();
  private readonly t0: number;
  private completed = 0;
  private diverged = 0;
  private failed = 0;
  private finishedSteps = 0;
  private remainingSteps = 0;

  /** `runs`: every run of the plan with its steps; `done`: statuses of runs finished in earlier sessions. */
  constructor(
    runs: readonly { runId: string; steps: number }[],
    done: ReadonlyMap<string, string>,
    private readonly clock: () => number = Date.now,
  ) {
    this.t0 = clock();
    for (const r of runs) {
      this.steps.set(r.runId, r.steps);
      const s = done.get(r.runId);
      if (s) this.count(s);
      else this.remainingSteps += r.steps;
    }
  }

  private count(status: string): void {
    if (status === 'completed') this.completed++;
    else if (status === 'diverged') this.diverged++;
    else if (status === 'failed') this.failed++;
  }

  started(runId: string, from: number): void {
    const prev = this.live.get(runId);
    if (prev) this.finishedSteps += prev.at - prev.from; // a retry: keep what the lost attempt computed
    this.live.set(runId, { from, at: from });
  }

  step(runId: string, step: number): void {
    const l = this.live.get(runId);
    if (l && step > l.at) l.at = step;
  }

  /** A run ended (any status); `stepReached` is where it stopped. Interrupted runs stay pending. */
  finished(runId: string, status: string, stepReached: number): void {
    const l = this.live.get(runId);
    if (l) this.finishedSteps += Math.max(0, stepReached - l.from);
    this.live.delete(runId);
    if (status === 'interrupted') return;
    this.count(status);
    this.remainingSteps -= this.steps.get(runId) ?? 0;
  }

  snapshot(): StudyProgressSnapshot {
    const elapsed = (this.clock() - this.t0) / 1000;
    let liveSteps = 0;
    let liveLeft = 0;
    for (const l of this.live.values()) {
      liveSteps += l.at - l.from;
      liveLeft += l.at;
    }
    const done = this.finishedSteps + liveSteps;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const left = Math.max(0, this.remainingSteps - liveLeft);
    const total = this.steps.size;
    const finished = this.completed + this.diverged + this.failed;
    return {
      total,
      completed: this.completed,
      diverged: this.diverged,
      failed: this.failed,
      running: this.live.size,
      pending: total - finished - this.live.size,
      stepsPerSecond: rate,
      etaSeconds: rate > 0 ? left / rate : null,
      elapsedSeconds: elapsed,
    };
  }
}
