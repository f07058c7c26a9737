/**
 * Batch normalisation in f64 from the definition, for x as C rows of N values
 * (CHWN: a channel's H·W·B values are contiguous). Training: batch mean and
 * biased variance; backward from the chain rule written out per channel.
 */
export function refBatchNormTrain(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, C: number, N: number, eps: number): { y: Float64Array; mean: Float64Array; variance: Float64Array } {
  const y = new Float64Array(C * N), mean = new Float64Array(C), variance = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += x[c * N + i]!;
    const m = s / N;
    let v = 0;
    for (let i = 0; i < N; i++) v += (x[c * N + i]! - m) ** 2;
    v /= N;
    mean[c] = m;
    variance[c] = v;
    for (let i = 0; i < N; i++) y[c * N + i] = gamma[c]! * (x[c * N + i]! - m) / Math.sqrt(v + eps) + beta[c]!;
  }
  return { y, mean, variance };
}

/** y with given (running) statistics: inference. */
export function refBatchNormInfer(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, mean: ArrayLike<number>, variance: ArrayLike<number>, C: number, N: number, eps: number): Float64Array {
  return Float64Array.from({ length: C * N }, (_, k) => {
    const c = Math.floor(k / N);
    return gamma[c]! * (x[k]! - mean[c]!) / Math.sqrt(variance[c]! + eps) + beta[c]!;
  });
}
