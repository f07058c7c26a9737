// Direct weight gradient of a convolution in the CHWN layout of conv.ts, the
// backward counterpart of conv2d_f32_fwd__direct:
//   dW[f][c][ky][kx] = Σ_{oy,ox,b} dZ[f][oy][ox][b] · x[c][oy·s − pad + ky][ox·s − pad + kx][b]
// (overwrites dW; the bias gradient stays with BIAS_BWD). With it, training no
// longer needs im2col columns for layers whose forward runs direct: the GEMM path
// writes and re-reads C·K·K·Ho·Wo·B floats every forward only so that this sum
// can read them as a matrix.
//
// Every tap is a dot product over (oy, ox, b), with the batch innermost and
// contiguous, so SIMD runs along b. Tile: 4 filters × 2 neighbouring taps
// (kx, kx + 1) = 8 f32x4 accumulators fed by 4 dZ runs and 2 x runs per 4
// examples (6 loads for 8 madds); the accumulators stay in registers across the
// whole reduction and are summed across lanes once at the end. A tap's valid
// output range (taps outside the image contribute nothing) is clipped per row:
// the pair shares the intersection of the two ranges, each tap finishes its own
// edge column alone. An odd K leaves one last tap, done 4 filters × 1 tap.
// Filter tails: rows of a last block of < 4 filters alias filter F − 1 (read,
// never stored), so no load leaves dZ. Batch tails (B mod 4) are a scalar pass.
//
// Stride 1 (every layer of the benchmark nets) takes flat runs instead: with
// the batch innermost, the output columns [lo, hi) of one row are the
// contiguous floats [lo·B, hi·B) of dZ, and the input columns under tap kx the
// contiguous floats from (lo − pad + kx)·B of x, so each row's dot product is
// one loop over (hi − lo)·B floats, with no loop per column and no separate
// batch-tail pass (the ≤ 3 floats left at a run's end are added to dW as
// scalars). The sums add their terms in the same order as the per-column loops
// whenever B is a multiple of 4, so the bits are the same then. 1.25–1.31× the
// per-column loops on the six benchmark 5×5 layers (simd build, batch 64,
// bench/results/conv-direct-weights-ab-simd.md).
//
// What bounds it: V8 compiles the pair loop to 6 address computations, 6 loads
// and 8 mul + 8 add (simd build) per 8 madds, ~31 instructions for 64 flops,
// so it is bound by instruction issue, not by cache: blocking the reduction by
// output rows so that a chunk's dZ and x rows stay in L1 gained nothing
// (0.96–1.01×), nor did hoisting the per-stream base addresses; unrolling by two
// lost (0.69–0.97×, registers); dropping the muls altogether ran only 1.23×
// faster. 4 filters × 3 taps would need 12 accumulators + 3 x + 1 dZ + 1
// product: more than the 15 xmm registers V8 allocates.
//
// Preconditions: dw holds F·C·K·K floats; dz F·Ho·Wo·B; x C·H·W·B; stride ≥ 1,
// 0 ≤ pad < K, and the kernel fits (Ho, Wo ≥ 1).

import { madd } from './simd';

@inline function outSize(n: i32, k: i32, stride: i32, pad: i32): i32 {
  return (n + 2 * pad - k) / stride + 1;
}

/** Smallest o ≥ 0 with o·stride − pad + k ≥ 0. */
@inline function firstOut(k: i32, stride: i32, pad: i32): i32 {
  const need = pad - k;
  return need <= 0 ? 0 : (need + stride - 1) / stride;
}

/** One past the largest o < outs with o·stride − pad + k ≤ n − 1. */
@inline function endOut(n: i32, k: i32, stride: i32, pad: i32, outs: i32): i32 {
  const room = n - 1 + pad - k;
  return room < 0 ? 0 : min(outs, room / stride + 1);
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

export function conv2d_f32_bwd_weights__direct(dw: usize, dz: usize, x: usize, C: i32, H: i32, W: i32, F: i32, K: i32, stride: i32, pad: i32, B: i32): void {
  const Ho = outSize(H, K, stride, pad), Wo = outSize(W, K, stride, pad);
  const runBytes = <usize>B << 2;
  const planeBytes = <usize>(Ho * Wo) * runBytes;
  const filterBytes = <usize>(C * K * K) << 2;
  const B4 = B & ~3;
  if (stride == 1) {
    flatRuns(dw, dz, x, C, H, W, F, K, pad, B, Ho, Wo);
    return;
  }
  for (let f0 = 0; f0 < F; f0 += 4) {
    const valid = min(4, F - f0);
    // Rows past the last filter alias it: read, never stored.
    const d0 = dz + <usize>f0 * planeBytes;
    const d1 = dz + <usize>(f0 + min(1, valid - 1)) * planeBytes;
    const d2 = dz + <usize>(f0 + min(2, valid - 1)) * planeBytes;
    const d3 = dz + <usize>(f0 + min(3, valid - 1)) * planeBytes;
    for (let c = 0; c < C; c++) {
      for (let ky = 0; ky < K; ky++) {
        const oyLo = firstOut(ky, stride, pad), oyHi = endOut(H, ky, stride, pad, Ho);
        const xPlane = x + <usize>(c * H * W) * runBytes;
        // dW[f0][c][ky][0]; filter i of the block is i·filterBytes further.
        const out = dw + <usize>f0 * filterBytes + (<usize>((c * K + ky) * K) << 2);
        let kx = 0;
        for (; kx + 1 < K; kx += 2) {
          pair(out + (<usize>kx << 2), filterBytes, d0, d1, d2, d3, xPlane, W, stride, pad, Wo, ky, kx, oyLo, oyHi, runBytes, B4, valid);
        }
        if (kx < K) single(out + (<usize>kx << 2), filterBytes, d0, d1, d2, d3, xPlane, W, stride, pad, Wo, ky, kx, oyLo, oyHi, runBytes, B4, valid);
        if (B4 < B) {
          for (let t = 0; t < K; t++) {
            scalarTail(out + (<usize>t << 2), filterBytes, d0, d1, d2, d3, xPlane, W, stride, pad, Wo, ky, t, oyLo, oyHi, runBytes, B4, B, valid);
          }
        }
      }
    }
  }
}

// Stride 1: the whole weight gradient in flat runs (see the header).
function flatRuns(dw: usize, dz: usize, x: usize, C: i32, H: i32, W: i32, F: i32, K: i32, pad: i32, B: i32, Ho: i32, Wo: i32): void {
  const runBytes = <usize>B << 2;
  const planeBytes = <usize>(Ho * Wo) * runBytes;
  const filterBytes = <usize>(C * K * K) << 2;
  for (let f0 = 0; f0 < F; f0 += 4) {
    const valid = min(4, F - f0);
    const d0 = dz + <usize>f0 * planeBytes;
    const d1 = dz + <usize>(f0 + min(1, valid - 1)) * planeBytes;
    const d2 = dz + <usize>(f0 + min(2, valid - 1)) * planeBytes;
    const d3 = dz + <usize>(f0 + min(3, valid - 1)) * planeBytes;
    // The scalar run ends add into dW, so the block starts from zero.
    memory.fill(dw + <usize>f0 * filterBytes, 0, <usize>valid * filterBytes);
    for (let c = 0; c < C; c++) {
      const xPlane = x + <usize>(c * H * W) * runBytes;
      for (let ky = 0; ky < K; ky++) {
        const oyLo = firstOut(ky, 1, pad), oyHi = endOut(H, ky, 1, pad, Ho);
        const out = dw + <usize>f0 * filterBytes + (<usize>((c * K + ky) * K) << 2);
        let kx = 0;
        for (; kx + 1 < K; kx += 2) {
          pairFlat(out + (<usize>kx << 2), filterBytes, d0, d1, d2, d3, xPlane, W, pad, Wo, ky, kx, oyLo, oyHi, runBytes, B, valid);
        }
        if (kx < K) singleFlat(out + (<usize>kx << 2), filterBytes, d0, d1, d2, d3, xPlane, W, pad, Wo, ky, kx, oyLo, oyHi, runBytes, B, valid);
      }
    }
  }
}

// Taps (ky, kx) and (ky, kx + 1), stride 1. Tap kx + 1 reaches the image from
// an earlier column and leaves it earlier: [lo1, hi1) ≤ [lo0, hi0), so both
// taps share [lo0, hi1), tap kx + 1 alone covers [lo1, lo0), tap kx [hi1, hi0).
function pairFlat(out: usize, filterBytes: usize, d0: usize, d1: usize, d2: usize, d3: usize, xPlane: usize, W: i32, pad: i32, Wo: i32,
  ky: i32, kx: i32, oyLo: i32, oyHi: i32, runBytes: usize, B: i32, valid: i32): void {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  const lo0 = firstOut(kx, 1, pad), hi0 = endOut(W, kx, 1, pad, Wo);
  const lo1 = firstOut(kx + 1, 1, pad), hi1 = endOut(W, kx + 1, 1, pad, Wo);
  const both0 = lo0, both1 = max(lo0, hi1);
  const only1 = min(lo0, hi1), only0 = max(lo0, hi1);
  for (let oy = oyLo; oy < oyHi; oy++) {
    const xRow = xPlane + <usize>((oy - pad + ky) * W) * runBytes + <usize>(kx - pad) * runBytes;
    const dRow = <usize>(oy * Wo) * runBytes;
    // Both taps: x of tap kx + 1 is one column (runBytes) further.
    let n = (both1 - both0) * B, n4 = n & ~3; // both1 ≥ both0
    let xp = xRow + <usize>both0 * runBytes, dp = dRow + <usize>both0 * runBytes;
    for (let e = 0; e < n4; e += 4) {
      const o = <usize>e << 2;
      const v0 = v128.load(xp + o), v1 = v128.load(xp + runBytes + o);
      let g = v128.load(d0 + dp + o);
      a00 = madd(g, v0, a00); a01 = madd(g, v1, a01);
      g = v128.load(d1 + dp + o);
      a10 = madd(g, v0, a10); a11 = madd(g, v1, a11);
      g = v128.load(d2 + dp + o);
      a20 = madd(g, v0, a20); a21 = madd(g, v1, a21);
      g = v128.load(d3 + dp + o);
      a30 = madd(g, v0, a30); a31 = madd(g, v1, a31);
    }
    addScalars(out, filterBytes, d0, d1, d2, d3, xp, dp, n4, n, valid);
    addScalars(out + 4, filterBytes, d0, d1, d2, d3, xp + runBytes, dp, n4, n, valid);
    // Tap kx alone.
    n = max(0, hi0 - only0) * B; n4 = n & ~3;
    xp = xRow + <usize>only0 * runBytes; dp = dRow + <usize>only0 * runBytes;
    for (let e = 0; e < n4; e += 4) {
      const o = <usize>e << 2;
      const v0 = v128.load(xp + o);
      a00 = madd(v128.load(d0 + dp + o), v0, a00);
      a10 = madd(v128.load(d1 + dp + o), v0, a10);
      a20 = madd(v128.load(d2 + dp + o), v0, a20);
      a30 = madd(v128.load(d3 + dp + o), v0, a30);
    }
    addScalars(out, filterBytes, d0, d1, d2, d3, xp, dp, n4, n, valid);
    // Tap kx + 1 alone.
    n = max(0, only1 - lo1) * B; n4 = n & ~3;
    xp = xRow + runBytes + <usize>lo1 * runBytes; dp = dRow + <usize>lo1 * runBytes;
    for (let e = 0; e < n4; e += 4) {
      const o = <usize>e << 2;
      const v1 = v128.load(xp + o);
      a01 = madd(v128.load(d0 + dp + o), v1, a01);
      a11 = madd(v128.load(d1 + dp + o), v1, a11);
      a21 = madd(v128.load(d2 + dp + o), v1, a21);
      a31 = madd(v128.load(d3 + dp + o), v1, a31);
    }
    addScalars(out + 4, filterBytes, d0, d1, d2, d3, xp, dp, n4, n, valid);
  }
  add4(out, filterBytes, a00, a10, a20, a30, valid);
  add4(out + 4, filterBytes, a01, a11, a21, a31, valid);
}

// The last tap of a row when K is odd, stride 1: 4 accumulators.
function singleFlat(out: usize, filterBytes: usize, d0: usize, d1: usize, d2: usize, d3: usize, xPlane: usize, W: i32, pad: i32, Wo: i32,
  ky: i32, kx: i32, oyLo: i32, oyHi: i32, runBytes: usize, B: i32, valid: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  const lo = firstOut(kx, 1, pad), hi = endOut(W, kx, 1, pad, Wo);
  const n = max(0, hi - lo) * B, n4 = n & ~3;
  for (let oy = oyLo; oy < oyHi; oy++) {
    const xp = xPlane + <usize>((oy - pad + ky) * W + lo - pad + kx) * runBytes;
    const dp = <usize>(oy * Wo + lo) * runBytes;
    for (let e = 0; e < n4; e += 4) {
      const o = <usize>e << 2;
      const v = v128.load(xp + o);
      a0 = madd(v128.load(d0 + dp + o), v, a0);
      a1 = madd(v128.load(d1 + dp + o), v, a1);
      a2 = madd(v128.load(d2 + dp + o), v, a2);
      a3 = madd(v128.load(d3 + dp + o), v, a3);
    }
    addScalars(out, filterBytes, d0, d1, d2, d3, xp, dp, n4, n, valid);
  }
  add4(out, filterBytes, a0, a1, a2, a3, valid);
}

// Floats [from, to) of a flat run (≤ 3 of them) added to the first `valid` filters' weight.
@inline function addScalars(out: usize, filterBytes: usize, d0: usize, d1: usize, d2: usize, d3: usize, xp: usize, dp: usize, from: i32, to: i32, valid: i32): void {
  for (let e = from; e < to; e++) {
    const o = <usize>e << 2;
    const v = load<f32>(xp + o);
    store<f32>(out, load<f32>(out) + load<f32>(d0 + dp + o) * v);
    if (valid > 1) store<f32>(out + filterBytes, load<f32>(out + filterBytes) + load<f32>(d1 + dp + o) * v);
    if (valid > 2) store<f32>(out + 2 * filterBytes, load<f32>(out + 2 * filterBytes) + load<f32>(d2 + dp + o) * v);
    if (valid > 3) store<f32>(out + 3 * filterBytes, load<f32>(out + 3 * filterBytes) + load<f32>(d3 + dp + o) * v);
  }
}

// Adds the lane sums of the first `valid` filters' accumulators to dW, one filter every filterBytes.
@inline function add4(out: usize, filterBytes: usize, a0: v128, a1: v128, a2: v128, a3: v128, valid: i32): void {
  store<f32>(out, load<f32>(out) + hsum(a0));
  if (valid > 1) store<f32>(out + filterBytes, load<f32>(out + filterBytes) + hsum(a1));
  if (valid > 2) store<f32>(out + 2 * filterBytes, load<f32>(out + 2 * filterBytes) + hsum(a2));
  if (valid > 3) store<f32>(out + 3 * filterBytes, load<f32>(out + 3 * filterBytes) + hsum(a3));
}

// Taps (ky, kx) and (ky, kx + 1) of one input channel for 4 filters: 8 accumulators.
// xPlane is that channel's plane; out is dW[f0][c][ky][kx].
function pair(out: usize, filterBytes: usize, d0: usize, d1: usize, d2: usize, d3: usize, xPlane: usize, W: i32, stride: i32, pad: i32, Wo: i32,
  ky: i32, kx: i32, oyLo: i32, oyHi: i32, runBytes: usize, B4: i32, valid: i32): void {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  // Output columns where tap kx (first) and kx + 1 (second) land inside the image.
  const lo0 = firstOut(kx, stride, pad), hi0 = endOut(W, kx, stride, pad, Wo);
  const lo1 = firstOut(kx + 1, stride, pad), hi1 = endOut(W, kx + 1, stride, pad, Wo);
  const both0 = max(lo0, lo1), both1 = min(hi0, hi1);
  const step = <usize>stride * runBytes;
  for (let oy = oyLo; oy < oyHi; oy++) {
    const xRow = xPlane + <usize>((oy * stride - pad + ky) * W) * runBytes;
    const dRow = <usize>(oy * Wo) * runBytes;
    // Both taps: their x runs are neighbours in memory (runBytes apart).
    let xp = xRow + <usize>(both0 * stride - pad + kx) * runBytes;
    let dp = dRow + <usize>both0 * runBytes;
    for (let ox = both0; ox < both1; ox++) {
      for (let b = 0; b < B4; b += 4) {
        const o = <usize>b << 2;
        const v0 = v128.load(xp + o), v1 = v128.load(xp + runBytes + o);
        let g = v128.load(d0 + dp + o);
        a00 = madd(g, v0, a00); a01 = madd(g, v1, a01);
        g = v128.load(d1 + dp + o);
        a10 = madd(g, v0, a10); a11 = madd(g, v1, a11);
        g = v128.load(d2 + dp + o);
        a20 = madd(g, v0, a20); a21 = madd(g, v1, a21);
        g = v128.load(d3 + dp + o);
        a30 = madd(g, v0, a30); a31 = madd(g, v1, a31);
      }
      xp += step;
      dp += runBytes;
    }
    // Edge columns where only one of the two taps lands inside the image.
    for (let ox = lo0; ox < hi0; ox++) {
      if (ox >= both0 && ox < both1) continue;
      const xq = xRow + <usize>(ox * stride - pad + kx) * runBytes, dq = dRow + <usize>ox * runBytes;
      for (let b = 0; b < B4; b += 4) {
        const o = <usize>b << 2;
        const v0 = v128.load(xq + o);
        a00 = madd(v128.load(d0 + dq + o), v0, a00);
        a10 = madd(v128.load(d1 + dq + o), v0, a10);
        a20 = madd(v128.load(d2 + dq + o), v0, a20);
        a30 = madd(v128.load(d3 + dq + o), v0, a30);
      }
    }
    for (let ox = lo1; ox < hi1; ox++) {
      if (ox >= both0 && ox < both1) continue;
      const xq = xRow + <usize>(ox * stride - pad + kx + 1) * runBytes, dq = dRow + <usize>ox * runBytes;
      for (let b = 0; b < B4; b += 4) {
        const o = <usize>b << 2;
        const v1 = v128.load(xq + o);
        a01 = madd(v128.load(d0 + dq + o), v1, a01);
        a11 = madd(v128.load(d1 + dq + o), v1, a11);
        a21 = madd(v128.load(d2 + dq + o), v1, a21);
        a31 = madd(v128.load(d3 + dq + o), v1, a31);
      }
    }
  }
  store4(out, filterBytes, a00, a10, a20, a30, valid);
  store4(out + 4, filterBytes, a01, a11, a21, a31, valid);
}

// The last tap of a row when K is odd: 4 accumulators.
function single(out: usize, filterBytes: usize, d0: usize, d1: usize, d2: usize, d3: usize, xPlane: usize, W: i32, stride: i32, pad: i32, Wo: i32,
  ky: i32, kx: i32, oyLo: i32, oyHi: i32, runBytes: usize, B4: i32, valid: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  const lo = firstOut(kx, stride, pad), hi = endOut(W, kx, stride, pad, Wo);
  for (let oy = oyLo; oy < oyHi; oy++) {
    const xRow = xPlane + <usize>((oy * stride - pad + ky) * W) * runBytes;
    const dRow = <usize>(oy * Wo) * runBytes;
    for (let ox = lo; ox < hi; ox++) {
      const xq = xRow + <usize>(ox * stride - pad + kx) * runBytes, dq = dRow + <usize>ox * runBytes;
      for (let b = 0; b < B4; b += 4) {
        const o = <usize>b << 2;
        const v = v128.load(xq + o);
        a0 = madd(v128.load(d0 + dq + o), v, a0);
        a1 = madd(v128.load(d1 + dq + o), v, a1);
        a2 = madd(v128.load(d2 + dq + o), v, a2);
        a3 = madd(v128.load(d3 + dq + o), v, a3);
      }
    }
  }
  store4(out, filterBytes, a0, a1, a2, a3, valid);
}

// Lane sums of the first `valid` filters' accumulators, one filter every filterBytes.
@inline function store4(out: usize, filterBytes: usize, a0: v128, a1: v128, a2: v128, a3: v128, valid: i32): void {
  store<f32>(out, hsum(a0));
  if (valid > 1) store<f32>(out + filterBytes, hsum(a1));
  if (valid > 2) store<f32>(out + 2 * filterBytes, hsum(a2));
  if (valid > 3) store<f32>(out + 3 * filterBytes, hsum(a3));
}

// Examples B4…B − 1 of tap (ky, kx), added to what the SIMD pass stored.
function scalarTail(out: usize, filterBytes: usize, d0: usize, d1: usize, d2: usize, d3: usize, xPlane: usize, W: i32, stride: i32, pad: i32, Wo: i32,
  ky: i32, kx: i32, oyLo: i32, oyHi: i32, runBytes: usize, B4: i32, B: i32, valid: i32): void {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  const lo = firstOut(kx, stride, pad), hi = endOut(W, kx, stride, pad, Wo);
  for (let oy = oyLo; oy < oyHi; oy++) {
    const xRow = xPlane + <usize>((oy * stride - pad + ky) * W) * runBytes;
    const dRow = <usize>(oy * Wo) * runBytes;
    for (let ox = lo; ox < hi; ox++) {
      const xq = xRow + <usize>(ox * stride - pad + kx) * runBytes, dq = dRow + <usize>ox * runBytes;
      for (let b = B4; b < B; b++) {
        const o = <usize>b << 2;
        const v = load<f32>(xq + o);
        s0 += load<f32>(d0 + dq + o) * v;
        s1 += load<f32>(d1 + dq + o) * v;
        s2 += load<f32>(d2 + dq + o) * v;
        s3 += load<f32>(d3 + dq + o) * v;
      }
    }
  }
  store<f32>(out, load<f32>(out) + s0);
  if (valid > 1) store<f32>(out + filterBytes, load<f32>(out + filterBytes) + s1);
  if (valid > 2) store<f32>(out + 2 * filterBytes, load<f32>(out + 2 * filterBytes) + s2);
  if (valid > 3) store<f32>(out + 3 * filterBytes, load<f32>(out + 3 * filterBytes) + s3);
}
