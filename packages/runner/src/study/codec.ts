// A small binary envelope for what travels between workers, Redis and the store: JSON for structure plus raw
// bytes for typed arrays, so parameters and optimizer states round-trip bit for bit (NaN, ±Infinity and −0
// included, which JSON alone loses). Layout: "DLW1", u32 header length, header JSON, padding, array bytes.

const MAGIC = [0x44, 0x4c, 0x57, 0x31]; // "DLW1"

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

const align8 = (n: number) => (n + 7) & ~7;

export interface EncodeOptions {
  /** Sort object keys (for digests: equal values give equal bytes whatever the insertion order). */
  sortKeys?: boolean;
}

export function encode(value: unknown, options: EncodeOptions = {}): Uint8Array {
  const blobs: Typed[] = [];
  let offset = 0;
  const header = JSON.stringify(value, function (_key, v) {
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { $nf: 'NaN' };
      if (v === Infinity) return { $nf: 'Infinity' };
      if (v === -Infinity) return { $nf: '-Infinity' };
      if (Object.is(v, -0)) return { $nf: '-0' };
      return v;
    }
    if (typeof v === 'bigint') throw new Error('codec: bigint values are not supported');
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name as TypedName;
      if (!(name in TYPED)) throw new Error(`codec: ${v.constructor.name} is not supported`);
      const t = v as Typed;
      blobs.push(t);
      const ref = { $ta: name, o: offset, n: t.length };
      offset = align8(offset + t.byteLength);
      return ref;
    }
    if (options.sortKeys && v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
  const head = Buffer.from(header ?? 'null', 'utf8');
  const start = align8(8 + head.length);
  const out = new Uint8Array(start + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  let o = start;
  for (const b of blobs) {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), o);
    o = align8(o + b.byteLength);
  }
  return out;
}

export function decode<T = unknown>(bytes: Uint8Array): T {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) throw new Error('codec: not a driftlab payload (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(4, true);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + 8, len).toString('utf8');
  const start = align8(8 + len);
  return JSON.parse(header, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (typeof v.$nf === 'string' && Object.keys(v).length === 1) return v.$nf === '-0' ? -0 : Number(v.$nf);
      if (typeof v.$ta === 'string' && v.$ta in TYPED && Object.keys(v).length === 3) {
        const C = TYPED[v.$ta as TypedName];
        const from = bytes.byteOffset + start + v.o;
        const copy = (bytes.buffer as ArrayBuffer).slice(from, from + v.n * C.BYTES_PER_ELEMENT);
        return new C(copy);
      }
    }
    return v;
  }) as T;
}

export const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
export const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
