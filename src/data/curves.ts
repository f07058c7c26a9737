import { Random } from '../engine/random.js';
import type { Dataset } from './dataset.js';
import { checkCount, checkNonNegative, checkSeed, coverBox } from './params.js';

/** Options of {@link curves}. */
export interface CurvesOptions {
  n?: number;
  noise?: number;
  seed?: number;
}

export const CURVES_DEFAULTS = { n: 400, noise: 0.05, seed: 1 } as const;

/** Vertical offset of each curve from the centre line y = 0.5·sin(πx). */
export const CURVES_OFFSET = 0.3;

/**
 * Two parallel sine-like curves in the plane:
 * class 0 on the upper curve y = +0.3 + 0.5·sin(πx), class 1 on the lower y = −0.3 + 0.5·sin(πx),
 * with x uniform in [−1, 1] and isotropic Gaussian noise of standard deviation `noise`
 * added to both coordinates.
 *
 * Defaults: n = 400, noise = 0.05, seed = 1. Rows alternate class 0, 1, 0, …; class 0 gets
 * ⌈n/2⌉ points. Domain [−1.2, 1.2]², widened only if large noise puts points outside it.
 */
export function curves(options: CurvesOptions = {}): Dataset {
  const { n, noise, seed } = { ...CURVES_DEFAULTS, ...options };
  checkCount('curves', n);
  checkNonNegative('curves', 'noise', noise);
  checkSeed('curves', seed);

  const rng = new Random(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const u = rng.range(-1, 1);
    const v = (c === 0 ? CURVES_OFFSET : -CURVES_OFFSET) + 0.5 * Math.sin(Math.PI * u);
    x[2 * i] = u + noise * rng.normal();
    x[2 * i + 1] = v + noise * rng.normal();
    y[i] = c;
  }
  return {
    name: 'curves',
    x,
    y,
    n,
    dim: 2,
    classes: 2,
    domain: coverBox(x, 2, { min: [-1.2, -1.2], max: [1.2, 1.2] }),
    params: { n, noise, seed },
  };
}
