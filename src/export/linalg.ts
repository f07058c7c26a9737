/**
 * Small dense linear algebra in f64 for the layer animation: square matrices
 * of a layer's width (a handful of rows), stored row-major in Float64Array,
 * a[i·n + j] = A_ij.
 *
 *   det               LU with partial pivoting
 *   svd               one-sided Jacobi (Hestenes): A·V = U·Σ, accurate for small σ
 *   symmetricEigen    cyclic Jacobi rotations: A = V·diag(λ)·Vᵀ
 *
 * Jacobi methods are slow for large n but exact to rounding and short, and these
 * matrices are tiny; the export caps widths at MAX_ANIMATION_WIDTH. The test
 * suite checks both against ml-matrix (kept out of the library so the browser
 * bundle needs no CommonJS).
 */
import { InternalError } from '../errors.js';

export type Mat = Float64Array;

export function identity(n: number): Mat {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** C = A·B for n×n matrices. */
export function matmul(a: Mat, b: Mat, n: number): Mat {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j]! += aik * b[k * n + j]!;
    }
  }
  return c;
}

export function transpose(a: Mat, n: number): Mat {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j]!;
  return t;
}

/** Determinant by LU with partial pivoting. */
export function det(a: Mat, n: number): number {
  const m = Float64Array.from(a);
  let d = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]!) > Math.abs(m[p * n + k]!)) p = i;
    const pivot = m[p * n + k]!;
    if (pivot === 0) return 0;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j]!;
        m[k * n + j] = m[p * n + j]!;
        m[p * n + j] = t;
      }
      d = -d;
    }
    d *= pivot;
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k]! / pivot;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) m[i * n + j]! -= f * m[k * n + j]!;
    }
  }
  return d;
}

export interface SVD {
  /** Left singular vectors as columns (orthogonal n×n). */
  u: Mat;
  /** Singular values, descending. */
  s: Float64Array;
  /** Right singular vectors as columns (orthogonal n×n). */
  v: Mat;
}

/**
 * A = U·diag(s)·Vᵀ for a square A. Columns of U belonging to zero singular
 * values are completed to an orthonormal basis.
 */
export function svd(a: Mat, n: number): SVD {
  // Work on columns: b[j] is column j of A·V.
  const b = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => a[i * n + j]!));
  const v = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));
  const eps = 1e-15;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const bp = b[p]!, bq = b[q]!;
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < n; i++) {
          alpha += bp[i]! * bp[i]!;
          beta += bq[i]! * bq[i]!;
          gamma += bp[i]! * bq[i]!;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateColumns(bp, bq, c, s);
        rotateColumns(v[p]!, v[q]!, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = b.map((col) => Math.hypot(...col));
  const order = norms.map((_, j) => j).sort((i, j) => norms[j]! - norms[i]!);
  const sigma = Float64Array.from(order, (j) => norms[j]!);
  const uCols: Float64Array[] = [];
  for (const j of order) if (norms[j]! > 0) uCols.push(b[j]!.map((x) => x / norms[j]!));
  // Re-orthonormalising cleans the noisy directions of σ at rounding level; zero
  // columns carry no direction and sort last, where the basis is completed.
  const kept = extendOrthonormal([], uCols, n, n, 0.5);
  const basis = [...kept, ...completeBasis(kept, n, n - kept.length)];
  const u = new Float64Array(n * n);
  const vm = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const uk = basis[k]!, vk = v[order[k]!]!;
    for (let i = 0; i < n; i++) {
      u[i * n + k] = uk[i]!;
      vm[i * n + k] = vk[i]!;
    }
  }
  return { u, s: sigma, v: vm };
}

function rotateColumns(x: Float64Array, y: Float64Array, c: number, s: number): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, yi = y[i]!;
    x[i] = c * xi - s * yi;
    y[i] = s * xi + c * yi;
  }
}

/**
 * Gram–Schmidt (two passes, for stability) over `candidates` in order, on top of
 * the orthonormal `basis`: a candidate is kept when its residual is at least
 * `keep` times its length. Stops at `count` new vectors; returns only the new ones.
 */
export function extendOrthonormal(basis: readonly Float64Array[], candidates: readonly Float64Array[], n: number, count: number, keep: number): Float64Array[] {
  const all = [...basis];
  const added: Float64Array[] = [];
  for (const c of candidates) {
    if (added.length === count) break;
    const len = Math.hypot(...c);
    if (len === 0) continue;
    const r = Float64Array.from(c);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of all) {
        let d = 0;
        for (let i = 0; i < n; i++) d += q[i]! * r[i]!;
        for (let i = 0; i < n; i++) r[i]! -= d * q[i]!;
      }
    }
    const res = Math.hypot(...r);
    if (!(res >= keep * len)) continue;
    const unit = r.map((x) => x / res);
    all.push(unit);
    added.push(unit);
  }
  return added;
}

/** e_k for k in `order` (default 0…n−1). */
export function standardBasis(n: number, order: readonly number[] = Array.from({ length: n }, (_, k) => k)): Float64Array[] {
  return order.map((k) => Float64Array.from({ length: n }, (_, i) => (i === k ? 1 : 0)));
}

/**
 * `count` orthonormal vectors orthogonal to the orthonormal `basis`, taken from
 * the standard basis vectors in `preferred` order. The acceptance threshold
 * 1/√(2n) cannot starve: while d directions are missing, the n standard vectors'
 * squared residuals sum to d ≥ 1, so one unvisited vector still has a residual
 * above the threshold (those rejected earlier hold less than n·1/(2n) = ½).
 */
export function completeBasis(basis: readonly Float64Array[], n: number, count: number, preferred?: readonly number[]): Float64Array[] {
  const order = preferred ? [...preferred, ...Array.from({ length: n }, (_, k) => k).filter((k) => !preferred.includes(k))] : undefined;
  const added = extendOrthonormal(basis, standardBasis(n, order), n, count, 1 / Math.sqrt(2 * n));
  if (added.length !== count) throw new InternalError(`internal error: completed ${added.length} of ${count} basis vectors`);
  return added;
}

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns, in the order of `values`. */
  vectors: Mat;
}

/** A = V·diag(λ)·Vᵀ for a symmetric A (only its upper triangle is trusted). */
export function symmetricEigen(a: Mat, n: number): SymmetricEigen {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      m[i * n + j] = a[i * n + j]!;
      m[j * n + i] = a[i * n + j]!;
    }
  }
  const v = identity(n);
  let total = 0;
  for (let i = 0; i < n * n; i++) total += m[i]! * m[i]!;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! * m[p * n + q]!;
    if (off <= 1e-32 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // M ← Jᵀ·M·J with J the rotation in the (p, q) plane.
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!, mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!, mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i]! - m[j * n + j]!);
  const values = Float64Array.from(order, (i) => m[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}
