/**
 * Persistent homology over GF(2) of a Vietoris–Rips filtration (rips.ts), in dimensions
 * 0, 1 and (optionally) 2, computed the way ripser does (Bauer 2021, "Ripser: efficient
 * computation of Vietoris–Rips persistence barcodes"):
 *
 *   - Dimension 0 by union–find over edges in filtration order: an edge joining two
 *     components kills the younger one, bar [0, length). These edges (a spanning forest)
 *     are the pivots of ∂₁, so by clearing they are not columns of dimension 1.
 *   - Dimensions 1 and 2 by reducing the coboundary matrix (persistent cohomology, which
 *     has the same barcode as homology): columns are the p-simplices from the last to the
 *     first in the filtration, a column's pivot is its coface that comes first in the
 *     filtration, and a column whose pivot is already owned gets the owner's column added
 *     (symmetric difference) until its pivot is new or it is zero. A pair (σ, τ) is the bar
 *     [diam σ, diam τ); a column that ends at zero is a bar [diam σ, ∞).
 *   - Clearing (the twist): a p-simplex that was a pivot in dimension p − 1 cannot start a
 *     bar and is skipped.
 *   - Apparent pairs: most columns find their pivot unowned at once (the pivot is a coface
 *     of the same diameter), so they are paired from their smallest coface alone, without
 *     building or sorting the column. Their columns are not stored: when a later column
 *     needs one, it is generated from the simplex (ripser's implicit matrix) and then kept,
 *     as are the columns that were modified.
 *
 * Zero-length pairs (birth = death) are pivots like any other but are not reported, as in
 * ripser. With threshold τ only simplices of diameter ≤ τ exist; a class still alive at τ
 * is reported with death +∞. At τ ≥ the enclosing radius the complex is a cone, so every
 * bar of dimension ≥ 1 dies by then and the diagram is the complete one.
 */
import { InternalError, OptionError } from '../errors.js';
import type { DistanceMatrix } from './distances.js';
import { enclosingRadius } from './distances.js';
import { edgeCoboundary, ripsFiltration, triangleCoboundary, type RipsFiltration } from './rips.js';

/** One bar: a homology class of dimension `dim` born at `birth`, dead at `death` (∞: alive at the threshold). */
export interface Bar {
  dim: number;
  birth: number;
  death: number;
}

/** Options of the persistence computation (highest dimension, filtration threshold). */
export interface PersistenceOptions {
  /** Highest homology dimension: 0, 1 or 2. Default 1. */
  maxDim?: 0 | 1 | 2;
  /** Largest diameter in the filtration. Default: the enclosing radius (the complete diagram). */
  threshold?: number;
  /** Refuse to reduce more than this many columns in dimension 2 (default 5e6). */
  maxColumns?: number;
}

/** Persistence pairs (birth, death) per dimension; death Infinity for bars that never end. */
export interface PersistenceResult {
  /** bars[p] holds the bars of dimension p with death > birth, sorted by birth then death. */
  bars: Bar[][];
  threshold: number;
  /** Columns reduced per dimension and how many of them needed no addition (apparent pairs). */
  stats: { columns: number[]; apparent: number[]; edges: number };
}

/**
 * Persistence barcode of the Vietoris–Rips filtration of a distance matrix.
 *
 *   const d = euclideanDistances(points, 2);
 *   const { bars } = persistence(d, { maxDim: 1 });   // bars[1]: the loops, [birth, death)
 */
export function persistence(m: DistanceMatrix, options: PersistenceOptions = {}): PersistenceResult {
  const maxDim = options.maxDim ?? 1;
  if (maxDim !== 0 && maxDim !== 1 && maxDim !== 2) throw new OptionError(`persistence: maxDim must be 0, 1 or 2, got ${String(maxDim)}`, 'maxDim');
  const threshold = options.threshold ?? enclosingRadius(m);
  if (!(threshold >= 0)) throw new OptionError(`persistence: threshold must be ≥ 0, got ${threshold}`, 'threshold');
  const maxColumns = options.maxColumns ?? 5_000_000;
  const f = ripsFiltration(m, threshold);
  const bars: Bar[][] = [];
  const stats = { columns: [m.n], apparent: [0], edges: f.edgeLength.length };

  // Dimension 0.
  const n = f.n, E = f.edgeLength.length;
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (v: number): number => {
    while (parent[v] !== v) { parent[v] = parent[parent[v]!]!; v = parent[v]!; }
    return v;
  };
  const tree = new Uint8Array(E);
  const b0: Bar[] = [];
  let components = n;
  for (let e = 0; e < E; e++) {
    const ra = find(f.edgeA[e]!), rb = find(f.edgeB[e]!);
    if (ra === rb) continue;
    parent[ra] = rb;
    tree[e] = 1;
    components--;
    if (f.edgeLength[e]! > 0) b0.push({ dim: 0, birth: 0, death: f.edgeLength[e]! });
  }
  for (let c = 0; c < components; c++) b0.push({ dim: 0, birth: 0, death: Infinity });
  bars.push(sortBars(b0));
  if (maxDim === 0) return { bars, threshold, stats };

  // Dimension 1: columns are the non-tree edges, last first.
  const buf = new Float64Array(n + 1);
  const generate1 = (e: number): Float64Array => {
    const k = edgeCoboundary(f, e, buf);
    return buf.slice(0, k).sort();
  };
  const pivot1 = (e: number): number => smallest(buf, edgeCoboundary(f, e, buf));
  const edgeLength = (e: number) => f.edgeLength[e]!;
  const triangleLength = (key: number) => f.edgeLength[Math.floor(key / n)]!;
  const columns1: number[] = [];
  for (let e = E - 1; e >= 0; e--) if (!tree[e]) columns1.push(e);
  const r1 = reduce(columns1, generate1, pivot1, edgeLength, triangleLength, 1);
  bars.push(r1.bars);
  stats.columns.push(columns1.length);
  stats.apparent.push(r1.apparent);
  if (maxDim === 1) return { bars, threshold, stats };

  // Dimension 2: columns are the triangles that were not pivots in dimension 1, last first.
  const columns2 = trianglesDescending(f, r1.pivots, maxColumns);
  const generate2 = (key: number): Float64Array => {
    const k = triangleCoboundary(f, key, buf);
    return buf.slice(0, k).sort();
  };
  const pivot2 = (key: number): number => smallest(buf, triangleCoboundary(f, key, buf));
  const tetraLength = (key: number) => f.edgeLength[Math.floor(key / (n * n))]!;
  const r2 = reduce(columns2, generate2, pivot2, triangleLength, tetraLength, 2);
  bars.push(r2.bars);
  stats.columns.push(columns2.length);
  stats.apparent.push(r2.apparent);
  return { bars, threshold, stats };
}

/** The smallest of the first k entries (Infinity when k = 0). */
function smallest(values: Float64Array, k: number): number {
  let m = Infinity;
  for (let i = 0; i < k; i++) if (values[i]! < m) m = values[i]!;
  return m;
}

function sortBars(bars: Bar[]): Bar[] {
  return bars.sort((x, y) => x.birth - y.birth || x.death - y.death);
}

/**
 * The column reduction of one dimension. `columns` are simplex keys in decreasing
 * filtration order, `generate` gives a simplex's coboundary as ascending coface keys and
 * `pivotOf` only its smallest key (Infinity if none), which settles most columns (apparent
 * pairs) without building or sorting the column.
 */
function reduce(
  columns: number[],
  generate: (simplex: number) => Float64Array,
  pivotOf: (simplex: number) => number,
  birthOf: (simplex: number) => number,
  deathOf: (coface: number) => number,
  dim: number,
): { bars: Bar[]; pivots: Map<number, number>; apparent: number } {
  const owner = new Map<number, number>();
  const stored = new Map<number, Float64Array>();
  const out: Bar[] = [];
  let apparent = 0;
  for (const s of columns) {
    const first = pivotOf(s);
    if (first !== Infinity && !owner.has(first)) {
      owner.set(first, s);
      apparent++;
      const birth = birthOf(s), death = deathOf(first);
      if (death > birth) out.push({ dim, birth, death });
      continue;
    }
    let col = generate(s);
    let added = false;
    for (;;) {
      if (col.length === 0) {
        out.push({ dim, birth: birthOf(s), death: Infinity });
        break;
      }
      const pivot = col[0]!;
      const other = owner.get(pivot);
      if (other === undefined) {
        owner.set(pivot, s);
        if (added) stored.set(s, col); else apparent++;
        const birth = birthOf(s), death = deathOf(pivot);
        if (death < birth) throw new InternalError(`persistence: a coface (${death}) precedes its face (${birth}) in dimension ${dim}`);
        if (death > birth) out.push({ dim, birth, death });
        break;
      }
      let add = stored.get(other);
      if (add === undefined) {
        // An apparent column needed after all: generate it once and keep it, since chains
        // of additions (a long loop closing up) ask for the same columns again and again.
        add = generate(other);
        stored.set(other, add);
      }
      col = symmetricDifference(col, add);
      added = true;
    }
  }
  return { bars: sortBars(out), pivots: owner, apparent };
}

/** GF(2) sum of two ascending key lists. */
function symmetricDifference(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length + y.length);
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

/** Keys of all triangles of the filtration, descending, without those in `skip`. */
function trianglesDescending(f: RipsFiltration, skip: Map<number, number>, limit: number): number[] {
  const n = f.n, keys: number[] = [];
  const third: number[] = [];
  for (let e = f.edgeLength.length - 1; e >= 0; e--) {
    const a = f.edgeA[e]!, b = f.edgeB[e]!;
    third.length = 0;
    let i = f.start[a]!, j = f.start[b]!;
    const iEnd = f.start[a + 1]!, jEnd = f.start[b + 1]!;
    while (i < iEnd && j < jEnd) {
      const u = f.nbr[i]!, v = f.nbr[j]!;
      if (u < v) i++;
      else if (v < u) j++;
      else {
        if (f.edgeId[a * n + u]! < e && f.edgeId[b * n + u]! < e) third.push(u);
        i++; j++;
      }
    }
    for (let t = third.length - 1; t >= 0; t--) {
      const key = e * n + third[t]!;
      if (skip.has(key)) continue;
      keys.push(key);
      if (keys.length > limit) {
        throw new OptionError(`persistence: more than ${limit} triangle columns in dimension 2; lower the threshold or use fewer points (landmarks)`, 'maxColumns');
      }
    }
  }
  return keys;
}
