import { describe, it, expect } from 'vitest';
import { intervals1d } from '../../src/data/intervals-1d';
import { classCounts, expectDeterministic, expectWellFormed } from './helpers';

const EPS = 1e-7;

describe('intervals-1d', () => {
  it('defaults: 200 points, 1-D, exactly 100 per class, domain [-1,1]', () => {
    const ds = intervals1d();
    expectWellFormed(ds, 1);
    expect(ds.n).toBe(200);
    expect(classCounts(ds)).toEqual([100, 100]);
    expect(ds.params).toEqual({ n: 200, seed: 1 });
    expect(ds.domain).toEqual({ min: [-1], max: [1] });
  });

  it('class 0 in [-1/3, 1/3]; class 1 in [-1,-2/3] ∪ [2/3,1], split evenly', () => {
    const ds = intervals1d({ n: 1002, seed: 3 });
    let left = 0, right = 0;
    for (let i = 0; i < ds.n; i++) {
      const v = ds.x[i]!;
      if (ds.y[i] === 0) {
        expect(Math.abs(v)).toBeLessThanOrEqual(1 / 3 + EPS);
      } else if (v < 0) {
        expect(v).toBeGreaterThanOrEqual(-1);
        expect(v).toBeLessThanOrEqual(-2 / 3 + EPS);
        left++;
      } else {
        expect(v).toBeGreaterThanOrEqual(2 / 3 - EPS);
        expect(v).toBeLessThanOrEqual(1);
        right++;
      }
    }
    expect(classCounts(ds)).toEqual([501, 501]);
    expect([left, right]).toEqual([251, 250]);
  });

  it('is deterministic per seed', () => {
    expectDeterministic((seed) => intervals1d({ seed }));
  });
});
