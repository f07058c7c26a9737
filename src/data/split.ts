import { Random } from '../engine/random.js';
import type { Dataset } from './dataset.js';
import { DataError, OptionError } from '../errors.js';

/** Options of {@link splitDataset}. */
export interface SplitOptions {
  /** Share of each class that goes to the test set, in (0, 1). Default 0.25. */
  testFraction?: number;
  seed?: number;
}

/**
 * The rows `indices` of `ds`, in that order, as a new data set with the same name, domain,
 * classes and params (extra fields such as a CSV's `labels` are kept; regression targets follow their rows).
 */
export function subset<T extends Dataset>(ds: T, indices: ArrayLike<number>): T {
  const n = indices.length;
  if (n === 0) throw new OptionError(`subset of '${ds.name}': no indices`, 'indices');
  const dim = ds.dim;
  const x = new Float32Array(n * dim);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (!(Number.isInteger(i) && i >= 0 && i < ds.n)) {
      throw new OptionError(`subset of '${ds.name}': index ${i} at position ${k} is outside 0…${ds.n - 1}`, 'indices');
    }
    x.set(ds.x.subarray(i * dim, i * dim + dim), k * dim);
    y[k] = ds.y[i]!;
  }
  if (!ds.targets) return { ...ds, x, y, n };
  // Regression: the same rows of the targets (a split is then a plain seeded one: one "class").
  const T = ds.targetDim!;
  const targets = new Float32Array(n * T);
  for (let k = 0; k < n; k++) targets.set(ds.targets.subarray(indices[k]! * T, indices[k]! * T + T), k * T);
  return { ...ds, x, y, n, targets };
}

/**
 * Stratified, deterministic train/test split: within each class the rows are shuffled with
 * `Random(seed)` and round(count · testFraction) of them go to the test set, clamped so a
 * class with at least 2 rows has at least one row on each side (a class with 1 row stays in
 * train). Both parts keep the original row order. Their params add `split`, `testFraction`
 * and `splitSeed`.
 */
export function splitDataset<T extends Dataset>(ds: T, options: SplitOptions = {}): { train: T; test: T } {
  const testFraction = options.testFraction ?? 0.25;
  const seed = options.seed ?? 1;
  if (!(Number.isFinite(testFraction) && testFraction > 0 && testFraction < 1)) {
    throw new OptionError(`splitDataset: testFraction must be in (0, 1), got ${testFraction}`, 'testFraction');
  }
  if (!Number.isSafeInteger(seed)) throw new OptionError(`splitDataset: seed must be an integer, got ${seed}`, 'seed');

  const byClass: number[][] = Array.from({ length: ds.classes }, () => []);
  for (let i = 0; i < ds.n; i++) byClass[ds.y[i]!]!.push(i);

  const rng = new Random(seed);
  const inTest = new Uint8Array(ds.n);
  for (const rows of byClass) {
    if (rows.length < 2) continue;
    const k = Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * testFraction)));
    rng.shuffle(rows);
    for (let j = 0; j < k; j++) inTest[rows[j]!] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < ds.n; i++) (inTest[i] ? test : train).push(i);
  if (test.length === 0) throw new DataError(`splitDataset: '${ds.name}' has no class with 2 or more rows, nothing to test on`, 'y');

  const tag = (part: T, split: string): T => ({ ...part, params: { ...ds.params, split, testFraction, splitSeed: seed } });
  return { train: tag(subset(ds, train), 'train'), test: tag(subset(ds, test), 'test') };
}
