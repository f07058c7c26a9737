/**
 * The Vietoris–Rips filtration of a distance matrix, up to a threshold τ, in the form the
 * reduction (persistence.ts) walks through it without ever listing all simplices.
 *
 * Rips(d, ε) holds every simplex whose vertices are pairwise within ε; a simplex enters at
 * its diameter (its longest edge). Simplices of one dimension are ordered by a key that is
 * monotone in the diameter, which is all a filtration needs (the diagram does not depend
 * on how ties are broken):
 *
 *   edge      id e ∈ [0, E): edges sorted by (length, i, j)
 *   triangle  key e·n + c: e = its longest edge (largest id), c = the third vertex
 *   tetra     key e·n² + c·n + d: e its longest edge, c < d the other two vertices
 *
 * A key names its simplex uniquely, so the combinatorial number system of ripser is
 * replaced by "longest edge + the remaining vertices" — equally compact, and the
 * longest edge gives the diameter directly. Cofaces of a simplex are the common
 * neighbours of its vertices (sorted neighbour lists, merged), which is how coboundaries
 * are generated on demand. Keys stay below 2⁵³ for n ≤ 4000 (E < 8·10⁶).
 */
import { OptionError } from '../errors.js';
import type { DistanceMatrix } from './distances.js';

/** The Vietoris–Rips filtration of a distance matrix up to a threshold: its edges sorted by length. */
export interface RipsFiltration {
  n: number;
  /** Edges of length ≤ threshold, sorted by (length, i, j): endpoints i < j and lengths. */
  edgeA: Int32Array;
  edgeB: Int32Array;
  edgeLength: Float64Array;
  /** id of edge {i, j} at edgeId[i·n + j] (both orders), −1 when longer than the threshold. */
  edgeId: Int32Array;
  /** CSR neighbour lists, ascending vertex: nbr[start[v] … start[v+1]). */
  start: Int32Array;
  nbr: Int32Array;
  threshold: number;
}

/** Builds the edge order and neighbour lists of Rips(d, ε ≤ threshold). */
export function ripsFiltration(m: DistanceMatrix, threshold: number): RipsFiltration {
  if (!(threshold >= 0)) throw new OptionError(`ripsFiltration: threshold must be ≥ 0, got ${threshold}`, 'threshold');
  const n = m.n;
  if (n > 4000) throw new OptionError(`ripsFiltration: ${n} points is above the 4000 this implementation keys exactly; use landmarks`, 'landmarks');
  const pa: number[] = [], pb: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (m.values[i * n + j]! <= threshold) { pa.push(i); pb.push(j); }
    }
  }
  const count = pa.length;
  const order = new Int32Array(count);
  for (let e = 0; e < count; e++) order[e] = e;
  const len = new Float64Array(count);
  for (let e = 0; e < count; e++) len[e] = m.values[pa[e]! * n + pb[e]!]!;
  // Pairs were generated in (i, j) order, so a stable sort by length gives (length, i, j).
  const sorted = Array.from(order).sort((p, q) => len[p]! - len[q]! || p - q);
  const edgeA = new Int32Array(count), edgeB = new Int32Array(count), edgeLength = new Float64Array(count);
  const edgeId = new Int32Array(n * n).fill(-1);
  const degree = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) {
    const s = sorted[e]!;
    const a = pa[s]!, b = pb[s]!;
    edgeA[e] = a; edgeB[e] = b; edgeLength[e] = len[s]!;
    edgeId[a * n + b] = e; edgeId[b * n + a] = e;
    degree[a + 1]!++; degree[b + 1]!++;
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v]! + degree[v + 1]!;
  const fill = start.slice(0, n);
  const nbr = new Int32Array(2 * count);
  // Scanning j ascending per row keeps every list sorted without a sort.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (j !== i && edgeId[i * n + j]! >= 0) nbr[fill[i]!++] = j;
  }
  return { n, edgeA, edgeB, edgeLength, edgeId, start, nbr, threshold };
}

/** Diameter of the triangle with this key. */
export function triangleDiameter(f: RipsFiltration, key: number): number {
  return f.edgeLength[Math.floor(key / f.n)]!;
}

/** Diameter of the tetrahedron with this key. */
export function tetraDiameter(f: RipsFiltration, key: number): number {
  return f.edgeLength[Math.floor(key / (f.n * f.n))]!;
}

/**
 * Cofaces (triangles) of edge e as keys, written into `out` (unsorted); returns the count.
 */
export function edgeCoboundary(f: RipsFiltration, e: number, out: Float64Array): number {
  const n = f.n, a = f.edgeA[e]!, b = f.edgeB[e]!;
  let i = f.start[a]!, j = f.start[b]!, k = 0;
  const iEnd = f.start[a + 1]!, jEnd = f.start[b + 1]!;
  while (i < iEnd && j < jEnd) {
    const u = f.nbr[i]!, v = f.nbr[j]!;
    if (u < v) i++;
    else if (v < u) j++;
    else {
      // The key names the longest edge and the vertex opposite to it.
      const au = f.edgeId[a * n + u]!, bu = f.edgeId[b * n + u]!;
      out[k++] = e > au && e > bu ? e * n + u : au > bu ? au * n + b : bu * n + a;
      i++; j++;
    }
  }
  return k;
}

/** The vertices of the triangle with this key, longest-edge endpoints first. */
export function triangleVertices(f: RipsFiltration, key: number): [number, number, number] {
  const e = Math.floor(key / f.n);
  return [f.edgeA[e]!, f.edgeB[e]!, key - e * f.n];
}

/** Cofaces (tetrahedra) of the triangle with this key as keys (unsorted); returns the count. */
export function triangleCoboundary(f: RipsFiltration, key: number, out: Float64Array): number {
  const n = f.n;
  const [a, b, c] = triangleVertices(f, key);
  const e = Math.floor(key / n);
  let i = f.start[a]!, j = f.start[b]!, l = f.start[c]!, k = 0;
  const iEnd = f.start[a + 1]!, jEnd = f.start[b + 1]!, lEnd = f.start[c + 1]!;
  while (i < iEnd && j < jEnd && l < lEnd) {
    const u = f.nbr[i]!, v = f.nbr[j]!, w = f.nbr[l]!;
    const m = Math.max(u, v, w);
    if (u < m || v < m || w < m) {
      if (u < m) i++;
      if (v < m) j++;
      if (w < m) l++;
      continue;
    }
    // u = v = w: the fourth vertex d.
    const d = u;
    let top = e, p = a, q = b;
    const ad = f.edgeId[a * n + d]!, bd = f.edgeId[b * n + d]!, cd = f.edgeId[c * n + d]!;
    if (ad > top) { top = ad; p = a; q = d; }
    if (bd > top) { top = bd; p = b; q = d; }
    if (cd > top) { top = cd; p = c; q = d; }
    // The two vertices off the longest edge, ascending.
    let r = -1, s = -1;
    for (const x of [a, b, c, d]) {
      if (x === p || x === q) continue;
      if (r < 0) r = x; else s = x;
    }
    if (r > s) { const t = r; r = s; s = t; }
    out[k++] = (top * n + r) * n + s;
    i++; j++; l++;
  }
  return k;
}
