import { describe, it, expect, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { guarded, readF32, readI32, checkGuards, release, assertSameBits, type Guarded } from '../helpers/buffers.js';
import { Random, seedState } from '../../src/engine/random.js';

const SEEDS = [1, 42, 0xdeadbeef, 2 ** 40 + 3];

/** The 4×u32 xoshiro state in wasm memory, seeded as the TS generator seeds itself. */
function wasmState(e: Engine, seed: number): Guarded {
  const s = seedState(seed);
  return guarded(e, new Int32Array(s.buffer, s.byteOffset, 4));
}

function stateOf(e: Engine, s: Guarded): Uint32Array {
  return Uint32Array.from(readI32(e, s), (v) => v >>> 0);
}

function uniform(e: Engine, state: Guarded, n: number, lo: number, hi: number): Float32Array {
  const out = guarded(e, n);
  e.kernels.random_f32_uniform(out.ptr, n, lo, hi, state.ptr);
  checkGuards(e, out, `random_f32_uniform n=${n}`);
  const values = readF32(e, out);
  release(e, out);
  return values;
}

function permute(e: Engine, state: Guarded, n: number): Int32Array {
  const out = guarded(e, n);
  e.kernels.random_i32_permute(out.ptr, n, state.ptr);
  checkGuards(e, out, `random_i32_permute n=${n}`);
  const values = readI32(e, out);
  release(e, out);
  return values;
}

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe(`random_f32_uniform (${VARIANT})`, () => {
  it.each(SEEDS)('seed %d: same bits as Random.range for n ∈ {1, 5, 1000} and several ranges', (seed) => {
    for (const n of [1, 5, 1000]) {
      for (const [lo, hi] of [[0, 1], [-1, 1], [-0.5, 2.25], [-0.08, 0.08]] as const) {
        const state = wasmState(e, seed);
        const rng = new Random(seed);
        const got = uniform(e, state, n, lo, hi);
        const want = Float32Array.from({ length: n }, () => rng.range(lo, hi));
        const what = `seed ${seed} n=${n} [${lo}, ${hi})`;
        assertSameBits(got, want, what);
        expect(stateOf(e, state), `${what}: state after`).toEqual(rng.state);
        for (const v of got) if (!(v >= lo && v <= hi)) throw new Error(`${what}: ${v} outside the range`);
        checkGuards(e, state, `${what} state`);
        release(e, state);
      }
    }
  });

  it('continues the stream across calls, and the same seed gives the same bits', () => {
    const state = wasmState(e, 7);
    const first = uniform(e, state, 3, -1, 1);
    const second = uniform(e, state, 10, -1, 1);
    const rng = new Random(7);
    assertSameBits(first, Float32Array.from({ length: 3 }, () => rng.range(-1, 1)), 'first call');
    assertSameBits(second, Float32Array.from({ length: 10 }, () => rng.range(-1, 1)), 'second call');
    release(e, state);
    const again = wasmState(e, 7);
    assertSameBits(uniform(e, again, 3, -1, 1), first, 'same seed, same bits');
    release(e, again);
    const other = wasmState(e, 8);
    expect(Array.from(uniform(e, other, 3, -1, 1))).not.toEqual(Array.from(first));
    release(e, other);
  });
});

describe(`random_i32_permute (${VARIANT})`, () => {
  it.each(SEEDS)('seed %d: same order as Random.shuffle, and a permutation, for n ∈ {1, 2, 3, 17, 1000}', (seed) => {
    for (const n of [1, 2, 3, 17, 1000]) {
      const state = wasmState(e, seed);
      const rng = new Random(seed);
      const got = permute(e, state, n);
      const what = `seed ${seed} n=${n}`;
      assertSameBits(got, rng.shuffle(Int32Array.from({ length: n }, (_, i) => i)), what);
      expect(stateOf(e, state), `${what}: state after`).toEqual(rng.state);
      expect(Array.from(got).sort((a, b) => a - b), `${what}: is a permutation`).toEqual(Array.from({ length: n }, (_, i) => i));
      release(e, state);
    }
  });

  it('uniform then permute on one state follows the TS generator', () => {
    const state = wasmState(e, 1234);
    const u = uniform(e, state, 5, 0, 1);
    const p = permute(e, state, 33);
    const rng = new Random(1234);
    assertSameBits(u, Float32Array.from({ length: 5 }, () => rng.uniform()), 'uniform part');
    assertSameBits(p, rng.shuffle(Int32Array.from({ length: 33 }, (_, i) => i)), 'permutation part');
    release(e, state);
  });
});
