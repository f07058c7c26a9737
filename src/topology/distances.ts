/**
 * Distance matrices of point clouds, the input of the Rips filtration (rips.ts).
 *
 *   - Euclidean: d(i, j) = ‖x_i − x_j‖₂.
 *   - k-NN graph geodesic (Naitzat, Zhitnikov & Lim 2020, "Topology of deep neural
 *     networks"): build the symmetrised k-nearest-neighbour graph (i ~ j iff j is among the
 *     k nearest of i or i among the k nearest of j) and let d(i, j) be the number of edges
 *     on a shortest path (breadth-first search from every vertex, O(n·(n + nk))). Points in
 *     different components are at distance +∞. The metric adapts to density: a layer that
 *     squashes one part of a class and stretches another changes Euclidean lengths a lot and
 *     the neighbour graph little, which is why Naitzat et al. read Betti numbers off it.
 *
 * A matrix is dense, row-major n × n, symmetric with a zero diagonal (Float64Array): the
 * clouds we study have at most a few thousand points, and every later step reads random
 * entries of it.
 */
import { DataError, OptionError } from '../errors.js';

/** A symmetric n × n distance matrix, row-major, zero diagonal; +∞ means "never joined". */
export interface DistanceMatrix {
  n: number;
  /** d(i, j) = values[i·n + j]. */
  values: Float64Array;
  /** Which metric, in words, for reports. */
  metric: string;
  /**
   * When the matrix is on a subset (landmarks) but measured through all points: the largest
   * distance from a point to its nearest subset point (points the subset cannot reach are
   * left out).
   */
  coverRadius?: number;
}

/** Checks a row-major cloud and returns its number of points. */
export function checkCloud(points: ArrayLike<number>, dim: number, what: string): number {
  if (!(Number.isInteger(dim) && dim >= 1)) throw new DataError(`${what}: dim must be a positive integer, got ${dim}`);
  if (points.length % dim !== 0) throw new DataError(`${what}: ${points.length} values is not a multiple of dim = ${dim}`);
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]!)) {
      throw new DataError(`${what}: coordinate ${i % dim} of point ${Math.floor(i / dim)} is ${points[i]} (must be finite)`);
    }
  }
  return points.length / dim;
}

/** Euclidean distance matrix of a row-major n × dim cloud. */
export function euclideanDistances(points: ArrayLike<number>, dim: number): DistanceMatrix {
  const n = checkCloud(points, dim, 'euclideanDistances');
  const values = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let t = 0; t < dim; t++) {
        const d = points[i * dim + t]! - points[j * dim + t]!;
        s += d * d;
      }
      values[i * n + j] = values[j * n + i] = Math.sqrt(s);
    }
  }
  return { n, values, metric: 'Euclidean' };
}

/**
 * Shortest-path hop counts in the symmetrised k-NN graph (Naitzat, Zhitnikov & Lim 2020).
 * Ties among equally near neighbours go to the smaller index, so the graph is deterministic.
 * With `sources` (e.g. maxmin landmarks) the graph is still built on every point, but only
 * the distances among the sources are returned (one breadth-first search per source), so
 * paths run through the whole sample.
 */
export function knnGeodesicDistances(points: ArrayLike<number>, dim: number, k: number, sources?: ArrayLike<number>): DistanceMatrix {
  if (!(Number.isInteger(k) && k >= 1)) throw new OptionError(`knnGeodesicDistances: k must be a positive integer, got ${k}`, 'k');
  const n = checkCloud(points, dim, 'knnGeodesicDistances');
  const kk = Math.min(k, n - 1);
  const adjacent: number[][] = Array.from({ length: n }, () => []);
  const nearD = new Float64Array(kk), nearI = new Int32Array(kk);
  for (let i = 0; i < n; i++) {
    // Insertion into a sorted list of the kk nearest so far: O(n·k) per row.
    let filled = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < dim; t++) { const d = points[i * dim + t]! - points[j * dim + t]!; s += d * d; }
      if (filled === kk && s >= nearD[kk - 1]!) continue;
      let p = filled < kk ? filled++ : kk - 1;
      while (p > 0 && nearD[p - 1]! > s) { nearD[p] = nearD[p - 1]!; nearI[p] = nearI[p - 1]!; p--; }
      nearD[p] = s; nearI[p] = j;
    }
    for (let t = 0; t < filled; t++) { adjacent[i]!.push(nearI[t]!); adjacent[nearI[t]!]!.push(i); }
  }
  const src = sources ?? Int32Array.from({ length: n }, (_, i) => i);
  const m = src.length;
  const values = new Float64Array(m * m).fill(Infinity);
  const hops = new Float64Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  const queue = new Int32Array(n);
  for (let a = 0; a < m; a++) {
    hops.fill(Infinity);
    const s = src[a]!;
    hops[s] = 0;
    let head = 0, tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++]!;
      for (const v of adjacent[u]!) {
        if (hops[v] !== Infinity) continue;
        hops[v] = hops[u]! + 1;
        queue[tail++] = v;
      }
    }
    for (let b = 0; b < m; b++) values[a * m + b] = hops[src[b]!]!;
    for (let v = 0; v < n; v++) if (hops[v]! < nearest[v]!) nearest[v] = hops[v]!;
  }
  let coverRadius = 0;
  for (let v = 0; v < n; v++) if (nearest[v] !== Infinity) coverRadius = Math.max(coverRadius, nearest[v]!);
  return { n: m, values, metric: `k-NN graph geodesic (hops, k = ${kk})`, coverRadius };
}

/** The largest finite distance (0 for a single point). */
export function finiteDiameter(m: DistanceMatrix): number {
  let d = 0;
  for (let i = 0; i < m.values.length; i++) {
    const v = m.values[i]!;
    if (v !== Infinity && v > d) d = v;
  }
  return d;
}

/**
 * Enclosing radius min_i max_j d(i, j): from this scale on the Rips complex is a cone on
 * the minimising vertex, hence contractible, so no bar of dimension ≥ 1 outlives it.
 */
export function enclosingRadius(m: DistanceMatrix): number {
  let best = Infinity;
  for (let i = 0; i < m.n; i++) {
    let far = 0;
    for (let j = 0; j < m.n; j++) far = Math.max(far, m.values[i * m.n + j]!);
    best = Math.min(best, far);
  }
  return m.n === 0 ? 0 : best;
}

/** Median over points of the distance to the nearest other point (the sampling spacing). */
export function medianNearestNeighbour(m: DistanceMatrix): number {
  if (m.n < 2) return 0;
  const near = new Float64Array(m.n);
  for (let i = 0; i < m.n; i++) {
    let d = Infinity;
    for (let j = 0; j < m.n; j++) if (j !== i) d = Math.min(d, m.values[i * m.n + j]!);
    near[i] = d;
  }
  near.sort();
  const h = m.n >> 1;
  return m.n % 2 === 1 ? near[h]! : 0.5 * (near[h - 1]! + near[h]!);
}

/** The sub-matrix on the given points (landmarks), same metric. */
export function restrictDistances(m: DistanceMatrix, indices: ArrayLike<number>): DistanceMatrix {
  const k = indices.length;
  const values = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) values[a * k + b] = m.values[indices[a]! * m.n + indices[b]!]!;
  return { n: k, values, metric: m.metric };
}
