import { describe, it, expect } from 'vitest';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../src/data/csv';
import { loadCsv } from '../../src/data/csv-file';
import { validateDataset } from '../../src/data/dataset';
import { DataFileError, OptionError } from '../../src/errors.js';

describe('parseCsv: good files', () => {
  it('header, string labels, label last by default', () => {
    const ds = parseCsv('x1,x2,label\n0,1,cat\n2,3,dog\n4,-5,cat\n');
    validateDataset(ds);
    expect(ds.n).toBe(3);
    expect(ds.dim).toBe(2);
    expect(ds.classes).toBe(2);
    expect(Array.from(ds.x)).toEqual([0, 1, 2, 3, 4, -5]);
    expect(ds.labels).toEqual(['cat', 'dog']);
    expect(Array.from(ds.y)).toEqual([0, 1, 0]);
    expect(ds.features).toEqual(['x1', 'x2']);
    expect(ds.name).toBe('csv');
    expect(ds.params).toMatchObject({ header: true, delimiter: ',', labelColumn: 'label', rows: 3 });
  });

  it('no header detected automatically, numeric labels sorted numerically', () => {
    const ds = parseCsv('0.5,1e-1,10\n1,2,2\n3,4,-1\n5,6,2.0\n', { name: 'nums' });
    expect(ds.name).toBe('nums');
    expect(ds.params.header).toBe(false);
    expect(ds.labels).toEqual(['-1', '2', '10']);
    expect(Array.from(ds.y)).toEqual([2, 1, 0, 1]);
    expect(ds.x[1]).toBeCloseTo(0.1, 7);
    expect(ds.features).toEqual(['1', '2']);
  });

  it('three or more classes, label column by name in the middle', () => {
    const ds = parseCsv('a,species,b\n1,setosa,2\n3,virginica,4\n5,versicolor,6\n7,setosa,8\n', { labelColumn: 'species' });
    expect(ds.classes).toBe(3);
    expect(ds.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(ds.y)).toEqual([0, 2, 1, 0]);
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ds.features).toEqual(['a', 'b']);
  });

  it('label column by index, negative from the end', () => {
    const first = parseCsv('A,1,2\nB,3,4\n', { labelColumn: 0 });
    expect(Array.from(first.x)).toEqual([1, 2, 3, 4]);
    expect(first.labels).toEqual(['A', 'B']);
    const last = parseCsv('1,2,A\n3,4,B\n', { labelColumn: -1 });
    expect(last.labels).toEqual(['A', 'B']);
  });

  it('CRLF, blank and trailing lines, BOM', () => {
    const ds = parseCsv('\uFEFFx,y,c\r\n1,2,a\r\n\r\n3,4,b\r\n\r\n  \r\n');
    expect(ds.n).toBe(2);
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4]);
    expect(ds.features).toEqual(['x', 'y']);
  });

  it('semicolons and tabs are detected', () => {
    const semi = parseCsv('x;y;c\n1.5;2;a\n3;4;b\n');
    expect(semi.params.delimiter).toBe(';');
    expect(Array.from(semi.x)).toEqual([1.5, 2, 3, 4]);
    const tab = parseCsv('x\ty\tc\n1\t2\ta\n3\t4\tb\n');
    expect(tab.params.delimiter).toBe('\t');
    expect(tab.n).toBe(2);
  });

  it('quoted fields, including delimiters and escaped quotes', () => {
    const ds = parseCsv('"x","y","name"\n"1", 2 ,"a, ""big"" one"\n3,"4",b\n');
    expect(ds.labels).toEqual(['a, "big" one', 'b']);
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4]);
  });

  it('header: false forces the first row to be data', () => {
    const ds = parseCsv('1,2,a\n3,4,b\n', { header: false });
    expect(ds.n).toBe(2);
    const forced = parseCsv('1,2,3\n3,4,5\n5,6,3\n', { header: true });
    expect(forced.n).toBe(2);
    expect(forced.features).toEqual(['1', '2']);
  });

  it('domain is per-feature min/max with a 5% margin', () => {
    const ds = parseCsv('0,10,a\n10,10,b\n');
    expect(ds.domain.min[0]).toBeCloseTo(-0.5, 6);
    expect(ds.domain.max[0]).toBeCloseTo(10.5, 6);
    expect(ds.domain.min[1]).toBeCloseTo(9.5, 6); // constant feature: ±0.5
    expect(ds.domain.max[1]).toBeCloseTo(10.5, 6);
  });
});

describe('parseCsv: errors name the line and column', () => {
  // [what, text, message, where]: `where` is the DataFileError's line/column/field (undefined where none applies).
  it.each([
    ['not a number', 'x1,x2,c\n1,2,a\n3,abc,b\n', /^line 3, column 'x2': 'abc' is not a number$/, { line: 3, column: 2, field: 'x2' }],
    ['not a number, no header', '1,2,a\n3,4,b\n\n5,0x1,a\n', /^line 4, column 2: '0x1' is not a number$/, { line: 4, column: 2, field: '2' }],
    ['too few columns', 'x,y,c\n1,2,a\n3,b\n', /^line 3: expected 3 columns, found 2$/, { line: 3, column: undefined }],
    ['too many columns', 'x,y,c\n1,2,a\n3,4,5,b\n', /^line 3: expected 3 columns, found 4$/, { line: 3, column: undefined }],
    ['NaN', 'x,y,c\n1,NaN,a\n3,4,b\n', /^line 2, column 'y': 'NaN' is not a finite number$/, { line: 2, column: 2, field: 'y' }],
    ['Infinity', 'x,y,c\n1,2,a\n-Infinity,4,b\n', /^line 3, column 'x': '-Infinity' is not a finite number$/, { line: 3, column: 1, field: 'x' }],
    ['f32 overflow', 'x,y,c\n1,2,a\n1e39,4,b\n', /^line 3, column 'x'.*float32/, { line: 3, column: 1, field: 'x' }],
    ['empty value', 'x,y,c\n1,,a\n3,4,b\n', /^line 2, column 'y': empty value$/, { line: 2, column: 2, field: 'y' }],
    ['empty label', 'x,y,c\r\n1,2,a\r\n3,4,\r\n', /^line 3, column 'c': empty label$/, { line: 3, column: 3, field: 'c' }],
    ['unterminated quote', 'x,y,c\n1,2,a\n"3,4,b\n', /^line 3: unterminated/, { line: 3, column: 1 }],
    ['empty file', '', /CSV is empty/, { line: undefined }],
    ['blank file', '\n  \r\n\n', /CSV is empty/, { line: undefined }],
    ['header only', 'x,y,c\n\n', /no data rows.*line 1/, { line: 1 }],
    ['one class', 'x,y,c\n1,2,a\n3,4,a\n', /single class \('a'\)/, { column: 3, field: 'c' }],
    ['one column', '1\n2\n', /line 1: found 1 column/, { line: 1 }],
  ])('%s', (_what, text, message, where) => {
    expect(() => parseCsv(text)).toThrow(message);
    expect(() => parseCsv(text)).toThrow(expect.objectContaining({ name: 'DataFileError', code: 'BAD_DATA_FILE', ...where }));
  });

  it('bad label column options', () => {
    const option = expect.objectContaining({ name: 'OptionError', code: 'BAD_OPTION', option: 'labelColumn' });
    expect(() => parseCsv('x,y,c\n1,2,a\n3,4,b\n', { labelColumn: 'z' })).toThrow(/no column 'z'.*'x', 'y', 'c'/);
    expect(() => parseCsv('x,y,c\n1,2,a\n3,4,b\n', { labelColumn: 'z' })).toThrow(option);
    expect(() => parseCsv('x,y,c\n1,2,a\n3,4,b\n', { labelColumn: 3 })).toThrow(/labelColumn 3 is out of range/);
    expect(() => parseCsv('x,y,c\n1,2,a\n3,4,b\n', { labelColumn: 3 })).toThrow(option);
    expect(() => parseCsv('1,2,a\n3,4,b\n', { labelColumn: 'c', header: false })).toThrow(/header is false/);
    expect(() => parseCsv('1,2,a\n3,4,b\n', { labelColumn: 'c', header: false })).toThrow(option);
  });
});

describe('loadCsv', () => {
  it('reads a file, names the set after it, prefixes errors with the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-csv-'));
    try {
      const good = join(dir, 'blobs.csv');
      await writeFile(good, 'x,y,c\n1,2,a\n3,4,b\n');
      const ds = await loadCsv(good);
      expect(ds.name).toBe('blobs');
      expect(ds.n).toBe(2);
      const bad = join(dir, 'bad.csv');
      await writeFile(bad, 'x,y,c\n1,2,a\n3,?,b\n');
      await expect(loadCsv(bad)).rejects.toThrow(/bad\.csv: line 3, column 'y'/);
      await expect(loadCsv(bad)).rejects.toMatchObject({ name: 'DataFileError', code: 'BAD_DATA_FILE', file: bad, line: 3, column: 2, field: 'y' });
      await expect(loadCsv(join(dir, 'none.csv'))).rejects.toMatchObject({ code: 'BAD_DATA_FILE', file: join(dir, 'none.csv') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('parseCsv with a target column (regression)', () => {
  it('reads the target as numbers, every other column as a feature', () => {
    const ds = parseCsv('a,t,b\n1,0.5,2\n3,-1.25,4\n5,2e-1,6\n', { target: 't' });
    expect(ds.targetDim).toBe(1);
    expect(Array.from(ds.targets!)).toEqual([0.5, -1.25, Math.fround(0.2)]);
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ds.features).toEqual(['a', 'b']);
    expect(ds.classes).toBe(1);
    validateDataset(ds);
    const byIndex = parseCsv('1,0.5,2\n3,-1.25,4\n', { target: 1 });
    expect(Array.from(byIndex.targets!)).toEqual([0.5, -1.25]);
  });

  it('a non-numeric target is a DataFileError on its line; target with labelColumn an OptionError', () => {
    let error: unknown;
    try {
      parseCsv('a,t\n1,0.5\n2,high\n', { target: 't' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).code).toBe('BAD_DATA_FILE');
    expect((error as DataFileError).line).toBe(3);
    let both: unknown;
    try {
      parseCsv('a,t\n1,0.5\n', { target: 't', labelColumn: 'a' });
    } catch (e) {
      both = e;
    }
    expect(both).toBeInstanceOf(OptionError);
    expect((both as OptionError).code).toBe('BAD_OPTION');
  });
});
