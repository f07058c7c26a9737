/**
 * IDX files (the MNIST format) → arrays and Datasets, browser-safe (no Node imports;
 * `idx-file.ts` adds reading from a path, `mnist.ts` the MNIST files).
 *
 * Format: two zero bytes, a type byte (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32,
 * 0x0E f64), a dimension-count byte, then one big-endian u32 size per dimension, then the
 * values, big-endian, row-major. The whole file may be gzip-compressed (1f 8b header).
 *
 * Gzip goes through the platform's DecompressionStream (Node ≥ 18 and current browsers have
 * it), so no dependency is needed and parsing compressed bytes is async. It is read as a
 * stream: the header is checked from the first inflated bytes and inflation stops as soon as
 * the output passes the size the header allows, so a small "gzip bomb" costs little.
 *
 * Every error is a DataFileError (code BAD_DATA_FILE) whose `file` is the given name; arrays
 * returned are fresh copies, never views of the caller's bytes.
 */
import type { Dataset } from './dataset.js';
import { DataError, DataFileError, OptionError, UnsupportedError } from '../errors.js';

/** The element types an IDX file can hold (its third magic byte). */
export type IdxType = 'u8' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64';
/** The typed array an IDX file's values are read into, by {@link IdxType}. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A parsed IDX file: `dims[0]` items, each of the remaining dims, values row-major. */
export interface IdxArray {
  readonly type: IdxType;
  readonly dims: readonly number[];
  readonly data: IdxData;
}

/** What the header of an IDX file says, before any data is read. */
export interface IdxHeader {
  readonly type: IdxType;
  readonly dims: readonly number[];
  /** Bytes of header (4 + 4 per dimension): the data starts here. */
  readonly headerBytes: number;
  /** Bytes of one element. */
  readonly elementBytes: number;
  /** Bytes of one item (one step along `dims[0]`). */
  readonly itemBytes: number;
}

const TYPES: Readonly<Record<number, { type: IdxType; bytes: number }>> = {
  0x08: { type: 'u8', bytes: 1 },
  0x09: { type: 'i8', bytes: 1 },
  0x0b: { type: 'i16', bytes: 2 },
  0x0c: { type: 'i32', bytes: 4 },
  0x0d: { type: 'f32', bytes: 4 },
  0x0e: { type: 'f64', bytes: 8 },
};

const MAX_DIMS = 4;
/**
 * Largest IDX file (header + data) read from gzip: 2 GiB. A header that promises more is
 * refused before inflating further (the whole MNIST training set is 47 MB).
 */
export const IDX_MAX_BYTES = 2 ** 31;
/** Largest class index a labels file may hold (a guard against reading pixels as labels). */
export const IDX_MAX_LABEL = 65_535;

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;
const shape = (dims: readonly number[]): string => dims.join('×');

const bad = (name: string, message: string): DataFileError => new DataFileError(`${name}: ${message}`, { file: name });

/** Views any binary input as bytes without copying. */
function asBytes(bytes: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Uint8Array(bytes);
}

/** True if `bytes` start with the gzip magic 1f 8b. */
export function isGzip(bytes: ArrayBuffer | ArrayBufferView): boolean {
  const b = asBytes(bytes);
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Reads and checks the header: magic (two zero bytes, known type, 1…4 dimensions), each
 * size > 0, enough bytes for the header itself. Does not look at the data.
 */
export function readIdxHeader(bytes: ArrayBuffer | ArrayBufferView, name = 'idx'): IdxHeader {
  const b = asBytes(bytes);
  if (b.length < 4) throw bad(name, `too short for an IDX header: ${b.length} bytes, the magic number alone is 4`);
  if (b[0] !== 0 || b[1] !== 0) {
    const gz = b[0] === 0x1f && b[1] === 0x8b ? ' (gzip data: decompress it first)' : '';
    throw bad(name, `bad magic number: an IDX file starts with two zero bytes, got ${hex(b[0]!)} ${hex(b[1]!)}${gz}`);
  }
  const code = b[2]!;
  const t = TYPES[code];
  if (!t) {
    throw bad(name, `unknown IDX type code ${hex(code)} (known: 0x08 u8, 0x09 i8, 0x0b i16, 0x0c i32, 0x0d f32, 0x0e f64)`);
  }
  const rank = b[3]!;
  if (rank < 1 || rank > MAX_DIMS) throw bad(name, `IDX dimension count must be 1…${MAX_DIMS}, got ${rank}`);
  const headerBytes = 4 + 4 * rank;
  if (b.length < headerBytes) {
    throw bad(name, `header too short: ${rank} dimensions need a ${headerBytes}-byte header, file has ${b.length} bytes`);
  }
  const view = new DataView(b.buffer, b.byteOffset, headerBytes);
  const dims: number[] = [];
  for (let k = 0; k < rank; k++) {
    const size = view.getUint32(4 + 4 * k, false);
    if (size === 0) throw bad(name, `dimension ${k} has size 0 (dims ${shape([...dims, 0])})`);
    dims.push(size);
  }
  // Products of four u32 sizes stay exact in a double up to 2^53; beyond that the file could
  // not exist anyway, and the length check below refuses it.
  let itemBytes = t.bytes;
  for (let k = 1; k < rank; k++) itemBytes *= dims[k]!;
  return { type: t.type, dims, headerBytes, elementBytes: t.bytes, itemBytes };
}

/** Checks that `dataBytes` (the bytes after the header) are exactly what the header promises. */
export function checkIdxLength(header: IdxHeader, dataBytes: number, name = 'idx'): void {
  const expected = header.itemBytes * header.dims[0]!;
  if (dataBytes === expected) return;
  const says = `header says ${shape(header.dims)} = ${expected} bytes of ${header.type}, file has ${dataBytes} after its ${header.headerBytes}-byte header`;
  if (dataBytes < expected) throw bad(name, `truncated: ${says}`);
  throw bad(name, `${dataBytes - expected} trailing bytes: ${says}`);
}

/**
 * Decodes big-endian IDX values into a fresh typed array of the header's type (always a copy).
 * `bytes` holds whole items (a multiple of `header.itemBytes`), not the header.
 */
export function decodeIdxValues(header: IdxHeader, bytes: Uint8Array): IdxData {
  const count = bytes.length / header.elementBytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (header.type) {
    // `new Uint8Array(bytes)` copies exactly these bytes; `bytes.slice()` would not on a Node
    // Buffer, whose slice is a view (of a pool shared with unrelated data).
    case 'u8':
      return new Uint8Array(bytes);
    case 'i8':
      return new Int8Array(new Uint8Array(bytes).buffer);
    case 'i16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, false);
      return out;
    }
    case 'i32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, false);
      return out;
    }
    case 'f32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, false);
      return out;
    }
    case 'f64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, false);
      return out;
    }
  }
}

/** Parses uncompressed IDX bytes (synchronous; `parseIdx` also takes gzip). */
export function parseIdxRaw(bytes: ArrayBuffer | ArrayBufferView, name = 'idx'): IdxArray {
  const b = asBytes(bytes);
  const header = readIdxHeader(b, name);
  checkIdxLength(header, b.length - header.headerBytes, name);
  return { type: header.type, dims: header.dims, data: decodeIdxValues(header, b.subarray(header.headerBytes)) };
}

/** Options of `parseIdx`. */
export interface ParseIdxOptions {
  /** Largest inflated size (header + data) accepted from gzip. Default `IDX_MAX_BYTES` (2 GiB). */
  maxBytes?: number;
}

/** Joins chunks into one array of `total` bytes. */
function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Inflates gzip IDX bytes as a stream and checks as it goes: the header as soon as its bytes
 * are out, then the running size against the size the header promises. Stops (cancelling the
 * stream) on the first problem, so a header that says 10 items followed by gigabytes of zeros
 * costs about 10 items of inflating, not gigabytes.
 */
export async function gunzipIdx(bytes: Uint8Array, name = 'idx', options: ParseIdxOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? IDX_MAX_BYTES;
  if (!(Number.isSafeInteger(maxBytes) && maxBytes >= 8)) throw new OptionError(`maxBytes must be an integer ≥ 8, got ${maxBytes}`, 'maxBytes');
  if (typeof DecompressionStream === 'undefined') {
    throw new UnsupportedError(`${name}: is gzip-compressed, and this platform has no DecompressionStream (Node ≥ 18 and current browsers do)`);
  }
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // Errors surface through the reader; catching here keeps them from also going unhandled.
  writer.write(bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice())
    .then(() => writer.close())
    .catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let limit = Infinity;
  let header: IdxHeader | undefined;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (err) {
        throw bad(name, `corrupt gzip data (${(err as Error).message})`);
      }
      if (step.done) break;
      chunks.push(step.value);
      total += step.value.length;
      if (limit === Infinity && total >= 4) {
        const head = concat(chunks, total);
        chunks.length = 0;
        chunks.push(head);
        const rank = head[3]!;
        if (head[0] !== 0 || head[1] !== 0 || !TYPES[head[2]!] || rank < 1 || rank > MAX_DIMS || total >= 4 + 4 * rank) {
          header = readIdxHeader(head, name);
          limit = header.headerBytes + header.itemBytes * header.dims[0]!;
          if (limit > maxBytes) {
            throw bad(name, `header says ${shape(header.dims)} of ${header.type} = ${limit} bytes, more than the ${maxBytes} this reader accepts`);
          }
        }
      }
      if (header && total > limit) {
        // Too long already: say so now instead of inflating the rest.
        const says = `header says ${shape(header.dims)} = ${limit - header.headerBytes} bytes of ${header.type}`;
        throw bad(name, `trailing bytes: ${says}, the inflated file goes on past ${total - header.headerBytes} (stopped reading there)`);
      }
    }
  } finally {
    // Stops the inflater when we leave early; a no-op once the stream is done.
    reader.cancel().catch(() => {});
  }
  return concat(chunks, total);
}

/**
 * Parses an IDX file, raw or gzip-compressed (detected by its 1f 8b header).
 * Throws a DataFileError naming `name` and the problem: bad magic, unknown type code,
 * dimension count outside 1…4, a zero dimension, a file too short for its header, truncated
 * data, trailing bytes, corrupt gzip, or a gzip file whose header promises more than
 * `options.maxBytes`. Gzip input is inflated only as far as its header allows (see
 * `gunzipIdx`). The returned `data` is a fresh copy.
 */
export async function parseIdx(bytes: ArrayBuffer | ArrayBufferView, name = 'idx', options: ParseIdxOptions = {}): Promise<IdxArray> {
  const b = asBytes(bytes);
  return parseIdxRaw(isGzip(b) ? await gunzipIdx(b, name, options) : b, name);
}

/** Options of {@link idxDataset} and {@link loadIdxDataset}. */
export interface IdxDatasetOptions {
  /** Data-set name. Default 'idx'. */
  name?: string;
  /** Scale u8 values to [0, 1] (÷255). Default true. Other types are kept as they are. */
  normalize?: boolean;
  /** Read at most this many items (from `offset`). Default: all. */
  limit?: number;
  /** First item to read. Default 0. */
  offset?: number;
  /** Number of classes; default max label + 1 over the whole labels file. */
  classes?: number;
  /** Where the data came from, recorded in `params.source`. Default 'idx'. */
  source?: string;
  /** Largest inflated size of a gzip file (see `ParseIdxOptions`). Default `IDX_MAX_BYTES`. */
  maxBytes?: number;
}

/** A Dataset from IDX files, with the image shape of each row (rows are channels × height × width). */
export type IdxDataset = Dataset & {
  readonly shape: { readonly channels: number; readonly height: number; readonly width: number };
};

/** The items `first … first + count − 1` of a file of `total` items: what the file reader hands over. */
export interface IdxWindow {
  readonly first: number;
  readonly total: number;
}

/** Resolves `offset` and `limit` against `total` items; the window is clipped at the end. */
export function idxWindow(total: number, options: { offset?: number; limit?: number }, name: string): { first: number; count: number } {
  const first = options.offset ?? 0;
  if (!(Number.isInteger(first) && first >= 0 && first < total)) {
    throw new OptionError(`${name}: offset must be an integer in [0, ${total - 1}], got ${first}`, 'offset');
  }
  const limit = options.limit ?? total - first;
  if (!(Number.isInteger(limit) && limit >= 1)) throw new OptionError(`${name}: limit must be an integer ≥ 1, got ${limit}`, 'limit');
  return { first, count: Math.min(limit, total - first) };
}

/**
 * Builds a Dataset from an images IDX array and a labels IDX array (as `parseIdx` returns).
 * Each item of `images` becomes one row: n × (product of dims after the first) features;
 * u8 values are scaled to [0, 1] unless `normalize` is false. Labels must be integers
 * 0 … 65535, one per item; `classes` is max label + 1 over all labels (at least 2).
 * `shape` reads the item dims as (height, width) for 2 dims, (channels, height, width) for 3,
 * width alone for 1. Throws naming the problem: counts that differ, a label out of range,
 * a non-finite feature, a bad `offset`/`limit`.
 */
export function idxDataset(images: IdxArray, labels: IdxArray, options: IdxDatasetOptions = {}): IdxDataset {
  const name = options.name ?? 'idx';
  const total = images.dims[0]!;
  checkCounts(name, total, labels);
  const { first, count } = idxWindow(total, options, name);
  const per = images.data.length / total;
  const windowed: IdxArray = {
    type: images.type,
    dims: [count, ...images.dims.slice(1)],
    data: images.data.subarray(first * per, (first + count) * per),
  };
  return assembleIdxDataset(windowed, { first, total }, labels, options);
}

function checkCounts(name: string, total: number, labels: IdxArray): void {
  const nLabels = labels.dims[0]!;
  if (nLabels !== total) throw new DataError(`${name}: images has ${total} items, labels ${nLabels}`, 'labels');
  if (labels.data.length !== nLabels) {
    throw new DataError(`${name}: labels must hold one value per item, got dims ${shape(labels.dims)}`, 'labels');
  }
}

/**
 * The shared core of `idxDataset` and the file loader: `images` holds only the window's
 * items (which sit at `window.first` in a file of `window.total`), `labels` the whole file,
 * so the class count does not depend on the window.
 */
export function assembleIdxDataset(images: IdxArray, window: IdxWindow, labels: IdxArray, options: IdxDatasetOptions): IdxDataset {
  const name = options.name ?? 'idx';
  const normalize = options.normalize ?? true;
  checkCounts(name, window.total, labels);
  const n = images.dims[0]!;
  const item = images.dims.slice(1);
  const dim = item.reduce((a, b) => a * b, 1);

  // Labels: all of them are checked and counted; the window's are kept.
  let maxLabel = -1;
  for (let i = 0; i < labels.data.length; i++) {
    const c = labels.data[i]!;
    if (!(Number.isInteger(c) && c >= 0 && c <= IDX_MAX_LABEL)) {
      throw new DataError(`${name}: label ${c} of item ${i} is out of range (labels are integers 0…${IDX_MAX_LABEL})`, 'labels');
    }
    if (c > maxLabel) maxLabel = c;
  }
  let classes = maxLabel + 1;
  if (options.classes !== undefined) {
    if (!(Number.isInteger(options.classes) && options.classes >= 2)) {
      throw new OptionError(`${name}: classes must be an integer ≥ 2, got ${options.classes}`, 'classes');
    }
    if (maxLabel >= options.classes) {
      throw new DataError(`${name}: label ${maxLabel} is out of range for classes = ${options.classes}`, 'labels');
    }
    classes = options.classes;
  } else if (classes < 2) {
    throw new DataError(`${name}: every label is ${maxLabel}; a data set needs at least 2 classes`, 'labels');
  }
  const y = Int32Array.from(labels.data.subarray(window.first, window.first + n));

  // Features, with a common [lo, hi] box over all of them.
  const src = images.data;
  const x = new Float32Array(src.length);
  let lo: number;
  let hi: number;
  if (images.type === 'u8') {
    const value = new Float32Array(256);
    for (let v = 0; v < 256; v++) value[v] = normalize ? v / 255 : v;
    for (let i = 0; i < src.length; i++) x[i] = value[src[i]!]!;
    lo = 0;
    hi = normalize ? 1 : 255;
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      const f = Math.fround(v);
      if (!Number.isFinite(f)) {
        const what = Number.isFinite(v) ? `${v} (too large for f32)` : String(v);
        throw new DataError(`${name}: feature ${i % dim} of item ${window.first + Math.floor(i / dim)} is ${what}`, 'images');
      }
      x[i] = f;
      if (f < lo) lo = f;
      if (f > hi) hi = f;
    }
    if (hi === lo) {
      lo -= 0.5;
      hi += 0.5;
    }
  }

  const [c, h, w] = item.length === 0 ? [1, 1, 1] : item.length === 1 ? [1, 1, item[0]!] : item.length === 2 ? [1, item[0]!, item[1]!] : [item[0]!, item[1]!, item[2]!];
  const params: Record<string, number | string | boolean> = {
    name,
    source: options.source ?? 'idx',
    n,
    dims: shape(item.length > 0 ? item : [1]),
    type: images.type,
    normalize: normalize && images.type === 'u8',
    offset: window.first,
    total: window.total,
  };
  if (options.limit !== undefined) params.limit = options.limit;
  return {
    name,
    x,
    y,
    n,
    dim,
    classes,
    domain: { min: new Array<number>(dim).fill(lo), max: new Array<number>(dim).fill(hi) },
    params,
    shape: { channels: c, height: h, width: w },
  };
}
