import { defineConfig } from 'vitest/config';

// Tests that touch wasm run twice: once on the plain-SIMD build and once on the
// relaxed-SIMD build (Node 20 runs relaxed SIMD only behind a V8 flag, so that
// project's workers get it in execArgv). Pure-TS tests run once.
const wasmTests = ['test/kernels/**/*.test.ts', 'test/engine/**/*.test.ts', 'test/model/**/*.test.ts', 'test/train/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'simd',
          include: ['test/**/*.test.ts'],
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
