import { describe, it, expect } from 'vitest';
import { curves } from '../../src/data/curves';
import { classCounts, expectDeterministic, expectWellFormed } from './helpers';

const curve = (c: number, u: number) => (c === 0 ? 0.3 : -0.3) + 0.5 * Math.sin(Math.PI * u);

describe('curves', () => {
  it('defaults: 400 points, 2-D, balanced, documented params and domain', () => {
    const ds = curves();
    expectWellFormed(ds, 2);
    expect(ds.n).toBe(400);
    expect(classCounts(ds)).toEqual([200, 200]);
    expect(ds.params).toEqual({ n: 400, noise: 0.05, seed: 1 });
    expect(ds.domain).toEqual({ min: [-1.2, -1.2], max: [1.2, 1.2] });
  });

  it('without noise every point lies on its class curve, class 0 above', () => {
    const ds = curves({ n: 301, noise: 0 });
    expectWellFormed(ds, 2);
    expect(classCounts(ds)).toEqual([151, 150]);
    for (let i = 0; i < ds.n; i++) {
      const u = ds.x[2 * i]!, v = ds.x[2 * i + 1]!;
      expect(Math.abs(u)).toBeLessThanOrEqual(1);
      expect(Math.abs(v - curve(ds.y[i]!, u))).toBeLessThan(1e-6);
    }
  });

  it('with noise the vertical residual is small and centred on the own curve', () => {
    const ds = curves({ n: 2000, noise: 0.05, seed: 3 });
    let sum = 0, sq = 0, nearerOwn = 0;
    for (let i = 0; i < ds.n; i++) {
      const c = ds.y[i]!, u = ds.x[2 * i]!, v = ds.x[2 * i + 1]!;
      const r = v - curve(c, u);
      sum += r;
      sq += r * r;
      if (Math.abs(r) < Math.abs(v - curve(1 - c, u))) nearerOwn++;
    }
    const mean = sum / ds.n;
    const rms = Math.sqrt(sq / ds.n);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    // x noise tilts the residual through the slope (≤ π/2): rms between 0.05 and ~0.1.
    expect(rms).toBeGreaterThan(0.04);
    expect(rms).toBeLessThan(0.1);
    expect(nearerOwn / ds.n).toBeGreaterThan(0.97);
  });

  it('is deterministic per seed', () => {
    expectDeterministic((seed) => curves({ seed }));
  });

  it('widens the domain when noise puts points outside the box', () => {
    const ds = curves({ noise: 1 });
    expectWellFormed(ds, 2);
    expect(ds.domain.max[0]!).toBeGreaterThan(1.2);
  });

  it.each([
    [{ n: 1 }, /n must be/],
    [{ n: 10.5 }, /n must be/],
    [{ noise: -0.1 }, /noise/],
    [{ noise: Infinity }, /noise/],
    [{ seed: 0.5 }, /seed/],
  ])('rejects %o', (opts, message) => {
    expect(() => curves(opts)).toThrow(message);
  });
});
