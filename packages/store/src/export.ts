// Export a study for Python/R: one Parquet (or CSV) file per table, written by DuckDB's COPY.
import * as fs from 'fs';
import * as path from 'path';
import { TABLES, type TableName } from './schema';
import type { StudyStore } from './study-store';

export type ExportFormat = 'parquet' | 'csv';

export interface ExportedFile {
  table: string;
  file: string;
  rows: number;
}

/** Sort orders that make exports reproducible. */
const ORDER: Record<string, string> = {
  runs: 'idx',
  metrics: 'run_id, step, name',
  snapshots: 'run_id, step, name',
  summaries: 'run_id',
  events: 'seq',
  sessions: 'id',
  results: 'idx',
};

export const EXPORTABLE = [...TABLES, 'results'] as const;

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function exportStudy(store: StudyStore, dir: string, format: ExportFormat, tables: readonly string[] = EXPORTABLE): Promise<ExportedFile[]> {
  for (const t of tables) {
    if (!(EXPORTABLE as readonly string[]).includes(t)) throw new Error(`unknown table "${t}"; tables: ${EXPORTABLE.join(', ')}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const out: ExportedFile[] = [];
  for (const t of tables as (TableName | 'results')[]) {
    const file = path.resolve(dir, `${t}.${format}`);
    const opts = format === 'parquet' ? '(FORMAT parquet, COMPRESSION zstd)' : '(FORMAT csv, HEADER true)';
    await store.query(`COPY (SELECT * FROM ${t} ORDER BY ${ORDER[t]}) TO ${quote(file)} ${opts}`);
    const n = await store.query(`SELECT count(*) FROM ${t}`);
    out.push({ table: t, file, rows: Number(n.rows[0][0]) });
  }
  return out;
}
