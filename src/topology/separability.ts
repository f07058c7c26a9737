/**
 * Linear separability of two labelled point sets, with a certificate either way.
 *
 * Points x_i ∈ ℝ^d with signs y_i = ±1 (positive class vs the rest). Either
 *   (a) a hyperplane (w, b) with y_i (w·x_i + b) > 0 for every i — the certificate is
 *       checked by evaluating it on every point and reporting the smallest distance
 *       (margin) to the hyperplane; or
 *   (b) Farkas multipliers λ ≥ 0, Σλ = 1, Σ λ_i y_i = 0, Σ λ_i y_i x_i = 0: then
 *       p = Σ_{y=+1} 2λ_i x_i = Σ_{y=−1} 2λ_i x_i lies in both convex hulls, so no
 *       hyperplane can separate them. Checked by forming both convex combinations and
 *       measuring their distance (the gap; 0 up to rounding). At most d + 2 points carry
 *       weight (a basic solution).
 *
 * One linear program gives both. After centring and scaling the data to z_i ∈ [−1, 1]^d,
 * solve (primal, variables λ ≥ 0):
 *
 *   min ‖Σ λ_i y_i z_i‖₁ + M(|Σ λ_i y_i| + |Σ λ_i − 1|)
 *
 * written with a pair of nonnegative slacks per row. Its dual is
 *
 *   max c  s.t.  y_i (w·z_i + b) ≥ c for all i,  ‖w‖_∞ ≤ 1,  |b| ≤ M,  |c| ≤ M,
 *
 * the largest margin of a hyperplane with ‖w‖_∞ ≤ 1. M = 4(d + 1) exceeds every |b| and
 * |c| an optimum can need (|w·z| ≤ d), so the penalties are exact: at the optimum the
 * primal λ satisfies Σλy = 0 and Σλ = 1. The optimum is 0 exactly when the hulls meet
 * (then λ is case (b)); otherwise it is the margin c > 0 and the dual (w, b) is case (a)
 * — a max-margin hyperplane in the ℓ∞-normalised sense, so pictures get a sensible line.
 *
 * The LP has only d + 2 rows, so a dense revised simplex (basis inverse refactored every
 * 32 pivots, Dantzig pricing, Bland's rule after a run of degenerate pivots) takes a few
 * dozen pivots of O(n·d) pricing each: milliseconds for thousands of points.
 *
 * Tolerance: with tol = `tolerance` × R (R the data radius) a hyperplane is accepted when
 * its margin on every point exceeds tol; the multipliers are accepted when the gap is at
 * most 2√d·tol. By LP duality one of the two always holds up to rounding; nearly touching
 * hulls (margin below tol) are reported inseparable with their (tiny) gap.
 */
import { DataError, InternalError, OptionError } from '../errors.js';

/** Options of {@link linearSeparability}. */
export interface SeparabilityOptions {
  /** Smallest margin accepted, relative to the data radius. Default 1e-9. */
  tolerance?: number;
  /** The label treated as the positive class (the others are the negative class). Default 1. */
  positive?: number;
}

/** The classes can be cut by a hyperplane: here it is, with its margin. */
export interface SeparableResult {
  separable: true;
  /** The positive class label. */
  positive: number;
  /** w·x + b > 0 on the positive class and < 0 on the rest; ‖w‖₂ = 1. */
  hyperplane: { w: number[]; b: number };
  /** min_i y_i (w·x_i + b): the smallest distance of a point to the hyperplane, evaluated on every point. */
  margin: number;
  /** A point attaining the margin. */
  closest: number;
  /** Simplex pivots. */
  iterations: number;
}

/** No hyperplane separates the classes: Farkas multipliers prove it. */
export interface InseparableResult {
  separable: false;
  positive: number;
  /** Farkas multipliers: λ_i ≥ 0 on these points, Σλ = 1, Σ λ_i y_i = 0, Σ λ_i y_i x_i = 0. */
  certificate: { indices: number[]; weights: number[] };
  /** Σ_{y=+1} λ_i x_i / Σ_{y=+1} λ_i: a point of the positive class's convex hull ... */
  pointPositive: number[];
  /** ... and Σ_{y=−1} λ_i x_i / Σ_{y=−1} λ_i of the other's; they coincide when the hulls meet. */
  pointNegative: number[];
  /** ‖pointPositive − pointNegative‖₂: no hyperplane separates with a margin above gap/2. */
  gap: number;
  iterations: number;
}

/** What {@link linearSeparability} finds: a separating hyperplane or a certificate that none exists. */
export type SeparabilityResult = SeparableResult | InseparableResult;

const DEFAULT_TOLERANCE = 1e-9;

// ---------------------------------------------------------------------------------------
// The LP

/** Optimum of the separability LP on scaled data (exported for tests against another solver). */
export interface SeparabilityLP {
  /** Optimal value: the ℓ∞-normalised margin c (0 when the hulls meet). */
  value: number;
  /** Dual solution: w (d values), then b, then c. */
  dual: Float64Array;
  /** Primal λ (n values, ≥ 0). */
  lambda: Float64Array;
  iterations: number;
}

// Inverts the m×m matrix `a` (row-major) into `out` by Gauss–Jordan with partial pivoting; false if singular.
function invert(a: Float64Array, out: Float64Array, m: number): boolean {
  const w = Float64Array.from(a);
  out.fill(0);
  for (let i = 0; i < m; i++) out[i * m + i] = 1;
  for (let col = 0; col < m; col++) {
    let p = col, best = Math.abs(w[col * m + col]!);
    for (let r = col + 1; r < m; r++) {
      const v = Math.abs(w[r * m + col]!);
      if (v > best) { best = v; p = r; }
    }
    if (best < 1e-300) return false;
    if (p !== col) {
      for (let k = 0; k < m; k++) {
        let t = w[p * m + k]!; w[p * m + k] = w[col * m + k]!; w[col * m + k] = t;
        t = out[p * m + k]!; out[p * m + k] = out[col * m + k]!; out[col * m + k] = t;
      }
    }
    const inv = 1 / w[col * m + col]!;
    for (let k = 0; k < m; k++) { w[col * m + k]! *= inv; out[col * m + k]! *= inv; }
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = w[r * m + col]!;
      if (f === 0) continue;
      for (let k = 0; k < m; k++) { w[r * m + k]! -= f * w[col * m + k]!; out[r * m + k]! -= f * out[col * m + k]!; }
    }
  }
  return true;
}

/**
 * Solves the separability LP for scaled points z (n × d, entries in [−1, 1]) and signs
 * y_i = ±1. Columns: λ_0 … λ_{n−1}, then a slack pair (+e_r, −e_r) per row r; rows
 * 0 … d−1 are Σ λ y z = 0 (slack cost 1), row d is Σ λ y = 0 and row d+1 is Σ λ = 1
 * (slack cost M).
 */
export function solveSeparabilityLP(z: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number): SeparabilityLP {
  const m = d + 2;
  const M = 4 * (d + 1);
  const cols = n + 2 * m;
  const rowCost = new Float64Array(m).fill(1);
  rowCost[d] = M; rowCost[d + 1] = M;
  const rhs = new Float64Array(m); rhs[d + 1] = 1;

  const cost = (j: number): number => (j < n ? 0 : rowCost[(j - n) % m]!);
  // Column j of the constraint matrix into out (length m).
  const column = (j: number, out: Float64Array): void => {
    if (j < n) {
      const s = y[j]!;
      for (let r = 0; r < d; r++) out[r] = s * z[j * d + r]!;
      out[d] = s; out[d + 1] = 1;
    } else {
      out.fill(0);
      const k = j - n;
      out[k % m] = k < m ? 1 : -1;
    }
  };

  const basis = new Int32Array(m);
  const inBasis = new Uint8Array(cols);
  for (let r = 0; r < m; r++) { basis[r] = n + r; inBasis[n + r] = 1; }
  const Binv = new Float64Array(m * m);
  for (let r = 0; r < m; r++) Binv[r * m + r] = 1;
  const B = new Float64Array(m * m);
  const xB = new Float64Array(m), pi = new Float64Array(m), u = new Float64Array(m), aj = new Float64Array(m);

  const refactor = (): void => {
    for (let r = 0; r < m; r++) {
      column(basis[r]!, aj);
      for (let k = 0; k < m; k++) B[k * m + r] = aj[k]!;
    }
    if (!invert(B, Binv, m)) throw new InternalError('linearSeparability: internal error: singular simplex basis');
  };

  const reducedCostTol = 1e-11 * M;
  const pivotTol = 1e-11;
  const maxIterations = 50 * (n + m) + 1000;
  let iterations = 0, degenerateRun = 0, sincerefactor = 0;

  for (;;) {
    // x_B = B⁻¹ b, π = c_B B⁻¹.
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += Binv[r * m + k]! * rhs[k]!;
      xB[r] = s;
    }
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += cost(basis[r]!) * Binv[r * m + k]!;
      pi[k] = s;
    }

    // Pricing: Dantzig (most negative reduced cost), or Bland (first negative) in a degenerate run.
    const bland = degenerateRun > 20;
    let enter = -1, best = -reducedCostTol;
    for (let j = 0; j < cols; j++) {
      if (inBasis[j]) continue;
      let dj: number;
      if (j < n) {
        const s = y[j]!;
        let dot = pi[d]! * s + pi[d + 1]!;
        for (let r = 0; r < d; r++) dot += pi[r]! * s * z[j * d + r]!;
        dj = -dot;
      } else {
        const k = j - n;
        dj = rowCost[k % m]! - (k < m ? pi[k % m]! : -pi[k % m]!);
      }
      if (dj < best) {
        best = dj; enter = j;
        if (bland) break;
      }
    }
    if (enter < 0) break;

    // Ratio test on u = B⁻¹ a_enter; ties to the larger pivot (stability), or the smallest basis index (Bland).
    column(enter, aj);
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += Binv[r * m + k]! * aj[k]!;
      u[r] = s;
    }
    let leave = -1, ratio = Infinity;
    for (let r = 0; r < m; r++) {
      if (u[r]! <= pivotTol) continue;
      const t = Math.max(xB[r]!, 0) / u[r]!;
      if (t < ratio - 1e-15 ||
          (t <= ratio + 1e-15 && leave >= 0 && (bland ? basis[r]! < basis[leave]! : u[r]! > u[leave]!))) {
        ratio = t; leave = r;
      }
    }
    if (leave < 0) throw new InternalError('linearSeparability: internal error: the LP looks unbounded (it is bounded below by 0)');
    degenerateRun = ratio <= 1e-15 ? degenerateRun + 1 : 0;

    // Pivot: product-form update of B⁻¹, refactored from scratch every 32 pivots.
    inBasis[basis[leave]!] = 0;
    basis[leave] = enter;
    inBasis[enter] = 1;
    if (++sincerefactor >= 32) { refactor(); sincerefactor = 0; }
    else {
      const piv = u[leave]!;
      for (let k = 0; k < m; k++) Binv[leave * m + k]! /= piv;
      for (let r = 0; r < m; r++) {
        if (r === leave || u[r] === 0) continue;
        const f = u[r]!;
        for (let k = 0; k < m; k++) Binv[r * m + k]! -= f * Binv[leave * m + k]!;
      }
    }
    if (++iterations > maxIterations) throw new InternalError(`linearSeparability: the simplex did not finish in ${maxIterations} pivots`);
  }

  // Final values from a fresh factorisation.
  refactor();
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += Binv[r * m + k]! * rhs[k]!;
    xB[r] = s;
  }
  for (let k = 0; k < m; k++) {
    let s = 0;
    for (let r = 0; r < m; r++) s += cost(basis[r]!) * Binv[r * m + k]!;
    pi[k] = s;
  }
  const lambda = new Float64Array(n);
  let value = 0;
  for (let r = 0; r < m; r++) {
    value += cost(basis[r]!) * xB[r]!;
    if (basis[r]! < n) lambda[basis[r]!] = Math.max(0, xB[r]!);
  }
  // Dual: y_i(π_w·z_i + π_b) + π_c ≤ 0 ⇒ (w, b) = −(π_w, π_b) separates with margin c = π_c.
  const dual = new Float64Array(d + 2);
  for (let r = 0; r < d; r++) dual[r] = -pi[r]!;
  dual[d] = -pi[d]!;
  dual[d + 1] = pi[d + 1]!;
  return { value, dual, lambda, iterations };
}

// ---------------------------------------------------------------------------------------
// Certificates, checked on the original coordinates

/**
 * Smallest signed distance min_i y_i (w·x_i + b)/‖w‖₂ over all points, and where: the
 * hyperplane separates exactly when it is > 0. Evaluated in f64.
 */
export function hyperplaneMargin(
  points: ArrayLike<number>, dim: number, signs: ArrayLike<number>, w: ArrayLike<number>, b: number,
): { margin: number; closest: number } {
  let norm = 0;
  for (let t = 0; t < dim; t++) norm += w[t]! * w[t]!;
  norm = Math.sqrt(norm);
  const n = signs.length;
  let margin = Infinity, closest = -1;
  for (let i = 0; i < n; i++) {
    let s = b;
    for (let t = 0; t < dim; t++) s += w[t]! * points[i * dim + t]!;
    const mi = norm > 0 ? (signs[i]! * s) / norm : -Infinity;
    if (mi < margin) { margin = mi; closest = i; }
  }
  return { margin, closest };
}

/**
 * Checks Farkas multipliers: all λ ≥ 0, both classes carry weight; returns the two convex
 * combinations (one per class) and their distance. The hulls meet when the gap is 0.
 */
export function farkasGap(
  points: ArrayLike<number>, dim: number, signs: ArrayLike<number>, indices: ArrayLike<number>, weights: ArrayLike<number>,
): { gap: number; pointPositive: number[]; pointNegative: number[] } {
  const pp = new Float64Array(dim), pn = new Float64Array(dim);
  let sp = 0, sn = 0;
  for (let q = 0; q < indices.length; q++) {
    const i = indices[q]!, l = weights[q]!;
    if (!(l >= 0)) throw new DataError(`farkasGap: weight ${q} is ${l} (must be ≥ 0)`);
    const target = signs[i]! > 0 ? pp : pn;
    for (let t = 0; t < dim; t++) target[t]! += l * points[i * dim + t]!;
    if (signs[i]! > 0) sp += l; else sn += l;
  }
  if (!(sp > 0 && sn > 0)) return { gap: Infinity, pointPositive: [], pointNegative: [] };
  let g = 0;
  for (let t = 0; t < dim; t++) {
    pp[t]! /= sp; pn[t]! /= sn;
    g += (pp[t]! - pn[t]!) ** 2;
  }
  return { gap: Math.sqrt(g), pointPositive: Array.from(pp), pointNegative: Array.from(pn) };
}

// ---------------------------------------------------------------------------------------
// Public entry

/**
 * Whether the points of class `positive` (default 1) and the rest are strictly linearly
 * separable, with a verified certificate either way: a hyperplane whose margin on every
 * point was evaluated, or Farkas multipliers exhibiting a common point of the two convex
 * hulls (gap ≈ 0). Works in any dimension; milliseconds for thousands of points in 2–4-D.
 *
 *   const r = linearSeparability(rep, 2, labels);
 *   if (r.separable) draw(r.hyperplane); else mark(r.certificate.indices);
 *
 * @param points row-major n × dim
 * @param labels class of each point
 */
export function linearSeparability(
  points: ArrayLike<number>, dim: number, labels: ArrayLike<number>, options: SeparabilityOptions = {},
): SeparabilityResult {
  const positive = options.positive ?? 1;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!(Number.isInteger(dim) && dim >= 1)) throw new OptionError(`linearSeparability: dim must be a positive integer, got ${dim}`);
  const n = labels.length;
  if (points.length !== n * dim) throw new DataError(`linearSeparability: ${points.length} coordinates for ${n} labels × dim ${dim}`);
  if (!(tolerance > 0)) throw new OptionError(`linearSeparability: tolerance must be > 0, got ${tolerance}`);
  const signs = new Int8Array(n);
  let np = 0;
  for (let i = 0; i < n; i++) {
    signs[i] = labels[i] === positive ? 1 : -1;
    if (signs[i] === 1) np++;
  }
  if (np === 0 || np === n) {
    throw new DataError(`linearSeparability: needs points on both sides (${np} of ${n} have label ${positive})`);
  }

  // Centre on the bounding box and scale into [−1, 1]^d (an affine map: separability and
  // the certificates carry over exactly; they are checked on the original points).
  const centre = new Float64Array(dim), half = new Float64Array(dim);
  for (let t = 0; t < dim; t++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = points[i * dim + t]!;
      if (!Number.isFinite(v)) throw new DataError(`linearSeparability: coordinate ${t} of point ${i} is ${v}`);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    centre[t] = 0.5 * (lo + hi);
    half[t] = 0.5 * (hi - lo);
  }
  let scale = 0;
  for (let t = 0; t < dim; t++) scale = Math.max(scale, half[t]!);
  if (scale === 0) scale = 1; // all points equal: the hulls meet, the LP says so.
  const z = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) z[i * dim + t] = (points[i * dim + t]! - centre[t]!) / scale;

  const lp = solveSeparabilityLP(z, signs, n, dim);
  // Data radius for the tolerance: half the bounding-box diagonal.
  let radius = 0;
  for (let t = 0; t < dim; t++) radius += half[t]! * half[t]!;
  radius = Math.sqrt(radius) || 1;
  const tol = tolerance * radius;

  if (lp.value > 0) {
    // w·z + b = (w/scale)·x + (b − (w/scale)·centre); then normalise to ‖w‖ = 1.
    const w = new Array<number>(dim);
    let b = lp.dual[dim]!, norm = 0;
    for (let t = 0; t < dim; t++) {
      w[t] = lp.dual[t]! / scale;
      b -= w[t]! * centre[t]!;
      norm += w[t]! * w[t]!;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (let t = 0; t < dim; t++) w[t]! /= norm;
      b /= norm;
      const { margin, closest } = hyperplaneMargin(points, dim, signs, w, b);
      if (margin > tol) return { separable: true, positive, hyperplane: { w, b }, margin, closest, iterations: lp.iterations };
    }
  }

  const indices: number[] = [], weights: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) if (lp.lambda[i]! > 0) { indices.push(i); weights.push(lp.lambda[i]!); total += lp.lambda[i]!; }
  for (let q = 0; q < weights.length; q++) weights[q]! /= total;
  const { gap, pointPositive, pointNegative } = farkasGap(points, dim, signs, indices, weights);
  if (gap <= 2 * Math.sqrt(dim) * tol * (1 + 1e-6)) {
    return { separable: false, positive, certificate: { indices, weights }, pointPositive, pointNegative, gap, iterations: lp.iterations };
  }
  throw new InternalError(
    `linearSeparability: neither certificate checks out (LP value ${lp.value}, multiplier gap ${gap}, tolerance ${tol}); ` +
    'the data may be badly scaled or degenerate',
  );
}

/**
 * One-vs-rest separability for every class 0 … classes−1 (classes defaults to max label + 1):
 * entry c says whether class c can be cut off from all others by one hyperplane.
 * Classes without points are reported as null.
 */
export function separabilityOneVsRest(
  points: ArrayLike<number>, dim: number, labels: ArrayLike<number>, options: { tolerance?: number; classes?: number } = {},
): (SeparabilityResult | null)[] {
  let classes = options.classes ?? 0;
  if (options.classes === undefined) for (let i = 0; i < labels.length; i++) classes = Math.max(classes, labels[i]! + 1);
  const out: (SeparabilityResult | null)[] = [];
  for (let c = 0; c < classes; c++) {
    let count = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) count++;
    out.push(count === 0 || count === labels.length
      ? null
      : linearSeparability(points, dim, labels, { tolerance: options.tolerance, positive: c }));
  }
  return out;
}
