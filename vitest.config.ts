import { configDefaults, defineConfig } from 'vitest/config';

// Tests that touch wasm run twice: once on the plain-SIMD build and once on the
// relaxed-SIMD build (Node 20 runs relaxed SIMD only behind a V8 flag, so that
// project's workers get it in execArgv). Pure-TS tests run once. The package
// tests share one `npm pack` of the built package (test/package/pack.ts).
const wasmTests = ['test/kernels/**/*.test.ts', 'test/engine/**/*.test.ts', 'test/model/**/*.test.ts', 'test/train/**/*.test.ts', 'test/worker/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'simd',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/package/**'],
          env: { UNTANGLE_WASM: 'simd' },
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          globalSetup: ['test/package/pack.ts'],
          env: { UNTANGLE_WASM: 'simd' },
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'relaxed',
          include: wasmTests,
          env: { UNTANGLE_WASM: 'relaxed' },
          execArgv: ['--experimental-wasm-relaxed-simd'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
