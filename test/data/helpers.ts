import { expect } from 'vitest';
import { validateDataset, type Dataset } from '../../src/data/dataset';

/** Checks shared by every generated set: valid, domain covers the points, params carry the seed. */
export function expectWellFormed(ds: Dataset, dim: number): void {
  validateDataset(ds);
  expect(ds.dim).toBe(dim);
  expect(ds.domain.min).toHaveLength(dim);
  expect(ds.domain.max).toHaveLength(dim);
  expect(typeof ds.params.seed).toBe('number');
  for (let i = 0; i < ds.n; i++) {
    for (let d = 0; d < dim; d++) {
      const v = ds.x[i * dim + d]!;
      if (v < ds.domain.min[d]! || v > ds.domain.max[d]!) {
        throw new Error(`row ${i} feature ${d} = ${v} outside domain [${ds.domain.min[d]}, ${ds.domain.max[d]}]`);
      }
    }
  }
}

export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classes).fill(0);
  for (const c of ds.y) counts[c]!++;
  return counts;
}

export function bytesOf(ds: Dataset): Uint8Array {
  return new Uint8Array(ds.x.buffer, ds.x.byteOffset, ds.x.byteLength);
}

/** Same seed → identical bits; different seed → different points. */
export function expectDeterministic(make: (seed: number) => Dataset): void {
  const a = make(7);
  const b = make(7);
  const c = make(8);
  expect(bytesOf(a)).toEqual(bytesOf(b));
  expect(Array.from(a.y)).toEqual(Array.from(b.y));
  expect(a.domain).toEqual(b.domain);
  expect(bytesOf(a)).not.toEqual(bytesOf(c));
}
