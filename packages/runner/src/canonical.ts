// Stable identities: a run id is the hash of its resolved config (which includes the seed).
import { createHash } from 'crypto';

/** JSON with object keys sorted at every level, so equal configs give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

/**
 * 16 hex digits of sha256 over the canonical config. `noiseThread` is left out: it says which thread draws the
 * noise, never what the numbers are, so it must not make a run (or a study's resume) look new.
 */
export function runIdOf(resolvedConfig: unknown): string {
  let identity = resolvedConfig;
  if (identity && typeof identity === 'object' && 'noiseThread' in identity) {
    const { noiseThread: _ignored, ...rest } = identity as Record<string, unknown>;
    identity = rest;
  }
  return createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 16);
}
