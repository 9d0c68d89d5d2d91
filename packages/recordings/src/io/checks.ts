// Cross-row checks shared by the importers (the per-field checks live in the readers).
import { fail } from './errors';
import type { CsvTable } from './csv-table';

/** Frames must increase strictly (one behaviour sample per imaging frame). */
export function checkStrictlyIncreasing(t: CsvTable, column: string, values: Int32Array): void {
  for (let i = 1; i < values.length; i++) {
    if (values[i] <= values[i - 1]) fail({ file: t.file, line: t.lineOf(i), field: column }, `${column} ${values[i]} does not increase (previous row has ${values[i - 1]})`);
  }
}

/** No two events for the same (frame, cell). */
export function checkUniquePairs(t: CsvTable, frame: Int32Array, cell: Int32Array, nCells: number): void {
  let maxFrame = 0;
  for (let i = 0; i < frame.length; i++) if (frame[i] > maxFrame) maxFrame = frame[i];
  const bits = new Uint32Array(Math.ceil(((maxFrame + 1) * nCells) / 32)); // frames × cells bitset
  for (let i = 0; i < frame.length; i++) {
    const k = frame[i] * nCells + cell[i];
    const w = k >>> 5;
    const b = 1 << (k & 31);
    if (bits[w] & b) fail({ file: t.file, line: t.lineOf(i) }, `duplicate entry for frame ${frame[i]}, cell ${cell[i]}`);
    bits[w] |= b;
  }
}

/** Each registration column maps a local cell to at most one global id. */
export function checkRegistrationColumn(t: CsvTable, column: string, values: Int32Array): void {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0) continue;
    if (seen.has(v)) fail({ file: t.file, line: t.lineOf(i), field: column }, `cell ${v} is registered twice`);
    seen.add(v);
  }
}

/** Invert a registration column: unitIds[localCell] = global row (−1 when the cell is not registered). */
export function invertRegistration(values: Int32Array, nCells: number): Int32Array {
  const ids = new Int32Array(nCells).fill(-1);
  for (let g = 0; g < values.length; g++) if (values[g] >= 0) ids[values[g]] = g;
  return ids;
}
