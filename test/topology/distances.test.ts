import { describe, it, expect } from 'vitest';
import { enclosingRadius, euclideanDistances, finiteDiameter, knnGeodesicDistances, medianNearestNeighbour, restrictDistances } from '../../src/topology/index.js';
import { OptionError } from '../../src/errors.js';
import { annulus, twoCircles } from './shapes.js';

describe('distance matrices', () => {
  it('k-NN geodesic from landmark sources equals the full matrix restricted to them, with the cover radius in hops', () => {
    const pts = annulus(200, 3);
    const full = knnGeodesicDistances(pts, 2, 8);
    const sources = Int32Array.from([0, 17, 42, 99, 150, 199]);
    const sub = knnGeodesicDistances(pts, 2, 8, sources);
    expect(Array.from(sub.values)).toEqual(Array.from(restrictDistances(full, sources).values));
    let cover = 0;
    for (let v = 0; v < 200; v++) cover = Math.max(cover, Math.min(...Array.from(sources, (s) => full.values[s * 200 + v]!)));
    expect(sub.coverRadius).toBe(cover);
    expect(cover).toBeGreaterThan(1);
  });

  it('hop counts are symmetric integers, 1 between k-nearest neighbours, ∞ across separate components', () => {
    const m = knnGeodesicDistances(twoCircles(120, 2), 2, 5);
    for (let i = 0; i < m.n; i++) for (let j = 0; j < m.n; j++) {
      const d = m.values[i * m.n + j]!;
      expect(d).toBe(m.values[j * m.n + i]);
      if (d !== Infinity) expect(Number.isInteger(d)).toBe(true);
    }
    expect(m.values[0 * m.n + 119]).toBe(Infinity); // the two circles are 1 apart, far beyond 5 neighbours
    expect(medianNearestNeighbour(m)).toBe(1);
    expect(finiteDiameter(m)).toBeGreaterThan(5);
  });

  it('Euclidean: enclosing radius of a unit square\'s corners is √2, diameter √2', () => {
    const m = euclideanDistances([0, 0, 1, 0, 0, 1, 1, 1], 2);
    expect(enclosingRadius(m)).toBeCloseTo(Math.SQRT2, 12);
    expect(finiteDiameter(m)).toBeCloseTo(Math.SQRT2, 12);
    expect(medianNearestNeighbour(m)).toBe(1);
  });

  it('rejects k < 1 with OptionError', () => {
    try { knnGeodesicDistances([0, 0, 1, 1], 2, 0); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(OptionError);
      expect((e as OptionError).code).toBe('BAD_OPTION');
    }
  });
});
