import { intersectWall, wallCoordinates, wallPhase } from './track-geometry';

const fig2 = { sizeX: 1, sizeY: 14 };

describe('intersectWall (Env_2d.intersect_pos)', () => {
  it('straight ahead hits the top wall (tan 0 → division by zero → not the side wall)', () => {
    expect(intersectWall(fig2, 0, 0, 0)).toEqual({ x: 0, y: 7, wall: 0 });
  });
  it('45° up-right from the centre hits the right wall at y = 0.5', () => {
    const h = intersectWall(fig2, Math.PI / 4, 0, 0);
    expect(h.wall).toBe(1);
    expect(h.x).toBe(0.5);
    expect(h.y).toBeCloseTo(0.5, 15);
  });
  it('90° hits the right wall at the agent\'s y', () => {
    const h = intersectWall(fig2, Math.PI / 2, 0, 2);
    expect(h.wall).toBe(1);
    expect(h.y).toBeCloseTo(2, 12);
  });
  it('backwards (θ = π) hits the bottom wall', () => {
    const h = intersectWall(fig2, Math.PI, 0, 0);
    expect(h.wall).toBe(2);
    expect(h.y).toBe(-7);
    expect(h.x).toBeCloseTo(0, 12);
  });
  it('down-left (5π/4) hits the left wall at y = −0.5; up-left (7π/4) at y = +0.5', () => {
    const a = intersectWall(fig2, (5 * Math.PI) / 4, 0, 0);
    expect(a.wall).toBe(3);
    expect(a.x).toBe(-0.5);
    expect(a.y).toBeCloseTo(-0.5, 14);
    const b = intersectWall(fig2, (7 * Math.PI) / 4, 0, 0);
    expect(b.wall).toBe(3);
    expect(b.y).toBeCloseTo(0.5, 14);
  });
  it('a slightly tilted ray near the end wall still hits it: (0, 6.8), θ = 0.1', () => {
    const h = intersectWall(fig2, 0.1, 0, 6.8);
    expect(h.wall).toBe(0);
    expect(h.x).toBeCloseTo(0.2 * Math.tan(0.1), 14);
  });
  it('negative headings are taken mod 2π (−π/8 = up-left)', () => {
    const h = intersectWall(fig2, -Math.PI / 8, 0, 0);
    expect(h.wall).toBe(3);
    expect(h.y).toBeCloseTo(0.5 / Math.tan(Math.PI / 8), 12);
  });
  it('every hit lies on the rectangle', () => {
    const r = { sizeX: 3, sizeY: 5 };
    const [top, right, bottom, left] = wallCoordinates(r);
    for (let k = 0; k < 64; k++) {
      const h = intersectWall(r, (k * 2 * Math.PI) / 64 + 0.01, 0.4, -1.1);
      const onWall = [h.y === top, h.x === right, h.y === bottom, h.x === left][h.wall];
      expect(onWall).toBe(true);
      expect(h.x).toBeGreaterThanOrEqual(left - 1e-12);
      expect(h.x).toBeLessThanOrEqual(right + 1e-12);
      expect(h.y).toBeGreaterThanOrEqual(bottom - 1e-12);
      expect(h.y).toBeLessThanOrEqual(top + 1e-12);
    }
  });
});

describe('wallPhase', () => {
  // perimeter C = 2·1 + 2·14 = 30
  it("'quarter' (get_phase): each wall starts at a quarter mark", () => {
    expect(wallPhase(fig2, { x: 0, y: 7, wall: 0 }, 'quarter')).toBeCloseTo(0.5 / 30, 15);
    expect(wallPhase(fig2, { x: 0.5, y: 0.5, wall: 1 }, 'quarter')).toBeCloseTo(0.25 + 6.5 / 30, 15);
    expect(wallPhase(fig2, { x: 0, y: -7, wall: 2 }, 'quarter')).toBeCloseTo(0.5 + 0.5 / 30, 15);
    // the left wall runs from 0.75 to 0.75 + 14/30 > 1: y = 0.5 already maps to phase 1
    expect(wallPhase(fig2, { x: -0.5, y: 0.5, wall: 3 }, 'quarter')).toBeCloseTo(1, 15);
    expect(wallPhase(fig2, { x: -0.5, y: 7, wall: 3 }, 'quarter')).toBeCloseTo(0.75 + 14 / 30, 15);
  });
  it("'arclength': clockwise perimeter position from the top-left corner", () => {
    expect(wallPhase(fig2, { x: 0, y: 7, wall: 0 }, 'arclength')).toBeCloseTo(0.5 / 30, 15);
    expect(wallPhase(fig2, { x: 0.5, y: 0.5, wall: 1 }, 'arclength')).toBeCloseTo(7.5 / 30, 15);
    expect(wallPhase(fig2, { x: 0, y: -7, wall: 2 }, 'arclength')).toBeCloseTo(15.5 / 30, 15);
    expect(wallPhase(fig2, { x: -0.5, y: 0.5, wall: 3 }, 'arclength')).toBeCloseTo(23.5 / 30, 15);
    // corners agree from both walls
    expect(wallPhase(fig2, { x: 0.5, y: 7, wall: 0 }, 'arclength')).toBeCloseTo(wallPhase(fig2, { x: 0.5, y: 7, wall: 1 }, 'arclength'), 15);
    expect(wallPhase(fig2, { x: -0.5, y: 7, wall: 3 }, 'arclength')).toBeCloseTo(0, 15);
  });
});
