// Plain-text tables for `drift analyze` (the CLI prints these; --json prints analysisSummary as the last line).
import type { DatasetAnalysis } from './analyze-dataset';

const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : 'NaN');
const pText = (p: number) => (!Number.isFinite(p) ? 'NaN' : p < 1e-3 ? p.toExponential(1) : p.toFixed(3));

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const w = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')).join('\n');
}

export function formatAnalysis(a: DatasetAnalysis): string {
  const est = a.sessionTable[0]?.siEstimator ?? 'subsampled';
  const den = a.sessionTable[0]?.denominator ?? 'detected';
  const out: string[] = [];
  out.push(`${a.dataset} (${a.format}): ${a.animals} animals, ${a.experiments.length} experiments, ${a.sessions} sessions`);
  out.push(`fraction active = active cells / ${den} cells; mean SI over active cells, bits/event (${est})`);
  out.push('');
  out.push('Per experiment and session');
  out.push(
    table(
      ['experiment', 'session', 'day', 'cells', 'frames', 'active', 'fracActive', 'meanSI', 'SI naive', 'SI eq-frames', 'fracPlace'],
      a.sessionTable.map((r) => [r.experiment, r.session, r.day, r.nCells, r.nFrames, r.nActive, f(r.fractionActive), f(r.meanSI), f(r.meanSINaive), f(r.meanSISubsampled), f(r.fractionPlace)]),
    ),
  );
  out.push('');
  out.push('Mean over animals (raw) and normalised to session 1 (mean ± SEM)');
  const fa = a.trends.fractionActive.perSession;
  const si = a.trends.meanSI.perSession;
  out.push(
    table(
      ['session', 'animals', 'cells', 'fracActive', 'norm ± SEM', 'meanSI', 'norm ± SEM'],
      a.perSession.map((p, k) => [p.session, fa[k].n, f(p.nCells, 1), f(p.fractionActive), `${f(fa[k].mean)} ± ${f(fa[k].sem)}`, f(p.meanSI), `${f(si[k].mean)} ± ${f(si[k].sem)}`]),
    ),
  );
  out.push('');
  out.push('Linear trend of normalised values per session (pooled over animals; t-test of slope = 0)');
  out.push(
    table(
      ['quantity', 'slope', 'p', 'n'],
      Object.entries(a.trends).map(([q, t]) => [q, f(t.pooled.slope, 4), pText(t.pooled.p), t.pooled.n]),
    ),
  );
  if (a.correlations) {
    out.push('');
    out.push('Correlation between sessions vs Δdays (mean ± SEM over animals)');
    out.push(table(['Δdays', 'PV', 'rate map'], a.correlations.pv.map((p, k) => [p.deltaDays, `${f(p.mean)} ± ${f(p.sem)}`, `${f(a.correlations!.rateMap[k].mean)} ± ${f(a.correlations!.rateMap[k].sem)}`])));
  }
  if (a.reportFiles?.length) out.push('', `Report: ${a.reportFiles.length} files written`);
  return out.join('\n');
}
