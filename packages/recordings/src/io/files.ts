// Size-checked file reading: empty and absurdly large files are rejected before any parsing.
import * as fs from 'fs';
import { fail } from './errors';

/** Files above this are refused (a CSV of one session is a few MB; NWB files are read whole into memory). */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

export function fileSize(file: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    fail({ file }, 'file not found');
  }
  if (!st.isFile()) fail({ file }, 'not a regular file');
  return st.size;
}

function checkSize(file: string, maxBytes: number): number {
  const size = fileSize(file);
  if (size === 0) fail({ file }, 'file is empty');
  if (size > maxBytes) fail({ file }, `file is ${size} bytes, above the limit of ${maxBytes} bytes`);
  return size;
}

export function readText(file: string, maxBytes = DEFAULT_MAX_BYTES): string {
  checkSize(file, Math.min(maxBytes, 0x1fffffe8)); // also V8's string length limit
  return fs.readFileSync(file, 'utf8');
}

export function readBytes(file: string, maxBytes = DEFAULT_MAX_BYTES): Uint8Array {
  checkSize(file, maxBytes);
  return new Uint8Array(fs.readFileSync(file));
}

export function exists(file: string): boolean {
  return fs.existsSync(file);
}
