/**
 * Shared checks and helpers for the data-set generators.
 *
 * Why here: every generator validates the same kinds of options (point count, noise,
 * seed) and must report a bad value by the parameter's name, whether it is called
 * directly or through the registry in `index.ts`: an OptionError whose `option` is that name.
 */
import { OptionError } from '../errors.js';

/** Largest point count a generator accepts (3-D at this size is 120 MB of f32). */
export const MAX_POINTS = 10_000_000;

export function checkCount(set: string, n: number, min = 2): void {
  if (!(Number.isInteger(n) && n >= min && n <= MAX_POINTS)) {
    throw new OptionError(`${set}: n must be an integer in [${min}, ${MAX_POINTS}], got ${n}`, 'n');
  }
}

export function checkNonNegative(set: string, name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new OptionError(`${set}: ${name} must be a finite number ≥ 0, got ${value}`, name);
  }
}

export function checkPositive(set: string, name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new OptionError(`${set}: ${name} must be a finite number > 0, got ${value}`, name);
  }
}

export function checkSeed(set: string, seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new OptionError(`${set}: seed must be an integer, got ${seed}`, 'seed');
}

/**
 * The box `base`, widened on any side where a point of `x` (row-major, `dim` columns)
 * falls outside it, to that point plus 5% of the base extent. With the default noise the
 * base box already covers the data, so the domain stays the documented one.
 */
export function coverBox(
  x: Float32Array,
  dim: number,
  base: { min: readonly number[]; max: readonly number[] },
): { min: number[]; max: number[] } {
  const min = base.min.slice();
  const max = base.max.slice();
  for (let d = 0; d < dim; d++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = d; i < x.length; i += dim) {
      const v = x[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const pad = 0.05 * (base.max[d]! - base.min[d]!);
    if (lo < min[d]!) min[d] = lo - pad;
    if (hi > max[d]!) max[d] = hi + pad;
  }
  return { min, max };
}
