// Convolution forward by 1-D Winograd F(4, 5) along x, for prediction of 5×5, stride-1 layers,
// in the CHWN layout of conv.ts:
//   z[f][oy][ox][b] = Σ_{c,ky,kx} W[f][c][ky][kx] · x[c][oy − pad + ky][ox − pad + kx][b]
// (bias added by the caller's BIAS_FWD op; taps outside the image read as zero).
// Four neighbouring outputs of one filter row, y_i = Σ_k g_k·d_{i+k} over eight inputs d0…d7, take
// twenty products. Toom–Cook on the points 0, ±1, ±2, ±1/2, ∞ computes them with eight,
//   [y0 … y3] = Aᵀ·[(G·g) ⊙ (Bᵀ·d)],
//   Bᵀ·d = [4(d0 − d6) + 21(d4 − d2),  17(d3 + d4) − 4(d1 + d2 + d5 + d6),  17(d4 − d3) + 4(d1 − d2 + d5 − d6),
//           p + q,  p − q  with p = d2 − 5d4 + 4d6, q = 2d1 − 10d3 + 8d5,
//           p' + q',  p' − q'  with p' = 8d2 − 10d4 + 2d6, q' = 4d1 − 5d3 + d5,
//           4(d7 − d1) + 21(d3 − d5)],
//   G·g  = [g0/4, Σg/18, (g0 − g1 + g2 − g3 + g4)/18, (g0 + 2g1 + 4g2 + 8g3 + 16g4)/360,
//           (g0 − 2g1 + 4g2 − 8g3 + 16g4)/360, (16g0 + 8g1 + 4g2 + 2g3 + g4)/45,
//           (16g0 − 8g1 + 4g2 − 2g3 + g4)/45, g4/4],
//   y0 = m0 + … + m6,  y1 = (m1 − m2) + 2(m3 − m4) + (m5 − m6)/2,
//   y2 = (m1 + m2) + 4(m3 + m4) + (m5 + m6)/4,  y3 = (m1 − m2) + 8(m3 − m4) + (m5 − m6)/8 + m7,
// and since Aᵀ is linear the eight products are summed over every (c, ky) first: per group of four
// outputs eight sums of C·5 products against the direct kernel's four of C·25 — 0.4 of its
// multiply-adds. (F(2, 5), six points for two outputs, did 0.6 and ran LeNet-5's conv2 at 0.6× of
// this; f32 errors of F(4, 5) measured ≈ 2× F(2, 5)'s on random 20-channel rows, both ≈ 1e-6 of
// outputs near 1.) The bits differ from the direct kernel's (another order, the transforms'
// rounding): layers take it for prediction, and for the training forward and the input gradient
// where src/model/conv-cost.ts says so (both ways then use it, so they agree).
//
// Per 8 examples of the batch (the last chunk zero-filled), three passes through `scratch`:
//   1. V[t][g][r][c][8] = (Bᵀ·d)_t for output group g, input row r (padding included), channel c:
//      rows and channels innermost, so the window of output row oy is ONE run of 5·C vectors at
//      V[t][g][oy]; rows of padding above and below are never written (pass 2 skips them);
//   2. M[t][f][oy][g][8] = Σ_{ky,c} Gt[t][f][ky][c] · V[t][g][oy + ky][c]: the direct kernel's 4
//      filters × 8 examples tile over that one contiguous run (2 loads + 4 splats per 8 madds, no
//      row jumps — the direct kernel restarts its loop every 5 taps), cut to the rows inside the image;
//   3. z ← Aᵀ·M, the outputs of the last group past Wo dropped.
// Filters are transformed by conv_winograd_pack_filters_f32 into Gt[t][F/4][ky][c][4] (f64
// arithmetic, rounded once; filters zero-padded to a multiple of 4); the input gradient's flipped,
// transposed filters by conv_winograd_pack_flipped_f32.

import { tile8 } from './conv_direct';

const TAPS: i32 = 5;
const OUTPUTS: i32 = 4;
const POINTS: i32 = 8;
const CHUNK: i32 = 8;

@inline function groupsOf(W: i32, pad: i32): i32 {
  return (W + 2 * pad - TAPS + OUTPUTS) >> 2;
}

@inline function rowsOf(H: i32, pad: i32): i32 {
  return H + 2 * pad;
}

/** Floats conv_winograd_pack_filters_f32 writes for F filters over C channels. */
export function conv_winograd_filters_floats(F: i32, C: i32): i32 {
  return POINTS * ((F + 3) >> 2) * 4 * TAPS * C;
}

/** Floats of scratch conv2d_f32_fwd__winograd needs for this shape (any batch). */
export function conv_winograd_scratch_floats(C: i32, H: i32, W: i32, F: i32, pad: i32): i32 {
  const P = groupsOf(W, pad), Ho = H + 2 * pad - TAPS + 1;
  return POINTS * P * CHUNK * (rowsOf(H, pad) * C + ((F + 3) >> 2) * 4 * Ho);
}

/** Gt[t][F/4][ky][c][4] ← (G·W[f][c][ky][·])_t, zero-padded to a multiple of 4 filters. */
export function conv_winograd_pack_filters_f32(wt: usize, w: usize, F: i32, C: i32): void {
  const F4 = (F + 3) >> 2;
  for (let f = 0; f < F4 * 4; f++) {
    for (let c = 0; c < C; c++) {
      for (let ky = 0; ky < TAPS; ky++) {
        let g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0, g4 = 0.0;
        if (f < F) {
          const row = w + (<usize>(((f * C + c) * TAPS + ky) * TAPS) << 2);
          g0 = <f64>load<f32>(row); g1 = <f64>load<f32>(row, 4); g2 = <f64>load<f32>(row, 8);
          g3 = <f64>load<f32>(row, 12); g4 = <f64>load<f32>(row, 16);
        }
        storeTransformedRow(wt, F4, C, f, c, ky, g0, g1, g2, g3, g4);
      }
    }
  }
}

/**
 * The input gradient's filters, dX = flip(W)ᵀ ⊛ dZ, into the same domain: C "filters" over the F
 * channels of dZ, filter c's channel f row ky being W[f][c][4 − ky][·] reversed. Its Gt is
 * [t][C/4][ky][f][4], zero-padded to a multiple of 4 "filters" (wt holds
 * conv_winograd_filters_floats(C, F) floats); repacked every step as the weights move.
 */
export function conv_winograd_pack_flipped_f32(wt: usize, w: usize, F: i32, C: i32): void {
  const C4 = (C + 3) >> 2;
  for (let c = 0; c < C4 * 4; c++) {
    for (let f = 0; f < F; f++) {
      for (let ky = 0; ky < TAPS; ky++) {
        let g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0, g4 = 0.0;
        if (c < C) {
          const row = w + (<usize>(((f * C + c) * TAPS + TAPS - 1 - ky) * TAPS) << 2);
          g0 = <f64>load<f32>(row, 16); g1 = <f64>load<f32>(row, 12); g2 = <f64>load<f32>(row, 8);
          g3 = <f64>load<f32>(row, 4); g4 = <f64>load<f32>(row);
        }
        storeTransformedRow(wt, C4, F, c, f, ky, g0, g1, g2, g3, g4);
      }
    }
  }
}

// (G·g)_t of one 5-tap row of filter `filter` over channel `channel` into Gt[t][filter/4][ky][channel][filter & 3]
// (f64 arithmetic, rounded once).
@inline function storeTransformedRow(wt: usize, F4: i32, C: i32, filter: i32, channel: i32, ky: i32, g0: f64, g1: f64, g2: f64, g3: f64, g4: f64): void {
  const even = g0 + g2 + g4, odd = g1 + g3;
  const even2 = g0 + 4 * g2 + 16 * g4, odd2 = 2 * g1 + 8 * g3;
  const evenHalf = 16 * g0 + 4 * g2 + g4, oddHalf = 8 * g1 + 2 * g3;
  const at = wt + (<usize>((((filter >> 2) * TAPS + ky) * C + channel) * 4 + (filter & 3)) << 2);
  const stride = <usize>(F4 * TAPS * C * 4) << 2;
  store<f32>(at, <f32>(g0 / 4));
  store<f32>(at + stride, <f32>((even + odd) / 18));
  store<f32>(at + 2 * stride, <f32>((even - odd) / 18));
  store<f32>(at + 3 * stride, <f32>((even2 + odd2) / 360));
  store<f32>(at + 4 * stride, <f32>((even2 - odd2) / 360));
  store<f32>(at + 5 * stride, <f32>((evenHalf + oddHalf) / 45));
  store<f32>(at + 6 * stride, <f32>((evenHalf - oddHalf) / 45));
  store<f32>(at + 7 * stride, <f32>(g4 / 4));
}

export function conv2d_f32_fwd__winograd(z: usize, x: usize, wt: usize, scratch: usize, C: i32, H: i32, W: i32, F: i32, pad: i32, B: i32): void {
  const Ho = H + 2 * pad - TAPS + 1, Wo = W + 2 * pad - TAPS + 1;
  const P = groupsOf(W, pad), R = rowsOf(H, pad), F4 = (F + 3) >> 2;
  const vBytes = <usize>(P * R * C) << 5, mBytes = <usize>(F4 * 4 * Ho * P) << 5;
  const v = scratch, m = scratch + <usize>POINTS * vBytes;
  for (let b = 0; b < B; b += CHUNK) {
    transformInput(v, x, C, H, W, pad, B, b, P, R, vBytes);
    for (let t = 0; t < POINTS; t++) {
      multiply(m + <usize>t * mBytes, v + <usize>t * vBytes, wt + (<usize>(t * F4 * TAPS * C) << 4), C, H, F4, Ho, P, R, pad);
    }
    transformOutput(z, m, F, Ho, Wo, P, B, b, mBytes);
  }
}

// Pass 1: V[t][g][r][c] for the 8 examples from b (zeros past B and left or right of the image;
// rows of padding above and below are not written: pass 2 skips them).
function transformInput(v: usize, x: usize, C: i32, H: i32, W: i32, pad: i32, B: i32, b: i32, P: i32, R: i32, vBytes: usize): void {
  const runBytes = <usize>B << 2;
  const full = b + CHUNK <= B;
  for (let g = 0; g < P; g++) {
    const ix0 = OUTPUTS * g - pad;
    for (let r = pad; r < pad + H; r++) {
      const iy = r - pad;
      for (let c = 0; c < C; c++) {
        const dst = v + (<usize>((g * R + r) * C + c) << 5);
        for (let half = 0; half < 2; half++) {
          const lane = b + 4 * half;
          const o = dst + (<usize>half << 4);
          if (lane >= B) {
            for (let t = 0; t < POINTS; t++) v128.store(o + <usize>t * vBytes, f32x4.splat(0));
            continue;
          }
          const row = x + <usize>((c * H + iy) * W) * runBytes + (<usize>lane << 2);
          const n = full ? 4 : min(4, B - lane);
          const d0 = column(row, ix0, W, runBytes, n), d1 = column(row, ix0 + 1, W, runBytes, n);
          const d2 = column(row, ix0 + 2, W, runBytes, n), d3 = column(row, ix0 + 3, W, runBytes, n);
          const d4 = column(row, ix0 + 4, W, runBytes, n), d5 = column(row, ix0 + 5, W, runBytes, n);
          const d6 = column(row, ix0 + 6, W, runBytes, n), d7 = column(row, ix0 + 7, W, runBytes, n);
          const four = f32x4.splat(4), five = f32x4.splat(5), ten = f32x4.splat(10), seventeen = f32x4.splat(17), twentyOne = f32x4.splat(21);
          v128.store(o, f32x4.add(f32x4.mul(four, f32x4.sub(d0, d6)), f32x4.mul(twentyOne, f32x4.sub(d4, d2))));
          const a = f32x4.add(d1, d5), e = f32x4.add(d2, d6);
          v128.store(o + vBytes, f32x4.sub(f32x4.mul(seventeen, f32x4.add(d3, d4)), f32x4.mul(four, f32x4.add(a, e))));
          v128.store(o + 2 * vBytes, f32x4.add(f32x4.mul(seventeen, f32x4.sub(d4, d3)), f32x4.mul(four, f32x4.sub(a, e))));
          const p = f32x4.add(f32x4.sub(d2, f32x4.mul(five, d4)), f32x4.mul(four, d6));
          const q = f32x4.add(f32x4.sub(f32x4.add(d1, d1), f32x4.mul(ten, d3)), f32x4.mul(f32x4.splat(8), d5));
          v128.store(o + 3 * vBytes, f32x4.add(p, q));
          v128.store(o + 4 * vBytes, f32x4.sub(p, q));
          const p2 = f32x4.add(f32x4.sub(f32x4.mul(f32x4.splat(8), d2), f32x4.mul(ten, d4)), f32x4.add(d6, d6));
          const q2 = f32x4.add(f32x4.sub(f32x4.mul(four, d1), f32x4.mul(five, d3)), d5);
          v128.store(o + 5 * vBytes, f32x4.add(p2, q2));
          v128.store(o + 6 * vBytes, f32x4.sub(p2, q2));
          v128.store(o + 7 * vBytes, f32x4.add(f32x4.mul(four, f32x4.sub(d7, d1)), f32x4.mul(twentyOne, f32x4.sub(d3, d5))));
        }
      }
    }
  }
}

// Four examples of input column ix (zero outside 0 ≤ ix < W); n < 4 at the batch's end.
@inline function column(row: usize, ix: i32, W: i32, runBytes: usize, n: i32): v128 {
  if (ix < 0 || ix >= W) return f32x4.splat(0);
  const at = row + <usize>ix * runBytes;
  if (n == 4) return v128.load(at);
  let out = f32x4.splat(0);
  out = f32x4.replace_lane(out, 0, load<f32>(at));
  if (n > 1) out = f32x4.replace_lane(out, 1, load<f32>(at, 4));
  if (n > 2) out = f32x4.replace_lane(out, 2, load<f32>(at, 8));
  return out;
}

// Pass 2 for one point t: M[f][oy][g] = Σ_{ky,c} Gt[f][ky][c] · V[g][oy + ky][c], 4 filters × 8 examples,
// over the rows of the window inside the image (padding rows are zeros: skipped, never transformed).
function multiply(m: usize, v: usize, wt: usize, C: i32, H: i32, F4: i32, Ho: i32, P: i32, R: i32, pad: i32): void {
  const filterPlane = <usize>(Ho * P) << 5;
  for (let g = 0; g < P; g++) {
    for (let oy = 0; oy < Ho; oy++) {
      const kyLo = max(0, pad - oy), kyHi = min(TAPS, H + pad - oy);
      const src0 = v + (<usize>((g * R + oy + kyLo) * C) << 5);
      const w0 = wt + (<usize>(kyLo * C) << 4);
      const out0 = m + (<usize>(oy * P + g) << 5);
      for (let fb = 0; fb < F4; fb++) {
        // The direct kernel's 4 × 8 tile over a single run of (kyHi − kyLo)·C taps, 32 bytes apart.
        tile8(out0 + <usize>(fb * 4) * filterPlane, src0, w0 + (<usize>(fb * TAPS * C) << 4), 1, 1, 1, 1, 0, 1, (kyHi - kyLo) * C, 32, filterPlane, 4);
      }
    }
  }
}

// Pass 3: z[f][oy][4g + i][b…] = (Aᵀ·M[·][f][oy][g])_i for the examples of this chunk, i < Wo − 4g.
function transformOutput(z: usize, m: usize, F: i32, Ho: i32, Wo: i32, P: i32, B: i32, b: i32, mBytes: usize): void {
  const runBytes = <usize>B << 2;
  const n = min(CHUNK, B - b);
  const half2 = f32x4.splat(0.5), quarter = f32x4.splat(0.25), eighth = f32x4.splat(0.125);
  for (let f = 0; f < F; f++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let g = 0; g < P; g++) {
        const src = m + (<usize>((f * Ho + oy) * P + g) << 5);
        const out = z + <usize>((f * Ho + oy) * Wo + OUTPUTS * g) * runBytes + (<usize>b << 2);
        const outputs = min(OUTPUTS, Wo - OUTPUTS * g);
        for (let half = 0; half < 2; half++) {
          const lanes = n - 4 * half;
          if (lanes <= 0) break;
          const o = <usize>half << 4;
          const m0 = v128.load(src + o), m1 = v128.load(src + o + mBytes), m2 = v128.load(src + o + 2 * mBytes);
          const m3 = v128.load(src + o + 3 * mBytes), m4 = v128.load(src + o + 4 * mBytes), m5 = v128.load(src + o + 5 * mBytes);
          const m6 = v128.load(src + o + 6 * mBytes), m7 = v128.load(src + o + 7 * mBytes);
          const s12 = f32x4.add(m1, m2), d12 = f32x4.sub(m1, m2);
          const s34 = f32x4.add(m3, m4), d34 = f32x4.sub(m3, m4);
          const s56 = f32x4.add(m5, m6), d56 = f32x4.sub(m5, m6);
          const y0 = f32x4.add(f32x4.add(f32x4.add(m0, s12), s34), s56);
          const y1 = f32x4.add(f32x4.add(d12, f32x4.add(d34, d34)), f32x4.mul(half2, d56));
          const y2 = f32x4.add(f32x4.add(s12, f32x4.mul(f32x4.splat(4), s34)), f32x4.mul(quarter, s56));
          const y3 = f32x4.add(f32x4.add(f32x4.add(d12, f32x4.mul(f32x4.splat(8), d34)), f32x4.mul(eighth, d56)), m7);
          storeOutput(out + o, y0, lanes);
          if (outputs > 1) storeOutput(out + o + runBytes, y1, lanes);
          if (outputs > 2) storeOutput(out + o + 2 * runBytes, y2, lanes);
          if (outputs > 3) storeOutput(out + o + 3 * runBytes, y3, lanes);
        }
      }
    }
  }
}

// Four examples, or the first n (1–3) at the end of a batch that is not a multiple of 4.
@inline function storeOutput(at: usize, y: v128, n: i32): void {
  if (n >= 4) {
    v128.store(at, y);
    return;
  }
  store<f32>(at, f32x4.extract_lane(y, 0));
  if (n > 1) store<f32>(at, f32x4.extract_lane(y, 1), 4);
  if (n > 2) store<f32>(at, f32x4.extract_lane(y, 2), 8);
}
