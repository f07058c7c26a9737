/**
 * The benchmark suite for a browser page (bundled as dist/untangle.bench.js,
 * shown by dist/bench.html): the same workloads and report as `untangle bench`,
 * with the environment read from `navigator`.
 */
import { supportsRelaxedSimd, supportsSimd, type WasmVariant } from '../engine/features.js';
import type { BenchEnvironment } from './report.js';

export { runBenchSuite, type BenchRow, type BenchSuiteOptions } from './suite.js';
export { BENCH_COLUMNS, benchCells, benchReport, type BenchReport } from './report.js';

/** The wasm variants this browser runs, fastest last. */
export function browserVariants(): WasmVariant[] {
  if (!supportsSimd()) return [];
  return supportsRelaxedSimd() ? ['simd', 'relaxed'] : ['simd'];
}

/** The machine and runtime as far as a page can tell. */
export function browserEnvironment(): BenchEnvironment {
  const nav = globalThis.navigator as Navigator & { userAgentData?: { platform?: string } };
  return {
    machine: { cpu: nav.userAgentData?.platform ?? nav.platform ?? 'unknown', cores: nav.hardwareConcurrency ?? 1, platform: nav.platform ?? 'unknown' },
    runtime: { name: 'browser', version: nav.userAgent },
  };
}
