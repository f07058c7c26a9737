import { describe, it, expect } from 'vitest';
import { splitDataset, subset } from '../../src/data/split';
import { parseCsv } from '../../src/data/csv';
import { spirals } from '../../src/data/spirals';
import { validateDataset } from '../../src/data/dataset';
import { bytesOf, classCounts } from './helpers';

/** Row i as a string key, to match rows between a set and its parts. */
function rows(ds: { x: Float32Array; y: Int32Array; n: number; dim: number }): string[] {
  return Array.from({ length: ds.n }, (_, i) => `${Array.from(ds.x.subarray(i * ds.dim, (i + 1) * ds.dim))}|${ds.y[i]}`);
}

describe('subset', () => {
  it('copies the chosen rows in order and keeps the metadata', () => {
    const ds = spirals({ n: 10 });
    const s = subset(ds, [3, 0, 3]);
    validateDataset(s);
    expect(s.n).toBe(3);
    expect(rows(s)).toEqual([rows(ds)[3], rows(ds)[0], rows(ds)[3]]);
    expect(s.domain).toBe(ds.domain);
    expect(s.params).toEqual(ds.params);
  });

  it('keeps extra fields such as CSV labels', () => {
    const ds = parseCsv('x,c\n1,a\n2,b\n3,c\n');
    expect(subset(ds, [2]).labels).toEqual(['a', 'b', 'c']);
  });

  it('rejects bad indices', () => {
    const ds = spirals({ n: 10 });
    expect(() => subset(ds, [10])).toThrow(/index 10 at position 0/);
    expect(() => subset(ds, [1.5])).toThrow(/index 1.5/);
    expect(() => subset(ds, [])).toThrow(/no indices/);
    for (const bad of [[10], [1.5], []]) expect(() => subset(ds, bad)).toThrow(expect.objectContaining({ code: 'BAD_OPTION', option: 'indices' }));
  });
});

describe('splitDataset', () => {
  it('is stratified: each class split by testFraction', () => {
    const ds = spirals({ n: 400 });
    const { train, test } = splitDataset(ds, { testFraction: 0.25, seed: 3 });
    validateDataset(train);
    validateDataset(test);
    expect(classCounts(test)).toEqual([50, 50]);
    expect(classCounts(train)).toEqual([150, 150]);
    expect(test.params).toMatchObject({ ...ds.params, split: 'test', testFraction: 0.25, splitSeed: 3 });
  });

  it('partitions the rows: together they are the original multiset, order preserved', () => {
    const ds = parseCsv('x,c\n' + Array.from({ length: 30 }, (_, i) => `${i},${'abc'[i % 3]}`).join('\n'));
    const { train, test } = splitDataset(ds, { testFraction: 0.3 });
    expect(classCounts(test)).toEqual([3, 3, 3]);
    const all = [...rows(train), ...rows(test)].sort();
    expect(all).toEqual(rows(ds).sort());
    const xs = Array.from(train.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('is deterministic per seed and differs across seeds', () => {
    const ds = spirals({ n: 200 });
    const a = splitDataset(ds, { seed: 1 }).test;
    const b = splitDataset(ds, { seed: 1 }).test;
    const c = splitDataset(ds, { seed: 2 }).test;
    expect(bytesOf(a)).toEqual(bytesOf(b));
    expect(bytesOf(a)).not.toEqual(bytesOf(c));
  });

  it('keeps at least one row of a class on each side', () => {
    const ds = parseCsv('x,c\n1,a\n2,a\n3,b\n4,b\n5,b\n6,b\n7,b\n8,b\n');
    const { train, test } = splitDataset(ds, { testFraction: 0.1 });
    expect(classCounts(test)).toEqual([1, 1]);
    expect(classCounts(train)).toEqual([1, 5]);
  });

  it.each([0, 1, -0.5, NaN])('rejects testFraction %d', (testFraction) => {
    expect(() => splitDataset(spirals({ n: 10 }), { testFraction })).toThrow(/testFraction/);
    expect(() => splitDataset(spirals({ n: 10 }), { testFraction })).toThrow(expect.objectContaining({ code: 'BAD_OPTION', option: 'testFraction' }));
  });
});
