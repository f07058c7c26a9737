import { describe, it, expect } from 'vitest';
import { spirals, SPIRALS_R_MIN } from '../../src/data/spirals';
import { classCounts, expectDeterministic, expectWellFormed } from './helpers';

/** Angle difference wrapped to (−π, π]. */
function wrap(a: number): number {
  const t = a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
  return t;
}

/** Distance from (u, v) to arm c of a spiral with `turns`, by dense sampling of the arm. */
function distanceToArm(u: number, v: number, c: number, turns: number): number {
  let best = Infinity;
  for (let k = 0; k <= 4000; k++) {
    const r = SPIRALS_R_MIN + ((1 - SPIRALS_R_MIN) * k) / 4000;
    const th = 2 * Math.PI * turns * r + c * Math.PI;
    best = Math.min(best, Math.hypot(u - r * Math.cos(th), v - r * Math.sin(th)));
  }
  return best;
}

describe('spirals', () => {
  it('defaults: 400 points, balanced, documented params and domain', () => {
    const ds = spirals();
    expectWellFormed(ds, 2);
    expect(ds.n).toBe(400);
    expect(classCounts(ds)).toEqual([200, 200]);
    expect(ds.params).toEqual({ n: 400, turns: 1, noise: 0.02, seed: 1 });
    expect(ds.domain).toEqual({ min: [-1.1, -1.1], max: [1.1, 1.1] });
  });

  it.each([1, 2, 3.5])('without noise θ = 2π·turns·r (+π for class 1), turns = %d', (turns) => {
    const ds = spirals({ n: 500, turns, noise: 0, seed: 2 });
    expectWellFormed(ds, 2);
    for (let i = 0; i < ds.n; i++) {
      const u = ds.x[2 * i]!, v = ds.x[2 * i + 1]!;
      const r = Math.hypot(u, v);
      expect(r).toBeGreaterThanOrEqual(SPIRALS_R_MIN - 1e-6);
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
      const expected = 2 * Math.PI * turns * r + ds.y[i]! * Math.PI;
      expect(Math.abs(wrap(Math.atan2(v, u) - expected))).toBeLessThan(1e-4);
    }
  });

  it('radii spread along the arm: density ∝ r (median r² ≈ middle of [r_min², 1])', () => {
    const ds = spirals({ n: 4000, noise: 0 });
    const r2 = Array.from({ length: ds.n }, (_, i) => ds.x[2 * i]! ** 2 + ds.x[2 * i + 1]! ** 2).sort((a, b) => a - b);
    expect(r2[ds.n / 2]!).toBeCloseTo((SPIRALS_R_MIN ** 2 + 1) / 2, 1);
  });

  it('with noise each point is within a few σ of its own arm', () => {
    const noise = 0.02;
    const ds = spirals({ n: 300, turns: 2, noise, seed: 5 });
    for (let i = 0; i < ds.n; i++) {
      const d = distanceToArm(ds.x[2 * i]!, ds.x[2 * i + 1]!, ds.y[i]!, 2);
      expect(d).toBeLessThan(5 * noise);
    }
  });

  it('is deterministic per seed', () => {
    expectDeterministic((seed) => spirals({ seed }));
  });

  it.each([
    [{ turns: 0 }, /turns/],
    [{ turns: -1 }, /turns/],
    [{ turns: NaN }, /turns/],
    [{ noise: -1 }, /noise/],
    [{ n: 0 }, /n must be/],
  ])('rejects %o', (opts, message) => {
    expect(() => spirals(opts)).toThrow(message);
  });
});
