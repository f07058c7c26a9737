import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { WasmVariant } from '../../src/engine/features.js';

/** The wasm variant this test project runs (set per vitest project). */
export const VARIANT = (process.env.UNTANGLE_WASM ?? 'simd') as WasmVariant;

/** A fresh engine on this project's variant. */
export function testEngine(): Promise<Engine> {
  return createEngine({ variant: VARIANT });
}
