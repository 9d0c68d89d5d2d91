// One error type for every malformed input, so callers (CLI, tests) can show "file:line field: reason".

export interface DataErrorWhere {
  /** Path of the offending file (or the dataset folder when the problem is a missing file). */
  file: string;
  /** 1-based line in a text file (the header is line 1), when the problem sits on one line. */
  line?: number;
  /** Column name, JSON path (e.g. `sessions[2].nFrames`) or HDF5 path of the offending field. */
  field?: string;
}

export class DataFormatError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly field?: string;
  readonly reason: string;

  constructor(where: DataErrorWhere, reason: string) {
    const loc = where.line !== undefined ? `${where.file}:${where.line}` : where.file;
    super(`${loc}${where.field !== undefined ? ` [${where.field}]` : ''}: ${reason}`);
    this.name = 'DataFormatError';
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
    this.reason = reason;
  }
}

export function fail(where: DataErrorWhere, reason: string): never {
  throw new DataFormatError(where, reason);
}
