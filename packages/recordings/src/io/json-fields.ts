// Checked access to JSON metadata: every wrong or missing field is reported with the file and its JSON path.
import { fail } from './errors';
import { readText, DEFAULT_MAX_BYTES } from './files';

export type JsonValue = unknown;

/** Parse JSON, turning a syntax error into file:line. */
export function parseJsonText(file: string, text: string): JsonValue {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    fail({ file, line }, `invalid JSON: ${msg}`);
  }
}

export function readJson(file: string, maxBytes = DEFAULT_MAX_BYTES): JsonValue {
  return parseJsonText(file, readText(file, maxBytes));
}

/** A cursor on a JSON value that knows where it is (file + path) for error messages. */
export class JsonAt {
  constructor(
    readonly file: string,
    readonly value: JsonValue,
    readonly path = '',
  ) {}

  private where(key?: string | number) {
    return { file: this.file, field: key === undefined ? this.path || '(root)' : this.child(key) };
  }

  private child(key: string | number): string {
    return typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
  }

  object(): Record<string, unknown> {
    const v = this.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(this.where(), `expected an object, found ${kind(v)}`);
    return v as Record<string, unknown>;
  }

  has(key: string): boolean {
    const o = this.object();
    return Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
  }

  get(key: string): JsonAt {
    const o = this.object();
    if (!Object.prototype.hasOwnProperty.call(o, key)) fail(this.where(key), 'missing field');
    return new JsonAt(this.file, o[key], this.child(key));
  }

  array(): JsonAt[] {
    const v = this.value;
    if (!Array.isArray(v)) fail(this.where(), `expected an array, found ${kind(v)}`);
    return v.map((x, i) => new JsonAt(this.file, x, this.child(i)));
  }

  isNull(): boolean {
    return this.value === null;
  }

  number(opts: { int?: boolean; min?: number; max?: number } = {}): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(this.where(), `expected a number, found ${kind(v)}`);
    if (opts.int && !Number.isInteger(v)) fail(this.where(), `expected an integer, found ${v}`);
    if (opts.min !== undefined && v < opts.min) fail(this.where(), `value ${v} is below the minimum ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) fail(this.where(), `value ${v} is above the maximum ${opts.max}`);
    return v;
  }

  int(min?: number, max?: number): number {
    return this.number({ int: true, min, max });
  }

  string(): string {
    const v = this.value;
    if (typeof v !== 'string') fail(this.where(), `expected a string, found ${kind(v)}`);
    return v;
  }

  /** A numeric array read into a typed array with per-element checks. */
  intArray(min: number, max: number): Int32Array {
    const v = this.value;
    if (!Array.isArray(v)) fail(this.where(), `expected an array, found ${kind(v)}`);
    const out = new Int32Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number' || !Number.isInteger(x)) fail(this.where(i), `expected an integer, found ${kind(x)}`);
      if (x < min || x > max) fail(this.where(i), `value ${x} is outside [${min}, ${max}]`);
      out[i] = x;
    }
    return out;
  }

  floatArray(): Float64Array {
    const v = this.value;
    if (!Array.isArray(v)) fail(this.where(), `expected an array, found ${kind(v)}`);
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) fail(this.where(i), `expected a number, found ${kind(x)}`);
      out[i] = x;
    }
    return out;
  }

  error(reason: string): never {
    fail(this.where(), reason);
  }
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string "${v.length > 30 ? v.slice(0, 30) + '…' : v}"`;
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? 'an object' : String(typeof v);
}
