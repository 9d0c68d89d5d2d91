// Oracle test: the generators against DriftReg's own make_data.py. The fixture holds that script's output
// when np.random is made to return, in order, exactly the draws our generator takes from
// SequentialRandom(seed, 'data'); so any difference is in the computation, not in the random numbers.
// Remaining differences are last-bit ones (Math.exp/tan vs numpy), well below 1e−12.
import { seeded } from './__fixtures__/context';
import fixture from './__fixtures__/driftreg-reference.json';
import { makePredictiveRing } from './predictive-ring';
import { makePredictiveTrack, simulatePredictiveTrack } from './predictive-track';
import { makeSmoothedAutoencoder, makeSmoothedMapping } from './random-mappings';
import type { TaskData } from '@driftlab/core';

interface Case {
  cfg: { type: string; seed: number; n: number; X_dim: number; y_dim?: number; sf?: number; size_x?: number; size_y?: number; kernel?: number; frac?: number; V0?: number };
  X: number[];
  y: number[];
  pos?: number[];
  theta?: number[];
}

function ours(c: Case['cfg']): TaskData {
  const rng = seeded(c.seed);
  switch (c.type) {
    case 'predictive_track':
      return makePredictiveTrack(
        { nSamples: c.n, fovTiles: c.X_dim, sizeX: c.size_x, sizeY: c.size_y, kernel: c.kernel, fovAngleFrac: c.frac, v0: c.V0, normalization: 'symmetric' },
        rng,
      );
    case 'predictive':
      return makePredictiveRing({ nSamples: c.n, inputDim: c.X_dim }, rng);
    case 'smoothed':
      return makeSmoothedMapping({ nSamples: c.n, inputDim: c.X_dim, outputDim: c.y_dim, smoothFactor: c.sf }, rng);
    case 'smoothed_autoencoder':
      return makeSmoothedAutoencoder({ nSamples: c.n, inputDim: c.X_dim, outputDim: c.y_dim, smoothFactor: c.sf }, rng);
    default:
      throw new Error(`no case for ${c.type}`);
  }
}

function expectClose(a: ArrayLike<number>, b: number[], tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThan(tol);
}

describe.each((fixture.cases as Case[]).map((c) => [`${c.cfg.type} seed ${c.cfg.seed}`, c] as const))('matches make_data.py: %s', (_, c) => {
  const d = ours(c.cfg);
  it('X and y', () => {
    expectClose(d.x, c.X, 1e-12);
    expectClose(d.y, c.y, 1e-12);
  });
  if (c.pos) it('positions', () => expectClose(d.position, c.pos!, 1e-12));
  if (c.theta) {
    it('headings', () => {
      const cfg = c.cfg;
      const sim = simulatePredictiveTrack(
        { nSamples: cfg.n, fovTiles: cfg.X_dim, sizeX: cfg.size_x, sizeY: cfg.size_y, kernel: cfg.kernel, fovAngleFrac: cfg.frac, v0: cfg.V0 },
        seeded(cfg.seed),
      );
      expectClose(sim.theta, c.theta!, 1e-12);
    });
  }
});
