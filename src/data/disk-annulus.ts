import { Random } from '../engine/random.js';
import type { Dataset } from './dataset.js';
import { checkCount, checkSeed } from './params.js';

/** Options of {@link diskAnnulus}. */
export interface DiskAnnulusOptions {
  n?: number;
  seed?: number;
}

export const DISK_ANNULUS_DEFAULTS = { n: 400, seed: 1 } as const;

const HALF_STEP = 2 ** -25;

/**
 * A disk inside a ring: class 0 uniform in A = {‖x‖ < 1/3}, class 1 uniform in
 * B = {2/3 < ‖x‖ < 1}. "Uniform in area": the angle is uniform and r = sqrt(u) with u
 * uniform over the open interval (r_lo², r_hi²), so no clumping at the centre. No noise: the gap between
 * 1/3 and 2/3 is always empty.
 *
 * Defaults: n = 400, seed = 1. Rows alternate class 0, 1, 0, …: exactly n/2 per class for
 * even n; for odd n class 0 gets the extra point. Domain [−1, 1]².
 */
export function diskAnnulus(options: DiskAnnulusOptions = {}): Dataset {
  const { n, seed } = { ...DISK_ANNULUS_DEFAULTS, ...options };
  checkCount('disk-annulus', n);
  checkSeed('disk-annulus', seed);

  const rng = new Random(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    // Half a step past uniform()'s 24-bit grid: u ∈ (0, 1) strictly, so r never lands on an edge.
    const u = rng.uniform() + HALF_STEP;
    const r = c === 0 ? Math.sqrt(u) / 3 : Math.sqrt(4 / 9 + (5 / 9) * u);
    const phi = rng.range(0, 2 * Math.PI);
    x[2 * i] = r * Math.cos(phi);
    x[2 * i + 1] = r * Math.sin(phi);
    y[i] = c;
  }
  return {
    name: 'disk-annulus',
    x,
    y,
    n,
    dim: 2,
    classes: 2,
    domain: { min: [-1, -1], max: [1, 1] },
    params: { n, seed },
  };
}
