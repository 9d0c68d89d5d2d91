// Loads h5wasm (HDF5 compiled to WebAssembly) from its self-contained IIFE build. The package's Node entry is
// ESM-only ("import" condition), which CommonJS code and jest cannot load; the IIFE build needs no loader and
// works in both. Its console is replaced so HDF5's error stack is captured (and reported) instead of printed.
import * as fs from 'fs';
import * as path from 'path';

/** The small part of the h5wasm API used here. */
export interface H5Entity {
  type: string;
  path: string;
  attrs: Record<string, { value: unknown }>;
  create_attribute(name: string, data: unknown, shape?: number[] | null, dtype?: string | null): void;
}
export interface H5Dataset extends H5Entity {
  shape: number[] | null;
  value: unknown;
  dtype: unknown;
}
export interface H5Group extends H5Entity {
  keys(): string[];
  get(name: string): H5Entity | null;
  create_group(name: string): H5Group;
  create_dataset(args: { name: string; data: unknown; shape?: number[] | null; dtype?: string | null }): H5Dataset;
}
export interface H5File extends H5Group {
  close(): number;
}
export interface H5Module {
  File: new (filename: string, mode?: 'r' | 'w' | 'a') => H5File;
  Dataset: new (...a: never[]) => H5Dataset;
  Group: new (...a: never[]) => H5Group;
  FS: { writeFile(p: string, data: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void; mkdir(p: string): void; analyzePath(p: string): { exists: boolean } };
  ready: Promise<unknown>;
}

/** HDF5 diagnostics printed since the last takeH5Errors() call. */
const captured: string[] = [];
let loading: Promise<H5Module> | undefined;

export function takeH5Errors(): string[] {
  return captured.splice(0, captured.length);
}

function findIife(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', 'h5wasm', 'dist', 'iife', 'h5wasm.js');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error('h5wasm is not installed (node_modules/h5wasm/dist/iife/h5wasm.js not found); it is needed to read NWB/HDF5 files');
}

export function loadH5wasm(): Promise<H5Module> {
  loading ??= (async () => {
    const src = fs.readFileSync(findIife(), 'utf8');
    const quiet = {
      log: () => undefined,
      info: () => undefined,
      warn: (...a: unknown[]) => captured.push(a.join(' ')),
      error: (...a: unknown[]) => captured.push(a.join(' ')),
      debug: () => undefined,
    };
    const mod = new Function('console', `${src}\nreturn h5wasm;`)(quiet) as H5Module;
    await mod.ready;
    return mod;
  })();
  return loading;
}

/** Entity kinds as h5wasm reports them (its OBJECT_TYPE enum). */
export const H5_GROUP = 'Group';
export const H5_DATASET = 'Dataset';
