/**
 * Paths in GL⁺(n) from the identity to a layer's weight matrix: the linear phase
 * of the essay's ambient isotopy.
 *
 *   polar       W = Q·S, Q orthogonal, S = V·Σ·Vᵀ symmetric positive (semi)definite
 *               (from W = U·Σ·Vᵀ: Q = U·Vᵀ)
 *   path        p(t) = Q(t)·((1−t)·I + t·S),   Q(t) = exp(t·log Q)
 *   det p(t)    = det Q(t) · Π_i ((1−t) + t·σ_i) = Π_i ((1−t) + t·σ_i) > 0 for t < 1,
 *               and at t = 1 too when W is invertible
 *
 * Q(t) needs det Q = +1. When det W < 0 two rows of W (two neurons) are swapped
 * first, which multiplies Q by a transposition and leaves S alone; the pair whose
 * rotation is smallest is chosen. A singular W keeps its rows: det Q is fixed by
 * flipping the left singular vector of a zero singular value, so the path stays
 * invertible for t < 1 and collapses only at t = 1. A 1×1 negative weight has no
 * path in GL⁺(1) at all (a reflection of the line): it gets the straight line.
 *
 * log Q is taken plane by plane. For Q in SO(n), A = (Q + Qᵀ)/2 and K = (Q − Qᵀ)/2
 * commute; on an eigenspace of A with eigenvalue cos θ, θ ∈ (0, π), Q rotates the
 * plane spanned by u and v = K·u/‖K·u‖ by θ (Q·u = cos θ·u + sin θ·v). Eigenvalue 1
 * is the fixed space, eigenvalue −1 (even multiplicity when det Q = 1) is where
 * Q = −I: any orthonormal pairing there is a rotation by π. Which case a direction
 * is in is read off ‖K·u‖ = sin θ (FLAT below).
 */
import { DataError, InternalError } from '../errors.js';
import { completeBasis, det, extendOrthonormal, identity, matmul, svd, symmetricEigen, transpose, type Mat } from './linalg.js';

/** Q·u = cos θ·u + sin θ·v and Q·v = −sin θ·u + cos θ·v, θ ∈ (0, π]. */
export interface RotationPlane {
  u: Float64Array;
  v: Float64Array;
  angle: number;
}

/**
 * ‖K·u‖ = sin θ below this: u counts as fixed (θ = 0) or half-turned (θ = π).
 * Angles this close to 0 or π cannot be told apart from them through A's
 * eigenvalues (cos θ = 1 − θ²/2 is 1 in f64 for θ < 1e-8), so the rotation then
 * errs by at most this much — below float32 resolution of the frames.
 */
const FLAT = 1e-7;

/** The planes and angles of a rotation Q ∈ SO(n) (det Q must be +1). */
export function rotationPlanes(q: Mat, n: number): RotationPlane[] {
  const a = new Float64Array(n * n);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[i * n + j] = (q[i * n + j]! + q[j * n + i]!) / 2;
      k[i * n + j] = (q[i * n + j]! - q[j * n + i]!) / 2;
    }
  }
  const { values, vectors } = symmetricEigen(a, n);
  const eigvec = (c: number) => Float64Array.from({ length: n }, (_, i) => vectors[i * n + c]!);
  const used: Float64Array[] = [];
  const planes: RotationPlane[] = [];
  // Ascending cos θ: half turns first, then large angles, the fixed space last.
  for (let c = 0; c < n; c++) {
    const [u] = extendOrthonormal(used, [eigvec(c)], n, 1, 0.5);
    if (!u) continue; // already inside a plane found earlier
    const ku = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ku[i]! += k[i * n + j]! * u[j]!;
    const sin = Math.hypot(...ku);
    if (sin < FLAT && values[c]! > 0) continue; // fixed direction
    used.push(u);
    let v: Float64Array | undefined;
    if (sin < FLAT) {
      // Q = −I here: pair u with the next unused direction of this eigenspace.
      for (let d = c + 1; d < n && !v; d++) [v] = extendOrthonormal(used, [eigvec(d)], n, 1, 0.5);
      if (!v) throw new InternalError('internal error: unpaired half-turn direction (det Q ≠ 1?)');
      used.push(v);
      planes.push({ u, v, angle: Math.PI });
      continue;
    }
    [v] = extendOrthonormal(used, [ku], n, 1, 0.5);
    if (!v) {
      // K·u lies in planes already found: u's turn is accounted for (nearly equal angles mixed by rounding).
      used.pop();
      continue;
    }
    used.push(v);
    let cosU = 0, sinU = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        cosU += u[i]! * q[i * n + j]! * u[j]!;
        sinU += v[i]! * q[i * n + j]! * u[j]!;
      }
    }
    planes.push({ u, v, angle: Math.atan2(sinU, cosU) });
  }
  return planes;
}

/** Q(t) = exp(t·log Q) = I + Σ_planes (cos tθ − 1)(uuᵀ + vvᵀ) + sin tθ·(vuᵀ − uvᵀ). */
export function rotationAt(planes: readonly RotationPlane[], n: number, t: number): Mat {
  const r = identity(n);
  for (const { u, v, angle } of planes) {
    const c = Math.cos(t * angle) - 1;
    const s = Math.sin(t * angle);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        r[i * n + j]! += c * (u[i]! * u[j]! + v[i]! * v[j]!) + s * (v[i]! * u[j]! - u[i]! * v[j]!);
      }
    }
  }
  return r;
}

/** ‖log Q‖_F = √(2·Σθ²): how far the rotation turns. */
export function rotationSize(planes: readonly RotationPlane[]): number {
  return Math.sqrt(2 * planes.reduce((s, p) => s + p.angle * p.angle, 0));
}

/**
 * How the linear phase of a layer animation moves from I to W: `polar` stays
 * invertible all the way (W invertible), `polar-singular` stays invertible until
 * it collapses at the end (W singular), `straight` is (1−t)I + tW (a 1×1 negative
 * weight, a reflection of the line, which no invertible path reaches).
 */
export type PathKind = 'polar' | 'polar-singular' | 'straight';

export interface LinearPath {
  n: number;
  /** p(1): W with rows `swap` exchanged, n×n row-major. */
  target: Mat;
  /** Rows (neurons) exchanged to make det > 0, or null. */
  swap: [number, number] | null;
  /** How the path was built: polar (in GL⁺ on all of [0,1]), polar-singular (in GL⁺ on [0,1), singular at 1), straight ((1−t)I + tW, n = 1 reflection). */
  kind: PathKind;
  /** det W, before any swap. */
  det: number;
  /** Singular values of W, descending. */
  singularValues: Float64Array;
  /** The rotation planes of Q (after the swap). */
  planes: RotationPlane[];
  /** p(t), n×n row-major; exactly I at t ≤ 0 and exactly `target` at t ≥ 1. */
  at(t: number): Mat;
}

export interface PathOptions {
  /** σ_min ≤ tolerance·σ_max counts as singular (default n·2⁻²⁴: float32 rounding of W). */
  tolerance?: number;
  /** Largest n for which every pair of rows is tried for the swap (default 16). */
  swapSearchLimit?: number;
}

/** A path from I to W (n×n, row-major) through matrices of positive determinant where one exists. */
export function linearPath(w: ArrayLike<number>, n: number, options: PathOptions = {}): LinearPath {
  if (w.length !== n * n) throw new DataError(`linearPath: ${w.length} values for a ${n}×${n} matrix`);
  const tol = options.tolerance ?? n * 2 ** -24;
  const wm = Float64Array.from(w);
  const { u, s, v } = svd(wm, n);
  const detW = det(wm, n);
  const singular = s[0] === 0 || s[n - 1]! <= tol * s[0]!;
  const vt = transpose(v, n);
  let q = matmul(u, vt, n);
  let target: Mat = wm;
  let swap: [number, number] | null = null;
  let kind: PathKind = singular ? 'polar-singular' : 'polar';

  if (det(q, n) < 0) {
    if (singular) {
      // Flip the left vector of the smallest σ: changes Q·S by 2·σ_min ≤ 2·tol·σ_max.
      for (let i = 0; i < n; i++) u[i * n + n - 1] = -u[i * n + n - 1]!;
      q = matmul(u, vt, n);
    } else if (n === 1) {
      kind = 'straight';
    } else {
      const pairs: [number, number][] = [];
      if (n <= (options.swapSearchLimit ?? 16)) {
        for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b]);
      } else {
        pairs.push([n - 2, n - 1]);
      }
      let best = Infinity;
      for (const pair of pairs) {
        const size = rotationSize(rotationPlanes(swapRows(q, n, pair), n));
        if (size < best - 1e-12) {
          best = size;
          swap = pair;
        }
      }
      q = swapRows(q, n, swap!);
      target = swapRows(wm, n, swap!);
    }
  }

  const sMat = matmul(matmul(v, diag(s), n), vt, n);
  const planes = kind === 'straight' ? [] : rotationPlanes(q, n);
  const at = (t: number): Mat => {
    if (t <= 0) return identity(n);
    if (t >= 1) return Float64Array.from(target);
    if (kind === 'straight') return wm.map((x, i) => (1 - t) * (i % (n + 1) === 0 ? 1 : 0) + t * x);
    const blend = sMat.map((x, i) => t * x + (i % (n + 1) === 0 ? 1 - t : 0));
    return matmul(rotationAt(planes, n, t), blend, n);
  };
  return { n, target, swap, kind, det: detW, singularValues: s, planes, at };
}

function diag(s: Float64Array): Mat {
  const n = s.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = s[i]!;
  return m;
}

function swapRows(m: Mat, n: number, [a, b]: [number, number]): Mat {
  const out = Float64Array.from(m);
  for (let j = 0; j < n; j++) {
    out[a * n + j] = m[b * n + j]!;
    out[b * n + j] = m[a * n + j]!;
  }
  return out;
}

export interface SquareEmbedding {
  /** max(inputs, units). */
  n: number;
  /** W padded to n×n, row-major. */
  matrix: Mat;
  /** Whether W's shape was changed (inputs ≠ units). */
  embedded: boolean;
  /** units < inputs: the rows added below W are scaled to zero along the path. */
  collapse: boolean;
}

/**
 * Pads W (units × inputs, row-major) to a square matrix of positive determinant
 * where possible. More units than inputs: inputs are padded with zeros, so the
 * added columns never touch the data; they are an orthonormal basis of the
 * complement of W's column space, as close to the identity block as that allows,
 * the last one negated if det < 0. Fewer units: rows, likewise, completing W's
 * row space; the layer then keeps only the first `units` coordinates.
 */
export function embedSquare(w: ArrayLike<number>, units: number, inputs: number): SquareEmbedding {
  if (w.length !== units * inputs) throw new DataError(`embedSquare: ${w.length} weights for ${units}×${inputs}`);
  const n = Math.max(units, inputs);
  if (units === inputs) return { n, matrix: Float64Array.from(w), embedded: false, collapse: false };
  const m = new Float64Array(n * n);
  const wide = units < inputs;
  // Work with the vectors W is made of: columns (tall W) or rows (wide W), all of length n.
  const count = wide ? units : inputs;
  const vectors = Array.from({ length: count }, (_, c) =>
    Float64Array.from({ length: n }, (_, i) => (wide ? w[c * inputs + i]! : w[i * inputs + c]!)));
  const span = extendOrthonormal([], vectors, n, count, 1e-7);
  const added = completeBasis(span, n, n - count, Array.from({ length: n - count }, (_, k) => count + k));
  const put = (c: number, vec: Float64Array, sign = 1) => {
    for (let i = 0; i < n; i++) {
      if (wide) m[c * n + i] = sign * vec[i]!;
      else m[i * n + c] = sign * vec[i]!;
    }
  };
  vectors.forEach((vec, c) => put(c, vec));
  added.forEach((vec, k) => put(count + k, vec));
  if (det(m, n) < 0) put(n - 1, added[added.length - 1]!, -1);
  return { n, matrix: m, embedded: true, collapse: wide };
}
