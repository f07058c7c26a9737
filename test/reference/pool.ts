/**
 * Plain max-pooling in the kernels' CHWN layout (x[c][y][x][b]), windows K×K,
 * stride S, no padding, from the definition. The backward sends each output's
 * gradient to the window's first maximum in row-major window order (ties, common
 * after relu, go to the first), which is the kernel's documented rule.
 */
export function refMaxPoolCHWN(x: ArrayLike<number>, C: number, H: number, W: number, K: number, S: number, B: number): { y: Float64Array; argmax: Int32Array; Ho: number; Wo: number } {
  const Ho = Math.floor((H - K) / S) + 1, Wo = Math.floor((W - K) / S) + 1;
  const y = new Float64Array(C * Ho * Wo * B), argmax = new Int32Array(C * Ho * Wo * B);
  for (let c = 0; c < C; c++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) for (let b = 0; b < B; b++) {
    let best = -Infinity, at = -1;
    for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) {
      const i = ((c * H + oy * S + ky) * W + ox * S + kx) * B + b;
      if (x[i]! > best) { best = x[i]!; at = i; }
    }
    const o = ((c * Ho + oy) * Wo + ox) * B + b;
    y[o] = best;
    argmax[o] = at;
  }
  return { y, argmax, Ho, Wo };
}

/** dX of max-pooling: each output's gradient added at its window's first maximum. */
export function refMaxPoolBackward(dy: ArrayLike<number>, argmax: Int32Array, inputSize: number): Float64Array {
  const dx = new Float64Array(inputSize);
  for (let o = 0; o < argmax.length; o++) dx[argmax[o]!]! += dy[o]!;
  return dx;
}

/**
 * Plain average pooling in CHWN layout, windows KH×KW, stride S, no padding
 * (global average pooling: KH = H, KW = W), from the definition, in f64.
 */
export function refAvgPoolCHWN(x: ArrayLike<number>, C: number, H: number, W: number, KH: number, KW: number, S: number, B: number): { y: Float64Array; Ho: number; Wo: number } {
  const Ho = Math.floor((H - KH) / S) + 1, Wo = Math.floor((W - KW) / S) + 1;
  const y = new Float64Array(C * Ho * Wo * B);
  for (let c = 0; c < C; c++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) for (let b = 0; b < B; b++) {
    let s = 0;
    for (let ky = 0; ky < KH; ky++) for (let kx = 0; kx < KW; kx++) s += x[((c * H + oy * S + ky) * W + ox * S + kx) * B + b]!;
    y[((c * Ho + oy) * Wo + ox) * B + b] = s / (KH * KW);
  }
  return { y, Ho, Wo };
}

/** dX of average pooling: each output's gradient shared evenly over its window (overlaps add). */
export function refAvgPoolBackward(dy: ArrayLike<number>, C: number, H: number, W: number, KH: number, KW: number, S: number, B: number): Float64Array {
  const Ho = Math.floor((H - KH) / S) + 1, Wo = Math.floor((W - KW) / S) + 1;
  const dx = new Float64Array(C * H * W * B);
  for (let c = 0; c < C; c++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) for (let b = 0; b < B; b++) {
    const share = dy[((c * Ho + oy) * Wo + ox) * B + b]! / (KH * KW);
    for (let ky = 0; ky < KH; ky++) for (let kx = 0; kx < KW; kx++) dx[((c * H + oy * S + ky) * W + ox * S + kx) * B + b]! += share;
  }
  return dx;
}
