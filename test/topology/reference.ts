/**
 * Plain reference for Betti numbers of a Vietoris–Rips complex: enumerate every clique
 * by brute force, build the dense boundary matrices and take GF(2) ranks by Gaussian
 * elimination on bit rows. O(n^4) and more: for clouds of a few dozen points.
 */

function ranksGF2(rows: Uint32Array[], words: number): number {
  let rank = 0;
  const m = rows.length;
  for (let bit = 0; bit < words * 32 && rank < m; bit++) {
    const w = bit >>> 5, mask = 1 << (bit & 31);
    let p = -1;
    for (let r = rank; r < m; r++) if (rows[r]![w]! & mask) { p = r; break; }
    if (p < 0) continue;
    const tmp = rows[p]!; rows[p] = rows[rank]!; rows[rank] = tmp;
    for (let r = 0; r < m; r++) {
      if (r !== rank && rows[r]![w]! & mask) for (let k = 0; k < words; k++) rows[r]![k]! ^= tmp[k]!;
    }
    rank++;
  }
  return rank;
}

/** Simplices (sorted vertex lists) of the flag complex of `adj`, by dimension 0 … top. */
export function cliques(adj: boolean[][], top: number): number[][][] {
  const n = adj.length;
  const byDim: number[][][] = [[]];
  for (let v = 0; v < n; v++) byDim[0]!.push([v]);
  for (let p = 1; p <= top; p++) {
    const next: number[][] = [];
    for (const s of byDim[p - 1]!) {
      for (let v = s[s.length - 1]! + 1; v < n; v++) if (s.every((u) => adj[u]![v])) next.push([...s, v]);
    }
    byDim.push(next);
  }
  return byDim;
}

/** rank of ∂_p : C_p → C_{p−1}, dense. */
function boundaryRank(faces: number[][], cofaces: number[][]): number {
  if (faces.length === 0 || cofaces.length === 0) return 0;
  const index = new Map(faces.map((f, i) => [f.join(','), i]));
  const words = Math.ceil(faces.length / 32);
  const rows = cofaces.map((c) => {
    const row = new Uint32Array(words);
    for (let drop = 0; drop < c.length; drop++) {
      const f = c.filter((_, i) => i !== drop).join(',');
      const i = index.get(f)!;
      row[i >>> 5]! ^= 1 << (i & 31);
    }
    return row;
  });
  return ranksGF2(rows, words);
}

/** β0 … β_maxDim of the flag complex of the graph `adj`. */
export function referenceBetti(adj: boolean[][], maxDim: number): number[] {
  const s = cliques(adj, maxDim + 1);
  const rank = [0];
  for (let p = 1; p <= maxDim + 1; p++) rank.push(boundaryRank(s[p - 1]!, s[p]!));
  const betti: number[] = [];
  for (let p = 0; p <= maxDim; p++) betti.push(s[p]!.length - rank[p]! - rank[p + 1]!);
  return betti;
}

/** Adjacency of the Rips graph at scale ε (distances in f64, edge iff ≤ ε). */
export function ripsAdjacency(points: ArrayLike<number>, dim: number, scale: number): boolean[][] {
  const n = points.length / dim;
  const adj: boolean[][] = [];
  for (let i = 0; i < n; i++) {
    const row: boolean[] = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < dim; t++) { const d = points[i * dim + t]! - points[j * dim + t]!; s += d * d; }
      row.push(i !== j && s <= scale * scale);
    }
    adj.push(row);
  }
  return adj;
}
