/**
 * Plain f64 1-D Winograd F(4, 5) along x in the CHWN layout, written from the
 * matrices in assembly/kernels/conv_winograd.ts: Bᵀ on eight inputs, G on five
 * taps, Aᵀ on the eight sums. It checks that those matrices compute the
 * convolution (against refConvCHWN), gives the packed filters the kernel must
 * write, and the error scale of the kernel's f32 result: per output
 * Σ_t |Aᵀ[i][t]| · Σ_{c,ky} |(G·g)_t · (Bᵀ·d)_t|.
 */
export const WINOGRAD_BT: readonly (readonly number[])[] = [
  [4, 0, -21, 0, 21, 0, -4, 0], [0, -4, -4, 17, 17, -4, -4, 0], [0, 4, -4, -17, 17, 4, -4, 0],
  [0, 2, 1, -10, -5, 8, 4, 0], [0, -2, 1, 10, -5, -8, 4, 0], [0, 4, 8, -5, -10, 1, 2, 0],
  [0, -4, 8, 5, -10, -1, 2, 0], [0, -4, 0, 21, 0, -21, 0, 4],
];
export const WINOGRAD_G: readonly (readonly number[])[] = [
  [1 / 4, 0, 0, 0, 0], [1 / 18, 1 / 18, 1 / 18, 1 / 18, 1 / 18], [1 / 18, -1 / 18, 1 / 18, -1 / 18, 1 / 18],
  [1 / 360, 1 / 180, 1 / 90, 1 / 45, 2 / 45], [1 / 360, -1 / 180, 1 / 90, -1 / 45, 2 / 45],
  [16 / 45, 8 / 45, 4 / 45, 2 / 45, 1 / 45], [16 / 45, -8 / 45, 4 / 45, -2 / 45, 1 / 45], [0, 0, 0, 0, 1 / 4],
];
export const WINOGRAD_AT: readonly (readonly number[])[] = [
  [1, 1, 1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 1 / 2, -1 / 2, 0], [0, 1, 1, 4, 4, 1 / 4, 1 / 4, 0], [0, 1, -1, 8, -8, 1 / 8, -1 / 8, 1],
];
const POINTS = WINOGRAD_BT.length, OUTPUTS = WINOGRAD_AT.length;

/** (G·g)_t for every filter row, in the kernel's packed layout Gt[t][F/4][ky][c][4] (zero-padded filters). */
export function refWinogradFilters(w: ArrayLike<number>, F: number, C: number): Float64Array {
  const F4 = Math.ceil(F / 4), out = new Float64Array(POINTS * F4 * 4 * 5 * C);
  for (let t = 0; t < POINTS; t++) for (let f = 0; f < F; f++) for (let c = 0; c < C; c++) for (let ky = 0; ky < 5; ky++) {
    let s = 0;
    for (let k = 0; k < 5; k++) s += WINOGRAD_G[t]![k]! * w[((f * C + c) * 5 + ky) * 5 + k]!;
    out[((((t * F4 + (f >> 2)) * 5 + ky) * C + c) * 4) + (f & 3)] = s;
  }
  return out;
}

/** The 5×5 stride-1 convolution by F(4, 5) in f64, and its f32 error scale per output. */
export function refWinogradCHWN(
  x: ArrayLike<number>, w: ArrayLike<number>, C: number, H: number, W: number, F: number, pad: number, B: number,
): { z: Float64Array; magnitude: Float64Array } {
  const Ho = H + 2 * pad - 4, Wo = W + 2 * pad - 4;
  const z = new Float64Array(F * Ho * Wo * B), magnitude = new Float64Array(F * Ho * Wo * B);
  const input = (c: number, iy: number, ix: number, b: number) => (iy < 0 || iy >= H || ix < 0 || ix >= W ? 0 : x[((c * H + iy) * W + ix) * B + b]!);
  const g = new Float64Array(F * C * 5 * POINTS); // (G·g)_t per filter row (f, c, ky)
  for (let row = 0; row < F * C * 5; row++) {
    for (let t = 0; t < POINTS; t++) for (let k = 0; k < 5; k++) g[row * POINTS + t] = g[row * POINTS + t]! + WINOGRAD_G[t]![k]! * w[row * 5 + k]!;
  }
  const d = new Float64Array(POINTS), u = new Float64Array(POINTS), m = new Float64Array(POINTS), mAbs = new Float64Array(POINTS);
  for (let f = 0; f < F; f++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox += OUTPUTS) for (let b = 0; b < B; b++) {
    m.fill(0);
    mAbs.fill(0);
    for (let c = 0; c < C; c++) for (let ky = 0; ky < 5; ky++) {
      for (let j = 0; j < POINTS; j++) d[j] = input(c, oy - pad + ky, ox - pad + j, b);
      u.fill(0);
      for (let t = 0; t < POINTS; t++) for (let j = 0; j < POINTS; j++) u[t] = u[t]! + WINOGRAD_BT[t]![j]! * d[j]!;
      const row = ((f * C + c) * 5 + ky) * POINTS;
      for (let t = 0; t < POINTS; t++) {
        const p = g[row + t]! * u[t]!;
        m[t] = m[t]! + p;
        mAbs[t] = mAbs[t]! + Math.abs(p);
      }
    }
    for (let i = 0; i < OUTPUTS && ox + i < Wo; i++) {
      const at = ((f * Ho + oy) * Wo + ox + i) * B + b;
      for (let t = 0; t < POINTS; t++) {
        z[at] = z[at]! + WINOGRAD_AT[i]![t]! * m[t]!;
        magnitude[at] = magnitude[at]! + Math.abs(WINOGRAD_AT[i]![t]!) * mAbs[t]!;
      }
    }
  }
  return { z, magnitude };
}

/** The input gradient's filters: C "filters" over F channels, filter c's channel f being W[f][c] turned by 180°. */
export function refFlippedFilters(w: ArrayLike<number>, F: number, C: number): Float64Array {
  const out = new Float64Array(C * F * 25);
  for (let f = 0; f < F; f++) for (let c = 0; c < C; c++) for (let ky = 0; ky < 5; ky++) for (let kx = 0; kx < 5; kx++) {
    out[((c * F + f) * 5 + ky) * 5 + kx] = w[((f * C + c) * 5 + 4 - ky) * 5 + 4 - kx]!;
  }
  return out;
}
