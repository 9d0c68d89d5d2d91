// The wall texture of Env_2d: a smooth random signal around the arena's perimeter.
//   n_tiles = int((size_x + size_y) · 2·FOV_tiles)
//   obs = gaussian_filter1d(tile(randn(n_tiles), 3), sigma = n_tiles·kernel)[n_tiles : 2·n_tiles]
// Smoothing the middle of three copies makes it circular as long as the kernel radius (4σ) stays below
// n_tiles; beyond that the outer copies' 'reflect' edges leak in, as in the code.
// The paper's Methods write "σ² = K_smooth·L_walls"; the code uses kernel·n_tiles as σ itself.

import { type DataRandom, normalArray } from './data-random';
import { gaussianFilter1d } from './gaussian-filter';
import { interpUnitGrid } from './numeric';

/** Number of texture tiles around the perimeter: int((sizeX + sizeY) · 2·fovTiles). */
export function textureTiles(sizeX: number, sizeY: number, fovTiles: number): number {
  return Math.trunc((sizeX + sizeY) * (2 * fovTiles));
}

export interface WallTexture {
  /** nTiles smoothed values (obs). */
  values: Float64Array;
  /** obs_intep = [obs[n−1], obs…, obs[0]] at coordinates −1 … n, for circular linear interpolation. */
  padded: Float64Array;
}

/** Draw randn(nTiles) from rng and smooth it circularly (sigma = nTiles·kernel). */
export function makeWallTexture(nTiles: number, kernel: number, rng: DataRandom): WallTexture {
  const noise = normalArray(rng, nTiles);
  const tiled = new Float64Array(3 * nTiles);
  for (let k = 0; k < 3; k++) tiled.set(noise, k * nTiles);
  const smooth = gaussianFilter1d(tiled, nTiles * kernel, 'reflect');
  const values = smooth.slice(nTiles, 2 * nTiles);
  const padded = new Float64Array(nTiles + 2);
  padded[0] = values[nTiles - 1];
  padded.set(values, 1);
  padded[nTiles + 1] = values[0];
  return { values, padded };
}

/** np.interp(phase·n, arange(−1, n+1), obs_intep): linear, circular on [0, n], clamped outside [−1, n]. */
export function sampleWallTexture(texture: WallTexture, phase: number): number {
  const n = texture.values.length;
  return interpUnitGrid(phase * n, -1, texture.padded);
}
