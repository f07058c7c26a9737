/**
 * Checks every benchmark runs before it times anything: a fast wrong answer
 * must fail, not top the table.
 */
import { InternalError } from '../errors.js';
import { Random } from '../engine/random.js';

/** A rows × cols row-major float32 matrix with entries uniform in [-1, 1). */
export function randomMatrix(rows: number, cols: number, rng: Random): Float32Array {
  const m = new Float32Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = rng.range(-1, 1);
  return m;
}

/**
 * Compares C (n×n) with A·B computed in f64, on every entry when n ≤ 128 and on 512 seeded
 * entries otherwise. Tolerance per entry: k·ε₃₂·Σ|a·b| + 1e-6, the worst-case bound for a float32
 * dot product of length k; a wrong index or transpose misses it by orders of magnitude.
 * Throws naming the first failing entry.
 */
export function checkGemm(label: string, n: number, A: Float32Array, B: Float32Array, C: Float32Array): void {
  const eps32 = 1.1920928955078125e-7;
  const checkEntry = (i: number, j: number) => {
    let ref = 0;
    let mag = 0;
    for (let k = 0; k < n; k++) {
      const p = A[i * n + k]! * B[k * n + j]!;
      ref += p;
      mag += Math.abs(p);
    }
    const got = C[i * n + j]!;
    const tol = n * eps32 * mag + 1e-6;
    if (!(Math.abs(got - ref) <= tol)) {
      throw new InternalError(`${label} GEMM n=${n}: C[${i},${j}] expected ${ref} got ${got} (tolerance ${tol.toExponential(2)})`);
    }
  };
  if (n <= 128) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) checkEntry(i, j);
  } else {
    const rng = new Random(n);
    for (let s = 0; s < 512; s++) checkEntry(rng.int(n), rng.int(n));
  }
}

/** Throws unless `after` is finite and at most `(1 − minDrop)·before`: the trainer learns. */
export function checkLearns(label: string, before: number, after: number, steps: number, minDrop: number): void {
  if (!(Number.isFinite(after) && after <= (1 - minDrop) * before)) {
    throw new InternalError(`${label}: loss ${before.toFixed(4)} → ${after.toFixed(4)} in ${steps} steps; it does not learn`);
  }
}
