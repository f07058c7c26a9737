// Direct convolution, forward only (inference), in the CHWN layout of conv.ts:
//   z[f][oy][ox][b] = Σ_{c,ky,kx} W[f][c][ky][kx] · x[c][oy·s − pad + ky][ox·s − pad + kx][b]
// (bias added by the caller's BIAS_FWD op). Taps outside the image are skipped
// by clipping the ky/kx ranges per output pixel, so nothing is copied. im2col
// writes and re-reads C·KH·KW·Ho·Wo·B floats; on ConvNetJS's MNIST net at
// batch 256 that traffic held im2col + GEMM to 26–32 GFLOP/s against 44–55
// here. Training keeps im2col: the weight gradient reads the columns.
//
// Tile: 4 filters × 8 examples = 8 f32x4 accumulators; per tap 2 input loads
// and 4 broadcast weights feed 8 madds (the GEMM's 4×8 register budget).
// Weights are packed by conv_pack_filters_f32 as blocks of 4 filters, tap-major
// ([F/4][C·KH·KW][4], zero-padded), so a tap's 4 weights are adjacent.
// Tails: a last block of < 4 filters stores only its valid rows; a batch that is
// not a multiple of 8 finishes with 4-wide and then scalar tiles.
// Pairs: at stride 1, two neighbouring pixels whose windows are whole in x share
// their input loads (pairTile8: 2 filters × 8 examples × 2 pixels, 4 loads per 8
// madds); each sum still adds its terms in tile8's order, so the bits do not
// change. Against the 4 × 8 tile alone (bench/conv-direct-ab.ts, two builds taking
// turns in one process) on a machine under load 4–9: 0.6–2.4× per layer of the three
// benchmark networks, median about 1.03 — no gain shown there; to be re-measured
// on a quiet machine and dropped if it shows none.

import { madd } from './simd';

@inline function outSize(n: i32, k: i32, stride: i32, pad: i32): i32 {
  return (n + 2 * pad - k) / stride + 1;
}

/** Floats conv_pack_filters_f32 writes for F filters of `patch` weights. */
export function conv_packed_filters_floats(F: i32, patch: i32): i32 {
  return ((F + 3) >> 2) * 4 * patch;
}

/** wp[F/4][patch][4] ← w[F][patch], zero-padded to a multiple of 4 filters. */
export function conv_pack_filters_f32(wp: usize, w: usize, F: i32, patch: i32): void {
  for (let f0 = 0; f0 < F; f0 += 4) {
    const block = wp + (<usize>(f0 * patch) << 2);
    for (let k = 0; k < patch; k++) {
      for (let i = 0; i < 4; i++) {
        const f = f0 + i;
        store<f32>(block + (<usize>(k * 4 + i) << 2), f < F ? load<f32>(w + (<usize>(f * patch + k) << 2)) : 0);
      }
    }
  }
}

/**
 * The input gradient of a stride-1 convolution is itself a convolution: of dZ
 * (F channels, Ho × Wo) with the filters flipped in space and the channel axes
 * swapped, padding K − 1 − pad:
 *   dx[c][iy][ix] = Σ_{f,ky,kx} W[f][c][K−1−ky][K−1−kx] · dZ[f][iy − (K−1−pad) + ky][ix − (K−1−pad) + kx].
 * This packs those C "filters" of F·K·K taps for conv2d_f32_fwd__direct, so the
 * backward pass needs no dcols buffer and no col2im scatter.
 */
export function conv_pack_filters_flipped_f32(wp: usize, w: usize, F: i32, C: i32, K: i32): void {
  const patchIn = C * K * K, patchOut = F * K * K;
  for (let c0 = 0; c0 < C; c0 += 4) {
    const block = wp + (<usize>(c0 * patchOut) << 2);
    for (let f = 0; f < F; f++) {
      for (let ky = 0; ky < K; ky++) {
        for (let kx = 0; kx < K; kx++) {
          const tap = (f * K + ky) * K + kx;
          for (let i = 0; i < 4; i++) {
            const c = c0 + i;
            const v: f32 = c < C ? load<f32>(w + (<usize>(f * patchIn + (c * K + K - 1 - ky) * K + K - 1 - kx) << 2)) : 0;
            store<f32>(block + (<usize>(tap * 4 + i) << 2), v);
          }
        }
      }
    }
  }
}

export function conv2d_f32_fwd__direct(z: usize, x: usize, wp: usize, C: i32, H: i32, W: i32, F: i32, K: i32, stride: i32, pad: i32, B: i32): void {
  const Ho = outSize(H, K, stride, pad), Wo = outSize(W, K, stride, pad);
  const patch = C * K * K;
  const runBytes = <usize>B << 2;
  const planeBytes = <usize>(Ho * Wo) * runBytes;
  const B8 = B & ~7, B4 = B & ~3;
  for (let f0 = 0; f0 < F; f0 += 4) {
    const valid = min(4, F - f0);
    const wBlock = wp + (<usize>(f0 * patch) << 2);
    for (let oy = 0; oy < Ho; oy++) {
      const iy0 = oy * stride - pad;
      const kyLo = max(0, -iy0), kyHi = min(K, H - iy0);
      for (let ox = 0; ox < Wo; ox++) {
        const ix0 = ox * stride - pad;
        const kxLo = max(0, -ix0), kxHi = min(K, W - ix0);
        const out = z + <usize>(f0 * Ho * Wo + oy * Wo + ox) * runBytes;
        // First tap of each (c, ky) row: input x[c][iy0 + ky][ix0 + kxLo], weights at tap (c, ky, kxLo).
        const src0 = x + <usize>(iy0 * W + ix0 + kxLo) * runBytes;
        const w0 = wBlock + (<usize>(kxLo * 4) << 2);
        let b = 0;
        if (stride == 1 && ix0 >= 0 && ix0 + K < W && ox + 1 < Wo) {
          // This pixel and the next, both windows whole in x: one input load serves both (pairTile8).
          for (; b < B8; b += 8) {
            const o = out + (<usize>b << 2), s = src0 + (<usize>b << 2);
            pairTile8(o, s, w0, C, H, W, K, kyLo, kyHi, runBytes, planeBytes, valid);
            if (valid > 2) pairTile8(o + 2 * planeBytes, s, w0 + 8, C, H, W, K, kyLo, kyHi, runBytes, planeBytes, valid - 2);
          }
          const next = out + runBytes, nextSrc = src0 + runBytes;
          for (let t = b; t < B4; t += 4) tile4(next + (<usize>t << 2), nextSrc + (<usize>t << 2), w0, C, H, W, K, kyLo, kyHi, K, runBytes, planeBytes, valid);
          for (let t = B4; t < B; t++) tile1(next + (<usize>t << 2), nextSrc + (<usize>t << 2), w0, C, H, W, K, kyLo, kyHi, K, runBytes, planeBytes, valid);
          ox++;
        }
        for (; b < B8; b += 8) tile8(out + (<usize>b << 2), src0 + (<usize>b << 2), w0, C, H, W, K, kyLo, kyHi, kxHi - kxLo, runBytes, planeBytes, valid);
        for (; b < B4; b += 4) tile4(out + (<usize>b << 2), src0 + (<usize>b << 2), w0, C, H, W, K, kyLo, kyHi, kxHi - kxLo, runBytes, planeBytes, valid);
        for (; b < B; b++) tile1(out + (<usize>b << 2), src0 + (<usize>b << 2), w0, C, H, W, K, kyLo, kyHi, kxHi - kxLo, runBytes, planeBytes, valid);
      }
    }
  }
}

// 4 filters × 8 examples at one output pixel. src0/w0 point at tap (c = 0, ky = 0, kxLo).
// conv_winograd.ts runs it over one contiguous run of taps (C = H = W = K = 1, taps = the run).
@inline export function tile8(out: usize, src0: usize, w0: usize, C: i32, H: i32, W: i32, K: i32, kyLo: i32, kyHi: i32, taps: i32, runBytes: usize, planeBytes: usize, valid: i32): void {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  for (let c = 0; c < C; c++) {
    for (let ky = kyLo; ky < kyHi; ky++) {
      let src = src0 + <usize>((c * H + ky) * W) * runBytes;
      let wk = w0 + (<usize>((c * K + ky) * K * 4) << 2);
      for (let t = 0; t < taps; t++) {
        const v0 = v128.load(src), v1 = v128.load(src, 16);
        let w = v128.load32_splat(wk);
        a00 = madd(w, v0, a00); a01 = madd(w, v1, a01);
        w = v128.load32_splat(wk, 4);
        a10 = madd(w, v0, a10); a11 = madd(w, v1, a11);
        w = v128.load32_splat(wk, 8);
        a20 = madd(w, v0, a20); a21 = madd(w, v1, a21);
        w = v128.load32_splat(wk, 12);
        a30 = madd(w, v0, a30); a31 = madd(w, v1, a31);
        src += runBytes;
        wk += 16;
      }
    }
  }
  v128.store(out, a00); v128.store(out, a01, 16);
  if (valid > 1) { v128.store(out + planeBytes, a10); v128.store(out + planeBytes, a11, 16); }
  if (valid > 2) { v128.store(out + 2 * planeBytes, a20); v128.store(out + 2 * planeBytes, a21, 16); }
  if (valid > 3) { v128.store(out + 3 * planeBytes, a30); v128.store(out + 3 * planeBytes, a31, 16); }
}

// 2 filters (rows < 2: one) × 8 examples at two neighbouring output pixels, stride 1, both
// windows whole in x: pixel ox + 1 at tap kx reads the input pixel ox reads at kx + 1, so each
// tap loads one new input column for both (4 loads per 8 madds against the 4 × 8 tile's 6).
// Every sum adds the same terms in the same order as tile8, so the bits are the same.
@inline function pairTile8(out: usize, src0: usize, w0: usize, C: i32, H: i32, W: i32, K: i32, kyLo: i32, kyHi: i32, runBytes: usize, planeBytes: usize, rows: i32): void {
  let p00 = f32x4.splat(0), p01 = f32x4.splat(0), q00 = f32x4.splat(0), q01 = f32x4.splat(0);
  let p10 = f32x4.splat(0), p11 = f32x4.splat(0), q10 = f32x4.splat(0), q11 = f32x4.splat(0);
  for (let c = 0; c < C; c++) {
    for (let ky = kyLo; ky < kyHi; ky++) {
      let src = src0 + <usize>((c * H + ky) * W) * runBytes;
      let wk = w0 + (<usize>((c * K + ky) * K * 4) << 2);
      let u0 = v128.load(src), u1 = v128.load(src, 16);
      for (let t = 0; t < K; t++) {
        src += runBytes;
        const n0 = v128.load(src), n1 = v128.load(src, 16);
        let w = v128.load32_splat(wk);
        p00 = madd(w, u0, p00); p01 = madd(w, u1, p01);
        q00 = madd(w, n0, q00); q01 = madd(w, n1, q01);
        w = v128.load32_splat(wk, 4);
        p10 = madd(w, u0, p10); p11 = madd(w, u1, p11);
        q10 = madd(w, n0, q10); q11 = madd(w, n1, q11);
        u0 = n0; u1 = n1;
        wk += 16;
      }
    }
  }
  v128.store(out, p00); v128.store(out, p01, 16);
  v128.store(out + runBytes, q00); v128.store(out + runBytes, q01, 16);
  if (rows > 1) {
    v128.store(out + planeBytes, p10); v128.store(out + planeBytes, p11, 16);
    v128.store(out + planeBytes + runBytes, q10); v128.store(out + planeBytes + runBytes, q11, 16);
  }
}

// 4 filters × 4 examples (batch tails).
@inline function tile4(out: usize, src0: usize, w0: usize, C: i32, H: i32, W: i32, K: i32, kyLo: i32, kyHi: i32, taps: i32, runBytes: usize, planeBytes: usize, valid: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  for (let c = 0; c < C; c++) {
    for (let ky = kyLo; ky < kyHi; ky++) {
      let src = src0 + <usize>((c * H + ky) * W) * runBytes;
      let wk = w0 + (<usize>((c * K + ky) * K * 4) << 2);
      for (let t = 0; t < taps; t++) {
        const v = v128.load(src);
        a0 = madd(v128.load32_splat(wk), v, a0);
        a1 = madd(v128.load32_splat(wk, 4), v, a1);
        a2 = madd(v128.load32_splat(wk, 8), v, a2);
        a3 = madd(v128.load32_splat(wk, 12), v, a3);
        src += runBytes;
        wk += 16;
      }
    }
  }
  v128.store(out, a0);
  if (valid > 1) v128.store(out + planeBytes, a1);
  if (valid > 2) v128.store(out + 2 * planeBytes, a2);
  if (valid > 3) v128.store(out + 3 * planeBytes, a3);
}

// 4 filters × 1 example (the last < 4 of a batch).
@inline function tile1(out: usize, src0: usize, w0: usize, C: i32, H: i32, W: i32, K: i32, kyLo: i32, kyHi: i32, taps: i32, runBytes: usize, planeBytes: usize, valid: i32): void {
  // The 4 filters in the lanes of one accumulator, each step the same madd as the
  // wider tiles: scalar a += w·v would round differently from the relaxed build's
  // fused madd, and an example's output would then depend on whether it fell in
  // the batch tail (predictParallel splits batches and must give predict's bits).
  let a = f32x4.splat(0);
  for (let c = 0; c < C; c++) {
    for (let ky = kyLo; ky < kyHi; ky++) {
      let src = src0 + <usize>((c * H + ky) * W) * runBytes;
      let wk = w0 + (<usize>((c * K + ky) * K * 4) << 2);
      for (let t = 0; t < taps; t++) {
        a = madd(v128.load(wk), v128.load32_splat(src), a);
        src += runBytes;
        wk += 16;
      }
    }
  }
  store<f32>(out, f32x4.extract_lane(a, 0));
  if (valid > 1) store<f32>(out + planeBytes, f32x4.extract_lane(a, 1));
  if (valid > 2) store<f32>(out + 2 * planeBytes, f32x4.extract_lane(a, 2));
  if (valid > 3) store<f32>(out + 3 * planeBytes, f32x4.extract_lane(a, 3));
}
