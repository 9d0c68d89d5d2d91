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

/** 16 hex digits of sha256 over the canonical config. */
export function runIdOf(resolvedConfig: unknown): string {
  return createHash('sha256').update(canonicalJson(resolvedConfig)).digest('hex').slice(0, 16);
}
