import { DataError } from '../errors.js';

/**
 * A labelled point set: the one shape of data the whole library consumes.
 * Inputs are row-major (`n` rows of `dim` features), labels are 0 … classes−1.
 * A regression data set also carries `targets` (n × targetDim, row-major); its
 * labels are then all 0 and `classes` is 1.
 */
export interface Dataset {
  /** Short identifier, e.g. `spirals`. */
  readonly name: string;
  /** Row-major inputs, n × dim. */
  readonly x: Float32Array;
  /** Class of each row, 0 … classes−1. */
  readonly y: Int32Array;
  readonly n: number;
  readonly dim: number;
  readonly classes: number;
  /** Axis-aligned box the data lives in (used for decision-region grids). */
  readonly domain: { readonly min: readonly number[]; readonly max: readonly number[] };
  /** Regression targets, row-major n × targetDim (absent for classification data). */
  readonly targets?: Float32Array;
  /** Values per target (T ≥ 1); set exactly when `targets` is. */
  readonly targetDim?: number;
  /** The parameters that generated it (seed included), for reports and reproduction. */
  readonly params: Readonly<Record<string, number | string | boolean>>;
}

/**
 * Throws a DataError naming the first problem and its `field` (`n`, `dim`, `classes`, `x`,
 * `y`, `targets`): empty data, shape mismatch, non-finite features or targets, labels that are not integers in
 * 0 … classes−1 (a plain array may hold NaN or 1.5, which an Int32Array would turn into 0 or 1).
 */
export function validateDataset(ds: Dataset): void {
  const where = `data set '${ds.name}'`;
  if (!(Number.isInteger(ds.n) && ds.n >= 1)) throw new DataError(`${where} is empty (n = ${ds.n})`, 'n');
  if (!(Number.isInteger(ds.dim) && ds.dim >= 1)) throw new DataError(`${where}: dim must be a positive integer, got ${ds.dim}`, 'dim');
  const regression = ds.targets !== undefined;
  const minClasses = regression ? 1 : 2;
  if (!(Number.isInteger(ds.classes) && ds.classes >= minClasses)) throw new DataError(`${where}: needs at least ${minClasses} classes, got ${ds.classes}`, 'classes');
  if (ds.x?.length !== ds.n * ds.dim) throw new DataError(`${where}: x has ${ds.x?.length} values, expected n·dim = ${ds.n}·${ds.dim}`, 'x');
  if (ds.y?.length !== ds.n) throw new DataError(`${where}: y has ${ds.y?.length} labels, expected n = ${ds.n}`, 'y');
  for (let i = 0; i < ds.x.length; i++) {
    const v = ds.x[i]!;
    if (!Number.isFinite(v)) {
      throw new DataError(`${where}: feature ${i % ds.dim} of row ${Math.floor(i / ds.dim)} is ${v} (NaN/Infinity not allowed)`, 'x');
    }
  }
  if (regression) {
    const T = ds.targetDim;
    if (!(typeof T === 'number' && Number.isInteger(T) && T >= 1)) throw new DataError(`${where}: targetDim must be a positive integer, got ${String(T)}`, 'targetDim');
    if (ds.targets!.length !== ds.n * T) throw new DataError(`${where}: targets has ${ds.targets!.length} values, expected n·targetDim = ${ds.n}·${T}`, 'targets');
    for (let i = 0; i < ds.targets!.length; i++) {
      if (!Number.isFinite(ds.targets![i]!)) throw new DataError(`${where}: target ${i % T} of row ${Math.floor(i / T)} is ${ds.targets![i]} (NaN/Infinity not allowed)`, 'targets');
    }
  } else if (ds.targetDim !== undefined) {
    throw new DataError(`${where}: targetDim is set but there are no targets`, 'targets');
  }
  for (let i = 0; i < ds.n; i++) {
    const c: unknown = ds.y[i];
    if (!(typeof c === 'number' && Number.isInteger(c) && c >= 0 && c < ds.classes)) {
      const what = typeof c === 'number' && Number.isInteger(c) ? 'is outside' : 'is not an integer in';
      throw new DataError(`${where}: label ${String(c)} of row ${i} ${what} 0…${ds.classes - 1}`, 'y');
    }
  }
}
