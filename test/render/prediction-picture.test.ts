// The regression pictures: the predicted curve over the samples (1-D) and the
// predicted surface with level lines and the samples (2-D), as PNG and SVG.
import { describe, it, expect } from 'vitest';
import { predictionPicture, valueColor, type PredictionInput } from '../../src/render/prediction-picture.js';
import { toPng, toSvg } from '../../src/render/pictures.js';
import { Random } from '../../src/engine/random.js';
import { DataError } from '../../src/errors.js';
import { checkXml, countElements, decodePng, distinctColors, hexRgb, near, pixelAt } from './helpers.js';

function input(dim: 1 | 2, N: number, f: (x: number, y: number) => number): PredictionInput {
  const columns = Float32Array.from({ length: N }, (_, i) => -1 + (2 * i) / (N - 1));
  const rows = dim === 2 ? columns.slice().reverse() : new Float32Array(0);
  const values = dim === 1 ? columns.map((x) => f(x, 0)) : Float32Array.from({ length: N * N }, (_, k) => f(columns[k % N]!, rows[Math.floor(k / N)]!));
  const r = new Random(dim);
  const n = 40;
  const samples = Float32Array.from({ length: n * dim }, () => r.range(-1, 1));
  const targets = Float32Array.from({ length: n }, (_, i) => f(samples[i * dim]!, dim === 2 ? samples[i * dim + 1]! : 0) + 0.05 * r.normal());
  return { dim, resolution: N, columns, rows, values, samples, targets, title: 'test' };
}

describe('prediction pictures', () => {
  it('valueColor runs blue → white → orange', () => {
    const at = (v: number) => { const c = valueColor(v, -1, 1); return [c.r, c.g, c.b].map(Math.round); };
    expect(near(at(-1), hexRgb('#0072B2'))).toBe(true);
    expect(near(at(0), [255, 255, 255])).toBe(true);
    expect(near(at(1), hexRgb('#E69F00'))).toBe(true);
    expect(near(at(5), at(1))).toBe(true); // clamped
  });

  it('1-D: the curve and the samples, PNG and SVG', () => {
    const pic = predictionPicture(input(1, 101, (x) => Math.sin(3 * x)));
    const img = decodePng(toPng(pic));
    expect([img.width, img.height]).toEqual([640, 400]);
    expect(distinctColors(img)).toBeGreaterThan(10);
    const svg = toSvg(pic);
    checkXml(svg);
    expect(countElements(svg, 'circle', 'point')).toBe(40);
  });

  it('2-D: the surface is orange where the prediction is high and blue where low', () => {
    const N = 41;
    const pic = predictionPicture(input(2, N, (x, y) => x), { width: 400, height: 400 });
    const img = decodePng(toPng(pic));
    expect(distinctColors(img)).toBeGreaterThan(20);
    // Sample the middle row near the left and right edges of the image's plot area.
    const left = pixelAt(img, 90, 200), right = pixelAt(img, 360, 200);
    expect(left[2]).toBeGreaterThan(left[0]); // bluish where x is low
    expect(right[0]).toBeGreaterThan(right[2]); // orange where x is high
    const svg = toSvg(pic);
    checkXml(svg);
    expect(countElements(svg, 'circle', 'point')).toBe(40);
  });

  it('a grid whose values do not match its resolution is refused', () => {
    const bad = { ...input(2, 5, (x) => x), resolution: 6 };
    expect(() => predictionPicture(bad)).toThrow(DataError);
  });
});
