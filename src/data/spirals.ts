import { Random } from '../engine/random.js';
import type { Dataset } from './dataset.js';
import { checkCount, checkNonNegative, checkPositive, checkSeed, coverBox } from './params.js';

/** Options of {@link spirals}. */
export interface SpiralsOptions {
  n?: number;
  turns?: number;
  noise?: number;
  seed?: number;
}

export const SPIRALS_DEFAULTS = { n: 400, turns: 1, noise: 0.02, seed: 1 } as const;

/** Smallest radius sampled: keeps the two arms from meeting in a clump at the origin. */
export const SPIRALS_R_MIN = 0.05;

/**
 * Two interleaved Archimedean spirals. A point at radius r ∈ [0.05, 1) sits at angle
 * θ = 2π·turns·r; class 0 is the arm (r·cos θ, r·sin θ), class 1 the same arm rotated by π.
 * Isotropic Gaussian noise of standard deviation `noise` is added to both coordinates.
 *
 * Radii are drawn as r = sqrt(u), u uniform in [0.05², 1): density ∝ r, which matches the
 * arc-length density ∝ sqrt(1 + (2π·turns·r)²) away from the centre, so points spread
 * evenly along each arm instead of crowding the middle.
 *
 * Defaults: n = 400, turns = 1 ("slightly entangled"; ≥ 2 is "more entangled"),
 * noise = 0.02, seed = 1. Rows alternate class 0, 1, 0, …; class 0 gets ⌈n/2⌉ points.
 * Domain [−1.1, 1.1]², widened only if large noise puts points outside it.
 */
export function spirals(options: SpiralsOptions = {}): Dataset {
  const { n, turns, noise, seed } = { ...SPIRALS_DEFAULTS, ...options };
  checkCount('spirals', n);
  checkPositive('spirals', 'turns', turns);
  checkNonNegative('spirals', 'noise', noise);
  checkSeed('spirals', seed);

  const rng = new Random(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  const u0 = SPIRALS_R_MIN * SPIRALS_R_MIN;
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const r = Math.sqrt(rng.range(u0, 1));
    const theta = 2 * Math.PI * turns * r + c * Math.PI;
    x[2 * i] = r * Math.cos(theta) + noise * rng.normal();
    x[2 * i + 1] = r * Math.sin(theta) + noise * rng.normal();
    y[i] = c;
  }
  return {
    name: 'spirals',
    x,
    y,
    n,
    dim: 2,
    classes: 2,
    domain: coverBox(x, 2, { min: [-1.1, -1.1], max: [1.1, 1.1] }),
    params: { n, turns, noise, seed },
  };
}
