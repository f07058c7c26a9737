import type { Dataset } from './dataset.js';
import { OptionError } from '../errors.js';
import { isDecimalText } from './number-text.js';
import { curves, CURVES_DEFAULTS } from './curves.js';
import { spirals, SPIRALS_DEFAULTS } from './spirals.js';
import { diskAnnulus, DISK_ANNULUS_DEFAULTS } from './disk-annulus.js';
import { intervals1d, INTERVALS_1D_DEFAULTS } from './intervals-1d.js';
import { linkedTori, LINKED_TORI_DEFAULTS } from './linked-tori.js';
import { bumpSaddle, BUMP_SADDLE_DEFAULTS, noisySine, NOISY_SINE_DEFAULTS } from './regression.js';

export { type Dataset, validateDataset } from './dataset.js';
export { curves, CURVES_DEFAULTS, type CurvesOptions } from './curves.js';
export { spirals, SPIRALS_DEFAULTS, type SpiralsOptions } from './spirals.js';
export { diskAnnulus, DISK_ANNULUS_DEFAULTS, type DiskAnnulusOptions } from './disk-annulus.js';
export { intervals1d, INTERVALS_1D_DEFAULTS, type Intervals1dOptions } from './intervals-1d.js';
export { linkedTori, LINKED_TORI_DEFAULTS, type LinkedToriOptions } from './linked-tori.js';
export {
  bumpSaddle, bumpSaddleValue, BUMP_SADDLE_DEFAULTS, noisySine, NOISY_SINE_DEFAULTS, type BumpSaddleOptions, type NoisySineOptions,
} from './regression.js';
export { parseCsv, type CsvDataset, type CsvOptions } from './csv.js';
export { loadCsv } from './csv-file.js';
export { splitDataset, subset, type SplitOptions } from './split.js';
export { shiftedCopies, type ShiftOptions, type ImageShape } from './augment.js';
export { MAX_POINTS } from './params.js';

/** A value for a message; JSON.stringify throws on a BigInt. */
function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
  }
}

/** Options as they arrive from a CLI, URL or JSON: numbers or numeric strings, unchecked. */
export type LooseOptions = Readonly<Record<string, unknown>>;

/** A built-in data set's generator as found in {@link DATASETS}: loose options in, a checked Dataset out. */
export type DatasetGenerator = (options?: LooseOptions) => Dataset;

/**
 * Wraps a typed generator so it takes loose options: unknown keys and non-numeric values
 * are rejected by name here, ranges are checked by the generator itself.
 */
function fromLoose<K extends string>(
  name: string,
  defaults: Readonly<Record<K, number>>,
  generate: (options: Partial<Record<K, number>>) => Dataset,
): DatasetGenerator {
  const known = Object.keys(defaults) as K[];
  return (options = {}) => {
    const typed: Partial<Record<K, number>> = {};
    for (const [key, value] of Object.entries(options)) {
      if (!(known as string[]).includes(key)) {
        throw new OptionError(`${name}: unknown option '${key}' (known: ${known.join(', ')})`, key);
      }
      if (value === undefined) continue;
      let v: number;
      if (typeof value === 'number') v = value;
      else if (typeof value === 'string' && isDecimalText(value.trim())) v = Number(value);
      else throw new OptionError(`${name}: option '${key}' must be a number, got ${describe(value)}`, key);
      typed[key as K] = v;
    }
    return generate(typed);
  };
}

/** The built-in synthetic data sets by name; each takes loose options and validates them. */
export const DATASETS = {
  curves: fromLoose('curves', CURVES_DEFAULTS, curves),
  spirals: fromLoose('spirals', SPIRALS_DEFAULTS, spirals),
  'disk-annulus': fromLoose('disk-annulus', DISK_ANNULUS_DEFAULTS, diskAnnulus),
  'intervals-1d': fromLoose('intervals-1d', INTERVALS_1D_DEFAULTS, intervals1d),
  'linked-tori': fromLoose('linked-tori', LINKED_TORI_DEFAULTS, linkedTori),
  'bump-saddle': fromLoose('bump-saddle', BUMP_SADDLE_DEFAULTS, bumpSaddle),
  'noisy-sine': fromLoose('noisy-sine', NOISY_SINE_DEFAULTS, noisySine),
} as const satisfies Record<string, DatasetGenerator>;

/** The names of the built-in data sets: `curves`, `spirals`, `disk-annulus`, `intervals-1d`, `linked-tori`. */
export type DatasetName = keyof typeof DATASETS;

/** Default options of each built-in data set (for help texts and UIs). */
export const DATASET_DEFAULTS: Readonly<Record<DatasetName, Readonly<Record<string, number>>>> = {
  curves: CURVES_DEFAULTS,
  spirals: SPIRALS_DEFAULTS,
  'disk-annulus': DISK_ANNULUS_DEFAULTS,
  'intervals-1d': INTERVALS_1D_DEFAULTS,
  'linked-tori': LINKED_TORI_DEFAULTS,
  'bump-saddle': BUMP_SADDLE_DEFAULTS,
  'noisy-sine': NOISY_SINE_DEFAULTS,
};

/**
 * Generates the built-in data set `name` with `options` (missing ones take their defaults).
 * Throws an OptionError (its `option` names the parameter) for an unknown name (listing the known ones), an unknown option, or an option
 * value out of range, naming the parameter.
 */
export function makeDataset(name: string, options: LooseOptions = {}): Dataset {
  if (!Object.prototype.hasOwnProperty.call(DATASETS, name)) {
    throw new OptionError(`unknown data set '${name}' (known: ${Object.keys(DATASETS).join(', ')})`, 'name');
  }
  return DATASETS[name as DatasetName](options);
}
export {
  parseIdx, parseIdxRaw, readIdxHeader, idxDataset, IDX_MAX_LABEL, IDX_MAX_BYTES, type ParseIdxOptions,
  type IdxArray, type IdxData, type IdxType, type IdxHeader, type IdxDataset, type IdxDatasetOptions,
} from './idx.js';
export { loadIdx, loadIdxDataset } from './idx-file.js';
export { loadMnist, type MnistLoadOptions } from './mnist.js';
