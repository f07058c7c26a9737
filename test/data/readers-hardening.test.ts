// Regression tests for inputs that used to hang, leak memory contents or silently merge data.
import { describe, it, expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import { parseCsv } from '../../src/data/csv.js';
import { parseIdx, idxDataset } from '../../src/data/idx.js';
import { loadIdxDataset } from '../../src/data/idx-file.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateDataset, type Dataset } from '../../src/data/dataset.js';
import { DataError, DataFileError } from '../../src/errors.js';
import { strictTiming } from '../helpers/timing.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('CSV number cells are scanned in linear time', () => {
  it.each([['feature', (d: string) => `a,b,c\n1,${d}x,p\n2,3,q\n`], ['label', (d: string) => `1,2,${d}x\n2,3,1\n`]])(
    'a %s cell of 300 000 digits then x is refused at once, by name',
    (_what, make) => {
      const text = make('7'.repeat(300_000));
      const t = performance.now();
      let e: unknown;
      try {
        const ds = parseCsv(text);
        // As a label the cell is just another string: two classes, read at once.
        expect(ds.classes).toBe(2);
      } catch (err) {
        e = err;
      }
      const ms = performance.now() - t;
      expect(ms).toBeLessThan(500); // the old regular expression needed minutes
      if (e !== undefined) {
        expect(e).toBeInstanceOf(DataFileError);
        expect(e).toMatchObject({ code: 'BAD_DATA_FILE', line: 2, column: 2, field: 'b' });
        expect((e as Error).message.length).toBeLessThan(200);
      }
    },
  );
});

describe('CSV labels are compared exactly', () => {
  it('ids that one double cannot tell apart stay two classes, in numeric order', () => {
    const ds = parseCsv('x,id\n1,12345678901234567891\n2,12345678901234567890\n3,12345678901234567891\n');
    expect(ds.classes).toBe(2);
    expect(ds.labels).toEqual(['12345678901234567890', '12345678901234567891']);
    expect(Array.from(ds.y)).toEqual([1, 0, 1]);
  });

  it('equal values written differently are one class; order is exact', () => {
    const ds = parseCsv('x,c\n1,1.0\n2,10e-1\n3,+1\n4,-0.5\n5,0.1e1\n6,-5e-1\n7,1e-400\n');
    expect(ds.labels).toEqual(['-0.5', '1e-400', '1']);
    expect(Array.from(ds.y)).toEqual([2, 2, 2, 0, 2, 0, 1]);
  });

  it('a constant feature beyond 1e16 still gets a non-empty domain', () => {
    const ds = parseCsv('x,y,c\n1e17,1,a\n1e17,2,b\n1e17,3,a\n');
    expect(ds.domain.max[0]! - ds.domain.min[0]!).toBeGreaterThan(0);
    expect(Math.fround(ds.domain.min[0]!)).toBeLessThan(Math.fround(1e17));
    expect(Math.fround(ds.domain.max[0]!)).toBeGreaterThan(Math.fround(1e17));
  });
});

describe('validateDataset refuses labels that are not integers', () => {
  const base = (y: number[]): Dataset =>
    ({ name: 'plain', x: new Float32Array([0, 1, 2]), y: y as unknown as Int32Array, n: 3, dim: 1, classes: 2, domain: { min: [0], max: [2] }, params: {} });
  it.each([[NaN], [1.5], [-0.5]])('label %s', (bad) => {
    const e = thrown(() => validateDataset(base([0, bad, 1])));
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ code: 'BAD_DATA', field: 'y' });
    expect((e as Error).message).toMatch(/of row 1/);
  });
  it('integer labels pass', () => {
    expect(() => validateDataset(base([0, 1, 1]))).not.toThrow();
  });
});

describe('parseIdx on a Node Buffer', () => {
  it('i8 data is exactly the file\'s values (not the pooled buffer), and a copy', async () => {
    const buf = Buffer.from([0, 0, 0x09, 1, 0, 0, 0, 3, 0x80, 5, 0x7f]);
    const a = await parseIdx(buf);
    expect(a.data).toBeInstanceOf(Int8Array);
    expect(Array.from(a.data)).toEqual([-128, 5, 127]);
    expect(a.data.byteLength).toBe(3);
  });

  it('u8 data is a copy: changing the caller\'s buffer does not change it', async () => {
    const buf = Buffer.from([0, 0, 0x08, 1, 0, 0, 0, 2, 1, 0]);
    const a = await parseIdx(buf);
    buf[8] = 99;
    expect(Array.from(a.data)).toEqual([1, 0]);
    expect(a.data.buffer).not.toBe(buf.buffer);
  });

  it('an i8 labels file from a Buffer makes a data set', async () => {
    const images = await parseIdx(Buffer.from([0, 0, 0x08, 1, 0, 0, 0, 3, 1, 2, 3]));
    const labels = await parseIdx(Buffer.from([0, 0, 0x09, 1, 0, 0, 0, 3, 0, 1, 1]));
    expect(Array.from(idxDataset(images, labels).y)).toEqual([0, 1, 1]);
  });
});

describe('gzip IDX is inflated no further than its header allows', () => {
  const header = (n: number): Uint8Array => {
    const h = new Uint8Array(16);
    const v = new DataView(h.buffer);
    h[2] = 0x08;
    h[3] = 3;
    v.setUint32(4, n);
    v.setUint32(8, 28);
    v.setUint32(12, 28);
    return h;
  };

  it('10 items then 64 MB of zeros: refused as trailing bytes, quickly, with little memory', async () => {
    const body = new Uint8Array(16 + 64 * 2 ** 20);
    body.set(header(10));
    const bomb = gzipSync(body, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const heap = process.memoryUsage().arrayBuffers;
    const t = performance.now();
    const e = await parseIdx(bomb, 'bomb.gz').catch((err: unknown) => err);
    const ms = performance.now() - t;
    expect(e).toBeInstanceOf(DataFileError);
    expect(e).toMatchObject({ code: 'BAD_DATA_FILE', file: 'bomb.gz' });
    expect((e as Error).message).toMatch(/trailing bytes/);
    expect(ms).toBeLessThan(strictTiming ? 150 : 1500); // inflating all 64 MB takes several times 150 ms
    expect(process.memoryUsage().arrayBuffers - heap).toBeLessThan(8 * 2 ** 20);
  });

  it('a header that promises more than maxBytes is refused before inflating the data', async () => {
    const body = new Uint8Array(16 + 4 * 2 ** 20);
    body.set(header(60_000));
    const e = await parseIdx(gzipSync(body), 'big.gz', { maxBytes: 2 ** 20 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataFileError);
    expect((e as Error).message).toMatch(/more than the 1048576/);
  });

  it('a bad header inside gzip is reported from the first bytes', async () => {
    const body = new Uint8Array(16 + 8 * 2 ** 20);
    body.set(header(10));
    body[2] = 0x42;
    const e = await parseIdx(gzipSync(body), 'x.gz').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataFileError);
    expect((e as Error).message).toMatch(/unknown IDX type code 0x42/);
  });

  it('loadIdxDataset passes maxBytes on to gzip files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-idx-'));
    try {
      const body = new Uint8Array(16 + 10 * 784);
      body.set(header(10));
      const images = join(dir, 'i.gz');
      const labels = join(dir, 'l');
      await writeFile(images, gzipSync(body));
      await writeFile(labels, new Uint8Array([0, 0, 8, 1, 0, 0, 0, 10, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]));
      expect((await loadIdxDataset(images, labels)).n).toBe(10);
      await expect(loadIdxDataset(images, labels, { maxBytes: 4096 })).rejects.toMatchObject({ code: 'BAD_DATA_FILE', file: images });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
