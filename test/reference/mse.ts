/**
 * Plain f64 reference for mean squared error, from its definition: outputs y
 * and targets t are feature-major (T rows × B examples), the loss is the mean
 * over all B·T entries of (y − t)², its gradient 2·(y − t)/(B·T).
 */
export function refMse(y: ArrayLike<number>, t: ArrayLike<number>, T: number, B: number): { loss: number; dy: Float64Array } {
  const n = T * B;
  const dy = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i]! - t[i]!;
    sum += d * d;
    dy[i] = (2 * d) / n;
  }
  return { loss: sum / n, dy };
}
