import { RandomStream } from '@driftlab/core';
import { qrR } from './householder-qr';

describe('qrR', () => {
  it('gives an upper-triangular R with RᵀR = AᵀA', () => {
    const rows = 12;
    const cols = 5;
    const a = new Float64Array(rows * cols);
    RandomStream.derive(1, 'qr').fillNormal(a, 0);
    const r = qrR(a.slice(), rows, cols);
    for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) expect(r[i * cols + j]).toBe(0);
    for (let i = 0; i < cols; i++)
      for (let j = 0; j < cols; j++) {
        let ata = 0;
        for (let t = 0; t < rows; t++) ata += a[t * cols + i] * a[t * cols + j];
        let rtr = 0;
        for (let t = 0; t < cols; t++) rtr += r[t * cols + i] * r[t * cols + j];
        expect(Math.abs(ata - rtr)).toBeLessThan(1e-12 * Math.max(1, Math.abs(ata)));
      }
  });

  it('handles rank-deficient and already-triangular columns', () => {
    // column 2 = column 0 + column 1; the last column is zero
    const a = Float64Array.of(1, 0, 1, 0, 2, 1, 3, 0, 0, 3, 3, 0, 4, 0, 4, 0);
    const r = qrR(a.slice(), 4, 4);
    expect(Math.abs(r[2 * 4 + 2])).toBeLessThan(1e-14);
    expect(r[3 * 4 + 3]).toBe(0);
    expect(Math.abs(r[0])).toBeCloseTo(Math.sqrt(1 + 4 + 0 + 16), 13); // |column 0|
  });
});
