// Strict reader for small numeric CSV tables. Every problem becomes a DataFormatError naming file, line and
// column; a file is either read completely or rejected (a truncated last line is caught by requiring the final
// newline, ragged rows by counting fields).
import { fail } from './errors';
import { readText, DEFAULT_MAX_BYTES } from './files';

export type ColumnType = 'int' | 'float' | 'string';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** Absent columns are allowed (and simply missing from the result). */
  optional?: boolean;
  /** Inclusive bounds for numeric columns. */
  min?: number;
  max?: number;
}

export interface CsvTable {
  file: string;
  nRows: number;
  /** Header names in file order. */
  header: string[];
  int: Record<string, Int32Array>;
  float: Record<string, Float64Array>;
  string: Record<string, string[]>;
  has(name: string): boolean;
  /** 1-based file line of data row r (the header is line 1). */
  lineOf(row: number): number;
}

const CHAR_0 = 48;
const CHAR_9 = 57;

/** Parse one numeric field strictly: no empty fields, no words like NaN/Infinity, finite values only. */
export function parseNumber(s: string): number {
  if (s.length === 0) return NaN;
  const c = s.charCodeAt(0);
  const ok = (c >= CHAR_0 && c <= CHAR_9) || c === 45 /* - */ || c === 43 /* + */ || c === 46; /* . */
  if (!ok) return NaN;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t[0] === '"' && t[t.length - 1] === '"' ? t.slice(1, -1) : t;
}

export function parseCsvTable(file: string, text: string, columns: ColumnSpec[]): CsvTable {
  if (text.length === 0) fail({ file }, 'file is empty');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.endsWith('\n')) fail({ file, line: countLines(text) }, 'file does not end with a newline (truncated?)');

  const headerEnd = text.indexOf('\n');
  const header = stripCr(text.slice(0, headerEnd)).split(',').map(unquote);
  if (header.length === 1 && header[0] === '') fail({ file, line: 1 }, 'missing header line');
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') fail({ file, line: 1 }, 'empty column name in header');
    if (seen.has(h)) fail({ file, line: 1, field: h }, 'duplicate column name');
    seen.add(h);
  }
  const colIndex = new Map<string, number>();
  for (const spec of columns) {
    const i = header.indexOf(spec.name);
    if (i < 0) {
      if (!spec.optional) fail({ file, line: 1, field: spec.name }, `missing column "${spec.name}" (header: ${header.join(',')})`);
      continue;
    }
    colIndex.set(spec.name, i);
  }

  // Count rows first so typed arrays are allocated once.
  let nRows = 0;
  for (let p = headerEnd + 1; p < text.length; ) {
    const e = text.indexOf('\n', p);
    nRows++;
    p = e + 1;
  }
  const int: Record<string, Int32Array> = {};
  const float: Record<string, Float64Array> = {};
  const str: Record<string, string[]> = {};
  const active = columns.filter((c) => colIndex.has(c.name));
  for (const c of active) {
    if (c.type === 'int') int[c.name] = new Int32Array(nRows);
    else if (c.type === 'float') float[c.name] = new Float64Array(nRows);
    else str[c.name] = new Array<string>(nRows);
  }
  const idx = active.map((c) => colIndex.get(c.name)!);
  const nFields = header.length;

  // Character-level scan (split/Number per field is several times slower on 10^5-row files).
  const specAt: (ColumnSpec | undefined)[] = new Array(nFields).fill(undefined);
  active.forEach((c, k) => (specAt[idx[k]] = c));
  const num = { value: 0 };
  let p = headerEnd + 1;
  for (let row = 0; row < nRows; row++) {
    const line = row + 2;
    const e = text.indexOf('\n', p);
    const lineEnd = e > p && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
    if (lineEnd === p) fail({ file, line }, 'empty line inside the table');
    let q = p;
    for (let f = 0; f < nFields; f++) {
      if (q > lineEnd) fail({ file, line }, `ragged row: expected ${nFields} fields, found ${f}`);
      let end = text.indexOf(',', q);
      if (end < 0 || end > lineEnd) end = lineEnd;
      else if (f === nFields - 1) fail({ file, line }, `ragged row: expected ${nFields} fields, found ${countFields(text, p, lineEnd)}`);
      const spec = specAt[f];
      if (spec !== undefined) {
        if (spec.type === 'string') {
          const s = unquote(text.slice(q, end));
          if (s === '' && !spec.optional) fail({ file, line, field: spec.name }, 'empty value');
          str[spec.name][row] = s;
        } else {
          if (!scanNumber(text, q, end, num)) fail({ file, line, field: spec.name }, `expected a number, found "${clip(text.slice(q, end))}"`);
          const v = num.value;
          if (spec.type === 'int') {
            if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) fail({ file, line, field: spec.name }, `expected an integer, found "${clip(text.slice(q, end))}"`);
          }
          if (spec.min !== undefined && v < spec.min) fail({ file, line, field: spec.name }, `value ${v} is below the minimum ${spec.min}`);
          if (spec.max !== undefined && v > spec.max) fail({ file, line, field: spec.name }, `value ${v} is above the maximum ${spec.max}`);
          if (spec.type === 'int') int[spec.name][row] = v;
          else float[spec.name][row] = v;
        }
      }
      q = end + 1;
    }
    p = e + 1;
  }

  return {
    file,
    nRows,
    header,
    int,
    float,
    string: str,
    has: (name) => colIndex.has(name),
    lineOf: (r) => r + 2,
  };
}

export function readCsvTable(file: string, columns: ColumnSpec[], maxBytes = DEFAULT_MAX_BYTES): CsvTable {
  return parseCsvTable(file, readText(file, maxBytes), columns);
}

function countFields(text: string, from: number, to: number): number {
  let n = 1;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 44) n++;
  return n;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parse text[from, to) as a decimal number (surrounding spaces allowed). Fast exact path for ≤ 15 significant
 * digits without exponent (mantissa and 10^k exact, one correctly rounded division); otherwise Number().
 */
function scanNumber(text: string, from: number, to: number, out: { value: number }): boolean {
  while (from < to && text.charCodeAt(from) === 32) from++;
  while (to > from && text.charCodeAt(to - 1) === 32) to--;
  if (from === to) return false;
  let i = from;
  let neg = false;
  const c0 = text.charCodeAt(i);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let anyDigit = false;
  let frac = 0;
  let seenDot = false;
  let simple = true;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= CHAR_0 && c <= CHAR_9) {
      mant = mant * 10 + (c - CHAR_0);
      anyDigit = true;
      if (mant !== 0) digits++;
      if (seenDot) frac++;
    } else if (c === 46 && !seenDot) seenDot = true;
    else {
      simple = false;
      break;
    }
  }
  if (simple && anyDigit && digits <= 15 && frac <= 22) {
    const v = frac === 0 ? mant : mant / POW10[frac];
    out.value = neg ? -v : v;
    return true;
  }
  const v = parseNumber(text.slice(from, to));
  out.value = v;
  return !Number.isNaN(v);
}

function stripCr(s: string): string {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
