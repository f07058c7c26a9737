/**
 * Which wasm variant this runtime can run. The relaxed build fuses multiply-add
 * (f32x4.relaxed_madd); Chromium runs it by default, Node 20 only with
 * --experimental-wasm-relaxed-simd. Detection validates a 1-function module that
 * uses the instruction, as TensorFlow.js does for its SIMD flag.
 */
import { UnsupportedError } from '../errors.js';

/** The two wasm builds: plain 128-bit SIMD, and relaxed SIMD (fused multiply-add). */
export type WasmVariant = 'simd' | 'relaxed';

const V128_CONST_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

// (module (func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0))))
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x3d, 0x01, 0x3b, 0x00,
  ...V128_CONST_ZERO, ...V128_CONST_ZERO, ...V128_CONST_ZERO,
  0xfd, 0x85, 0x02,
  0x0b,
]);

// (module (func (result v128) (v128.const 0)))
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x16, 0x01, 0x14, 0x00,
  ...V128_CONST_ZERO,
  0x0b,
]);

/** Whether this runtime can run the plain-SIMD build (WebAssembly SIMD128). */
export function supportsSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

/** Whether this runtime can run the relaxed-SIMD build (fused multiply-add; Node 20 needs `--experimental-wasm-relaxed-simd`). */
export function supportsRelaxedSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_PROBE);
}

/** The fastest variant this runtime validates. */
export function bestVariant(): WasmVariant {
  if (!supportsSimd()) {
    throw new UnsupportedError('this JavaScript runtime has no WebAssembly SIMD (128-bit); Untangle needs Node ≥ 20 or a current browser');
  }
  return supportsRelaxedSimd() ? 'relaxed' : 'simd';
}
