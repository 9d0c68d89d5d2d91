// Random damage to files for the importers' fuzz tests: truncation, byte edits, dropped / repeated / swapped
// lines. Deterministic (counter-based draws).
import * as fs from 'fs';
import { RandomStream } from '@driftlab/core';
import { DataFormatError } from '../io/errors';
import type { RecordedExperiment } from '../types';

export type Damage = 'truncate' | 'byte' | 'delete-byte' | 'drop-line' | 'repeat-line' | 'swap-lines' | 'garbage';
export const DAMAGES: Damage[] = ['truncate', 'byte', 'delete-byte', 'drop-line', 'repeat-line', 'swap-lines', 'garbage'];

export function damage(bytes: Uint8Array, kind: Damage, rng: RandomStream, block: number): Uint8Array {
  const u = (i: number) => rng.uniform(block, i);
  const at = (i: number, n: number) => Math.floor(u(i) * n);
  const b = Buffer.from(bytes);
  switch (kind) {
    case 'truncate':
      return b.subarray(0, at(0, Math.max(1, b.length - 1)));
    case 'byte': {
      const out = Buffer.from(b);
      const chars = 'x-.,\n 9e\u0000';
      out[at(0, out.length)] = chars.charCodeAt(at(1, chars.length));
      return out;
    }
    case 'delete-byte': {
      const i = at(0, b.length);
      return Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
    }
    case 'garbage': {
      const i = at(0, b.length);
      const junk = Buffer.from(Array.from({ length: 16 }, (_, k) => at(10 + k, 256)));
      return Buffer.concat([b.subarray(0, i), junk, b.subarray(i)]);
    }
    default: {
      const lines = b.toString('utf8').split('\n');
      const i = 1 + at(0, Math.max(1, lines.length - 2)); // keep the header
      if (kind === 'drop-line') lines.splice(i, 1);
      else if (kind === 'repeat-line') lines.splice(i, 0, lines[i]);
      else {
        const j = 1 + at(1, Math.max(1, lines.length - 2));
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      return Buffer.from(lines.join('\n'));
    }
  }
}

/** What a successful import must always satisfy: complete sessions with in-range, consistent arrays. */
export function checkConsistent(e: RecordedExperiment): void {
  for (const s of e.sessions) {
    const n = s.samples.frame.length;
    for (const a of [s.samples.position, s.samples.segment]) if (a.length !== n) throw new Error('sample arrays differ in length');
    if (s.samples.velocity && s.samples.velocity.length !== n) throw new Error('velocity length');
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(s.samples.position[i])) throw new Error('non-finite position');
      if (s.samples.frame[i] < 0 || s.samples.frame[i] >= s.nFrames || (i > 0 && s.samples.frame[i] <= s.samples.frame[i - 1])) throw new Error('bad sample frame');
    }
    const { frame, cell, value } = s.events;
    for (let i = 0; i < frame.length; i++) {
      if (frame[i] < 0 || frame[i] >= s.nFrames || cell[i] < 0 || cell[i] >= s.nCells || !(value[i] > 0)) throw new Error('bad event');
    }
    if (s.unitIds && s.unitIds.length !== s.nCells) throw new Error('unitIds length');
  }
}

/**
 * Damage one file, run the import, restore the file. The import must throw a DataFormatError naming a file of
 * the dataset, or succeed with a consistent result. Returns 'error' | 'ok'.
 */
export async function fuzzOnce(file: string, kind: Damage, rng: RandomStream, block: number, importAll: () => Promise<RecordedExperiment[]>): Promise<'error' | 'ok'> {
  const original = fs.readFileSync(file);
  fs.writeFileSync(file, damage(original, kind, rng, block));
  try {
    const exps = await importAll();
    exps.forEach(checkConsistent);
    return 'ok';
  } catch (e) {
    if (!(e instanceof DataFormatError)) throw new Error(`${kind} of ${file} (block ${block}) gave ${(e as Error).stack}`);
    if (!e.message.includes(e.file)) throw new Error('message does not name the file');
    return 'error';
  } finally {
    fs.writeFileSync(file, original);
  }
}
