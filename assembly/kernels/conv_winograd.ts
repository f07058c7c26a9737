// Convolution forward by 1-D Winograd F(2, 5) along x, for prediction of 5×5, stride-1 layers,
// in the CHWN layout of conv.ts:
//   z[f][oy][ox][b] = Σ_{c,ky,kx} W[f][c][ky][kx] · x[c][oy − pad + ky][ox − pad + kx][b]
// (bias added by the caller's BIAS_FWD op; taps outside the image read as zero).
// Two neighbouring outputs of one filter row are y0 = Σ_k g_k·d_k, y1 = Σ_k g_k·d_{k+1} over six
// inputs d0…d5: ten products. Toom–Cook on the points 0, ±1, ±2, ∞ computes both with six,
//   [y0, y1] = Aᵀ·[(G·g) ⊙ (Bᵀ·d)],
//   Bᵀ·d = [4d0 − 5d2 + d4,  4d1 + 4d2 − d3 − d4,  −4d1 + 4d2 + d3 − d4,
//           −2d1 − d2 + 2d3 + d4,  2d1 − d2 − 2d3 + d4,  4d1 − 5d3 + d5],
//   G·g  = [g0/4, Σg/6, (g0 − g1 + g2 − g3 + g4)/6, (g0 + 2g1 + 4g2 + 8g3 + 16g4)/24,
//           (g0 − 2g1 + 4g2 − 8g3 + 16g4)/24, g4],
//   y0 = m0 + m1 + m2 + m3 + m4,  y1 = m1 − m2 + 2(m3 − m4) + m5,
// and since Aᵀ is linear the six products are summed over every (c, ky) first: per output pair
// six sums of C·5 products against the direct kernel's two of C·25 — 0.6 of its multiply-adds.
// The bits differ from the direct kernel's (another order, the transforms' rounding): prediction
// only; training keeps conv_direct.ts / im2col, whose outputs its gradients are taken against.
//
// Per 8 examples of the batch (the last chunk zero-filled), three passes through `scratch`:
//   1. V[t][px][r][c][8] = (Bᵀ·d)_t for pair px, padded input row r, channel c: rows and channels
//      innermost, so the window of output row oy is ONE run of 5·C vectors at V[t][px][oy];
//   2. M[t][f][oy][px][8] = Σ_{ky,c} Gt[t][f][ky][c] · V[t][px][oy + ky][c]: a GEMM-like 4 filters ×
//      8 examples tile whose reduction is that one contiguous run (2 loads + 4 splats per 8
//      madds, no row jumps — the direct kernel restarts its loop every 5 taps), cut to the rows
//      inside the image;
//   3. z ← Aᵀ·M, the second output of a pair dropped where Wo is odd.
// Filters are transformed by conv_winograd_pack_filters_f32 into Gt[t][F/4][ky][c][4] (f64
// arithmetic, rounded once; filters zero-padded to a multiple of 4).

import { tile8 } from './conv_direct';

const TAPS: i32 = 5;
const POINTS: i32 = 6;
const CHUNK: i32 = 8;

@inline function pairsOf(W: i32, pad: i32): i32 {
  return (W + 2 * pad - TAPS + 2) >> 1;
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
  const P = pairsOf(W, pad), Ho = H + 2 * pad - TAPS + 1;
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
        const even = g0 + g2 + g4, odd = g1 + g3;
        const even4 = g0 + 4 * g2 + 16 * g4, odd4 = 2 * g1 + 8 * g3;
        const lane = (((f >> 2) * TAPS + ky) * C + c) * 4 + (f & 3);
        const step = F4 * TAPS * C * 4;
        store<f32>(wt + (<usize>lane << 2), <f32>(g0 / 4));
        store<f32>(wt + (<usize>(lane + step) << 2), <f32>((even + odd) / 6));
        store<f32>(wt + (<usize>(lane + 2 * step) << 2), <f32>((even - odd) / 6));
        store<f32>(wt + (<usize>(lane + 3 * step) << 2), <f32>((even4 + odd4) / 24));
        store<f32>(wt + (<usize>(lane + 4 * step) << 2), <f32>((even4 - odd4) / 24));
        store<f32>(wt + (<usize>(lane + 5 * step) << 2), <f32>(g4));
      }
    }
  }
}

export function conv2d_f32_fwd__winograd(z: usize, x: usize, wt: usize, scratch: usize, C: i32, H: i32, W: i32, F: i32, pad: i32, B: i32): void {
  const Ho = H + 2 * pad - TAPS + 1, Wo = W + 2 * pad - TAPS + 1;
  const P = pairsOf(W, pad), R = rowsOf(H, pad), F4 = (F + 3) >> 2;
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

// Pass 1: V[t][px][r][c] for the 8 examples from b (zeros past B and left or right of the image;
// rows of padding above and below are not written: pass 2 skips them).
function transformInput(v: usize, x: usize, C: i32, H: i32, W: i32, pad: i32, B: i32, b: i32, P: i32, R: i32, vBytes: usize): void {
  const runBytes = <usize>B << 2;
  const full = b + CHUNK <= B;
  for (let px = 0; px < P; px++) {
    const ix0 = 2 * px - pad;
    for (let r = pad; r < pad + H; r++) {
      const iy = r - pad;
      for (let c = 0; c < C; c++) {
        const dst = v + (<usize>((px * R + r) * C + c) << 5);
        for (let half = 0; half < 2; half++) {
          const lane = b + 4 * half;
          let d0 = f32x4.splat(0), d1 = f32x4.splat(0), d2 = f32x4.splat(0), d3 = f32x4.splat(0), d4 = f32x4.splat(0), d5 = f32x4.splat(0);
          if (lane < B) {
            const row = x + <usize>((c * H + iy) * W) * runBytes + (<usize>lane << 2);
            const n = full ? 4 : min(4, B - lane);
            d0 = column(row, ix0, W, runBytes, n);
            d1 = column(row, ix0 + 1, W, runBytes, n);
            d2 = column(row, ix0 + 2, W, runBytes, n);
            d3 = column(row, ix0 + 3, W, runBytes, n);
            d4 = column(row, ix0 + 4, W, runBytes, n);
            d5 = column(row, ix0 + 5, W, runBytes, n);
          }
          const four = f32x4.splat(4), five = f32x4.splat(5);
          const p = f32x4.sub(d4, d2), q = f32x4.sub(d3, d1);
          const s = f32x4.sub(d4, d3), u = f32x4.sub(d2, d1);
          const o = dst + (<usize>half << 4);
          v128.store(o, f32x4.add(f32x4.sub(f32x4.mul(four, d0), f32x4.mul(five, d2)), d4));
          v128.store(o + vBytes, f32x4.sub(f32x4.mul(four, f32x4.add(d1, d2)), f32x4.add(d3, d4)));
          v128.store(o + 2 * vBytes, f32x4.sub(f32x4.mul(four, u), s));
          v128.store(o + 3 * vBytes, f32x4.add(f32x4.add(q, q), p));
          v128.store(o + 4 * vBytes, f32x4.sub(p, f32x4.add(q, q)));
          v128.store(o + 5 * vBytes, f32x4.add(f32x4.sub(f32x4.mul(four, d1), f32x4.mul(five, d3)), d5));
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

// Pass 2 for one point t: M[f][oy][px] = Σ_{ky,c} Gt[f][ky][c] · V[px][oy + ky][c], 4 filters × 8 examples,
// over the rows of the window inside the image (padding rows are zeros: skipped, never transformed).
function multiply(m: usize, v: usize, wt: usize, C: i32, H: i32, F4: i32, Ho: i32, P: i32, R: i32, pad: i32): void {
  const filterPlane = <usize>(Ho * P) << 5;
  for (let px = 0; px < P; px++) {
    for (let oy = 0; oy < Ho; oy++) {
      const kyLo = max(0, pad - oy), kyHi = min(TAPS, H + pad - oy);
      const src0 = v + (<usize>((px * R + oy + kyLo) * C) << 5);
      const w0 = wt + (<usize>(kyLo * C) << 4);
      const out0 = m + (<usize>(oy * P + px) << 5);
      for (let fb = 0; fb < F4; fb++) {
        // The direct kernel's 4 × 8 tile over a single run of (kyHi − kyLo)·C taps, 32 bytes apart.
        tile8(out0 + <usize>(fb * 4) * filterPlane, src0, w0 + (<usize>(fb * TAPS * C) << 4), 1, 1, 1, 1, 0, 1, (kyHi - kyLo) * C, 32, filterPlane, 4);
      }
    }
  }
}

// Pass 3: z[f][oy][2px + {0, 1}][b…] = Aᵀ·M[·][f][oy][px] for the examples of this chunk.
function transformOutput(z: usize, m: usize, F: i32, Ho: i32, Wo: i32, P: i32, B: i32, b: i32, mBytes: usize): void {
  const runBytes = <usize>B << 2;
  const n = min(CHUNK, B - b);
  for (let f = 0; f < F; f++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let px = 0; px < P; px++) {
        const src = m + (<usize>((f * Ho + oy) * P + px) << 5);
        const out = z + <usize>((f * Ho + oy) * Wo + 2 * px) * runBytes + (<usize>b << 2);
        const second = 2 * px + 1 < Wo;
        for (let half = 0; half < 2; half++) {
          const o = <usize>half << 4;
          const m0 = v128.load(src + o), m1 = v128.load(src + o + mBytes), m2 = v128.load(src + o + 2 * mBytes);
          const m3 = v128.load(src + o + 3 * mBytes), m4 = v128.load(src + o + 4 * mBytes), m5 = v128.load(src + o + 5 * mBytes);
          const y0 = f32x4.add(f32x4.add(f32x4.add(m0, m1), f32x4.add(m2, m3)), m4);
          const d = f32x4.sub(m3, m4);
          const y1 = f32x4.add(f32x4.add(f32x4.sub(m1, m2), f32x4.add(d, d)), m5);
          const lanes = n - 4 * half;
          if (lanes >= 4) {
            v128.store(out + o, y0);
            if (second) v128.store(out + o + runBytes, y1);
          } else if (lanes > 0) {
            storeLanes(out + o, y0, lanes);
            if (second) storeLanes(out + o + runBytes, y1, lanes);
          }
        }
      }
    }
  }
}

// The first n (1–3) lanes of a vector: the last examples of a batch that is not a multiple of 4.
@inline function storeLanes(at: usize, y: v128, n: i32): void {
  store<f32>(at, f32x4.extract_lane(y, 0));
  if (n > 1) store<f32>(at, f32x4.extract_lane(y, 1), 4);
  if (n > 2) store<f32>(at, f32x4.extract_lane(y, 2), 8);
}
