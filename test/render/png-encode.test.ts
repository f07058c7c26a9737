import { describe, expect, it } from 'vitest';
import { decode } from 'fast-png';
import { encodePng } from '../../src/render/png-encode.js';

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
