import { describe, it, expect } from 'vitest';
import { cloudBarcode, type BarcodeMetric } from '../../src/topology/index.js';
import { linkedTori } from '../../src/data/index.js';
import { annulus, circle, disk, figureEight, rowsOf, torusSurface } from './shapes.js';

/**
 * Regression of the Betti rule (barcode.ts) on shapes whose Betti numbers are known, at
 * several sizes and seeds, for both metrics: the numbers the report prints must be these.
 * Sizes are those the report meets: 400–1000 points per class in 2-D (above 300 the cloud
 * goes through 300 maxmin landmarks), 600–1000 per class for the linked tori of E4.
 */

const planar: [string, (n: number, seed: number) => Float32Array, number[]][] = [
  ['noisy circle (σ = 0.03)', (n, s) => circle(n, s, { noise: 0.03 }), [1, 1]],
  ['annulus 2/3 < r < 1', (n, s) => annulus(n, s), [1, 1]],
  ['disk', (n, s) => disk(n, s), [1, 0]],
  ['figure-eight (two touching circles)', (n, s) => figureEight(n, s), [1, 2]],
];
const metrics: BarcodeMetric[] = ['knn-geodesic', 'euclidean'];

describe('the Betti rule on planar shapes', () => {
  for (const metric of metrics) {
    for (const [name, make, want] of planar) {
      for (const n of [400, 1000]) {
        it.each([3, 4, 5])(`${metric}: ${name}, ${n} points → (${want.join(', ')}), seed %i`, (seed) => {
          const b = cloudBarcode(make(n, seed), 2, { metric });
          expect(b.betti, b.rule).toEqual(want);
        });
      }
    }
  }
});

describe('the Betti rule on 3-D shapes, β0–β2', () => {
  // A torus surface has a void; the Rips complex closes it late (≈ 1.2 × tube radius) and
  // fills it soon after, which the void rule (death / birth ≥ 1.25) is there to catch.
  const torusCases: [BarcodeMetric, number][] = [['euclidean', 1000], ['euclidean', 2000], ['knn-geodesic', 2000]];
  for (const [metric, n] of torusCases) {
    it.each([1, 2])(`${metric}: torus surface, ${n} points → (1, 2, 1), seed %i`, (seed) => {
      const b = cloudBarcode(torusSurface(n, seed), 3, { metric, maxDim: 2 });
      expect(b.betti, b.rule).toEqual([1, 2, 1]);
      expect(b.rule).toContain('β2: voids');
    });
  }

  // The classes of E4 are solid tori (uniform in the volume): one loop, no void.
  for (const metric of metrics) {
    it.each([1, 4])(`${metric}: each solid torus of the linked tori (600 points a class) → (1, 1, 0), seed %i`, (seed) => {
      const ds = linkedTori({ n: 1200, seed });
      for (const c of [0, 1]) {
        const b = cloudBarcode(rowsOf(ds.x, 3, ds.y, c), 3, { metric, maxDim: 2 });
        expect(b.betti, `class ${c}: ${b.rule}`).toEqual([1, 1, 0]);
      }
    });
  }

  it('a void counts by its death/birth ratio, not by the loops\' cut', () => {
    // The torus void is shorter than the loops' cut, yet counted; noise voids of the solid
    // torus are not, though some are longer than a spacing.
    const b = cloudBarcode(torusSurface(1000, 1), 3, { metric: 'euclidean', maxDim: 2 });
    const voids = b.bars[2]!.filter((x) => Math.min(x.death, b.thresholds[2]!) >= 1.25 * x.birth && Math.min(x.death, b.thresholds[2]!) - x.birth > b.spacing);
    expect(voids).toHaveLength(1);
    expect(Math.min(voids[0]!.death, b.thresholds[2]!) - voids[0]!.birth).toBeLessThan(b.cut * 1.5);
    expect(b.thresholds[2]).toBeCloseTo(Math.min(2.5 * b.cut, b.thresholds[1]!), 12);
  });
});
