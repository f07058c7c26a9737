/**
 * Shared settings of the property-based reader tests: a fixed seed, a run count that
 * UNTANGLE_FUZZ_RUNS scales up for a long run (e.g. UNTANGLE_FUZZ_RUNS=100000), and the
 * check that a bad input ends in one of the named error classes, quickly.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { UntangleError } from '../../src/errors.js';

/** Same cases on every run; a failure prints its counterexample and path for replay. */
export const FUZZ_SEED = 20261201;

/** `base` runs by default; with UNTANGLE_FUZZ_RUNS=N, N runs (the total budget of a property). */
export function runs(base: number): number {
  const n = Number(process.env.UNTANGLE_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : base;
}

/** fast-check parameters for a property with `base` default runs. */
export function fuzzParams(base: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: runs(base), endOnFailure: true };
}

/** Time one reader call may take on a mutated input (generous: the machine may be busy). */
export const CASE_MS = 2000;

/**
 * Runs `f`; it may succeed (then `onValue` checks the result) or throw, and if it throws the
 * error must be an instance of one of `allowed` (never a TypeError, RangeError or wasm trap).
 * Either way it must end within CASE_MS.
 */
export async function expectNamedOutcome<T>(
  f: () => T | Promise<T>,
  allowed: ReadonlyArray<abstract new (...args: never[]) => UntangleError>,
  onValue: (value: T) => void = () => {},
): Promise<void> {
  const t = performance.now();
  let value: T;
  try {
    value = await f();
  } catch (e) {
    const ms = performance.now() - t;
    if (!allowed.some((C) => e instanceof C)) {
      throw new Error(`expected one of ${allowed.map((C) => C.name).join(', ')}, got ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
    }
    expect(ms, `took ${ms.toFixed(0)} ms`).toBeLessThan(CASE_MS);
    return;
  }
  const ms = performance.now() - t;
  expect(ms, `took ${ms.toFixed(0)} ms`).toBeLessThan(CASE_MS);
  onValue(value);
}

/** Text edits that break CSV and JSON in the usual ways: odd characters, quotes, BOM, cuts, long runs. */
export function textMutation(): fc.Arbitrary<(s: string) => string> {
  const piece = fc.oneof(
    fc.constantFrom('"', ',', ';', '\t', '\r', '\n', '\r\n', '\uFEFF', ' ', '\u00a0', 'e', 'E', '-', '+', '.', 'x', 'NaN', 'Infinity', '-0', '1e39', '1e-46', '0x1f', '{', '}', '[', ']', ':', 'null', '\u0000', '\ud800'),
    fc.string({ maxLength: 8 }),
    fc.integer({ min: 1, max: 20000 }).map((n) => '9'.repeat(n)),
  );
  return fc.oneof(
    fc.tuple(fc.nat(), piece).map(([at, p]) => (s: string) => { const i = at % (s.length + 1); return s.slice(0, i) + p + s.slice(i); }),
    fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, len]) => (s: string) => { const i = at % (s.length + 1); return s.slice(0, i) + s.slice(i + len); }),
    fc.nat().map((at) => (s: string) => s.slice(0, at % (s.length + 1))),
    fc.tuple(fc.nat(), piece).map(([at, p]) => (s: string) => { const i = at % Math.max(1, s.length); return s.slice(0, i) + p + s.slice(i + 1); }),
  );
}
