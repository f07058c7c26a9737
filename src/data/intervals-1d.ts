import { Random } from '../engine/random.js';
import type { Dataset } from './dataset.js';
import { checkCount, checkSeed } from './params.js';

/** Options of {@link intervals1d}. */
export interface Intervals1dOptions {
  n?: number;
  seed?: number;
}

export const INTERVALS_1D_DEFAULTS = { n: 200, seed: 1 } as const;

/**
 * The one-dimensional version of disk-annulus: class 0 uniform in A = [−1/3, 1/3],
 * class 1 uniform in B = [−1, −2/3] ∪ [2/3, 1]. Class 1 alternates between its two
 * pieces (left first), so they hold equal counts (the left one gets the odd point).
 *
 * Defaults: n = 200, seed = 1. Rows alternate class 0, 1, 0, …: n/2 per class for even n;
 * for odd n class 0 gets the extra point. Domain [−1, 1].
 */
export function intervals1d(options: Intervals1dOptions = {}): Dataset {
  const { n, seed } = { ...INTERVALS_1D_DEFAULTS, ...options };
  checkCount('intervals-1d', n);
  checkSeed('intervals-1d', seed);

  const rng = new Random(seed);
  const x = new Float32Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    if (c === 0) {
      x[i] = rng.range(-1 / 3, 1 / 3);
    } else {
      // i = 1, 5, 9, … go left; i = 3, 7, 11, … go right.
      x[i] = i % 4 === 1 ? rng.range(-1, -2 / 3) : rng.range(2 / 3, 1);
    }
    y[i] = c;
  }
  return {
    name: 'intervals-1d',
    x,
    y,
    n,
    dim: 1,
    classes: 2,
    domain: { min: [-1], max: [1] },
    params: { n, seed },
  };
}
