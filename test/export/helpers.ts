import { LuDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import { Random } from '../../src/engine/random.js';
import type { Model } from '../../src/model/model.js';

/** n×n row-major with entries uniform in [−1, 1). */
export function randomMatrix(n: number, rng: Random): Float64Array {
  return Float64Array.from({ length: n * n }, () => rng.range(-1, 1));
}

/** A random orthogonal n×n matrix (Q of a random matrix's QR), row-major. */
export function randomOrthogonal(n: number, rng: Random): Float64Array {
  const q = new QrDecomposition(new Matrix(toRows(randomMatrix(n, rng), n))).orthogonalMatrix;
  return Float64Array.from(q.to1DArray());
}

/** U·diag(s)·Vᵀ with random orthogonal U, V; the sign of det is then fixed by negating row 0 if needed. */
export function withSingularValues(s: readonly number[], detSign: 1 | -1, rng: Random): Float64Array {
  const n = s.length;
  const u = new Matrix(toRows(randomOrthogonal(n, rng), n));
  const v = new Matrix(toRows(randomOrthogonal(n, rng), n));
  const w = u.mmul(Matrix.diag([...s])).mmul(v.transpose());
  const out = Float64Array.from(w.to1DArray());
  const sign = Math.sign(det(out, n));
  if (sign !== detSign) for (let j = 0; j < n; j++) out[j] = -out[j]!;
  return out;
}

export function toRows(a: ArrayLike<number>, n: number): number[][] {
  return Array.from({ length: a.length / n }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j]!));
}

/** Determinant in f64 by ml-matrix's LU (the reference for the library's own). */
export function det(a: ArrayLike<number>, n: number): number {
  return new LuDecomposition(new Matrix(toRows(a, n))).determinant;
}

/** Writes W (units×inputs row-major) and b into model layer i. */
export function setLayer(model: Model, i: number, weights: ArrayLike<number>, bias: ArrayLike<number>): void {
  const layer = model.layers[i]!;
  if (weights.length !== layer.weightCount || bias.length !== layer.units) throw new Error(`setLayer ${i}: wrong sizes`);
  const p = model.getParameters();
  p.set(Float32Array.from(weights), layer.offset);
  p.set(Float32Array.from(bias), layer.biasOffset);
  model.setParameters(p);
}

/** Largest |a_i − b_i|. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxDiff: lengths ${a.length} and ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
