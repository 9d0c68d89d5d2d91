// A hand-written run directory in the documented format (docs/run-format.md), so the report's tests do not need
// the runner: 3 units × 8 bins, 5 snapshots, known scalars and a known correlation matrix.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const SYN = {
  nUnits: 3,
  nBins: 8,
  steps: [0, 100, 200, 300, 400],
  /** Peak bin of each unit at each snapshot (a single bump there). */
  peaks: [
    [6, 1, 3],
    [5, 2, 3],
    [4, 2, 7],
    [4, 0, 6],
    [3, 0, 6],
  ],
  /** Unit 2 is not a place unit at snapshot 1 (SI ≤ 0.01). */
  si: [
    [0.5, 0.4, 0.3],
    [0.5, 0.4, 0.005],
    [0.5, 0.4, 0.3],
    [0.5, 0.4, 0.3],
    [0.5, 0.4, 0.3],
  ],
  matrix: [
    [1, 0.9, 0.8, 0.7, null],
    [0.9, 1, 0.85, 0.75, 0.6],
    [0.8, 0.85, 1, 0.9, 0.8],
    [0.7, 0.75, 0.9, 1, 0.95],
    [null, 0.6, 0.8, 0.95, 1],
  ] as (number | null)[][],
};

export function bumpMaps(peaks: number[], nBins = SYN.nBins): Float64Array {
  const maps = new Float64Array(peaks.length * nBins);
  peaks.forEach((p, u) => {
    for (let b = 0; b < nBins; b++) maps[u * nBins + b] = Math.exp(-((b - p) ** 2) / 2) * (u + 1);
  });
  return maps;
}

const f64 = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Writes the run; `complete: false` leaves out derived.json and summary.json and tears the last evaluation line. */
export function writeSyntheticRun(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-report-run-')), o: { complete?: boolean } = {}): string {
  const complete = o.complete ?? true;
  fs.mkdirSync(dir, { recursive: true });
  const config = {
    name: 'synthetic',
    seed: 3,
    task: { id: '@driftlab/tasks/predictive-track', options: {} },
    model: { id: '@driftlab/engine/mlp', options: { hidden: [SYN.nUnits] } },
    rules: [{ id: '@driftlab/rules-sgd', options: { lr: 0.1 } }],
    metrics: [{ id: '@driftlab/metrics/activity', options: {} }, { id: '@driftlab/metrics/spatial', options: { nBins: SYN.nBins, placeThreshold: 0.01 } }],
  };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ runId: 'abc123', config }));
  fs.writeFileSync(path.join(dir, 'status.json'), JSON.stringify({ status: complete ? 'completed' : 'running', stepReached: 400, steps: 400 }));
  const evals = [0, 1, 10, 100, 200, 300, 400].map((step, i) => ({
    step,
    scalars: { loss: 0.1 / (i + 1), lossNormalised: 1 / (i + 1), activeFraction: 0.5 - 0.05 * i, activeUnits: 1 - 0.1 * i, meanSI: i === 2 ? null : 0.3 + 0.1 * i, ...(step % 200 === 0 ? { hessianTrace: 10 + step / 100, hessianNonzeroFraction: 0.5 - step / 2000 } : {}) },
  }));
  let ev = evals.map((e) => JSON.stringify(e)).join('\n') + '\n';
  if (!complete) ev += '{"step": 500, "scal';
  fs.writeFileSync(path.join(dir, 'evaluations.jsonl'), ev);
  const lines = SYN.steps.map((step, t) => {
    fs.mkdirSync(path.join(dir, 'snapshots', String(step)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'snapshots', String(step), 'rateMaps.f64'), f64(bumpMaps(SYN.peaks[t])));
    fs.writeFileSync(path.join(dir, 'snapshots', String(step), 'si.f64'), f64(Float64Array.from(SYN.si[t])));
    return JSON.stringify({
      step,
      arrays: { rateMaps: { file: `snapshots/${step}/rateMaps.f64`, shape: [SYN.nUnits, SYN.nBins] }, si: { file: `snapshots/${step}/si.f64`, shape: [SYN.nUnits] } },
    });
  });
  fs.writeFileSync(path.join(dir, 'snapshots.jsonl'), lines.join('\n') + '\n');
  if (complete) {
    const corr = { times: SYN.steps, matrix: SYN.matrix, vsLag: { lags: [], mean: [] } };
    fs.writeFileSync(path.join(dir, 'derived.json'), JSON.stringify({ convergedAtStep: 10, rateMapCorrelation: corr, pvCorrelation: corr }));
  }
  return dir;
}
