import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decode } from 'fast-png';
import { encodePng } from '../../src/render/png-encode.js';
import { quantizeColors } from '../../src/render/palette-quantize.js';
import { decisionRegionsPicture, rasterize, stripPicture, type Picture } from '../../src/render/index.js';
import { distinctColors } from './helpers.js';
import { diskAnnulus, spiralRepresentations } from './synthetic.js';

/** Decoded pixels as RGBA bytes, whatever colour type the file uses. */
function rgbaOf(png: Uint8Array): { rgba: Uint8Array; channels: number; indexed: boolean } {
  const img = decode(png);
  const n = img.width * img.height, out = new Uint8Array(n * 4);
  const d = img.data as Uint8Array;
  for (let i = 0; i < n; i++) {
    if (img.palette) {
      const c = img.palette[d[i]!]!;
      out.set([c[0]!, c[1]!, c[2]!, c.length === 4 ? c[3]! : 255], 4 * i);
    } else for (let k = 0; k < 4; k++) out[4 * i + k] = k < img.channels ? d[img.channels * i + k]! : 255;
  }
  return { rgba: out, channels: img.channels, indexed: img.palette !== undefined };
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('encodePng', () => {
  const cases: [string, number, number, (i: number, r: () => number) => [number, number, number, number]][] = [
    ['few colours, opaque → indexed', 17, 5, (i) => [(i % 3) * 100, 50, 7, 255]],
    ['few colours with alpha → indexed + tRNS', 3, 33, (i) => [10, (i % 5) * 50, 0, i % 2 ? 255 : 0]],
    ['many colours, opaque → RGB', 33, 17, (_i, r) => [r() * 256, r() * 256, r() * 256, 255]],
    ['many colours with alpha → RGBA', 17, 17, (_i, r) => [r() * 256, r() * 256, r() * 256, r() * 256]],
    ['one pixel', 1, 1, () => [1, 2, 3, 255]],
  ];
  for (const [name, w, h, colour] of cases) {
    it(`round-trips ${w}×${h}: ${name}`, () => {
      const r = seeded(w * 31 + h);
      const rgba = new Uint8Array(w * h * 4);
      for (let i = 0; i < w * h; i++) rgba.set(colour(i, r).map(Math.floor), 4 * i);
      const back = rgbaOf(encodePng(w, h, rgba));
      expect(back.rgba).toEqual(rgba);
      const opaque = rgba.every((v, i) => i % 4 !== 3 || v === 255);
      const few = name.startsWith('few') || name === 'one pixel';
      expect(back.indexed).toBe(few);
      if (!few) expect(back.channels).toBe(opaque ? 3 : 4);
    });
  }
  it('reads RGBA from an unaligned view', () => {
    const buf = new Uint8Array(1 + 4 * 6).fill(200);
    const view = buf.subarray(1);
    expect(rgbaOf(encodePng(3, 2, view)).rgba).toEqual(view.slice());
  });
  it('refuses a buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/2×2×4/);
  });
});

describe('encodePng with maxColors (quantised to a palette)', () => {
  /** Mean absolute channel error and the 99.9th percentile of each pixel's largest channel error. */
  function colourError(exact: Uint8Array, got: Uint8Array): { mean: number; p999: number } {
    const n = exact.length / 4, worst = new Uint8Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 4; k++) {
        const e = Math.abs(exact[4 * i + k]! - got[4 * i + k]!);
        sum += e;
        if (e > worst[i]!) worst[i] = e;
      }
    }
    worst.sort();
    return { mean: sum / (4 * n), p999: worst[Math.floor(0.999 * (n - 1))]! };
  }
  // Shaded decision regions and a strip of anti-aliased points and grid lines: thousands of colours.
  const pictures: [string, Picture][] = [
    ['decision regions (smooth shading)', decisionRegionsPicture({ ...diskAnnulus(), title: 'disk' }, { width: 420, height: 420 })],
    ['representation strip (anti-aliased points and lines)', stripPicture(spiralRepresentations(), { panelWidth: 260, panelHeight: 260, title: 'spirals' })],
  ];
  /** Bounds that a 256-colour palette must meet: half a level per channel on average, 16 levels at the 99.9th percentile. */
  const MEAN = 0.5, P999 = 16;
  for (const [name, picture] of pictures) {
    it(`${name}: 256 colours stay within ${MEAN} level on average and ${P999} levels at the 99.9th percentile; 16 colours do not`, () => {
      const c = rasterize(picture);
      expect(distinctColors({ width: c.width, height: c.height, rgba: c.data })).toBeGreaterThan(256);
      const png = encodePng(c.width, c.height, c.data, { maxColors: 256 });
      const back = rgbaOf(png);
      expect(back.indexed).toBe(true);
      const err = colourError(c.data, back.rgba);
      expect(err.mean).toBeLessThanOrEqual(MEAN);
      expect(err.p999).toBeLessThanOrEqual(P999);
      // The bounds are tight enough to reject a coarse palette.
      const coarse = colourError(c.data, rgbaOf(encodePng(c.width, c.height, c.data, { maxColors: 16 })).rgba);
      expect(coarse.mean > MEAN || coarse.p999 > P999).toBe(true);
    });
  }
  it('takes another deflate: the same pixels, in the bytes that deflate gives', () => {
    const c = rasterize(pictures[1]![1]);
    const six = encodePng(c.width, c.height, c.data, { maxColors: 256 });
    const nine = encodePng(c.width, c.height, c.data, { maxColors: 256, deflate: (rows) => deflateSync(rows, { level: 9 }) });
    expect(rgbaOf(nine).rgba).toEqual(rgbaOf(six).rgba);
    expect(nine.length).toBeLessThan(six.length);
  });
  it('leaves pictures of at most 256 colours exact, and refuses a palette size outside 2…256', () => {
    const rgba = new Uint8Array(4 * 40);
    for (let i = 0; i < 40; i++) rgba.set([i * 6, 255 - i, 7, 255], 4 * i);
    expect(rgbaOf(encodePng(8, 5, rgba, { maxColors: 256 })).rgba).toEqual(rgba);
    expect(() => quantizeColors(new Uint32Array(4), 1)).toThrow(/2…256/);
    expect(() => quantizeColors(new Uint32Array(4), 257)).toThrow(/2…256/);
  });
});
