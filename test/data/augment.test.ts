// Shifted copies: every copy is its image moved by a shift in range, checked
// pixel by pixel against a plain per-pixel reference; seeded; bad options refused.
import { describe, it, expect } from 'vitest';
import { shiftedCopies, type ImageShape } from '../../src/data/augment.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/engine/random.js';
import { OptionError } from '../../src/errors.js';

function images(n: number, shape: ImageShape, seed: number): Dataset & { shape: ImageShape } {
  const r = new Random(seed);
  const dim = shape.channels * shape.height * shape.width;
  const x = new Float32Array(n * dim).map(() => 0.01 + r.uniform()); // never 0, so a 0 is always fill
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  return { name: 'pictures', x, y, n, dim, classes: 3, domain: { min: [0], max: [1] }, params: { seed }, shape };
}

/** The pixel the reference puts at (c, i, j) of `image` moved by (dx, dy). */
function shiftedPixel(image: Float32Array, s: ImageShape, c: number, i: number, j: number, dx: number, dy: number): number {
  const si = i - dy, sj = j - dx;
  return si >= 0 && si < s.height && sj >= 0 && sj < s.width ? image[(c * s.height + si) * s.width + sj]! : 0;
}

/** The shift (dx, dy) within ±m that turns `image` into `out` exactly, or null. */
function findShift(out: Float32Array, image: Float32Array, s: ImageShape, m: number): [number, number] | null {
  for (let dy = -m; dy <= m; dy++) {
    for (let dx = -m; dx <= m; dx++) {
      let same = true;
      for (let c = 0; c < s.channels && same; c++) {
        for (let i = 0; i < s.height && same; i++) {
          for (let j = 0; j < s.width && same; j++) same = out[(c * s.height + i) * s.width + j] === shiftedPixel(image, s, c, i, j, dx, dy);
        }
      }
      if (same) return [dx, dy];
    }
  }
  return null;
}

describe('shiftedCopies', () => {
  it.each([
    [{ channels: 1, height: 5, width: 7 }, 2],
    [{ channels: 3, height: 4, width: 3 }, 1],
    [{ channels: 2, height: 1, width: 17 }, 3],
    [{ channels: 1, height: 3, width: 3 }, 5], // shifts past the whole image give blank copies
  ])('%o, maxShift %i: originals first, then each copy is its image shifted within range; labels follow', (shape, maxShift) => {
    const data = images(40, shape, 2);
    const out = shiftedCopies(data, { copies: 2, maxShift, seed: 9 });
    expect(out.n).toBe(120);
    expect(out.dim).toBe(data.dim);
    expect(Array.from(out.x.subarray(0, data.x.length))).toEqual(Array.from(data.x));
    const shifts = new Set<string>();
    for (let row = data.n; row < out.n; row++) {
      const i = row % data.n;
      expect(out.y[row]).toBe(data.y[i]);
      const image = data.x.subarray(i * data.dim, (i + 1) * data.dim);
      const shift = findShift(out.x.subarray(row * data.dim, (row + 1) * data.dim), image, shape, maxShift);
      expect(shift, `row ${row}`).not.toBeNull();
      shifts.add(String(shift));
    }
    expect(shifts.size).toBeGreaterThan(1); // not one shift for all
  });

  it('draws every shift in range about equally often', () => {
    const shape = { channels: 1, height: 9, width: 9 };
    const data = images(500, shape, 3);
    const out = shiftedCopies(data, { keepOriginal: false, maxShift: 2, seed: 1 });
    const counts = new Map<string, number>();
    for (let row = 0; row < out.n; row++) {
      const key = String(findShift(out.x.subarray(row * data.dim, (row + 1) * data.dim), data.x.subarray(row * data.dim, (row + 1) * data.dim), shape, 2));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(25);
    for (const c of counts.values()) expect(Math.abs(c - 20)).toBeLessThan(15); // 500 / 25 = 20 each
  });

  it('uses the shape the data carries; the same seed gives the same bits, another seed others; keepOriginal false leaves only copies', () => {
    const data = images(30, { channels: 1, height: 6, width: 6 }, 4);
    const a = shiftedCopies(data, { seed: 5 }), b = shiftedCopies(data, { seed: 5 }), c = shiftedCopies(data, { seed: 6 });
    expect(a.x).toEqual(b.x);
    expect(a.x).not.toEqual(c.x);
    expect(a.params).toMatchObject({ shiftCopies: 1, maxShift: 2, shiftSeed: 5 });
    const only = shiftedCopies(data, { seed: 5, keepOriginal: false });
    expect(only.n).toBe(30);
    expect(only.x).toEqual(a.x.subarray(data.x.length));
  });

  it('refuses bad options with OptionError naming them', () => {
    const data = images(4, { channels: 1, height: 3, width: 3 }, 1);
    const option = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(OptionError);
        return (e as OptionError).option;
      }
      return 'accepted';
    };
    expect(option(() => shiftedCopies(data, { maxShift: 0 }))).toBe('maxShift');
    expect(option(() => shiftedCopies(data, { maxShift: 1.5 }))).toBe('maxShift');
    expect(option(() => shiftedCopies(data, { copies: 0 }))).toBe('copies');
    expect(option(() => shiftedCopies(data, { shape: { channels: 1, height: 3, width: 4 } }))).toBe('shape');
    const { shape: _, ...shapeless } = data;
    expect(option(() => shiftedCopies(shapeless))).toBe('shape');
    expect(option(() => shiftedCopies(shapeless, { shape: { channels: 1, height: 9, width: 1 } }))).toBe('accepted');
    expect(option(() => shiftedCopies({ ...data, targets: new Float32Array(4), targetDim: 1 }))).toBe('data');
  });
});
