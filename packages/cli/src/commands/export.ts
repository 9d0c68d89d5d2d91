// drift export <study-dir> --format parquet|csv [--out DIR] [--tables runs,metrics,…]: files for Python and R.
import * as path from 'path';
import type { Command } from 'commander';
import { EXPORTABLE, exportStudy, type ExportFormat } from '@driftlab/store';
import { CliError, EXIT, type CliIO } from '../io';
import { openStoreReadOnly, storeFileOf } from './sweep';

export interface ExportOptions {
  format?: string;
  out?: string;
  tables?: string;
  json?: boolean;
}

export async function exportCommand(dir: string, o: ExportOptions, io: CliIO): Promise<number> {
  const format = (o.format ?? 'parquet') as ExportFormat;
  if (format !== 'parquet' && format !== 'csv') throw new CliError(`--format must be parquet or csv, got "${o.format}"`);
  const tables = o.tables ? o.tables.split(',').map((t) => t.trim()).filter(Boolean) : [...EXPORTABLE];
  const unknown = tables.filter((t) => !(EXPORTABLE as readonly string[]).includes(t));
  if (unknown.length) throw new CliError(`unknown table${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; tables: ${EXPORTABLE.join(', ')}`);
  const outDir = path.resolve(o.out ?? path.join(path.dirname(storeFileOf(dir)), 'export'));
  const store = await openStoreReadOnly(dir);
  try {
    const files = await exportStudy(store, outDir, format, tables);
    if (o.json) io.out(JSON.stringify({ format, dir: outDir, files }));
    else for (const f of files) io.out(`${f.table.padEnd(10)} ${String(f.rows).padStart(9)} rows  ${f.file}`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export function registerExportCommand(program: Command, io: CliIO, setCode: (c: number) => void): void {
  program
    .command('export')
    .description("write a study's tables as Parquet or CSV files (pandas.read_parquet, arrow::read_parquet)")
    .argument('<study>', 'the study directory (or its .duckdb file)')
    .option('--format <format>', 'parquet | csv', 'parquet')
    .option('--out <dir>', 'where the files go (default <study>/export)')
    .option('--tables <list>', `comma-separated subset of ${EXPORTABLE.join(', ')}`)
    .option('--json', 'one JSON line listing the files')
    .action(async (dir, opts) => setCode(await exportCommand(dir, opts, io)));
}
