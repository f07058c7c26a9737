/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32.
 *
 * Why this generator: 128 bits of state, 32-bit integer arithmetic only (so the
 * AssemblyScript copy in `assembly/kernels/random.ts` produces the same bits), and
 * good statistical quality for shuffling and initialisation. Same seed, same bits,
 * in Node, in browsers and in wasm.
 */

import { OptionError } from '../errors.js';

const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The four 32-bit words of state that `seed` expands to (splitmix32). */
export function seedState(seed: number): Uint32Array {
  if (!Number.isFinite(seed)) throw new OptionError(`random seed must be a finite number, got ${seed}`, 'seed');
  let a = (Math.trunc(seed) >>> 0) ^ (Math.floor(Math.abs(seed) / TWO_POW_32) >>> 0);
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  // xoshiro must not start from the all-zero state.
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
  return state;
}

export class Random {
  readonly state: Uint32Array;

  constructor(seed: number | Uint32Array = 1) {
    this.state = typeof seed === 'number' ? seedState(seed) : Uint32Array.from(seed);
  }

  /** Next raw 32-bit output, as an unsigned number. */
  nextU32(): number {
    const s = this.state;
    const s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!;
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    const n2 = (s2 ^ s0) >>> 0;
    const n3 = (s3 ^ s1) >>> 0;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = rotl(n3, 11);
    return result;
  }

  /** Uniform in [0, 1), 24 random bits: exactly representable as f32. */
  uniform(): number {
    return (this.nextU32() >>> 8) * 5.9604644775390625e-8;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [0, n) by the multiply-shift map (n < 2^21 keeps it exact in doubles). */
  int(n: number): number {
    if (!(n >= 1 && n < 2097152)) throw new OptionError(`Random.int: n must be in [1, 2^21), got ${n}`, 'n');
    return Math.floor((this.nextU32() * n) / TWO_POW_32);
  }

  /** Standard normal by Box–Muller (uses Math.log/cos: same bits within one JS engine). */
  normal(): number {
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Fisher–Yates shuffle in place; the same order as the wasm `random_i32_permute` kernel. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** An independent stream derived from this one (for per-purpose generators). */
  fork(): Random {
    return new Random(this.nextU32() ^ Math.imul(this.nextU32(), 0x2545f491));
  }
}
