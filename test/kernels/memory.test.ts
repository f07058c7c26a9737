import { describe, it, expect, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { guarded, readF32, readI32, checkGuards, release, uniformF32, labelsI32, assertSameBits, Random } from '../helpers/buffers.js';
import { gatherCols, gatherI32, transpose, allFinite } from '../reference/kernels.js';

const DS = [1, 3, 5, 17];
const BS = [1, 3, 5, 33];
const ROWS = 50;

/** B indices into [0, ROWS), with repeats, always including the first and last row. */
function indices(rng: Random, B: number): Int32Array {
  const idx = labelsI32(rng, B, ROWS);
  idx[0] = ROWS - 1;
  if (B > 1) idx[B - 1] = 0;
  if (B > 2) idx[1] = idx[2]!;
  return idx;
}

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe(`gather_f32_cols (${VARIANT})`, () => {
  it.each(DS.flatMap((D) => BS.map((B) => [D, B])))('D=%i B=%i: column b of dst is row idx[b] of src', (D, B) => {
    const rng = new Random(D * 50 + B);
    const src = uniformF32(rng, ROWS * D);
    const idx = indices(rng, B);
    const S = guarded(e, src), I = guarded(e, idx), Dst = guarded(e, D * B);
    e.kernels.gather_f32_cols(Dst.ptr, S.ptr, I.ptr, D, B);
    const what = `gather_f32_cols D=${D} B=${B} idx=[${Array.from(idx).join(',')}]`;
    assertSameBits(readF32(e, Dst), Float32Array.from(gatherCols(src, idx, D, B)), what);
    checkGuards(e, Dst, `${what} dst`);
    assertSameBits(readF32(e, S), src, `${what}: src changed`);
    release(e, S, I, Dst);
  });
});

describe(`gather_i32 (${VARIANT})`, () => {
  it.each(BS)('B=%i: dst[b] = src[idx[b]]', (B) => {
    const rng = new Random(B);
    const src = Int32Array.from({ length: ROWS }, () => rng.int(2000) - 1000);
    const idx = indices(rng, B);
    const S = guarded(e, src), I = guarded(e, idx), Dst = guarded(e, B);
    e.kernels.gather_i32(Dst.ptr, S.ptr, I.ptr, B);
    const what = `gather_i32 B=${B}`;
    assertSameBits(readI32(e, Dst), gatherI32(src, idx, B), what);
    checkGuards(e, Dst, `${what} dst`);
    release(e, S, I, Dst);
  });
});

describe(`transpose_f32 (${VARIANT})`, () => {
  const shapes = [...[1, 3, 5, 17].flatMap((R) => [1, 4, 5, 17].map((C) => [R, C])), [45, 65], [65, 45]];
  it.each(shapes)('R=%i C=%i', (R, C) => {
    const src = uniformF32(new Random(R * 100 + C), R * C);
    const S = guarded(e, src), Dst = guarded(e, R * C);
    e.kernels.transpose_f32(Dst.ptr, S.ptr, R, C);
    const what = `transpose_f32 R=${R} C=${C}`;
    assertSameBits(readF32(e, Dst), Float32Array.from(transpose(src, R, C)), what);
    checkGuards(e, Dst, `${what} dst`);
    release(e, S, Dst);
  });
});

describe(`fill_f32 (${VARIANT})`, () => {
  it.each([0, 1, 3, 4, 5, 17, 33])('n=%i, values 3.5, −0, NaN, −∞, 1e-40 (subnormal)', (n) => {
    for (const value of [3.5, -0, NaN, -Infinity, 1e-40]) {
      const P = guarded(e, uniformF32(new Random(n), n));
      e.kernels.fill_f32(P.ptr, n, value);
      const what = `fill_f32 n=${n} value=${Object.is(value, -0) ? '-0' : value}`;
      assertSameBits(readF32(e, P), new Float32Array(n).fill(value), what);
      checkGuards(e, P, what);
      release(e, P);
    }
  });
});

describe(`finite_f32_check (${VARIANT})`, () => {
  // The guard words around every buffer are NaN, so a clean buffer passing also
  // shows the check reads no further than n.
  const LENGTHS = [0, 1, 3, 4, 5, 8, 17, 33, 1001];

  it.each(LENGTHS)('n=%i: finite data (incl. ±3.4e38, subnormals, −0) → 1', (n) => {
    const x = uniformF32(new Random(n), n, -10, 10);
    [3.4e38, -3.4e38, 1e-40, -0].forEach((v, j) => { if (j < n) x[(j * 7) % n] = v; });
    const P = guarded(e, x);
    expect(e.kernels.finite_f32_check(P.ptr, n), `n=${n}`).toBe(allFinite(x));
    expect(allFinite(x)).toBe(1);
    release(e, P);
  });

  it.each(LENGTHS.filter((n) => n > 0))('n=%i: one NaN, +∞ or −∞ at head, middle or tail → 0', (n) => {
    const base = uniformF32(new Random(n + 1), n, -10, 10);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of new Set([0, n >> 1, n - 1, Math.min(n - 1, 4), Math.max(0, (n & ~3) - 1)])) {
        const x = base.slice();
        x[at] = bad;
        const P = guarded(e, x);
        expect(e.kernels.finite_f32_check(P.ptr, n), `n=${n}: ${bad} at index ${at}`).toBe(0);
        expect(allFinite(x)).toBe(0);
        release(e, P);
      }
    }
  });
});
