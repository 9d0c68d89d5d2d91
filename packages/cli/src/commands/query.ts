// drift query "<SQL>" [--store DIR] [--json|--csv]: quick looks at a study with DuckDB SQL.
import * as fs from 'fs';
import type { Command } from 'commander';
import { CliError, EXIT, type CliIO } from '../io';
import { STORE_FILE, openStoreReadOnly } from './sweep';

export interface QueryOptions {
  store?: string;
  json?: boolean;
  csv?: boolean;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function csvCell(v: unknown): string {
  const s = text(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Columns padded to their widest cell (capped so a long JSON value does not push everything off screen). */
export function formatTable(columns: string[], rows: unknown[][], maxWidth = 60): string[] {
  const cells = rows.map((r) => r.map((v) => {
    const s = text(v);
    return s.length > maxWidth ? s.slice(0, maxWidth - 1) + '…' : s;
  }));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((s, i) => (typeof rows[0]?.[i] === 'number' ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`];
}

export async function queryCommand(sql: string, o: QueryOptions, io: CliIO): Promise<number> {
  const dir = o.store ?? process.env.DRIFT_STORE ?? (fs.existsSync(STORE_FILE) ? '.' : undefined);
  if (!dir) throw new CliError('which study? give --store DIR (the --out of `drift sweep run`) or set DRIFT_STORE');
  const store = await openStoreReadOnly(dir);
  try {
    let res;
    try {
      res = await store.query(sql);
    } catch (e) {
      throw new CliError(`query failed: ${(e as Error).message.split('\n')[0]}\ntables: runs, metrics, snapshots, summaries, events, sessions; view: results`);
    }
    if (o.json) for (const r of res.rows) io.out(JSON.stringify(Object.fromEntries(res.columns.map((c, i) => [c, r[i]]))));
    else if (o.csv) {
      io.out(res.columns.map(csvCell).join(','));
      for (const r of res.rows) io.out(r.map(csvCell).join(','));
    } else for (const l of formatTable(res.columns, res.rows)) io.out(l);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export function registerQueryCommand(program: Command, io: CliIO, setCode: (c: number) => void): void {
  program
    .command('query')
    .description('run SQL on a study (tables runs, metrics, snapshots, summaries, events, sessions; view results)')
    .argument('<sql>', 'e.g. "SELECT point->>\'noise\' AS noise, avg(active_units_last) FROM results GROUP BY 1"')
    .option('--store <dir>', 'the study directory (default $DRIFT_STORE or ./study.duckdb)')
    .option('--json', 'one JSON object per row')
    .option('--csv', 'CSV with a header')
    .action(async (sql, opts) => setCode(await queryCommand(sql, opts, io)));
}
