/**
 * Betti numbers over GF(2) of the flag complex of a point cloud.
 *
 * Complexes (both are flag complexes: a simplex is any clique of the graph):
 *   - 'rips': Vietoris–Rips at scale ε, edge {i, j} iff ‖x_i − x_j‖₂ ≤ ε.
 *   - 'knn':  the symmetrised k-nearest-neighbour graph, edge {i, j} iff j is among the
 *             k nearest of i or i among the k nearest of j (Naitzat, Zhitnikov & Lim,
 *             "Topology of deep neural networks", JMLR 2020). With `hops` = h > 1 the
 *             edges join points at most h steps apart in that graph: the Rips complex of
 *             the graph-geodesic distance at scale h. It adapts to density, so squashed
 *             and stretched parts of a representation are treated alike, where a single ε
 *             fragments the sparse parts.
 *
 * Ranks. β_p = dim C_p − rank ∂_p − rank ∂_{p+1}, and rank ∂_{p+1} = rank δ_p (the
 * coboundary, its transpose). rank ∂_1 comes from union–find. rank δ_1 and rank δ_2 come
 * from a column reduction of the coboundary matrices, done like ripser (Bauer 2021):
 *   - simplices are ordered by their longest edge (edge order = length, then index), so a
 *     triangle's id is ordered by (longest edge, third vertex); coboundary columns are
 *     sorted lists of those ids, and the pivot of a column is its smallest id;
 *   - columns are reduced from the largest id down, adding the earlier column that owns
 *     the current pivot (a symmetric difference of sorted lists);
 *   - clearing: a column is skipped when it is provably in the span of the columns
 *     reduced before it: the Kruskal tree edges (each is δ of a vertex set plus longer
 *     edges) and every triangle that was a pivot of δ_1 (δ_2 of it is a sum of δ_2 of
 *     larger triangles). Skipped columns do not change the rank;
 *   - apparent pairs come for free: an edge that is the longest edge of some triangle
 *     has that triangle as an unowned pivot and is paired without any addition.
 * What remains to reduce to zero are exactly the β_1 (β_2) surviving columns, which is why
 * cohomology is fast here. β_1 = number of edge columns reduced to zero, β_2 = number of
 * triangle columns reduced to zero (Euler bookkeeping is returned in `ranks` for checks).
 *
 * Limits: the whole complex up to dimension maxDim+1 is enumerated and held in memory, so
 * cost follows the clique count: 500 points in the plane at the default scale are about
 * 10⁴ edges and 10⁵ triangles (tens of ms); a 500-point torus surface or solid torus with
 * β2 is 10⁵–10⁶ tetrahedra (0.1–0.6 s). Distances and k-NN are brute force, O(n²·dim).
 * `maxSimplices` stops a runaway scale (or a cloud of high intrinsic dimension, where no
 * small scale fills in) with a clear error.
 *
 * Landmarks: clouds above {@link DEFAULT_LANDMARKS} points (2000, or 500 with β2) are
 * first reduced by maxmin (farthest point) sampling, and the result says so. The answer is
 * then the homology of the landmark complex. Every point lies within the reported cover
 * radius r of a landmark, so Rips(landmarks, ε) ⊆ Rips(points, ε) and the nearest-landmark
 * map sends Rips(points, ε) into Rips(landmarks, ε + 2r): the two are 2r-interleaved, and
 * features of the full cloud that persist over more than 2r survive; smaller ones may not.
 */
import { DataError, InternalError, OptionError } from '../errors.js';

/** Which flag complex to build. */
export type ComplexKind = 'rips' | 'knn';

export interface BettiOptions {
  /** Highest Betti number to compute: 1 (β0, β1) or 2 (β0, β1, β2). Default 1. */
  maxDim?: 1 | 2;
  /** Vietoris–Rips scale ε (edges of length ≤ ε). Default: {@link defaultScale}. Not with `k`. */
  scale?: number;
  /**
   * Use the flag complex of the symmetrised k-NN graph with this k instead of Rips. On
   * curves k ≥ 12 was reliable at 500 points; areas and surfaces need `hops: 2` too
   * (k = 16, hops = 2 was right on every test shape of 500 points).
   */
  k?: number;
  /**
   * With `k`: join points at most this many steps apart in the k-NN graph (the Rips
   * complex of the graph-geodesic distance at this integer scale). Default 1: the flag
   * complex of the k-NN graph itself.
   */
  hops?: number;
  /**
   * Reduce the cloud to this many maxmin landmarks first when it has more points.
   * Default {@link DEFAULT_LANDMARKS}: 2000 for β0, β1 and 500 when β2 is asked for.
   * `Infinity` keeps every point.
   */
  landmarks?: number;
  /** Refuse complexes with more simplices than this in total (default 5e6). */
  maxSimplices?: number;
}

export interface BettiResult {
  /** β0 … β_maxDim. */
  betti: number[];
  complex: ComplexKind;
  /** The Rips scale ε used (null for 'knn'). */
  scale: number | null;
  /** How ε was chosen: 'given' or the rule of {@link defaultScale}. */
  scaleRule: string | null;
  /** The k of the k-NN graph (null for 'rips'). */
  k: number | null;
  /** Graph-geodesic scale of the k-NN complex (null for 'rips'). */
  hops: number | null;
  /** Number of points the complex was built on (landmarks when used). */
  points: number;
  /** Simplex counts: vertices, edges, triangles (and tetrahedra when maxDim = 2). */
  simplices: number[];
  /** rank ∂_1 … rank ∂_{maxDim+1}. */
  ranks: number[];
  /** Set when the cloud was reduced to landmarks first. */
  landmarks: { count: number; coverRadius: number; indices: Int32Array } | null;
}

/**
 * Rule of the default scale: ε = factor × median distance to the DEFAULT_SCALE_K-th
 * neighbour, the factor from the sampled shape's intrinsic dimension m (estimated from how
 * the median k-NN distance grows from k = 8 to 16: m ≈ log 2 / log(r₁₆ / r₈)):
 *
 *   curves and surfaces (m < 2.25):  3.5 for β0, β1;  2.5 when β2 is asked for
 *   volumes (m ≥ 2.25):              2.5 for β0, β1;  2   when β2 is asked for
 *
 * Chosen by scanning circles, two circles, figure-eights, disks, annuli (100–1000 points),
 * torus surfaces, balls and solid tori (300–1000 points): these factors were right on every
 * seed from 300 points up (torus surface: 9–10 of 10 seeds from 400 points), while keeping
 * a 500-point volume below about a million tetrahedra (their count grows with the cube of
 * the factor there). Small true features (narrower than ε) are filled in by design.
 */
export const DEFAULT_SCALE_K = 8;
export const DEFAULT_SCALE_FACTORS = {
  thin: { maxDim1: 3.5, maxDim2: 2.5 },
  volume: { maxDim1: 2.5, maxDim2: 2 },
} as const;
/** Estimated intrinsic dimension at or above which a cloud counts as a volume. */
export const VOLUME_DIMENSION = 2.25;

/**
 * Clouds larger than this are first reduced to this many maxmin landmarks. A maxmin
 * sample is an evenly spaced net, which a Rips complex fills in more reliably than the
 * same number of random points: a 1000-point ball at the default scale showed spurious
 * voids on 7 of 10 seeds (filling them needs ~4·10⁶ tetrahedra), its 500 landmarks none;
 * solid tori, torus surfaces, annuli and circles of 1000–3000 points were right on every
 * seed through 500 landmarks (torus surfaces need about 500: at 300 the tube closes up).
 */
export const DEFAULT_LANDMARKS = { maxDim1: 2000, maxDim2: 500 } as const;

const DEFAULT_MAX_SIMPLICES = 5_000_000;

// ---------------------------------------------------------------------------------------
// Distances and neighbours

function checkCloud(points: ArrayLike<number>, dim: number, what: string): number {
  if (!(Number.isInteger(dim) && dim >= 1)) throw new DataError(`${what}: dim must be a positive integer, got ${dim}`);
  if (points.length % dim !== 0) throw new DataError(`${what}: ${points.length} values is not a multiple of dim = ${dim}`);
  const n = points.length / dim;
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]!)) {
      throw new DataError(`${what}: coordinate ${i % dim} of point ${Math.floor(i / dim)} is ${points[i]} (must be finite)`);
    }
  }
  return n;
}

function dist2(points: ArrayLike<number>, dim: number, i: number, j: number): number {
  let s = 0;
  const a = i * dim, b = j * dim;
  for (let t = 0; t < dim; t++) {
    const d = points[a + t]! - points[b + t]!;
    s += d * d;
  }
  return s;
}

// Squared distances to the k nearest other points of every point, ascending:
// row i is out[i·k … i·k+k−1]; `index` holds the neighbours. Brute force, O(n²·dim).
function kNearest(points: ArrayLike<number>, dim: number, n: number, k: number): { d2: Float64Array; index: Int32Array } {
  const d2 = new Float64Array(n * k).fill(Infinity);
  const index = new Int32Array(n * k).fill(-1);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = dist2(points, dim, i, j);
      if (d >= d2[row + k - 1]!) continue;
      // Insertion into the sorted row (ties keep the smaller index first).
      let p = row + k - 1;
      while (p > row && d2[p - 1]! > d) {
        d2[p] = d2[p - 1]!;
        index[p] = index[p - 1]!;
        p--;
      }
      d2[p] = d;
      index[p] = j;
    }
  }
  return { d2, index };
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/**
 * Default Vietoris–Rips scale: factor × the median over points of the distance to the
 * `k`-th nearest neighbour (k = 8). It tracks the sampling density, so a densely sampled
 * curve, disk or surface gets a scale a few spacings wide: large enough to fill in sampling
 * gaps, small next to holes that span many spacings. Without an explicit `factor` the
 * factor comes from {@link DEFAULT_SCALE_FACTORS} by the estimated intrinsic dimension and
 * `maxDim`. Returns the scale, the rule in words for reports, and the dimension estimate.
 */
export function defaultScale(
  points: ArrayLike<number>, dim: number, options: { k?: number; factor?: number; maxDim?: 1 | 2 } = {},
): { scale: number; rule: string; intrinsicDimension: number } {
  const n = checkCloud(points, dim, 'defaultScale');
  const k = Math.min(options.k ?? DEFAULT_SCALE_K, n - 1);
  if (options.factor !== undefined && !(options.factor > 0)) throw new OptionError(`defaultScale: factor must be > 0, got ${options.factor}`);
  if (k < 1) return { scale: 0, rule: 'single point: ε = 0', intrinsicDimension: 0 };
  const k2 = Math.min(2 * k, n - 1);
  const { d2 } = kNearest(points, dim, n, k2);
  const rk = new Float64Array(n), r2k = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rk[i] = Math.sqrt(d2[i * k2 + k - 1]!);
    r2k[i] = Math.sqrt(d2[i * k2 + k2 - 1]!);
  }
  const mk = median(rk), m2k = median(r2k);
  const intrinsicDimension = k2 > k && m2k > mk && mk > 0 ? Math.log(k2 / k) / Math.log(m2k / mk) : 0;
  let factor = options.factor;
  let why = '';
  if (factor === undefined) {
    const kind = intrinsicDimension >= VOLUME_DIMENSION ? 'volume' : 'thin';
    factor = DEFAULT_SCALE_FACTORS[kind][options.maxDim === 2 ? 'maxDim2' : 'maxDim1'];
    why = ` (intrinsic dimension ≈ ${intrinsicDimension.toFixed(2)})`;
  }
  return { scale: factor * mk, rule: `${factor} × median ${k}-NN distance${why}`, intrinsicDimension };
}

/**
 * Maxmin (farthest point) sampling: starts at point 0, then repeatedly adds the point
 * farthest from the chosen set. Every point is within `coverRadius` of a landmark.
 */
export function maxminLandmarks(
  points: ArrayLike<number>, dim: number, count: number,
): { indices: Int32Array; coverRadius: number } {
  const n = checkCloud(points, dim, 'maxminLandmarks');
  if (!(Number.isInteger(count) && count >= 1)) throw new OptionError(`maxminLandmarks: count must be a positive integer, got ${count}`);
  const m = Math.min(count, n);
  const indices = new Int32Array(m);
  const near = new Float64Array(n).fill(Infinity);
  let next = 0;
  for (let l = 0; l < m; l++) {
    indices[l] = next;
    let far = -1, farD = -1;
    for (let i = 0; i < n; i++) {
      const d = dist2(points, dim, i, next);
      if (d < near[i]!) near[i] = d;
      if (near[i]! > farD) { farD = near[i]!; far = i; }
    }
    next = far;
  }
  let cover = 0;
  for (let i = 0; i < n; i++) cover = Math.max(cover, near[i]!);
  return { indices, coverRadius: Math.sqrt(cover) };
}

// ---------------------------------------------------------------------------------------
// The graph: edges ordered by length, adjacency as sorted neighbour lists with edge ids

interface Graph {
  n: number;
  edgeCount: number;
  // Endpoints of edge e: a = edgeA[e] < b = edgeB[e]; ids ordered by length, then (a, b).
  edgeA: Int32Array;
  edgeB: Int32Array;
  // CSR adjacency: neighbours of v are nbr[start[v] … start[v+1]−1], ascending; nbrEdge the edge ids.
  start: Int32Array;
  nbr: Int32Array;
  nbrEdge: Int32Array;
}

function buildGraph(n: number, pairA: Int32Array, pairB: Int32Array, len2: Float64Array, count: number): Graph {
  const order = new Int32Array(count);
  for (let e = 0; e < count; e++) order[e] = e;
  order.sort((p, q) => len2[p]! - len2[q]! || pairA[p]! - pairA[q]! || pairB[p]! - pairB[q]!);
  const edgeA = new Int32Array(count), edgeB = new Int32Array(count);
  const degree = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) {
    const src = order[e]!;
    edgeA[e] = pairA[src]!;
    edgeB[e] = pairB[src]!;
    degree[edgeA[e]! + 1]!++;
    degree[edgeB[e]! + 1]!++;
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v]! + degree[v + 1]!;
  const fill = start.slice(0, n);
  const nbr = new Int32Array(2 * count), nbrEdge = new Int32Array(2 * count);
  // Pairs come from loops over (a < b) in ascending a then b, but ids are by length: sort each list.
  for (let e = 0; e < count; e++) {
    const a = edgeA[e]!, b = edgeB[e]!;
    nbr[fill[a]!] = b; nbrEdge[fill[a]!++] = e;
    nbr[fill[b]!] = a; nbrEdge[fill[b]!++] = e;
  }
  for (let v = 0; v < n; v++) sortPaired(nbr, nbrEdge, start[v]!, start[v + 1]!);
  return { n, edgeCount: count, edgeA, edgeB, start, nbr, nbrEdge };
}

// Insertion sort of keys[lo..hi) carrying vals along (lists are short: a vertex's degree).
function sortPaired(keys: Int32Array, vals: Int32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const k = keys[i]!, v = vals[i]!;
    let j = i - 1;
    while (j >= lo && keys[j]! > k) { keys[j + 1] = keys[j]!; vals[j + 1] = vals[j]!; j--; }
    keys[j + 1] = k; vals[j + 1] = v;
  }
}

// Edge id of {u, v}, or −1: binary search in u's sorted neighbour list.
function edgeId(g: Graph, u: number, v: number): number {
  let lo = g.start[u]!, hi = g.start[u + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = g.nbr[mid]!;
    if (w === v) return g.nbrEdge[mid]!;
    if (w < v) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

// A growable Int32 list.
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) { this.data = new Int32Array(capacity); }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2); d.set(this.data); this.data = d;
    }
    this.data[this.length++] = v;
  }
}

function ripsGraph(points: ArrayLike<number>, dim: number, n: number, scale: number, maxSimplices: number): Graph {
  const eps2 = scale * scale;
  let cap = Math.max(16, 8 * n);
  let pa = new Int32Array(cap), pb = new Int32Array(cap), l2 = new Float64Array(cap);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = dist2(points, dim, i, j);
      if (d > eps2) continue;
      if (count === cap) {
        if (n + count >= maxSimplices) throw tooLarge(`${count}+ edges`, maxSimplices);
        cap *= 2;
        const na = new Int32Array(cap); na.set(pa); pa = na;
        const nb = new Int32Array(cap); nb.set(pb); pb = nb;
        const nl = new Float64Array(cap); nl.set(l2); l2 = nl;
      }
      pa[count] = i; pb[count] = j; l2[count] = d; count++;
    }
  }
  return buildGraph(n, pa, pb, l2, count);
}

function knnGraph(points: ArrayLike<number>, dim: number, n: number, k: number, hops: number, maxSimplices: number): Graph {
  const kk = Math.min(k, n - 1);
  const { index } = kNearest(points, dim, n, Math.max(kk, 1));
  // Symmetrised k-NN adjacency as sorted lists.
  const adjacent: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < kk; t++) {
      const j = index[i * kk + t]!;
      if (j < 0) continue;
      adjacent[i]!.push(j);
      adjacent[j]!.push(i);
    }
  }
  // Pairs within `hops` steps of each other (graph-geodesic scale), by breadth-first search.
  const pa = new IntList(), pb = new IntList();
  const seen = new Int32Array(n).fill(-1);
  let frontier: number[] = [], next: number[] = [];
  for (let i = 0; i < n; i++) {
    seen[i] = i;
    frontier = [i];
    for (let h = 0; h < hops && frontier.length > 0; h++) {
      next = [];
      for (const u of frontier) {
        for (const v of adjacent[u]!) {
          if (seen[v] === i) continue;
          seen[v] = i;
          next.push(v);
          if (v > i) {
            pa.push(i); pb.push(v);
            if (n + pa.length > maxSimplices) throw tooLarge(`${pa.length}+ edges`, maxSimplices);
          }
        }
      }
      frontier = next;
    }
  }
  const count = pa.length;
  const l2 = new Float64Array(count);
  for (let e = 0; e < count; e++) l2[e] = dist2(points, dim, pa.data[e]!, pb.data[e]!);
  return buildGraph(n, pa.data, pb.data, l2, count);
}

function tooLarge(what: string, limit: number): Error {
  return new Error(
    `bettiNumbers: the complex is too large (${what}; maxSimplices = ${limit}). ` +
    'Use a smaller scale or k, or reduce the cloud with the landmarks option.',
  );
}

// ---------------------------------------------------------------------------------------
// Cliques: triangles and tetrahedra with their coboundary lists

// Coboundary lists in CSR form: the cofaces of simplex s are rows[start[s] … start[s+1]−1],
// ascending (cofaces are generated in id order, so appending keeps each list sorted).
interface Coboundary { start: Int32Array; rows: Int32Array }

function toCsr(count: number, faces: Int32Array, facesPerCoface: number, cofaceCount: number): Coboundary {
  const start = new Int32Array(count + 1);
  for (let t = 0; t < cofaceCount * facesPerCoface; t++) start[faces[t]! + 1]!++;
  for (let s = 0; s < count; s++) start[s + 1]! += start[s]!;
  const fill = start.slice(0, count);
  const rows = new Int32Array(cofaceCount * facesPerCoface);
  for (let c = 0; c < cofaceCount; c++) {
    for (let f = 0; f < facesPerCoface; f++) rows[fill[faces[c * facesPerCoface + f]!]!++] = c;
  }
  return { start, rows };
}

interface Triangles {
  count: number;
  // Triangles whose longest edge is e are ids groupStart[e] … groupStart[e+1]−1, third vertex ascending.
  groupStart: Int32Array;
  third: Int32Array;
  // The three edge ids of each triangle (longest first).
  edges: Int32Array;
}

function enumerateTriangles(g: Graph, budget: number, limit: number): Triangles {
  const groupStart = new Int32Array(g.edgeCount + 1);
  const third = new IntList(), edges = new IntList();
  for (let e = 0; e < g.edgeCount; e++) {
    groupStart[e] = third.length;
    const a = g.edgeA[e]!, b = g.edgeB[e]!;
    let i = g.start[a]!, j = g.start[b]!;
    const iEnd = g.start[a + 1]!, jEnd = g.start[b + 1]!;
    while (i < iEnd && j < jEnd) {
      const u = g.nbr[i]!, v = g.nbr[j]!;
      if (u < v) i++;
      else if (v < u) j++;
      else {
        const ea = g.nbrEdge[i]!, eb = g.nbrEdge[j]!;
        if (ea < e && eb < e) {
          third.push(u);
          edges.push(e); edges.push(ea); edges.push(eb);
          if (third.length > budget) throw tooLarge(`${third.length}+ triangles`, limit);
        }
        i++; j++;
      }
    }
  }
  groupStart[g.edgeCount] = third.length;
  return { count: third.length, groupStart, third: third.data.subarray(0, third.length), edges: edges.data.subarray(0, edges.length) };
}

// Triangle id of {x, y, z}, or −1.
function triangleId(g: Graph, t: Triangles, x: number, y: number, z: number): number {
  const exy = edgeId(g, x, y), exz = edgeId(g, x, z), eyz = edgeId(g, y, z);
  if (exy < 0 || exz < 0 || eyz < 0) return -1;
  let m = exy, w = z;
  if (exz > m) { m = exz; w = y; }
  if (eyz > m) { m = eyz; w = x; }
  let lo = t.groupStart[m]!, hi = t.groupStart[m + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = t.third[mid]!;
    if (v === w) return mid;
    if (v < w) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

// Tetrahedra ordered by longest edge, then the (c, d) pair; returns the four triangle ids
// of each (faces, 4 per tetrahedron).
function enumerateTetrahedra(g: Graph, t: Triangles, budget: number, limit: number): { count: number; faces: Int32Array } {
  const faces = new IntList();
  let count = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    const lo = t.groupStart[e]!, hi = t.groupStart[e + 1]!;
    if (hi - lo < 2) continue;
    const a = g.edgeA[e]!, b = g.edgeB[e]!;
    for (let p = lo; p < hi; p++) {
      const c = t.third[p]!;
      for (let q = p + 1; q < hi; q++) {
        const d = t.third[q]!;
        const ecd = edgeId(g, c, d);
        if (ecd < 0 || ecd >= e) continue;
        const acd = triangleId(g, t, a, c, d), bcd = triangleId(g, t, b, c, d);
        if (acd < 0 || bcd < 0) throw new InternalError('bettiNumbers: internal error: missing face of a tetrahedron');
        faces.push(p); faces.push(q); faces.push(acd); faces.push(bcd);
        if (++count > budget) throw tooLarge(`${count}+ tetrahedra`, limit);
      }
    }
  }
  return { count, faces: faces.data.subarray(0, faces.length) };
}

// ---------------------------------------------------------------------------------------
// Reduction

// Symmetric difference of two ascending lists (GF(2) sum of two columns).
function addColumns(x: Int32Array, y: Int32Array): Int32Array {
  const out = new Int32Array(x.length + y.length);
  let i = 0, j = 0, k = 0;
  while (i < x.length && j < y.length) {
    const u = x[i]!, v = y[j]!;
    if (u < v) { out[k++] = u; i++; }
    else if (v < u) { out[k++] = v; j++; }
    else { i++; j++; }
  }
  while (i < x.length) out[k++] = x[i++]!;
  while (j < y.length) out[k++] = y[j++]!;
  return out.subarray(0, k);
}

// Reduces the coboundary columns of simplices count−1 … 0 (skipping `cleared`), pivot =
// smallest row. Returns the rank and, per row, whether it became a pivot (for clearing
// the next dimension).
function reduceCoboundary(count: number, rowCount: number, cob: Coboundary, cleared: Uint8Array | null):
  { rank: number; pivotRows: Uint8Array } {
  const owner: (Int32Array | undefined)[] = new Array(rowCount);
  const pivotRows = new Uint8Array(rowCount);
  let rank = 0;
  for (let s = count - 1; s >= 0; s--) {
    if (cleared && cleared[s]) continue;
    let col = cob.rows.subarray(cob.start[s]!, cob.start[s + 1]!);
    while (col.length > 0) {
      const pivot = col[0]!;
      const other = owner[pivot];
      if (other === undefined) {
        owner[pivot] = col;
        pivotRows[pivot] = 1;
        rank++;
        break;
      }
      col = addColumns(col, other);
    }
  }
  return { rank, pivotRows };
}

// ---------------------------------------------------------------------------------------
// Public entry

/**
 * Betti numbers β0 … β_maxDim over GF(2) of the flag complex of a point cloud:
 * Vietoris–Rips at scale ε (default {@link defaultScale}) or, with `k`, the symmetrised
 * k-NN graph's clique complex.
 *
 *   bettiNumbers(circlePoints, 2)                  // → { betti: [1, 1], scale: 0.13…, … }
 *   bettiNumbers(torusPoints, 3, { maxDim: 2 })    // → { betti: [1, 2, 1], … }
 *   bettiNumbers(points, 2, { k: 16, hops: 2 })     // k-NN complex
 *
 * @param points row-major n × dim coordinates
 * @param dim    coordinates per point
 */
export function bettiNumbers(points: ArrayLike<number>, dim: number, options: BettiOptions = {}): BettiResult {
  const maxDim = options.maxDim ?? 1;
  if (maxDim !== 1 && maxDim !== 2) throw new OptionError(`bettiNumbers: maxDim must be 1 or 2, got ${String(maxDim)}`);
  if (options.scale !== undefined && options.k !== undefined) throw new OptionError('bettiNumbers: give either scale (Rips) or k (k-NN complex), not both');
  if (options.scale !== undefined && !(options.scale >= 0 && Number.isFinite(options.scale))) {
    throw new OptionError(`bettiNumbers: scale must be a finite number ≥ 0, got ${options.scale}`);
  }
  if (options.k !== undefined && !(Number.isInteger(options.k) && options.k >= 1)) {
    throw new OptionError(`bettiNumbers: k must be a positive integer, got ${options.k}`);
  }
  if (options.hops !== undefined && !(Number.isInteger(options.hops) && options.hops >= 1 && options.k !== undefined)) {
    throw new OptionError(`bettiNumbers: hops must be a positive integer and needs k, got hops = ${options.hops}`);
  }
  const maxSimplices = options.maxSimplices ?? DEFAULT_MAX_SIMPLICES;
  const nAll = checkCloud(points, dim, 'bettiNumbers');
  if (nAll === 0) throw new DataError('bettiNumbers: the point cloud is empty');

  let cloud: ArrayLike<number> = points;
  let landmarks: BettiResult['landmarks'] = null;
  const landmarkCap = options.landmarks ?? DEFAULT_LANDMARKS[maxDim === 2 ? 'maxDim2' : 'maxDim1'];
  if (!(landmarkCap >= 1)) throw new OptionError(`bettiNumbers: landmarks must be ≥ 1, got ${landmarkCap}`);
  if (landmarkCap < nAll) {
    const { indices, coverRadius } = maxminLandmarks(points, dim, Math.floor(landmarkCap));
    const sub = new Float64Array(indices.length * dim);
    for (let l = 0; l < indices.length; l++) {
      for (let t = 0; t < dim; t++) sub[l * dim + t] = points[indices[l]! * dim + t]!;
    }
    cloud = sub;
    landmarks = { count: indices.length, coverRadius, indices };
  }
  const n = landmarks ? landmarks.count : nAll;

  let graph: Graph;
  let scale: number | null = null, scaleRule: string | null = null, k: number | null = null, hops: number | null = null;
  const complex: ComplexKind = options.k !== undefined ? 'knn' : 'rips';
  if (complex === 'knn') {
    k = options.k!;
    hops = options.hops ?? 1;
    graph = knnGraph(cloud, dim, n, k, hops, maxSimplices);
  } else {
    if (options.scale !== undefined) { scale = options.scale; scaleRule = 'given'; }
    else ({ scale, rule: scaleRule } = defaultScale(cloud, dim, { maxDim }));
    graph = ripsGraph(cloud, dim, n, scale, maxSimplices);
  }
  if (n + graph.edgeCount > maxSimplices) throw tooLarge(`${graph.edgeCount} edges`, maxSimplices);

  // β0 and rank ∂1 by union–find over edges in id order; tree edges are cleared for δ1.
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (v: number): number => {
    while (parent[v] !== v) { parent[v] = parent[parent[v]!]!; v = parent[v]!; }
    return v;
  };
  const treeEdge = new Uint8Array(graph.edgeCount);
  let rank1 = 0;
  for (let e = 0; e < graph.edgeCount; e++) {
    const ra = find(graph.edgeA[e]!), rb = find(graph.edgeB[e]!);
    if (ra !== rb) { parent[ra] = rb; treeEdge[e] = 1; rank1++; }
  }

  const tri = enumerateTriangles(graph, maxSimplices - n - graph.edgeCount, maxSimplices);
  const cob1 = toCsr(graph.edgeCount, tri.edges, 3, tri.count);
  const r1 = reduceCoboundary(graph.edgeCount, tri.count, cob1, treeEdge);
  const rank2 = r1.rank;

  const simplices = [n, graph.edgeCount, tri.count];
  const ranks = [rank1, rank2];
  const betti = [n - rank1, graph.edgeCount - rank1 - rank2];

  if (maxDim === 2) {
    const tet = enumerateTetrahedra(graph, tri, maxSimplices - n - graph.edgeCount - tri.count, maxSimplices);
    const cob2 = toCsr(tri.count, tet.faces, 4, tet.count);
    const r2 = reduceCoboundary(tri.count, tet.count, cob2, r1.pivotRows);
    simplices.push(tet.count);
    ranks.push(r2.rank);
    betti.push(tri.count - rank2 - r2.rank);
  }

  return { betti, complex, scale, scaleRule, k, hops, points: n, simplices, ranks, landmarks };
}
