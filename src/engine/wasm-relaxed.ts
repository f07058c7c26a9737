/**
 * Where the relaxed-SIMD kernels sit: beside the bundled module (dist/). One
 * literal, for the same reason as wasm-simd.ts.
 */
export function relaxedWasmUrl(): URL {
  return new URL('./untangle.relaxed.wasm', import.meta.url);
}
