/**
 * The L1/L2 weight penalty in f64, from the definition: P = l1·Σ|w| + l2·Σw²,
 * ∂P/∂w = l1·sign(w) + 2·l2·w (sign(0) = 0), over one layer's weights only.
 */
export function refPenalty(w: ArrayLike<number>, l1: number, l2: number): { value: number; grad: Float64Array } {
  let value = 0;
  const grad = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    value += l1 * Math.abs(v) + l2 * v * v;
    grad[i] = l1 * Math.sign(v) + 2 * l2 * v;
  }
  return { value, grad };
}
