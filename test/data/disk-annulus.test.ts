import { describe, it, expect } from 'vitest';
import { diskAnnulus } from '../../src/data/disk-annulus';
import { classCounts, expectDeterministic, expectWellFormed } from './helpers';

const EPS = 1e-6; // f32 rounding of the coordinates

describe('disk-annulus', () => {
  it('defaults: 400 points, exactly 200 per class, domain [-1,1]²', () => {
    const ds = diskAnnulus();
    expectWellFormed(ds, 2);
    expect(ds.n).toBe(400);
    expect(classCounts(ds)).toEqual([200, 200]);
    expect(ds.params).toEqual({ n: 400, seed: 1 });
    expect(ds.domain).toEqual({ min: [-1, -1], max: [1, 1] });
  });

  it('class 0 inside r < 1/3, class 1 in 2/3 < r < 1', () => {
    const ds = diskAnnulus({ n: 5000, seed: 4 });
    for (let i = 0; i < ds.n; i++) {
      const r = Math.hypot(ds.x[2 * i]!, ds.x[2 * i + 1]!);
      if (ds.y[i] === 0) expect(r).toBeLessThan(1 / 3 + EPS);
      else {
        expect(r).toBeGreaterThan(2 / 3 - EPS);
        expect(r).toBeLessThan(1 + EPS);
      }
    }
  });

  it('is uniform in area: half of each class lies beyond the area-median radius', () => {
    const ds = diskAnnulus({ n: 8000, seed: 9 });
    const medianDisk = Math.sqrt(0.5) / 3;
    const medianRing = Math.sqrt((4 / 9 + 1) / 2);
    let outerDisk = 0, outerRing = 0;
    for (let i = 0; i < ds.n; i++) {
      const r = Math.hypot(ds.x[2 * i]!, ds.x[2 * i + 1]!);
      if (ds.y[i] === 0) outerDisk += r > medianDisk ? 1 : 0;
      else outerRing += r > medianRing ? 1 : 0;
    }
    // 4000 per class: σ of the share ≈ 0.008.
    expect(Math.abs(outerDisk / 4000 - 0.5)).toBeLessThan(0.025);
    expect(Math.abs(outerRing / 4000 - 0.5)).toBeLessThan(0.025);
  });

  it('odd n gives class 0 the extra point', () => {
    expect(classCounts(diskAnnulus({ n: 11 }))).toEqual([6, 5]);
  });

  it('is deterministic per seed', () => {
    expectDeterministic((seed) => diskAnnulus({ seed }));
  });

  it('rejects bad n', () => {
    expect(() => diskAnnulus({ n: -4 })).toThrow(/n must be/);
    expect(() => diskAnnulus({ n: 1e9 })).toThrow(/n must be/);
  });
});
