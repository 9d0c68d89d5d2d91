import { decode, encode, fromBase64, toBase64 } from './codec';

describe('codec', () => {
  it('round-trips typed arrays bit for bit, and NaN, ±Infinity and −0 that JSON loses', () => {
    const nanWithPayload = new Float64Array(new BigUint64Array([0x7ff8000000000abcn]).buffer);
    const value = {
      params: Float64Array.from([1 / 3, -0, Infinity, 5e-324]),
      f32: Float32Array.from([0.1, -2.5]),
      ints: Int32Array.from([-7, 2 ** 31 - 1]),
      odd: Uint8Array.from([1, 2, 3]), // forces padding before the next array
      nan: nanWithPayload,
      scalars: { a: NaN, b: -Infinity, c: -0, d: 1.5 },
      nested: [{ s: 'text', n: null, t: true }],
    };
    const back = decode<typeof value>(encode(value));
    expect(back.params).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.params.buffer).equals(Buffer.from(value.params.buffer))).toBe(true);
    expect(back.f32).toBeInstanceOf(Float32Array);
    expect(Array.from(back.f32)).toEqual(Array.from(value.f32));
    expect(Array.from(back.ints)).toEqual([-7, 2 ** 31 - 1]);
    expect(Array.from(back.odd)).toEqual([1, 2, 3]);
    expect(new BigUint64Array(back.nan.buffer)[0]).toBe(0x7ff8000000000abcn);
    expect(back.scalars.a).toBeNaN();
    expect(back.scalars.b).toBe(-Infinity);
    expect(Object.is(back.scalars.c, -0)).toBe(true);
    expect(back.scalars.d).toBe(1.5);
    expect(back.nested).toEqual(value.nested);
  });

  it('decodes from any byte offset (a view into a larger buffer, or base64)', () => {
    const bytes = encode({ x: Float64Array.from([1, 2, 3]) });
    const big = new Uint8Array(bytes.length + 5);
    big.set(bytes, 5);
    expect(Array.from(decode<{ x: Float64Array }>(big.subarray(5)).x)).toEqual([1, 2, 3]);
    expect(Array.from(decode<{ x: Float64Array }>(fromBase64(toBase64(bytes))).x)).toEqual([1, 2, 3]);
  });

  it('with sortKeys gives equal bytes for equal values built in different orders', () => {
    const a = encode({ b: 1, a: { d: Float64Array.of(1), c: 2 } }, { sortKeys: true });
    const b = encode({ a: { c: 2, d: Float64Array.of(1) }, b: 1 }, { sortKeys: true });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(encode({ b: 1, a: 2 })).equals(Buffer.from(encode({ a: 2, b: 1 })))).toBe(false);
  });

  it('refuses what it cannot represent', () => {
    expect(() => encode({ x: 1n })).toThrow(/bigint/);
    expect(() => decode(Uint8Array.from([1, 2, 3, 4, 0, 0, 0, 0]))).toThrow(/bad magic/);
  });
});
