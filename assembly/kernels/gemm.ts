// GEMM, f32: C (M×N) = op(A)·op(B), or C += op(A)·op(B) when `accumulate` is 1.
//
//   gemm_f32_nn: C = A·B      A stored M×K, B stored K×N
//   gemm_f32_tn: C = Aᵀ·B     A stored K×M, B stored K×N
//   gemm_f32_nt: C = A·Bᵀ     A stored M×K, B stored N×K
// All matrices row-major and densely packed (leading dimension = stored width).
// A dense layer needs all three: forward Y = W·X, backward dX = Wᵀ·dY, dW = dY·Xᵀ.
//
// Method (GotoBLAS / XNNPACK style): for each KC-deep slice of K, op(B) is packed
// into panels of NR = 8 columns (k-major, 8 floats per k) and op(A), MC rows at a
// time, into panels of MR = 4 rows (4 floats per k). Panels are zero-padded to
// full width, so the 4×8 micro-kernel never branches on tails in its inner loop;
// a partial tile is written through a small edge buffer. The 4×8 tile keeps 8
// accumulators + 2 B vectors + 1 broadcast A value live: 11 v128 registers, under
// the ~14 V8 gives wasm on x64 before it spills. One tile serves both builds: a
// 3×12 tile for the relaxed (FMA) build ran its inner loop at 66 GFLOP/s against
// 61 for 4×8, but whole products gained only 0–3 % for n = 512–1024 and lost
// 1–2 % at n = 256 (more, smaller tile calls; 48-byte panels); 5×8 and 6×8 spill.
// Unrolling the 4×8 k-loop by two (A at constant offsets, one pointer bump per
// 16 madds) ran at 0.65–0.95× of this loop for n = 64–512 in an alternating A/B
// (bench/gemm-ab.ts): the second B pointer pushes the loop past V8's registers.
//
// `scratch` must hold gemm_f32_scratch_floats(M, N, K) floats; the kernel never
// allocates. Preconditions (checked by the TS caller): M, N, K ≥ 1, regions do
// not overlap C.

import { madd } from './simd';

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const DIRECT_MAX_N: i32 = 256;
const DIRECT_MAX_M: i32 = 32;

@inline function roundUp(x: i32, m: i32): i32 {
  return ((x + m - 1) / m) * m;
}

/** Floats of scratch one gemm call of this shape needs. */
export function gemm_f32_scratch_floats(M: i32, N: i32, K: i32): i32 {
  const kc = min(K, KC);
  return kc * roundUp(N, NR) + min(roundUp(M, MR), MC) * kc + MR * NR;
}

export function gemm_f32_nn(c: usize, a: usize, b: usize, M: i32, N: i32, K: i32, accumulate: i32, scratch: usize): void {
  gemm(c, a, b, M, N, K, false, false, accumulate, scratch);
}

export function gemm_f32_tn(c: usize, a: usize, b: usize, M: i32, N: i32, K: i32, accumulate: i32, scratch: usize): void {
  gemm(c, a, b, M, N, K, true, false, accumulate, scratch);
}

export function gemm_f32_nt(c: usize, a: usize, b: usize, M: i32, N: i32, K: i32, accumulate: i32, scratch: usize): void {
  // A long shared dimension (weight gradients: K = pixels × batch) makes
  // packing Bᵀ a strided gather over K; rows of A and B are both contiguous
  // along K, so take dot products instead.
  if (K >= 4 * N && K >= 64) gemm_nt_dot(c, a, b, M, N, K, accumulate);
  else gemm(c, a, b, M, N, K, false, true, accumulate, scratch);
}

// C (M×N) (+)= A·Bᵀ as dot products along K, blocked by DOT_KC so the A and
// B rows of one block stay in cache while every (i, j) pair uses them. Tiles
// of 4 rows of A × 2 rows of B: 8 vector accumulators, 6 loads per 8 madds.
const DOT_KC: i32 = 512;

function gemm_nt_dot(c: usize, a: usize, b: usize, M: i32, N: i32, K: i32, accumulate: i32): void {
  if (accumulate == 0) memory.fill(c, 0, <usize>(M * N) << 2);
  const rowA = <usize>K << 2;
  for (let k0 = 0; k0 < K; k0 += DOT_KC) {
    const kc = min(DOT_KC, K - k0);
    const kc4 = kc & ~3;
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const a0 = a + <usize>i * rowA + (<usize>k0 << 2);
      let j = 0;
      for (; j + 2 <= N; j += 2) {
        const b0 = b + <usize>j * rowA + (<usize>k0 << 2);
        let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
        let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
        for (let k = 0; k < kc4; k += 4) {
          const o = <usize>k << 2;
          const x0 = v128.load(b0 + o), x1 = v128.load(b0 + rowA + o);
          let w = v128.load(a0 + o);
          s00 = madd(w, x0, s00); s01 = madd(w, x1, s01);
          w = v128.load(a0 + rowA + o);
          s10 = madd(w, x0, s10); s11 = madd(w, x1, s11);
          w = v128.load(a0 + 2 * rowA + o);
          s20 = madd(w, x0, s20); s21 = madd(w, x1, s21);
          w = v128.load(a0 + 3 * rowA + o);
          s30 = madd(w, x0, s30); s31 = madd(w, x1, s31);
        }
        addDot(c, N, i, j, s00, a0, b0, kc4, kc);
        addDot(c, N, i, j + 1, s01, a0, b0 + rowA, kc4, kc);
        addDot(c, N, i + 1, j, s10, a0 + rowA, b0, kc4, kc);
        addDot(c, N, i + 1, j + 1, s11, a0 + rowA, b0 + rowA, kc4, kc);
        addDot(c, N, i + 2, j, s20, a0 + 2 * rowA, b0, kc4, kc);
        addDot(c, N, i + 2, j + 1, s21, a0 + 2 * rowA, b0 + rowA, kc4, kc);
        addDot(c, N, i + 3, j, s30, a0 + 3 * rowA, b0, kc4, kc);
        addDot(c, N, i + 3, j + 1, s31, a0 + 3 * rowA, b0 + rowA, kc4, kc);
      }
      for (; j < N; j++) {
        for (let ii = i; ii < i + 4; ii++) dotOne(c, N, ii, j, a + <usize>ii * rowA + (<usize>k0 << 2), b + <usize>j * rowA + (<usize>k0 << 2), kc);
      }
    }
    for (; i < M; i++) {
      for (let j = 0; j < N; j++) dotOne(c, N, i, j, a + <usize>i * rowA + (<usize>k0 << 2), b + <usize>j * rowA + (<usize>k0 << 2), kc);
    }
  }
}

// c[i][j] += horizontal sum of s + the scalar tail k ∈ [kc4, kc) of row·col.
@inline function addDot(c: usize, N: i32, i: i32, j: i32, s: v128, ra: usize, rb: usize, kc4: i32, kc: i32): void {
  let t = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
  for (let k = kc4; k < kc; k++) t += load<f32>(ra + (<usize>k << 2)) * load<f32>(rb + (<usize>k << 2));
  const at = c + (<usize>(i * N + j) << 2);
  store<f32>(at, load<f32>(at) + t);
}

@inline function dotOne(c: usize, N: i32, i: i32, j: i32, ra: usize, rb: usize, kc: i32): void {
  const kc4 = kc & ~3;
  let s = f32x4.splat(0);
  for (let k = 0; k < kc4; k += 4) s = madd(v128.load(ra + (<usize>k << 2)), v128.load(rb + (<usize>k << 2)), s);
  addDot(c, N, i, j, s, ra, rb, kc4, kc);
}

@inline
function gemm(c: usize, a: usize, b: usize, M: i32, N: i32, K: i32, transA: bool, transB: bool, accumulate: i32, scratch: usize): void {
  const kcMax = min(K, KC);
  const packedB = scratch;
  const packedA = packedB + (<usize>(kcMax * roundUp(N, NR)) << 2);
  const edge = packedA + (<usize>(min(roundUp(M, MR), MC) * kcMax) << 2);
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    // Direct path: when B is stored K×N and not too wide, full 8-column panels
    // are read straight from B (stride N) and only a ragged last panel is
    // packed. Past DIRECT_MAX_N the stride-N walk thrashes the cache and
    // packing wins (measured: direct 4×8 falls to half speed at N = 1024) —
    // unless A has few rows (convolutions: M = filters), when each packed panel
    // would serve only M/4 tiles and the copy costs more than it saves
    // (conv net training +5 % measured with DIRECT_MAX_M = 32; 512 was slower).
    const direct = !transB && (N <= DIRECT_MAX_N || M <= DIRECT_MAX_M);
    const fullN = direct ? N & ~(NR - 1) : 0;
    if (!direct) packB(packedB, b, transB, pc, kc, N, K);
    else if (fullN < N) packB(packedB, b + (<usize>fullN << 2), false, pc, kc, N - fullN, K, N);
    const beta = pc == 0 ? accumulate : 1;
    for (let ic = 0; ic < M; ic += MC) {
      const mc = min(MC, M - ic);
      packA(packedA, a, transA, ic, mc, pc, kc, M, K);
      for (let jr = 0; jr < N; jr += NR) {
        const nr = min(NR, N - jr);
        let pb: usize, strideB: usize;
        if (jr < fullN) {
          pb = b + (<usize>(pc * N + jr) << 2);
          strideB = <usize>N << 2;
        } else {
          pb = packedB + (<usize>((jr - fullN) * kc) << 2);
          strideB = NR << 2;
        }
        for (let ir = 0; ir < mc; ir += MR) {
          const mr = min(MR, mc - ir);
          const pa = packedA + (<usize>(ir * kc) << 2);
          const cTile = c + (<usize>((ic + ir) * N + jr) << 2);
          micro_4x8(cTile, pa, pb, strideB, kc, N, beta, mr, nr, edge);
        }
      }
    }
  }
}

// Packs op(B)[pc : pc+kc, 0 : N] into panels of 8 columns, zero-padded.
// transB = false: B stored K×N (row k contiguous); true: B stored N×K.
@inline
function packB(dst: usize, b: usize, transB: bool, pc: i32, kc: i32, N: i32, K: i32, ldb: i32 = N): void {
  for (let j0 = 0; j0 < N; j0 += NR) {
    const nr = min(NR, N - j0);
    if (!transB) {
      let src = b + (<usize>(pc * ldb + j0) << 2);
      if (nr == NR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          src += <usize>ldb << 2;
          dst += 32;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let j = 0; j < NR; j++) {
            store<f32>(dst + (<usize>j << 2), j < nr ? load<f32>(src + (<usize>j << 2)) : 0);
          }
          src += <usize>ldb << 2;
          dst += 32;
        }
      }
    } else if (nr == NR) {
      // op(B)[k][j] = B[j][k]: the panel is the transpose of 8 rows of B. Four
      // k at a time, load 4 floats from each row and transpose two 4×4 blocks
      // in registers (a strided scalar gather here cost 10 % of an n = 256 nt
      // product, and a third at n = 64).
      const row0 = b + (<usize>(j0 * K + pc) << 2);
      const ldb = <usize>K << 2;
      const kc4 = kc & ~3;
      let k = 0;
      for (; k < kc4; k += 4) {
        const src = row0 + (<usize>k << 2);
        transpose4x4Into(dst, src, ldb);
        transpose4x4Into(dst + 16, src + 4 * ldb, ldb);
        dst += 128;
      }
      for (; k < kc; k++) {
        const src = row0 + (<usize>k << 2);
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + <usize>j * ldb));
        dst += 32;
      }
    } else {
      // A ragged last panel: gather column j of the panel from row j of B.
      for (let k = 0; k < kc; k++) {
        const src = b + (<usize>(j0 * K + pc + k) << 2);
        for (let j = 0; j < NR; j++) {
          store<f32>(dst + (<usize>j << 2), j < nr ? load<f32>(src + (<usize>(j * K) << 2)) : 0);
        }
        dst += 32;
      }
    }
  }
}

// Rows r0..r3 (4 floats each, ldb bytes apart) from src, transposed, land as
// 4 rows of a packed 8-wide B panel (32 bytes apart) at dst: dst row i holds
// (r0[i], r1[i], r2[i], r3[i]).
@inline
function transpose4x4Into(dst: usize, src: usize, ldb: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + ldb);
  const r2 = v128.load(src + 2 * ldb), r3 = v128.load(src + 3 * ldb);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // r0[0] r1[0] r0[1] r1[1]
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // r0[2] r1[2] r0[3] r1[3]
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 32);
  v128.store(dst, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 64);
  v128.store(dst, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 96);
}

// Packs op(A)[ic : ic+mc, pc : pc+kc] into panels of 4 rows, zero-padded.
// transA = false: A stored M×K; true: A stored K×M (row k holds op(A)'s column k).
@inline
function packA(dst: usize, a: usize, transA: bool, ic: i32, mc: i32, pc: i32, kc: i32, M: i32, K: i32): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const mr = min(MR, mc - i0);
    const row = ic + i0;
    if (transA) {
      let src = a + (<usize>(pc * M + row) << 2);
      if (mr == MR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, v128.load(src));
          src += <usize>M << 2;
          dst += 16;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let i = 0; i < MR; i++) {
            store<f32>(dst + (<usize>i << 2), i < mr ? load<f32>(src + (<usize>i << 2)) : 0);
          }
          src += <usize>M << 2;
          dst += 16;
        }
      }
    } else {
      const src = a + (<usize>(row * K + pc) << 2);
      const rowBytes = <usize>K << 2;
      for (let k = 0; k < kc; k++) {
        const s = src + (<usize>k << 2);
        store<f32>(dst, load<f32>(s));
        store<f32>(dst, mr > 1 ? load<f32>(s + rowBytes) : 0, 4);
        store<f32>(dst, mr > 2 ? load<f32>(s + 2 * rowBytes) : 0, 8);
        store<f32>(dst, mr > 3 ? load<f32>(s + 3 * rowBytes) : 0, 12);
        dst += 16;
      }
    }
  }
}

// One 4×8 tile of C from a 4-row A panel and an 8-column B panel, kc deep;
// the B panel's rows are strideB bytes apart (32 packed, 4·N read directly).
// beta = 0 overwrites C, 1 adds to it. Rows ≥ mr / columns ≥ nr are not written.
@inline
function micro_4x8(c: usize, pa: usize, pb: usize, strideB: usize, kc: i32, ldc: i32, beta: i32, mr: i32, nr: i32, edge: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    pa += 16;
    pb += strideB;
  }
  const ldcBytes = <usize>ldc << 2;
  if (mr == MR && nr == NR) {
    if (beta != 0) {
      c00 = f32x4.add(c00, v128.load(c));
      c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ldcBytes));
      c11 = f32x4.add(c11, v128.load(c + ldcBytes, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ldcBytes));
      c21 = f32x4.add(c21, v128.load(c + 2 * ldcBytes, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ldcBytes));
      c31 = f32x4.add(c31, v128.load(c + 3 * ldcBytes, 16));
    }
    v128.store(c, c00);
    v128.store(c, c01, 16);
    v128.store(c + ldcBytes, c10);
    v128.store(c + ldcBytes, c11, 16);
    v128.store(c + 2 * ldcBytes, c20);
    v128.store(c + 2 * ldcBytes, c21, 16);
    v128.store(c + 3 * ldcBytes, c30);
    v128.store(c + 3 * ldcBytes, c31, 16);
    return;
  }
  // Partial tile: spill to the edge buffer, copy the valid part.
  v128.store(edge, c00);
  v128.store(edge, c01, 16);
  v128.store(edge, c10, 32);
  v128.store(edge, c11, 48);
  v128.store(edge, c20, 64);
  v128.store(edge, c21, 80);
  v128.store(edge, c30, 96);
  v128.store(edge, c31, 112);
  for (let i = 0; i < mr; i++) {
    const row = c + <usize>i * ldcBytes;
    const e = edge + (<usize>(i * NR) << 2);
    for (let j = 0; j < nr; j++) {
      const off = <usize>j << 2;
      const v = load<f32>(e + off);
      store<f32>(row + off, beta != 0 ? load<f32>(row + off) + v : v);
    }
  }
}
