// The export's own f64 linear algebra (Jacobi SVD and eigen, LU det) against
// ml-matrix, over seeded random square sizes 1…7, including nearly singular and
// exactly singular matrices.
import { describe, it, expect } from 'vitest';
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { Random } from '../../src/engine/random.js';
import { det, matmul, svd, symmetricEigen, transpose, identity, completeBasis } from '../../src/export/linalg.js';
import { det as refDet, maxDiff, randomMatrix, toRows, withSingularValues } from './helpers.js';

const sizes = [1, 2, 3, 4, 5, 7];
const seeds = [1, 2, 3, 4, 5];

function cases(): { name: string; n: number; a: Float64Array }[] {
  const out: { name: string; n: number; a: Float64Array }[] = [];
  for (const n of sizes) {
    for (const seed of seeds) {
      const rng = new Random(seed * 100 + n);
      out.push({ name: `random n=${n} seed=${seed}`, n, a: randomMatrix(n, rng) });
      const s = Array.from({ length: n }, (_, i) => (i === n - 1 ? 1e-4 : 0.5 + rng.uniform()));
      out.push({ name: `σ_min=1e-4 n=${n} seed=${seed}`, n, a: withSingularValues(s, seed % 2 ? 1 : -1, rng) });
    }
    if (n > 1) {
      const rng = new Random(n);
      const s = Array.from({ length: n }, (_, i) => (i === n - 1 ? 0 : 1 + i));
      out.push({ name: `rank ${n - 1} n=${n}`, n, a: withSingularValues(s, 1, rng) });
    }
  }
  return out;
}

describe('svd', () => {
  it.each(cases())('$name: U·Σ·Vᵀ = A, U and V orthogonal, σ as ml-matrix', ({ n, a }) => {
    const { u, s, v } = svd(a, n);
    const us = Float64Array.from(u, (x, i) => x * s[i % n]!);
    expect(maxDiff(matmul(us, transpose(v, n), n), a)).toBeLessThan(1e-13);
    expect(maxDiff(matmul(transpose(u, n), u, n), identity(n))).toBeLessThan(1e-13);
    expect(maxDiff(matmul(transpose(v, n), v, n), identity(n))).toBeLessThan(1e-13);
    for (let i = 1; i < n; i++) expect(s[i]!).toBeLessThanOrEqual(s[i - 1]!);
    const ref = new SingularValueDecomposition(new Matrix(toRows(a, n))).diagonal;
    expect(maxDiff(s, ref)).toBeLessThan(1e-12);
  });
});

describe('symmetricEigen', () => {
  it.each(cases())('$name (symmetrised): V·Λ·Vᵀ = A, values as ml-matrix', ({ n, a }) => {
    const sym = Float64Array.from(a, (x, k) => (x + a[(k % n) * n + Math.floor(k / n)]!) / 2);
    const { values, vectors } = symmetricEigen(sym, n);
    const vl = Float64Array.from(vectors, (x, i) => x * values[i % n]!);
    expect(maxDiff(matmul(vl, transpose(vectors, n), n), sym)).toBeLessThan(1e-13);
    expect(maxDiff(matmul(transpose(vectors, n), vectors, n), identity(n))).toBeLessThan(1e-13);
    const ref = [...new EigenvalueDecomposition(new Matrix(toRows(sym, n)), { assumeSymmetric: true }).realEigenvalues].sort((x, y) => x - y);
    expect(maxDiff(values, ref)).toBeLessThan(1e-13);
  });

  it('repeated eigenvalues (the identity, and diag(2, 2, −1) rotated)', () => {
    expect(symmetricEigen(identity(4), 4).values).toEqual(Float64Array.of(1, 1, 1, 1));
    const rng = new Random(9);
    const q = withSingularValues([1, 1, 1], 1, rng);
    const d = Float64Array.of(2, 0, 0, 0, 2, 0, 0, 0, -1);
    const a = matmul(matmul(q, d, 3), transpose(q, 3), 3);
    expect(maxDiff(symmetricEigen(a, 3).values, [-1, 2, 2])).toBeLessThan(1e-13);
  });
});

describe('det', () => {
  it.each(cases())('$name: as ml-matrix LU', ({ n, a }) => {
    const want = refDet(a, n);
    expect(Math.abs(det(a, n) - want)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
  });
});

describe('completeBasis', () => {
  it('never starves: completes a 1-D complement in ℝ⁸ whose standard-basis residuals are all below ½', () => {
    // The complement of span{b_1…b_7} is the direction (1,…,1)/√8: every e_k has residual 1/√8 ≈ 0.35.
    const n = 8;
    const ones = Float64Array.from({ length: n }, () => 1 / Math.sqrt(n));
    const basis: Float64Array[] = [];
    for (let k = 0; k < n - 1; k++) {
      const e = Float64Array.from({ length: n }, (_, i) => (i === k ? 1 : 0) - (1 / Math.sqrt(n)) * ones[i]!);
      for (const b of basis) { const d = b.reduce((s, x, i) => s + x * e[i]!, 0); e.forEach((_, i) => (e[i]! -= d * b[i]!)); }
      const len = Math.hypot(...e);
      basis.push(e.map((x) => x / len));
    }
    const [c] = completeBasis(basis, n, 1);
    expect(Math.abs(Math.abs(c!.reduce((s, x, i) => s + x * ones[i]!, 0)) - 1)).toBeLessThan(1e-12);
  });
});
