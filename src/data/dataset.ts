/**
 * A labelled point set: the one shape of data the whole library consumes.
 * Inputs are row-major (`n` rows of `dim` features), labels are 0 … classes−1.
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
  /** The parameters that generated it (seed included), for reports and reproduction. */
  readonly params: Readonly<Record<string, number | string | boolean>>;
}

/**
 * Throws an Error naming the first problem: empty data, shape mismatch,
 * non-finite features, labels out of range.
 */
export function validateDataset(ds: Dataset): void {
  const where = `data set '${ds.name}'`;
  if (!(ds.n >= 1)) throw new Error(`${where} is empty (n = ${ds.n})`);
  if (!(Number.isInteger(ds.dim) && ds.dim >= 1)) throw new Error(`${where}: dim must be a positive integer, got ${ds.dim}`);
  if (!(Number.isInteger(ds.classes) && ds.classes >= 2)) throw new Error(`${where}: needs at least 2 classes, got ${ds.classes}`);
  if (ds.x.length !== ds.n * ds.dim) throw new Error(`${where}: x has ${ds.x.length} values, expected n·dim = ${ds.n}·${ds.dim}`);
  if (ds.y.length !== ds.n) throw new Error(`${where}: y has ${ds.y.length} labels, expected n = ${ds.n}`);
  for (let i = 0; i < ds.x.length; i++) {
    const v = ds.x[i]!;
    if (!Number.isFinite(v)) {
      throw new Error(`${where}: feature ${i % ds.dim} of row ${Math.floor(i / ds.dim)} is ${v} (NaN/Infinity not allowed)`);
    }
  }
  for (let i = 0; i < ds.n; i++) {
    const c = ds.y[i]!;
    if (c < 0 || c >= ds.classes) throw new Error(`${where}: label ${c} of row ${i} is outside 0…${ds.classes - 1}`);
  }
}
