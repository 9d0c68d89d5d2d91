import { scale } from './scale';

describe('scale', () => {
  it('multiplies float64 updates in place by the factor', () => {
    const u = new Float64Array([1, -2, 0.5]);
    const t = scale(-0.1);
    const s = t.update(u, t.init(u), u, undefined as never);
    expect(s).toBeNull();
    expect(u[0]).toBeCloseTo(-0.1, 15);
    expect(u[1]).toBeCloseTo(0.2, 15);
    expect(u[2]).toBeCloseTo(-0.05, 15);
  });

  it('works on float32 and keeps the dtype', () => {
    const u = new Float32Array([4, -8]);
    const t = scale(0.25);
    t.update(u, null, u, undefined as never);
    expect(u).toBeInstanceOf(Float32Array);
    expect(Array.from(u)).toEqual([1, -2]);
  });

  it('describes itself for fusing and sits at the requested stage', () => {
    expect(scale(-0.5).stage).toBe('optimizer');
    expect(scale(2, 'step').stage).toBe('step');
    expect(scale(-0.5).fusable).toEqual({ op: 'scale', factor: -0.5 });
  });

  it('rejects a non-finite factor', () => {
    expect(() => scale(NaN)).toThrow(/finite/);
  });
});
