/**
 * Plain f64 references for the k-NN kernels: the mini-batch k-NN loss written
 * straight from its definition, and brute-force k-NN classification.
 * Representations are feature-major: z[d·B + i] is feature d of example i.
 * With Bq < B only the first Bq examples are scored; the rest only vote (a
 * second batch of references).
 */
export function refKnnLoss(z: ArrayLike<number>, labels: ArrayLike<number>, D: number, B: number, mode: 0 | 1, param: number, Bq = B): { loss: number; count: number; correct: number; terms: number[] } {
  const dist2 = (i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < D; d++) s += (z[d * B + i]! - z[d * B + j]!) ** 2;
    return s;
  };
  const weight = (q: number) => (mode === 1 ? Math.exp(-q / param) : 1 / (Math.sqrt(q) + param));
  let loss = 0, count = 0, correct = 0;
  const terms: number[] = [];
  const classes = Math.max(...Array.from(labels)) + 1;
  for (let i = 0; i < Bq; i++) {
    let S = 0, T = 0;
    const votes = new Array<number>(classes).fill(0);
    for (let j = 0; j < B; j++) {
      if (j === i) continue;
      const w = weight(dist2(i, j));
      T += w;
      votes[labels[j]!]! += w;
      if (labels[j] === labels[i]) S += w;
    }
    // L_i is defined only with a same-class partner; L is the mean over those examples.
    terms.push(S > 0 ? Math.log(T) - Math.log(S) : NaN);
    if (S > 0) {
      loss += Math.log(T) - Math.log(S);
      count++;
    }
    let arg = 0;
    votes.forEach((v, c) => { if (v > votes[arg]!) arg = c; });
    if (arg === labels[i]) correct++;
  }
  return { loss: count ? loss / count : 0, count, correct, terms };
}

/** Brute-force k nearest references (rows of `refs`, n × D) of each query row; 1/(d+ε) votes, normalised. */
export function refKnnScores(queries: ArrayLike<number>, refs: ArrayLike<number>, labels: ArrayLike<number>, D: number, k: number, classes: number, eps: number): number[][] {
  const m = queries.length / D, n = labels.length;
  const out: number[][] = [];
  for (let i = 0; i < m; i++) {
    const d = Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let f = 0; f < D; f++) s += (queries[i * D + f]! - refs[j * D + f]!) ** 2;
      return { j, dist: Math.sqrt(s) };
    }).sort((a, b) => a.dist - b.dist || a.j - b.j).slice(0, k);
    const votes = new Array<number>(classes).fill(0);
    let total = 0;
    for (const { j, dist } of d) {
      const w = 1 / (dist + eps);
      votes[labels[j]!]! += w;
      total += w;
    }
    out.push(votes.map((v) => v / total));
  }
  return out;
}
