import { describe, it, expect } from 'vitest';
import { linkedTori } from '../../src/data/linked-tori';
import { classCounts, expectDeterministic, expectWellFormed } from './helpers';

/** Distance from p to the circle of radius R centred at c in the plane spanned by axes a, b. */
function toCore(p: number[], R: number, c: number[], a: number, b: number, normal: number): number {
  const q = p.map((v, k) => v - c[k]!);
  return Math.hypot(Math.hypot(q[a]!, q[b]!) - R, q[normal]!);
}
const core0 = (p: number[], R: number) => toCore(p, R, [0, 0, 0], 0, 1, 2);
const core1 = (p: number[], R: number) => toCore(p, R, [R, 0, 0], 0, 2, 1);

function row(x: Float32Array, i: number): number[] {
  return [x[3 * i]!, x[3 * i + 1]!, x[3 * i + 2]!];
}

describe('linked-tori', () => {
  it('defaults: 1000 points, 3-D, 500 per class, domain covers both tori', () => {
    const ds = linkedTori();
    expectWellFormed(ds, 3);
    expect(ds.n).toBe(1000);
    expect(classCounts(ds)).toEqual([500, 500]);
    expect(ds.params).toEqual({ n: 1000, tube: 0.25, radius: 1, seed: 1 });
    expect(ds.domain.min[0]!).toBeLessThanOrEqual(-1.25);
    expect(ds.domain.max[0]!).toBeGreaterThanOrEqual(2.25);
  });

  it.each([
    [1, 0.25],
    [2, 0.9],
  ])('radius %d, tube %d: each point within tube of its core, farther than tube from the other', (radius, tube) => {
    const ds = linkedTori({ n: 3000, radius, tube, seed: 2 });
    expectWellFormed(ds, 3);
    const eps = 1e-6 * radius;
    for (let i = 0; i < ds.n; i++) {
      const p = row(ds.x, i);
      const [own, other] = ds.y[i] === 0 ? [core0(p, radius), core1(p, radius)] : [core1(p, radius), core0(p, radius)];
      expect(own).toBeLessThanOrEqual(tube + eps);
      expect(other).toBeGreaterThan(tube);
    }
  });

  it('is uniform in volume: more points on the outer half of the tube than the inner', () => {
    // Volume share of the outer half (cos ψ > 0) is 1/2 + 2t/(3πR) ≈ 0.553 for t = 0.25, R = 1.
    const ds = linkedTori({ n: 20000, seed: 6 });
    let outer = 0, count = 0;
    for (let i = 0; i < ds.n; i++) {
      if (ds.y[i] !== 0) continue;
      const p = row(ds.x, i);
      count++;
      if (Math.hypot(p[0]!, p[1]!) > 1) outer++;
    }
    expect(outer / count).toBeCloseTo(0.5 + 0.5 / (3 * Math.PI), 1);
    expect(outer / count).toBeGreaterThan(0.53);
  });

  it('is deterministic per seed', () => {
    expectDeterministic((seed) => linkedTori({ n: 200, seed }));
  });

  it.each([
    [{ tube: 0.5 }, /tube must be < radius\/2/],
    [{ tube: 0 }, /tube/],
    [{ radius: -1 }, /radius/],
    [{ n: 3.2 }, /n must be/],
  ])('rejects %o', (opts, message) => {
    expect(() => linkedTori(opts)).toThrow(message);
  });
});
