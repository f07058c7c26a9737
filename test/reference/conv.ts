/**
 * Plain f64 convolution in the kernels' CHWN layout (x[c][y][x][b], batch
 * innermost), straight from the definition, for the conv kernel tests. Also
 * returns Σ|w·x| per output, the scale of its f32 rounding error.
 */
export function refConvCHWN(
  x: ArrayLike<number>, w: ArrayLike<number>, C: number, H: number, W: number, F: number, K: number, stride: number, pad: number, B: number,
): { z: Float64Array; magnitude: Float64Array; Ho: number; Wo: number } {
  const Ho = Math.floor((H + 2 * pad - K) / stride) + 1, Wo = Math.floor((W + 2 * pad - K) / stride) + 1;
  const z = new Float64Array(F * Ho * Wo * B), magnitude = new Float64Array(F * Ho * Wo * B);
  for (let f = 0; f < F; f++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) for (let b = 0; b < B; b++) {
    let s = 0, m = 0;
    for (let c = 0; c < C; c++) for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) {
      const iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      const p = w[((f * C + c) * K + ky) * K + kx]! * x[((c * H + iy) * W + ix) * B + b]!;
      s += p;
      m += Math.abs(p);
    }
    const at = ((f * Ho + oy) * Wo + ox) * B + b;
    z[at] = s;
    magnitude[at] = m;
  }
  return { z, magnitude, Ho, Wo };
}

/**
 * Plain f64 weight gradient of the CHWN convolution, straight from the definition:
 * dW[f][c][ky][kx] = Σ_{oy,ox,b} dZ[f][oy][ox][b] · x[c][oy·s − pad + ky][ox·s − pad + kx][b].
 * Also returns Σ|dZ·x| per weight, the scale of its f32 rounding error.
 */
export function refConvWeightGradCHWN(
  x: ArrayLike<number>, dz: ArrayLike<number>, C: number, H: number, W: number, F: number, K: number, stride: number, pad: number, B: number,
): { dw: Float64Array; magnitude: Float64Array; terms: number } {
  const Ho = Math.floor((H + 2 * pad - K) / stride) + 1, Wo = Math.floor((W + 2 * pad - K) / stride) + 1;
  const dw = new Float64Array(F * C * K * K), magnitude = new Float64Array(F * C * K * K);
  for (let f = 0; f < F; f++) for (let c = 0; c < C; c++) for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) {
    let s = 0, m = 0;
    for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) {
      const iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      for (let b = 0; b < B; b++) {
        const p = dz[((f * Ho + oy) * Wo + ox) * B + b]! * x[((c * H + iy) * W + ix) * B + b]!;
        s += p;
        m += Math.abs(p);
      }
    }
    const at = ((f * C + c) * K + ky) * K + kx;
    dw[at] = s;
    magnitude[at] = m;
  }
  return { dw, magnitude, terms: Ho * Wo * B };
}

/** im2col from the definition: row (c·K + ky)·K + kx, column (oy·Wo + ox)·B + b; 0 outside the image. */
export function refIm2col(x: ArrayLike<number>, C: number, H: number, W: number, K: number, stride: number, pad: number, B: number): Float64Array {
  const Ho = Math.floor((H + 2 * pad - K) / stride) + 1, Wo = Math.floor((W + 2 * pad - K) / stride) + 1;
  const cols = new Float64Array(C * K * K * Ho * Wo * B);
  for (let c = 0; c < C; c++) for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) {
    const row = (c * K + ky) * K + kx;
    for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) {
      const iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      for (let b = 0; b < B; b++) cols[((row * Ho + oy) * Wo + ox) * B + b] = x[((c * H + iy) * W + ix) * B + b]!;
    }
  }
  return cols;
}

/** col2im from the definition: the adjoint of im2col (every column entry added back onto its pixel). */
export function refCol2im(cols: ArrayLike<number>, C: number, H: number, W: number, K: number, stride: number, pad: number, B: number): Float64Array {
  const Ho = Math.floor((H + 2 * pad - K) / stride) + 1, Wo = Math.floor((W + 2 * pad - K) / stride) + 1;
  const dx = new Float64Array(C * H * W * B);
  for (let c = 0; c < C; c++) for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) {
    const row = (c * K + ky) * K + kx;
    for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) {
      const iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      for (let b = 0; b < B; b++) dx[((c * H + iy) * W + ix) * B + b]! += cols[((row * Ho + oy) * Wo + ox) * B + b]!;
    }
  }
  return dx;
}

/**
 * Plain f64 input gradient of the CHWN convolution (stride 1), straight from the definition:
 * dX[c][iy][ix][b] = Σ_{f,ky,kx} W[f][c][ky][kx] · dZ[f][iy + pad − ky][ix + pad − kx][b] over the
 * outputs that exist. Also returns Σ|W·dZ| per input, the scale of its f32 rounding error.
 */
export function refConvInputGradCHWN(
  dz: ArrayLike<number>, w: ArrayLike<number>, C: number, H: number, W: number, F: number, K: number, pad: number, B: number,
): { dx: Float64Array; magnitude: Float64Array } {
  const Ho = H + 2 * pad - K + 1, Wo = W + 2 * pad - K + 1;
  const dx = new Float64Array(C * H * W * B), magnitude = new Float64Array(C * H * W * B);
  for (let c = 0; c < C; c++) for (let iy = 0; iy < H; iy++) for (let ix = 0; ix < W; ix++) for (let b = 0; b < B; b++) {
    let s = 0, m = 0;
    for (let f = 0; f < F; f++) for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) {
      const oy = iy + pad - ky, ox = ix + pad - kx;
      if (oy < 0 || oy >= Ho || ox < 0 || ox >= Wo) continue;
      const p = w[((f * C + c) * K + ky) * K + kx]! * dz[((f * Ho + oy) * Wo + ox) * B + b]!;
      s += p;
      m += Math.abs(p);
    }
    const at = ((c * H + iy) * W + ix) * B + b;
    dx[at] = s;
    magnitude[at] = m;
  }
  return { dx, magnitude };
}
