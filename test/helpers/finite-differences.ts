/** Central differences (f(p + h·eᵢ) − f(p − h·eᵢ)) / 2h of an f64 function, one per coordinate. */
export function centralDifferences(p: ArrayLike<number>, f: (q: Float64Array) => number, h = 1e-5): Float64Array {
  return Float64Array.from({ length: p.length }, (_, i) => {
    const up = Float64Array.from(p); up[i]! += h;
    const down = Float64Array.from(p); down[i]! -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** −log softmax(logits)[label], computed stably. */
export function softmaxCrossEntropy(logits: readonly number[], label: number): number {
  const m = Math.max(...logits);
  return Math.log(logits.reduce((s, v) => s + Math.exp(v - m), 0)) - (logits[label]! - m);
}
