import type { Activation } from '@driftlab/core';
import { symmetricEigenvalues } from '../linalg';
import { fitTargets, killUnit, randomNet, type TestNet } from './__fixtures__/nets';
import { denseHessian } from './dense-reference';
import { MlpHessian } from './mlp-hessian';
import { OneLayerHessian } from './one-layer';
import { reducedDimBound } from './residual-norms';
import { UnitReduction } from './unit-reduction';

/** Every eigenvalue of the reduced matrix plus P − m zeros, descending. */
function structuredSpectrum(net: TestNet): { spectrum: Float64Array; m: number; op: OneLayerHessian; red: UnitReduction } {
  const op = new OneLayerHessian(net.spec, net.params, net.data);
  const red = new UnitReduction(op);
  const { matrix, m } = red.reducedMatrix();
  const spectrum = new Float64Array(op.nParams);
  spectrum.set(symmetricEigenvalues(matrix, m, true));
  return { spectrum: spectrum.sort().reverse(), m, op, red };
}

function denseSpectrum(net: TestNet): Float64Array {
  const P = net.params.length;
  return symmetricEigenvalues(denseHessian(net.spec, net.params, net.data), P, true).reverse();
}

interface Case {
  name: string;
  activation: Activation;
  outputBias: boolean;
  inputDim: number;
  hidden: number[];
  outputDim: number;
  n: number;
  onManifold: boolean;
  dead: number[];
}

const base = { inputDim: 4, hidden: [6], outputDim: 3, n: 6, outputBias: false, onManifold: false, dead: [] as number[] };
const CASES: Case[] = [
  { ...base, name: 'relu off-manifold', activation: 'relu' },
  { ...base, name: 'relu off-manifold, dead units, output bias', activation: 'relu', outputBias: true, dead: [0, 3] },
  { ...base, name: 'relu on-manifold', activation: 'relu', onManifold: true },
  { ...base, name: 'tanh off-manifold', activation: 'tanh', outputBias: true },
  { ...base, name: 'tanh on-manifold', activation: 'tanh', onManifold: true },
  { ...base, name: 'linear off-manifold', activation: 'linear' },
  // Few samples, wide output: more Gauss–Newton-only directions than rows of J, so they are QR-compressed.
  { ...base, name: 'relu, F > n·D (compressed)', activation: 'relu', inputDim: 3, hidden: [8], outputDim: 4, n: 2 },
  { ...base, name: 'relu on-manifold, F > n·D', activation: 'relu', inputDim: 3, hidden: [8], outputDim: 4, n: 2, onManifold: true },
  // More samples than input directions: containers are full, residual blocks have rank min(D, fanIn+1).
  { ...base, name: 'relu, n > fanIn+1', activation: 'relu', inputDim: 2, hidden: [5], outputDim: 2, n: 9, outputBias: true },
  { ...base, name: 'generality shape, small', activation: 'relu', inputDim: 8, hidden: [12], outputDim: 4, n: 4 },
];

describe('UnitReduction: exact reduced spectrum vs the dense Hessian', () => {
  it.each(CASES)('$name', (c) => {
    const net = randomNet(31, c);
    for (const k of c.dead) killUnit(net, k);
    if (c.onManifold) fitTargets(net);
    const dense = denseSpectrum(net);
    const { spectrum, m, op, red } = structuredSpectrum(net);
    const top = Math.max(Math.abs(dense[0]), Math.abs(dense[dense.length - 1]));
    for (let i = 0; i < dense.length; i++) expect(Math.abs(spectrum[i] - dense[i])).toBeLessThan(1e-8 * top);
    // The reduction is tight: P − m eigenvalues are structural zeros, and the bound holds.
    expect(m).toBeLessThanOrEqual(op.nParams);
    expect(m).toBe(red.reducedDim());
    expect(m).toBeLessThanOrEqual(reducedDimBound(op));
    const nonzero = dense.filter((x) => Math.abs(x) > 1e-10 * top).length;
    expect(m).toBeGreaterThanOrEqual(nonzero);
    if (c.activation === 'relu') expect(op.deadUnits).toBeGreaterThanOrEqual(c.dead.length);
    else expect(op.deadUnits).toBe(0);
  });

  it('needs far fewer dense dimensions than P once units die and samples are few', () => {
    const net = randomNet(32, { inputDim: 10, hidden: [20], outputDim: 5, n: 3 });
    for (let k = 0; k < 10; k++) killUnit(net, k);
    const { m, op } = structuredSpectrum(net);
    expect(op.deadUnits).toBeGreaterThanOrEqual(10);
    expect(m).toBeLessThan(op.nParams / 3);
  });

  it.each(CASES.slice(0, 6))('residual spectrum equals the dense eigenvalues of H − Gauss–Newton ($name)', (c) => {
    const net = randomNet(33, c);
    for (const k of c.dead) killUnit(net, k);
    if (c.onManifold) fitTargets(net);
    const P = net.params.length;
    const h = denseHessian(net.spec, net.params, net.data);
    const scale = Math.max(...Array.from(symmetricEigenvalues(h, P)).map(Math.abs));
    const gen = new MlpHessian(net.spec, net.params, net.data);
    const e = new Float64Array(P);
    const col = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      e[p] = 1;
      gen.gaussNewtonHvp(e, col);
      e[p] = 0;
      for (let q = 0; q < P; q++) h[q * P + p] -= col[q];
    }
    const dense = symmetricEigenvalues(h, P, true);
    const red = new UnitReduction(new OneLayerHessian(net.spec, net.params, net.data)).residualSpectrum();
    // Relative to the Hessian's scale: on the manifold the dense residual is pure rounding noise.
    const nonzeroDense = Array.from(dense).filter((x) => Math.abs(x) > 1e-9 * scale);
    expect(red.nonzero.length).toBe(nonzeroDense.length);
    red.nonzero.forEach((x, i) => expect(Math.abs(x - nonzeroDense[i])).toBeLessThan(1e-10 * scale));
    const top = Math.max(...Array.from(dense).map(Math.abs));
    expect(Math.abs(red.spectralNorm - (c.onManifold ? 0 : top))).toBeLessThan(1e-10 * scale);
  });
});
