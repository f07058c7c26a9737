/**
 * Reads IDX files in Node (see `idx.ts` for the format and errors). `node:fs/promises` is
 * imported on call, so importing this module in a browser bundle is harmless.
 *
 * An uncompressed images file is read only as far as the window needs (header, then the
 * `limit` items from `offset`), so a few MNIST images cost a few KB of I/O; a gzip file is
 * read and decompressed whole. The labels file is always read whole (one value per item),
 * so the class count is the file's, not the window's.
 */
import {
  assembleIdxDataset,
  checkIdxLength,
  decodeIdxValues,
  idxWindow,
  isGzip,
  parseIdx,
  readIdxHeader,
  type IdxArray,
  type IdxDataset,
  type IdxDatasetOptions,
} from './idx.js';

/** Longest IDX header: magic + 4 sizes. */
const MAX_HEADER = 4 + 4 * 4;

/** Reads an IDX file whole and parses it (raw or gzip); errors name `path`. */
export async function loadIdx(path: string): Promise<IdxArray> {
  const { readFile } = await import('node:fs/promises');
  return parseIdx(await readFile(path), path);
}

/**
 * The items `offset … offset + limit − 1` of the images file, plus where they sit in it.
 * Raw files are checked against their size on disk and read only in that window.
 */
async function loadItems(
  path: string,
  labelCount: number,
  options: IdxDatasetOptions,
  name: string,
): Promise<{ items: IdxArray; first: number; total: number }> {
  const { open } = await import('node:fs/promises');
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const head = new Uint8Array(Math.min(size, MAX_HEADER));
    await file.read(head, 0, head.length, 0);
    if (isGzip(head)) {
      const whole = await parseIdx(await file.readFile(), path);
      const total = whole.dims[0]!;
      if (labelCount !== total) throw new Error(`${name}: images has ${total} items, labels ${labelCount}`);
      const { first, count } = idxWindow(total, options, name);
      const per = whole.data.length / total;
      const data = whole.data.subarray(first * per, (first + count) * per);
      return { items: { type: whole.type, dims: [count, ...whole.dims.slice(1)], data }, first, total };
    }
    const header = readIdxHeader(head, path);
    checkIdxLength(header, size - header.headerBytes, path);
    const total = header.dims[0]!;
    if (labelCount !== total) throw new Error(`${name}: images has ${total} items, labels ${labelCount}`);
    const { first, count } = idxWindow(total, options, name);
    const bytes = new Uint8Array(count * header.itemBytes);
    const { bytesRead } = await file.read(bytes, 0, bytes.length, header.headerBytes + first * header.itemBytes);
    if (bytesRead !== bytes.length) throw new Error(`${path}: file changed while reading (got ${bytesRead} of ${bytes.length} bytes)`);
    const items = { type: header.type, dims: [count, ...header.dims.slice(1)], data: decodeIdxValues(header, bytes) };
    return { items, first, total };
  } finally {
    await file.close();
  }
}

/**
 * Reads an images IDX file and a labels IDX file (each raw or gzip) into a Dataset, as
 * `idxDataset` does for parsed arrays (see there for options and checks). The name defaults
 * to the images file's name; `params.source` records both paths.
 */
export async function loadIdxDataset(imagesPath: string, labelsPath: string, options: IdxDatasetOptions = {}): Promise<IdxDataset> {
  const base = imagesPath.split(/[\\/]/).pop() ?? imagesPath;
  const name = options.name ?? (base.replace(/\.gz$/i, '') || base);
  const opts: IdxDatasetOptions = { ...options, name, source: options.source ?? `${imagesPath} + ${labelsPath}` };
  const labels = await loadIdx(labelsPath);
  const { items, first, total } = await loadItems(imagesPath, labels.dims[0]!, opts, name);
  return assembleIdxDataset(items, { first, total }, labels, opts);
}
