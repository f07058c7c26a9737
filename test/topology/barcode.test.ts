import { describe, it, expect } from 'vitest';
import { barcodeSvg, cloudBarcode, DEFAULT_BARCODE } from '../../src/topology/index.js';
import { OptionError } from '../../src/errors.js';
import { linkedTori } from '../../src/data/index.js';
import { annulus, circle, disk, rowsOf, twoCircles } from './shapes.js';

describe('cloudBarcode: the rule reads the right Betti numbers off the barcode', () => {
  const cases: [string, (seed: number) => Float32Array, number[]][] = [
    ['noisy circle, 400 points', (s) => circle(400, s, { noise: 0.03 }), [1, 1]],
    ['annulus, 600 points', (s) => annulus(600, s), [1, 1]],
    ['disk, 600 points', (s) => disk(600, s), [1, 0]],
    ['two circles, 600 points', (s) => twoCircles(600, s), [2, 2]],
  ];
  for (const metric of ['knn-geodesic', 'euclidean'] as const) {
    for (const [name, make, want] of cases) {
      it.each([1, 2])(`${metric}: ${name} → (${want.join(', ')}), seed %i`, (seed) => {
        const b = cloudBarcode(make(seed), 2, { metric });
        expect(b.betti, b.rule).toEqual(want);
        expect(b.landmarks).toEqual({ count: DEFAULT_BARCODE.landmarks, of: make(seed).length / 2, coverRadius: expect.any(Number) });
        expect(b.points).toBe(DEFAULT_BARCODE.landmarks);
      });
    }
  }

  it.each([2, 3])('each solid torus of the linked tori is (1, 1, 0) with β2 asked for, seed %i', (seed) => {
    const ds = linkedTori({ n: 1200, seed });
    for (const c of [0, 1]) {
      const b = cloudBarcode(rowsOf(ds.x, 3, ds.y, c), 3, { maxDim: 2 });
      expect(b.betti, b.rule).toEqual([1, 1, 0]);
      expect(b.thresholds).toHaveLength(3);
      expect(b.thresholds[2]).toBeLessThanOrEqual(b.thresholds[1]!);
    }
  });

  it('counts only bars longer than the cut, and says where the cut is', () => {
    const b = cloudBarcode(annulus(500, 9), 2, { metric: 'euclidean' });
    const long = b.bars[1]!.filter((x) => Math.min(x.death, b.threshold) - x.birth > b.cut);
    expect(long).toHaveLength(b.betti[1]!);
    expect(b.bars[1]!.length).toBeGreaterThan(b.betti[1]!); // there is noise below the cut
    expect(b.cut).toBeCloseTo(Math.max(0.1 * b.diameter, 2 * b.spacing, 2 * b.landmarks!.coverRadius), 12);
    expect(b.rule).toContain(b.cut.toPrecision(3));
  });

  it('rejects bad options with OptionError (code BAD_OPTION)', () => {
    const pts = circle(50, 1);
    for (const bad of [{ fraction: 0 }, { fraction: 1.5 }, { maxDim: 3 as never }, { metric: 'cosine' as never }, { thresholdFactor: 0.5 }, { landmarks: 2 }]) {
      try { cloudBarcode(pts, 2, bad); expect.unreachable(JSON.stringify(bad)); } catch (e) {
        expect(e).toBeInstanceOf(OptionError);
        expect((e as OptionError).code).toBe('BAD_OPTION');
      }
    }
  });
});

describe('barcodeSvg', () => {
  it('draws one rect per bar, an arrow for bars alive at the threshold, and the cut', () => {
    const svg = barcodeSvg({ bars: [[[0, 0.1], [0, null]], [[0.2, 0.9], [0.3, 0.35]]], threshold: 1, cut: 0.2 }, { title: 'a <b>' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('<title>a &lt;b&gt;</title>');
    // Counted bars (longer than the cut) dark, the others faint.
    expect(svg.match(/<rect [^>]*fill="#d62728"/g)).toHaveLength(1);
    expect(svg.match(/<rect [^>]*fill="#f4a6a6"/g)).toHaveLength(1);
  });

  it('keeps the longest bars when there are too many', () => {
    const bars = [Array.from({ length: 50 }, (_, i): [number, number] => [0, (i + 1) / 50])];
    const svg = barcodeSvg({ bars, threshold: 1 }, { maxBarsPerDim: 5 });
    expect(svg.match(/<rect /g)).toHaveLength(5);
    expect(svg).toContain('5 longest of 50');
  });

  it('rejects a width below 40 px with OptionError', () => {
    try { barcodeSvg({ bars: [], threshold: 1 }, { width: 10 }); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(OptionError);
      expect((e as OptionError).code).toBe('BAD_OPTION');
    }
  });
});
