/**
 * Regression data sets: points with real-valued targets (Dataset.targets), for
 * the mse loss. Their pictures are the predicted surface or curve next to the
 * samples. Labels are all 0 and `classes` is 1.
 */
import { Random } from '../engine/random.js';
import type { Dataset } from './dataset.js';
import { checkCount, checkNonNegative, checkPositive, checkSeed } from './params.js';

/** Options of {@link bumpSaddle}. */
export interface BumpSaddleOptions {
  n?: number;
  /** Standard deviation of the Gaussian noise added to each target. */
  noise?: number;
  seed?: number;
}

export const BUMP_SADDLE_DEFAULTS = { n: 400, noise: 0, seed: 1 } as const;

/** The bump-saddle surface: a round bump at the origin on a saddle. */
export function bumpSaddleValue(x: number, y: number): number {
  return 0.8 * Math.exp(-4 * (x * x + y * y)) + 0.5 * (x * x - y * y);
}

/**
 * n points uniform in [−1, 1]² with target f(x, y) = 0.8·exp(−4(x² + y²)) +
 * 0.5·(x² − y²) (+ noise·N(0, 1)): a surface with a peak, two rising and two
 * falling directions — a 2-D regression whose fit is worth drawing.
 * Defaults: n = 400, noise = 0, seed = 1. Domain [−1, 1]².
 */
export function bumpSaddle(options: BumpSaddleOptions = {}): Dataset {
  const { n, noise, seed } = { ...BUMP_SADDLE_DEFAULTS, ...options };
  checkCount('bump-saddle', n);
  checkNonNegative('bump-saddle', 'noise', noise);
  checkSeed('bump-saddle', seed);
  const rng = new Random(seed);
  const x = new Float32Array(n * 2);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.range(-1, 1), b = rng.range(-1, 1);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    targets[i] = bumpSaddleValue(a, b) + (noise > 0 ? noise * rng.normal() : 0);
  }
  return {
    name: 'bump-saddle', x, y: new Int32Array(n), n, dim: 2, classes: 1, targets, targetDim: 1,
    domain: { min: [-1, -1], max: [1, 1] }, params: { n, noise, seed },
  };
}

/** Options of {@link noisySine}. */
export interface NoisySineOptions {
  n?: number;
  /** Standard deviation of the Gaussian noise added to each target. */
  noise?: number;
  /** Half-periods of the sine across [−1, 1]. */
  frequency?: number;
  seed?: number;
}

export const NOISY_SINE_DEFAULTS = { n: 200, noise: 0.1, frequency: 1.5, seed: 1 } as const;

/**
 * n points uniform in [−1, 1] with target sin(π·frequency·x) + noise·N(0, 1):
 * the 1-D regression curve. Defaults: n = 200, noise = 0.1, frequency = 1.5,
 * seed = 1. Domain [−1, 1].
 */
export function noisySine(options: NoisySineOptions = {}): Dataset {
  const { n, noise, frequency, seed } = { ...NOISY_SINE_DEFAULTS, ...options };
  checkCount('noisy-sine', n);
  checkNonNegative('noisy-sine', 'noise', noise);
  checkPositive('noisy-sine', 'frequency', frequency);
  checkSeed('noisy-sine', seed);
  const rng = new Random(seed);
  const x = new Float32Array(n);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.range(-1, 1);
    targets[i] = Math.sin(Math.PI * frequency * x[i]!) + (noise > 0 ? noise * rng.normal() : 0);
  }
  return {
    name: 'noisy-sine', x, y: new Int32Array(n), n, dim: 1, classes: 1, targets, targetDim: 1,
    domain: { min: [-1], max: [1] }, params: { n, noise, frequency, seed },
  };
}
