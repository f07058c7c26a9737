/**
 * Where the plain-SIMD kernels sit: beside the bundled module (dist/). The URL
 * is one literal so that bundlers (Vite, webpack, rollup, esbuild) see exactly
 * this file and emit it with the app; a template or a variable would make them
 * copy a whole folder or nothing.
 */
export function simdWasmUrl(): URL {
  return new URL('./untangle.simd.wasm', import.meta.url);
}
