// The rectangle of DriftReg's Env_2d: walls at y = ±sizeY/2 and x = ±sizeX/2, headings measured from
// the +y axis towards +x (x += sin θ·V, y += cos θ·V). Rays are cast to the first wall they hit and the
// hit point becomes a "phase" that indexes the wall texture.

import { pyMod } from './numeric';

/** Wall indices as in the code: 0 top (y = +sy/2), 1 right (x = +sx/2), 2 bottom, 3 left. */
export type WallIndex = 0 | 1 | 2 | 3;

export interface WallHit {
  x: number;
  y: number;
  wall: WallIndex;
}

/**
 * How a hit point becomes a texture phase in [0, 1):
 * 'quarter' = the code's get_phase: phase = wall/4 + (distance along the wall)/perimeter. Every wall
 * starts at a quarter mark whatever its length, so for a non-square arena the walls' phase ranges overlap,
 * leave gaps, or pass 1 (then np.interp clamps to the last texture value: on the 1 × 14 Fig. 2 track the
 * left wall shows one constant value above y = 0.5).
 * 'arclength' = the true perimeter position, clockwise from the top-left corner, so each wall point has
 * its own texture value and the texture wraps exactly once around the arena.
 */
export type WallPhase = 'quarter' | 'arclength';
export const WALL_PHASES: readonly WallPhase[] = ['quarter', 'arclength'];

export interface Rectangle {
  sizeX: number;
  sizeY: number;
}

/** [top, right, bottom, left] wall coordinates, the code's self.walls. */
export function wallCoordinates(r: Rectangle): [number, number, number, number] {
  return [r.sizeY / 2, r.sizeX / 2, -r.sizeY / 2, -r.sizeX / 2];
}

/**
 * Env_2d.intersect_pos: the wall hit by the ray from (x0, y0) at heading theta. Per quadrant it compares
 * the crossing with the next wall clockwise against that wall's extent (|coordinate| ≤ |wall|), exactly
 * as the code, including division by tan θ = 0 (→ ±Infinity, i.e. "not crossed").
 */
export function intersectWall(r: Rectangle, theta: number, x0: number, y0: number): WallHit {
  const walls = wallCoordinates(r);
  let t = pyMod(theta, 2 * Math.PI);
  // Python's % can return exactly 2π for tiny negative θ, where the code finds no quadrant and fails;
  // that direction is θ = 0.
  if (t >= 2 * Math.PI) t = 0;
  let q = 0;
  for (let i = 0; i < 4; i++) if ((i * Math.PI) / 2 <= t && t < ((i + 1) * Math.PI) / 2) q = i;
  const tan = Math.tan(t);
  if (q % 2 === 0) {
    // q = 0: up-right (top or right wall); q = 2: down-left (bottom or left wall).
    const along0 = (walls[q] - y0) * tan + x0;
    const along1 = (walls[(q + 1) % 4] - x0) / tan + y0;
    if (Math.abs(along1) <= Math.abs(walls[q])) return { x: walls[q + 1], y: along1, wall: (q + 1) as WallIndex };
    return { x: along0, y: walls[q], wall: q as WallIndex };
  }
  // q = 1: down-right (right or bottom wall); q = 3: up-left (left or top wall).
  const along0 = (walls[q] - x0) / tan + y0;
  const along1 = (walls[(q + 1) % 4] - y0) * tan + x0;
  if (Math.abs(along1) <= Math.abs(walls[q])) return { x: along1, y: walls[(q + 1) % 4], wall: ((q + 1) % 4) as WallIndex };
  return { x: walls[q], y: along0, wall: q as WallIndex };
}

/** Texture phase of a wall hit (see WallPhase). */
export function wallPhase(r: Rectangle, hit: WallHit, mode: WallPhase): number {
  const walls = wallCoordinates(r);
  const c = 2 * r.sizeX + 2 * r.sizeY;
  if (mode === 'quarter') {
    let phase = hit.wall / 4;
    if (hit.wall === 0) phase += (hit.x - walls[3]) / c;
    if (hit.wall === 1) phase += (walls[0] - hit.y) / c;
    if (hit.wall === 2) phase += (walls[1] - hit.x) / c;
    if (hit.wall === 3) phase += (hit.y - walls[2]) / c;
    return phase;
  }
  // Clockwise arc length from the top-left corner: top → right → bottom → left.
  const sx = r.sizeX;
  const sy = r.sizeY;
  let s: number;
  if (hit.wall === 0) s = hit.x - walls[3];
  else if (hit.wall === 1) s = sx + (walls[0] - hit.y);
  else if (hit.wall === 2) s = sx + sy + (walls[1] - hit.x);
  else s = 2 * sx + sy + (hit.y - walls[2]);
  return pyMod(s / c, 1);
}
