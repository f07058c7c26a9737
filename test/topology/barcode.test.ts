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
  /** Each colour's path data: one `M x y h w v h h -w z` per bar, one `M x y l … z` per arrow. */
  const shapesOf = (svg: string) => Object.fromEntries([...svg.matchAll(/<path d="([^"]*)" fill="([^"]*)"\/>/g)].map((m) => [m[2]!, {
    bars: (m[1]!.match(/M[\d.]+ -?[\d.]+h[\d.]+v[\d.]+h-[\d.]+z/g) ?? []).length,
    arrows: (m[1]!.match(/M[\d.]+ -?[\d.]+l3 /g) ?? []).length,
  }]));

  it('draws each bar, an arrow for bars alive at the threshold, and the cut', () => {
    const svg = barcodeSvg({ bars: [[[0, 0.1], [0, null]], [[0.2, 0.9], [0.3, 0.35]]], threshold: 1, cut: 0.2 }, { title: 'a <b>' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('<title>a &lt;b&gt;</title>');
    // Counted bars (longer than the cut) dark, the others faint; the bar alive at the threshold ends in an arrow.
    expect(shapesOf(svg)).toEqual({
      '#9ecae1': { bars: 1, arrows: 0 }, '#1f77b4': { bars: 1, arrows: 1 },
      '#d62728': { bars: 1, arrows: 0 }, '#f4a6a6': { bars: 1, arrows: 0 },
    });
    // β1's counted bar [0.2, 0.9] on the default 156 px scale from x = 18: from 49.2 for 109.2 px, 2 px high.
    expect(svg).toMatch(/M49\.2 \d+h109\.2v2h-109\.2z/);
  });

  it('keeps the longest bars when there are too many', () => {
    const bars = [Array.from({ length: 50 }, (_, i): [number, number] => [0, (i + 1) / 50])];
    const svg = barcodeSvg({ bars, threshold: 1 }, { maxBarsPerDim: 5 });
    expect(shapesOf(svg)['#1f77b4']).toEqual({ bars: 5, arrows: 0 });
    expect(svg).toContain('5 longest of 50');
  });

  it('rejects a width below 40 px with OptionError', () => {
    try { barcodeSvg({ bars: [], threshold: 1 }, { width: 10 }); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(OptionError);
      expect((e as OptionError).code).toBe('BAD_OPTION');
    }
  });
});
