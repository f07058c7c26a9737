// simd_peak_f32 is the limit the benchmark reads every arithmetic row against,
// so it must do the work it claims: 10 chains x ← a·x + b, `iterations` times.
// The TS reference runs the same chains in f32 (mul then add, as the simd build
// does; the relaxed build may fuse them, so it is held to a tolerance).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { measureSimdLimit } from '../../src/bench/limit.js';

const f = Math.fround;

/** The kernel's lane sum, in f32 like the kernel: chain j starts at seed + j. */
function peakReference(iterations: number, seed: number): number {
  const a = f(1 - f(seed * f(1e-6))), b = f(seed * f(1e-3));
  const x = Array.from({ length: 10 }, (_, j) => f(seed + j));
  for (let i = 0; i < iterations; i++) for (let j = 0; j < 10; j++) x[j] = f(f(a * x[j]!) + b);
  // The kernel adds the chains pairwise as a tree, then the four (equal) lanes.
  const s = f(f(f(x[0]! + x[1]!) + f(x[2]! + x[3]!)) + f(f(f(x[4]! + x[5]!) + f(x[6]! + x[7]!)) + f(x[8]! + x[9]!)));
  return f(f(f(s + s) + s) + s);
}

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe(`simd_peak_f32 (${VARIANT})`, () => {
  it.each([[0, 1], [1, 1], [3, 2.5], [17, 0.5], [1000, 3]])('%i iterations from seed %f give the reference chains', (iterations, seed) => {
    const got = e.kernels.simd_peak_f32(iterations, seed);
    const want = peakReference(iterations, seed);
    if (VARIANT === 'simd') expect(got).toBe(want);
    else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-5 * Math.abs(want));
  });

  it('stays finite over the long runs the benchmark times', () => {
    expect(Number.isFinite(e.kernels.simd_peak_f32(4_000_000, 1))).toBe(true);
  });

  it('measureSimdLimit reports a rate with the best sample at least the median', () => {
    const limit = measureSimdLimit(e, { minTime: 0.05, warmup: 1 });
    expect(limit.median).toBeGreaterThan(0.1);
    expect(limit.best).toBeGreaterThanOrEqual(limit.median);
  });
});
