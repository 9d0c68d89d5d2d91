import { RandomStream, type FloatArray, type Model } from '@driftlab/core';
import { dropout } from './dropout';

/** Only shapes matter to masks: spec and dtype. Two hidden layers, 3 → 4 → 5 → 2. */
function stubModel(dtype: 'float64' | 'float32' = 'float64'): Model {
  return {
    spec: { inputDim: 3, hidden: [4, 5], outputDim: 2, activation: 'relu', outputBias: false },
    dtype,
    nParams: 4 * 3 + 4 + 5 * 4 + 5 + 2 * 5,
  } as unknown as Model;
}
const stream = RandomStream.derive(5, 'dropout');
const copy = (m: (FloatArray | null)[] | undefined) => (m ?? []).map((a) => (a ? Array.from(a) : null));

describe('dropout (node masks)', () => {
  it('gives n × units masks per hidden layer equal to U(step, offset + i) < p ? 0 : 1/(1−p)', () => {
    const n = 3;
    const m = dropout(0.2, stream).masks(stubModel(), n, 7);
    expect(m.weightMasks).toBeUndefined();
    const [h0, h1] = m.hiddenMasks!;
    expect(h0!.length).toBe(n * 4);
    expect(h1!.length).toBe(n * 5);
    h0!.forEach((v, i) => expect(v).toBe(stream.uniform(7, i) < 0.2 ? 0 : 1.25));
    h1!.forEach((v, i) => expect(v).toBe(stream.uniform(7, n * 4 + i) < 0.2 ? 0 : 1.25)); // layer 1 starts after n·h[0]
  });

  it('keeps a fraction ≈ 1−p, values only 0 or 1/(1−p), and preserves the expected activation', () => {
    const p = 0.3;
    const n = 2000;
    const [h0, h1] = dropout(p, stream).masks(stubModel(), n, 1).hiddenMasks!;
    const all = [...h0!, ...h1!];
    const keep = 1 / (1 - p);
    expect(all.every((v) => v === 0 || v === keep)).toBe(true);
    const kept = all.filter((v) => v !== 0).length / all.length; // 18000 draws: sd ≈ 0.0034
    expect(Math.abs(kept - (1 - p))).toBeLessThan(0.015);
    // E[mask·a] = a: average the masked activation a = 2.5 of each unit over samples.
    const mean = all.reduce((s, v) => s + v * 2.5, 0) / all.length;
    expect(Math.abs(mean - 2.5)).toBeLessThan(0.06);
  });

  it('depends only on (seed, step): same step same mask, other steps and seeds differ', () => {
    const t = dropout(0.5, stream);
    const a = copy(t.masks(stubModel(), 4, 10).hiddenMasks);
    const b = copy(t.masks(stubModel(), 4, 11).hiddenMasks);
    expect(b).not.toEqual(a);
    expect(copy(t.masks(stubModel(), 4, 10).hiddenMasks)).toEqual(a);
    expect(copy(dropout(0.5, RandomStream.derive(5, 'dropout')).masks(stubModel(), 4, 10).hiddenMasks)).toEqual(a);
    expect(copy(dropout(0.5, RandomStream.derive(6, 'dropout')).masks(stubModel(), 4, 10).hiddenMasks)).not.toEqual(a);
  });

  it('layers selects hidden layers (null elsewhere) without changing the selected masks; such a rule is not fusable', () => {
    const all = copy(dropout(0.5, stream).masks(stubModel(), 3, 2).hiddenMasks);
    const t = dropout(0.5, stream, { layers: [1] });
    expect(t.fusable).toBeUndefined();
    expect(copy(t.masks(stubModel(), 3, 2).hiddenMasks)).toEqual([null, all[1]]);
    expect(() => dropout(0.5, stream, { layers: [2] }).masks(stubModel(), 3, 0)).toThrow(/layer 2/);
  });

  it('follows the model dtype and reuses its buffers', () => {
    const t = dropout(0.5, stream);
    const a = t.masks(stubModel('float32'), 2, 0).hiddenMasks![0];
    expect(a).toBeInstanceOf(Float32Array);
    expect(Array.from(a!).every((v) => v === 0 || v === 2)).toBe(true);
    expect(t.masks(stubModel('float32'), 2, 1).hiddenMasks![0]).toBe(a);
  });

  it('rate must be in [0, 1); rate 0 keeps everything at scale 1', () => {
    expect(() => dropout(1, stream)).toThrow();
    expect(() => dropout(-0.1, stream)).toThrow();
    const m = dropout(0, stream).masks(stubModel(), 2, 0).hiddenMasks!;
    expect(m.every((a) => Array.from(a!).every((v) => v === 1))).toBe(true);
  });
});

describe('DropConnect (weight masks)', () => {
  it("masks each hidden layer's input weights W{k+1}: shapes 4×3 and 5×4, one mask per step", () => {
    const t = dropout(0.5, stream, { dropConnect: true });
    expect(t.fusable).toEqual({ op: 'dropout', rate: 0.5, dropConnect: true, stream });
    const m = t.masks(stubModel(), 7, 3);
    expect(m.hiddenMasks).toBeUndefined();
    const [w1, w2] = m.weightMasks!;
    expect(m.weightMasks!.length).toBe(2); // the readout V is never masked
    expect(w1!.length).toBe(12);
    expect(w2!.length).toBe(20);
    w2!.forEach((v, i) => expect(v).toBe(stream.uniform(3, 12 + i) < 0.5 ? 0 : 2)); // W2 starts after |W1| = 12
    // Shape does not depend on the batch size.
    expect(t.masks(stubModel(), 100, 3).weightMasks![1]!.length).toBe(20);
  });

  it('keeps a fraction ≈ 1−p of weights with mean 1', () => {
    const wide = { spec: { inputDim: 50, hidden: [200], outputDim: 1, activation: 'relu', outputBias: false }, dtype: 'float64' } as unknown as Model;
    const w = dropout(0.25, stream, { dropConnect: true }).masks(wide, 1, 9).weightMasks![0]!;
    expect(w.length).toBe(10000);
    const kept = Array.from(w).filter((v) => v !== 0).length / w.length;
    expect(Math.abs(kept - 0.75)).toBeLessThan(0.02); // sd ≈ 0.0043
    expect(Math.abs(Array.from(w).reduce((s, v) => s + v, 0) / w.length - 1)).toBeLessThan(0.03);
    expect(Array.from(w).every((v) => v === 0 || v === 4 / 3)).toBe(true);
  });
});
