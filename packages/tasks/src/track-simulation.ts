// One trajectory of DriftReg's corridor agent (make_data.run_traj with Env_2d and Agent), step for step:
//
//   texture ← randn(n_tiles) (smoothed);  θ₀ ← (U − 1)/100;  θ̇ ← 0;  see()
//   for t = 0 … n−1:
//     X[t] = [scene, ·];  record y_t, θ_t
//     V ← V0 + N(0, speedNoiseStd);  x += sin θ·V;  y += cos θ·V;  clip to the limits
//     θ ← (θ + 2π·θ̇) mod 2π;  see();  θ̇ ← N(0, headingNoiseStd)
//     if the lower y limit was hit θ ← 0;  if the upper, θ ← π      (turn-around)
//     X[t, action] = θ − θ_t;  Y[t] = scene
//
// Consequences kept from the code: the scene of Y[t] (and so of X[t+1]) is seen *before* a turn-around
// resets θ; the heading change applied at step t was drawn at step t−1 (none at step 0); the action is the
// raw difference of headings kept in [0, 2π), so it jumps by ≈ ±2π whenever θ crosses 0 (including
// step 0, where θ₀ < 0 becomes θ₀ + 2π) and by ≈ ±π at a turn-around.

import { type DataRandom } from './data-random';
import { linspace, pyMod } from './numeric';
import { type Rectangle, type WallPhase, intersectWall, wallPhase } from './track-geometry';
import { type WallTexture, makeWallTexture, sampleWallTexture, textureTiles } from './track-texture';

/** 'raw' = the code's θ_{t+1} − θ_t of headings in [0, 2π); 'wrapped' = that difference mapped into [−π, π). */
export type TrackAction = 'raw' | 'wrapped';
export const TRACK_ACTIONS: readonly TrackAction[] = ['raw', 'wrapped'];

export interface TrackSimulationOptions {
  nSamples: number;
  /** Rays in the visual field (X_dim, which the code also uses as y_dim and FOV_tiles). */
  fovTiles: number;
  sizeX: number;
  sizeY: number;
  /** Texture smoothing sigma as a fraction of n_tiles (Env.kernel). */
  kernel: number;
  /** The field of view spans θ ± π/fovAngleFrac. */
  fovAngleFrac: number;
  /** Mean speed per step (Env.V0). */
  v0: number;
  /** Std of the per-step speed noise (np.random.normal(0, 0.1)). */
  speedNoiseStd: number;
  /** Std of θ̇ in turns: the heading changes by 2π·θ̇ per step (theta_v_sigma = π·0.1/360). */
  headingNoiseStd: number;
  /** x limits are ±(sizeX/2 − bufferFracX·sizeX); the code's 0.5 pins x at 0. */
  bufferFracX: number;
  /** y limits are ±(sizeY/2 − bufferFracY·sizeY); the code's 0.1 gives ±5.6 for sizeY 14. */
  bufferFracY: number;
  action: TrackAction;
  wallPhase: WallPhase;
}

/** The trajectory and everything the agent saw, before any normalisation. */
export interface TrackSimulation {
  options: TrackSimulationOptions;
  nTiles: number;
  texture: WallTexture;
  /** n × (fovTiles + 1): scene at t, then the action. */
  x: Float64Array;
  /** n × fovTiles: scene at t+1. */
  y: Float64Array;
  /** Agent position and heading at t (before the step). */
  posX: Float64Array;
  posY: Float64Array;
  theta: Float64Array;
  /** θ̇ at t (the heading change, in turns, applied during step t). */
  thetaV: Float64Array;
  /** Speed V used for the step t → t+1. */
  speed: Float64Array;
}

export function simulateTrack(o: TrackSimulationOptions, rng: DataRandom): TrackSimulation {
  const n = o.nSamples;
  const f = o.fovTiles;
  const rect: Rectangle = { sizeX: o.sizeX, sizeY: o.sizeY };
  const bufferX = o.sizeX * o.bufferFracX;
  const bufferY = o.sizeY * o.bufferFracY;
  const xlims = [-o.sizeX / 2 + bufferX, o.sizeX / 2 - bufferX];
  const ylims = [-o.sizeY / 2 + bufferY, o.sizeY / 2 - bufferY];
  const fovAngle = Math.PI / o.fovAngleFrac;

  const nTiles = textureTiles(o.sizeX, o.sizeY, f);
  const texture = makeWallTexture(nTiles, o.kernel, rng);

  const scene = new Float64Array(f);
  const see = (theta: number, x: number, y: number): void => {
    const angles = linspace(theta - fovAngle, theta + fovAngle, f);
    for (let i = 0; i < f; i++) {
      const hit = intersectWall(rect, angles[i], x, y);
      scene[i] = sampleWallTexture(texture, wallPhase(rect, hit, o.wallPhase));
    }
  };

  let ax = 0;
  let ay = 0;
  let theta = (rng.uniform() - 1) / 100;
  let thetaV = 0;
  see(theta, ax, ay);

  const w = f + 1;
  const X = new Float64Array(n * w);
  const Y = new Float64Array(n * f);
  const posX = new Float64Array(n);
  const posY = new Float64Array(n);
  const thetaAt = new Float64Array(n);
  const thetaVAt = new Float64Array(n);
  const speed = new Float64Array(n);

  for (let t = 0; t < n; t++) {
    posX[t] = ax;
    posY[t] = ay;
    thetaAt[t] = theta;
    thetaVAt[t] = thetaV;
    X.set(scene, t * w);

    // Env_2d.agent_move
    const v = o.v0 + o.speedNoiseStd * rng.normal();
    speed[t] = v;
    ax += Math.sin(theta) * v;
    ay += Math.cos(theta) * v;
    let hitLow = false;
    let hitHigh = false;
    if (ax < xlims[0]) ax = xlims[0];
    if (ax > xlims[1]) ax = xlims[1];
    if (ay < ylims[0]) {
      ay = ylims[0];
      hitLow = true;
    }
    if (ay > ylims[1]) {
      ay = ylims[1];
      hitHigh = true;
    }
    theta = pyMod(theta + thetaV * 2 * Math.PI, 2 * Math.PI);
    // Env_2d.run_step: look, draw the next heading change, then turn around.
    see(theta, ax, ay);
    thetaV = o.headingNoiseStd * rng.normal();
    if (hitLow) theta = 0;
    if (hitHigh) theta = Math.PI;

    const dTheta = theta - thetaAt[t];
    X[t * w + f] = o.action === 'raw' ? dTheta : pyMod(dTheta + Math.PI, 2 * Math.PI) - Math.PI;
    Y.set(scene, t * f);
  }
  return { options: o, nTiles, texture, x: X, y: Y, posX, posY, theta: thetaAt, thetaV: thetaVAt, speed };
}
