/**
 * Test buffers in engine memory with guard bands, and seeded test data.
 *
 * A guarded buffer is GUARD words of a sentinel NaN, the data, GUARD more
 * sentinel words. The odd guard width leaves the data off 16-byte alignment;
 * the sentinel is a NaN so an out-of-range read that reaches a result shows up
 * as NaN, and an out-of-range write shows up as a changed guard word.
 */
import type { Engine } from '../../src/engine/engine.js';
import type { Block } from '../../src/engine/arena.js';
import { Random } from '../../src/engine/random.js';

export const GUARD = 5;
/** A quiet NaN with a recognisable payload. */
export const SENTINEL_BITS = 0x7fc0dead;

export interface Guarded {
  readonly block: Block;
  /** Byte offset of the first data word. */
  readonly ptr: number;
  /** Data words. */
  readonly n: number;
}

/** Allocates a guarded buffer holding `data` (or n words of `fill`, 0 by default). */
export function guarded(e: Engine, data: Float32Array | Int32Array | number, fill = 0): Guarded {
  const n = typeof data === 'number' ? data : data.length;
  const block = e.alloc((n + 2 * GUARD) * 4);
  const words = new Uint32Array(e.memory.buffer, block.ptr, n + 2 * GUARD);
  words.fill(SENTINEL_BITS);
  const ptr = block.ptr + GUARD * 4;
  if (typeof data === 'number') e.f32(ptr, n).fill(fill);
  else if (data instanceof Int32Array) e.i32(ptr, n).set(data);
  else e.f32(ptr, n).set(data);
  return { block, ptr, n };
}

/** A copy of the buffer's data as f32. */
export function readF32(e: Engine, g: Guarded): Float32Array {
  return e.f32(g.ptr, g.n).slice();
}

export function readI32(e: Engine, g: Guarded): Int32Array {
  return e.i32(g.ptr, g.n).slice();
}

/** Overwrites the buffer's data. */
export function writeF32(e: Engine, g: Guarded, data: ArrayLike<number>): void {
  e.f32(g.ptr, g.n).set(data);
}

/** Throws, naming the word, if a guard word around the buffer changed. */
export function checkGuards(e: Engine, g: Guarded, what: string): void {
  const words = new Uint32Array(e.memory.buffer, g.block.ptr, g.n + 2 * GUARD);
  for (let i = 0; i < words.length; i++) {
    if (i >= GUARD && i < GUARD + g.n) continue;
    if (words[i] !== SENTINEL_BITS) {
      const where = i < GUARD ? `${GUARD - i} word(s) before` : `${i - GUARD - g.n + 1} word(s) after`;
      throw new Error(`${what}: guard ${where} the data (n = ${g.n}) was overwritten with 0x${words[i]!.toString(16)}`);
    }
  }
}

export function release(e: Engine, ...buffers: Guarded[]): void {
  for (const g of buffers) e.release(g.block);
}

/** n f32 values uniform in [lo, hi) from a seeded generator. */
export function uniformF32(rng: Random, n: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.range(lo, hi);
  return out;
}

/** n labels uniform in [0, C). */
export function labelsI32(rng: Random, n: number, C: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(C);
  return out;
}

export { Random };

/** Throws, naming the first differing index, unless a and b hold the same bits. */
export function assertSameBits(got: Float32Array | Int32Array, want: Float32Array | Int32Array, what: string): void {
  if (got.length !== want.length) throw new Error(`${what}: length ${got.length}, expected ${want.length}`);
  const g = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const w = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < w.length; i++) {
    if (g[i] !== w[i]) throw new Error(`${what}: index ${i}: expected ${want[i]} (0x${w[i]!.toString(16)}), got ${got[i]} (0x${g[i]!.toString(16)})`);
  }
}
