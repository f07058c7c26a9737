/**
 * Your own data on the command line, shared by `untangle train` and `untangle mnist`:
 * IDX file pairs (raw or .gz) or a CSV file, with the image shape a convolutional
 * network needs (from the IDX dims, or `--shape C,H,W` for CSV).
 */
import type { Dataset } from '../data/dataset.js';
import { loadCsv } from '../data/csv-file.js';
import { loadIdxDataset } from '../data/idx-file.js';
import type { ImageShape } from '../experiments/mnist.js';
import { UsageError } from '../errors.js';
import { listOption } from './args.js';

/** The parseArgs options this module reads; spread them into a command's options. */
export const DATA_FILE_OPTIONS = {
  'train-images': { type: 'string' },
  'train-labels': { type: 'string' },
  'test-images': { type: 'string' },
  'test-labels': { type: 'string' },
  csv: { type: 'string' },
  label: { type: 'string' },
  shape: { type: 'string' },
} as const;

/** Help lines for DATA_FILE_OPTIONS, in the style of the commands' help texts. */
export const DATA_FILE_HELP = `  --train-images F     IDX images file (raw or .gz), with --train-labels F (an IDX labels file)
  --test-images F      held-out IDX images, with --test-labels F (default: a stratified split of the training files)
  --csv FILE           a CSV file instead (numeric features, one label column)
  --label COLUMN       CSV label column name or 0-based index (default: last column)
  --shape C,H,W        image shape of each CSV row (or H,W for one channel), needed for a convolutional net
`;

/** What the options may hold (parseArgs values). */
export interface DataFileValues {
  'train-images'?: string;
  'train-labels'?: string;
  'test-images'?: string;
  'test-labels'?: string;
  csv?: string;
  label?: string;
  shape?: string;
}

/** Data read from files: `test` when test files were given, `shape` when known. */
export interface FileData {
  train: Dataset;
  test?: Dataset;
  shape?: ImageShape;
}

/** True when any data-file option is present (the command should not use its built-in data). */
export function hasDataFiles(values: DataFileValues): boolean {
  return Object.keys(DATA_FILE_OPTIONS).some((k) => values[k as keyof DataFileValues] !== undefined);
}

/**
 * Checks the combination of data-file options without reading anything, so a
 * mistake is reported before any other work. Throws UsageError.
 */
export function checkDataFileOptions(values: DataFileValues): void {
  const idx = values['train-images'] !== undefined || values['train-labels'] !== undefined;
  const testIdx = values['test-images'] !== undefined || values['test-labels'] !== undefined;
  if (idx && values.csv !== undefined) throw new UsageError('give either IDX files (--train-images, --train-labels) or --csv, not both');
  if (idx && (values['train-images'] === undefined || values['train-labels'] === undefined)) {
    throw new UsageError('IDX files come in pairs: give both --train-images F and --train-labels F');
  }
  if (testIdx && (values['test-images'] === undefined || values['test-labels'] === undefined)) {
    throw new UsageError('IDX files come in pairs: give both --test-images F and --test-labels F');
  }
  if (testIdx && !idx) throw new UsageError('--test-images/--test-labels need --train-images and --train-labels');
  if (values.label !== undefined && values.csv === undefined) throw new UsageError('--label needs --csv');
  if (values.shape !== undefined) parseShape(values.shape);
}

/** "1,28,28" → { channels: 1, height: 28, width: 28 }; "28,28" → one channel. */
export function parseShape(text: string): ImageShape {
  const dims = listOption(text, 'shape', []);
  if (dims.length === 2) return { channels: 1, height: dims[0]!, width: dims[1]! };
  if (dims.length === 3) return { channels: dims[0]!, height: dims[1]!, width: dims[2]! };
  throw new UsageError(`--shape expects C,H,W or H,W (positive integers), got '${text}'`);
}

/**
 * Reads the data the options name, or returns undefined when none are given.
 * `limits` keep only the first N items of IDX files (CSV is read whole).
 */
export async function loadDataFiles(values: DataFileValues, limits: { train?: number; test?: number } = {}): Promise<FileData | undefined> {
  checkDataFileOptions(values);
  if (!hasDataFiles(values) || (values.csv === undefined && values['train-images'] === undefined)) {
    if (values.shape !== undefined) throw new UsageError('--shape describes the rows of --csv or IDX files; give one of them');
    return undefined;
  }
  let data: FileData;
  if (values.csv !== undefined) {
    const label = values.label !== undefined && /^\d+$/.test(values.label) ? Number(values.label) : values.label;
    data = { train: await loadCsv(values.csv, { labelColumn: label }) };
  } else {
    const train = await loadIdxDataset(values['train-images']!, values['train-labels']!, limitOf(limits.train));
    const test = values['test-images'] !== undefined
      ? await loadIdxDataset(values['test-images'], values['test-labels']!, { ...limitOf(limits.test), classes: train.classes })
      : undefined;
    if (test && test.dim !== train.dim) {
      throw new UsageError(`the test images have ${test.dim} values each, the training images ${train.dim}`);
    }
    data = { train, ...(test && { test }), shape: { ...train.shape } };
  }
  if (values.shape !== undefined) {
    const shape = parseShape(values.shape);
    const size = shape.channels * shape.height * shape.width;
    if (size !== data.train.dim) {
      throw new UsageError(`--shape ${values.shape} has ${size} values, but each row of the data has ${data.train.dim}`);
    }
    data.shape = shape;
  }
  return data;
}

function limitOf(limit: number | undefined): { limit?: number } {
  return limit === undefined ? {} : { limit };
}
