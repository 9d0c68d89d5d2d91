// A StudyWriter in memory, for coordinator tests (the real one is @driftlab/store's DuckDB StudyStore).
import type { StudyWriter } from '../coordinator';
import type { PlannedRun } from '../expand';
import type { RunOutcome } from '../task';

const DONE = ['completed', 'diverged', 'failed'];

export class MemoryWriter implements StudyWriter {
  readonly status = new Map<string, string>();
  readonly outcomes = new Map<string, RunOutcome>();
  readonly checkpoints = new Map<string, { step: number; data: Uint8Array }>();
  readonly events: { runId: string | null; kind: string; detail?: string }[] = [];

  async registerRuns(runs: readonly PlannedRun[]): Promise<number> {
    let n = 0;
    for (const r of runs) {
      if (this.status.has(r.runId)) continue;
      this.status.set(r.runId, 'pending');
      n++;
    }
    return n;
  }
  async beginSession(): Promise<number> {
    return 1;
  }
  async endSession(): Promise<void> {}
  async reopenRuns(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.status.set(id, 'pending');
  }
  async statuses(): Promise<Map<string, string>> {
    return new Map(this.status);
  }
  async loadCheckpoint(runId: string): Promise<Uint8Array | null> {
    return this.checkpoints.get(runId)?.data ?? null;
  }
  async markStarted(runId: string, _worker: string, from: number): Promise<void> {
    if (DONE.includes(this.status.get(runId)!)) return;
    this.status.set(runId, 'running');
    this.events.push({ runId, kind: 'started', detail: String(from) });
  }
  async saveCheckpoint(runId: string, step: number, data: Uint8Array): Promise<void> {
    if (DONE.includes(this.status.get(runId)!)) return;
    if ((this.checkpoints.get(runId)?.step ?? -1) < step) this.checkpoints.set(runId, { step, data });
  }
  async recordOutcome(o: RunOutcome): Promise<boolean> {
    if (DONE.includes(this.status.get(o.runId)!)) {
      this.events.push({ runId: o.runId, kind: 'duplicate' });
      return false;
    }
    this.events.push({ runId: o.runId, kind: o.status });
    if (o.status === 'interrupted') {
      this.status.set(o.runId, 'pending');
      return true;
    }
    this.status.set(o.runId, o.status);
    this.outcomes.set(o.runId, o);
    this.checkpoints.delete(o.runId);
    return true;
  }
  async recordEvent(runId: string | null, kind: string, detail?: string): Promise<void> {
    this.events.push({ runId, kind, detail });
  }
}
