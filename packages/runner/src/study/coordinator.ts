// The study coordinator: the one process that writes the store. It registers the plan, hands out what is not
// done yet (with each run's latest checkpoint), records checkpoints and outcomes as they come back, retries
// runs whose worker died, and finishes when every run has an outcome (or when asked to stop).

import { buildSummary } from '../summary';
import { resultDigest } from './digest';
import type { ExecutorHandlers, StudyExecutor } from './executor';
import { formatPoint, type PlannedRun, type StudyPlan } from './expand';
import { StudyProgress, type StudyProgressSnapshot } from './progress';
import type { RunOutcome, RunTask } from './task';

/** Statuses that end a run; everything else is pending. */
export const DONE_STATUSES = ['completed', 'diverged', 'failed'] as const;

/** What the coordinator writes through: @driftlab/store's StudyStore implements it. */
export interface StudyWriter {
  /** Insert the runs the store does not have yet (status pending); returns how many were new. */
  registerRuns(runs: readonly PlannedRun[]): Promise<number>;
  beginSession(info: { mode: string; workers: number }): Promise<number>;
  endSession(session: number): Promise<void>;
  /** Put finished runs back to pending (failed runs being retried). */
  reopenRuns(runIds: readonly string[]): Promise<void>;
  /** Status of every run in the store (run id → status). */
  statuses(): Promise<Map<string, string>>;
  loadCheckpoint(runId: string): Promise<Uint8Array | null>;
  markStarted(runId: string, worker: string, resumedFrom: number): Promise<void>;
  saveCheckpoint(runId: string, step: number, data: Uint8Array): Promise<void>;
  /** Write a run's outcome atomically. False when the run already had one (a duplicate, ignored). */
  recordOutcome(outcome: RunOutcome): Promise<boolean>;
  recordEvent(runId: string | null, kind: string, detail?: string): Promise<void>;
}

export interface StudyRunOptions {
  plan: StudyPlan;
  writer: StudyWriter;
  executor: StudyExecutor;
  /** Plugin modules every worker loads (absolute paths or package names). */
  plugins?: string[];
  /** Checkpoint interval for runs whose config has none (default: the spec's). */
  checkpointEvery?: number | null;
  /** Run failed runs again too (they are done otherwise). */
  retryFailed?: boolean;
  /** Attempts per run before a repeatedly dying run is recorded as failed (default 3). */
  maxAttempts?: number;
  shouldStop?: () => boolean;
  onUpdate?: (p: StudyProgressSnapshot) => void;
  /** Every run that ends in this session, with its point. */
  onRunEnd?: (outcome: RunOutcome, run: PlannedRun, progress: StudyProgressSnapshot) => void;
  log?: (line: string) => void;
}

export interface StudyTotals {
  runs: number;
  completed: number;
  failed: number;
  diverged: number;
  /** Runs without an outcome (only when stopped early). */
  pending: number;
  /** Runs this session executed to an outcome. */
  ranNow: number;
  stopped: boolean;
  session: number;
}

function lostOutcome(run: PlannedRun, reason: string, resumedFrom: number): RunOutcome {
  const result = {
    runId: run.runId, status: 'failed' as const, steps: run.config.schedule.steps, stepReached: resumedFrom, seed: run.config.seed,
    evaluations: [], derived: {}, error: reason, wallSeconds: 0,
  };
  return { ...result, summary: buildSummary(result), resumedFrom, worker: '', versions: {}, digest: resultDigest(result) };
}

export async function runStudy(o: StudyRunOptions): Promise<StudyTotals> {
  const { plan, writer, executor } = o;
  const log = o.log ?? (() => {});
  const maxAttempts = o.maxAttempts ?? 3;
  const every = o.checkpointEvery === undefined ? plan.spec.checkpointEvery : o.checkpointEvery;
  const byId = new Map(plan.runs.map((r) => [r.runId, r]));

  await writer.registerRuns(plan.runs);
  const before = await writer.statuses();
  const doneBefore = new Map<string, string>();
  for (const r of plan.runs) {
    const s = before.get(r.runId);
    if (s && (DONE_STATUSES as readonly string[]).includes(s) && !(o.retryFailed && s === 'failed')) doneBefore.set(r.runId, s);
  }
  const todo = plan.runs.filter((r) => !doneBefore.has(r.runId)).map((r) => r.runId);
  const reopen = todo.filter((id) => before.get(id) === 'failed');
  if (reopen.length) await writer.reopenRuns(reopen);
  const progress = new StudyProgress(plan.runs.map((r) => ({ runId: r.runId, steps: r.config.schedule.steps })), doneBefore);
  const session = await writer.beginSession({ mode: executor.kind, workers: executor.slots });
  const remaining = new Set(todo);
  const attempts = new Map<string, number>();
  const resumedAt = new Map<string, number>();
  let stopping = false;
  let ranNow = 0;

  // One writer: every store call goes through this chain, in arrival order.
  let chain: Promise<unknown> = Promise.resolve();
  let writeError: unknown = null;
  const write = (fn: () => Promise<unknown>) => {
    chain = chain.then(fn).catch((e) => {
      writeError ??= e;
    });
  };

  const taskFor = async (runId: string): Promise<RunTask> => {
    const run = byId.get(runId)!;
    return {
      runId,
      config: run.config,
      checkpointEvery: run.config.schedule.checkpointEvery ?? every,
      plugins: o.plugins ?? [],
      resume: await writer.loadCheckpoint(runId),
      attempt: (attempts.get(runId) ?? 0) + 1,
    };
  };

  let wake: () => void = () => {};
  const finished = new Promise<void>((resolve) => (wake = resolve));
  const check = () => {
    if (remaining.size === 0 || writeError) wake();
  };

  const handlers: ExecutorHandlers = {
    started(runId, worker, from) {
      if (!remaining.has(runId)) return;
      resumedAt.set(runId, from);
      progress.started(runId, from);
      write(() => writer.markStarted(runId, worker, from));
      o.onUpdate?.(progress.snapshot());
    },
    progress(runId, step) {
      progress.step(runId, step);
    },
    checkpoint(runId, step, data) {
      if (!remaining.has(runId)) return;
      progress.step(runId, step);
      write(() => writer.saveCheckpoint(runId, step, data));
    },
    outcome(out) {
      if (!remaining.has(out.runId)) {
        write(() => writer.recordEvent(out.runId, 'duplicate', `an outcome (${out.status}) arrived for a run that already has one; ignored`));
        return;
      }
      write(async () => {
        const run = byId.get(out.runId)!;
        if (out.status === 'interrupted' && !stopping) {
          // A worker was stopped: hand the run out again from its last checkpoint.
          await writer.recordOutcome(out);
          progress.finished(out.runId, 'interrupted', out.stepReached);
          executor.submit(await taskFor(out.runId));
          return;
        }
        const recorded = await writer.recordOutcome(out);
        remaining.delete(out.runId);
        progress.finished(out.runId, out.status, out.stepReached);
        if (recorded && out.status !== 'interrupted') ranNow++;
        const snap = progress.snapshot();
        o.onRunEnd?.(out, run, snap);
        o.onUpdate?.(snap);
        check();
      });
    },
    lost(runId, reason, retryable) {
      if (!remaining.has(runId)) return;
      write(async () => {
        const n = (attempts.get(runId) ?? 0) + 1;
        attempts.set(runId, n);
        const run = byId.get(runId)!;
        if (retryable && n < maxAttempts && !stopping) {
          await writer.recordEvent(runId, 'retry', `attempt ${n} lost (${reason}); retrying from its last checkpoint`);
          log(`run ${runId} (${formatPoint(run.point)}): attempt ${n} lost (${reason}); retrying`);
          executor.submit(await taskFor(runId));
          return;
        }
        if (stopping) {
          remaining.delete(runId);
          check();
          return;
        }
        const out = lostOutcome(run, `${reason} (attempt ${n} of ${maxAttempts})`, resumedAt.get(runId) ?? 0);
        await writer.recordOutcome(out);
        remaining.delete(runId);
        progress.finished(runId, 'failed', out.stepReached);
        const snap = progress.snapshot();
        o.onRunEnd?.(out, run, snap);
        check();
      });
    },
  };

  const timer = setInterval(() => {
    if (!stopping && o.shouldStop?.()) {
      stopping = true;
      log('stopping: running runs end at their next chunk boundary and resume later from their last checkpoint');
      executor.stop();
      if (executor.kind !== 'local') wake();
    }
    o.onUpdate?.(progress.snapshot());
  }, 200);
  try {
    if (todo.length) {
      await executor.start(handlers, taskFor);
      // Build every task first, then submit them in one go: the local pool packs what it can into ensembles.
      const tasks: RunTask[] = [];
      for (const id of todo) tasks.push(await taskFor(id));
      for (const t of tasks) executor.submit(t);
      check();
      await finished;
    }
    await chain;
  } finally {
    clearInterval(timer);
    await executor.close();
    await chain;
    await writer.endSession(session);
  }
  if (writeError) throw writeError;
  const snap = progress.snapshot();
  return {
    runs: plan.runs.length,
    completed: snap.completed,
    failed: snap.failed,
    diverged: snap.diverged,
    pending: snap.total - snap.completed - snap.failed - snap.diverged,
    ranNow,
    stopped: stopping,
    session,
  };
}
