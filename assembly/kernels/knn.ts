// k-nearest-neighbour kernels over feature-major representations (Z is D×B:
// column i is example i). Pairwise squared distances come from one GEMM:
//   q_ij = ‖z_i‖² + ‖z_j‖² − 2·z_i·z_j,  G = Zᵀ·Z.
//
// Mini-batch k-NN loss (the essay's "nearest neighbour layer", trained
// directly): each example is classified by the other examples of its batch,
//   w_ij = 1/(d_ij + ε)        (mode 0, the essay's weighting; d = √q)
//   w_ij = exp(−q_ij / τ)      (mode 1, NCA-style)
//   L_i  = −log( Σ_{j≠i, y_j=y_i} w_ij / Σ_{j≠i} w_ij ),   L = mean over counted i
// (counted: the scored examples with a same-class partner among the others).
// With a second batch (references), Z holds B = Bq + R columns: the first Bq
// are the batch being scored, the rest only vote (j runs over all B, i over
// the first Bq); rows i ≥ Bq of g below are zero, so the same two GEMMs carry
// the gradient to the references too. Bq = B is the plain mini-batch loss.
// An example with no same-class partner in its batch has no defined loss and
// is not counted: L is the mean over the counted examples, and the gradient is
// that of the same L. Backward: with a_ij = ∂L/∂w_ij = (1/T_i − [y_j=y_i]/S_i)/count
// and g_ij = a_ij·∂w_ij/∂q_ij,
//   ∂L/∂z_k = 2·Σ_j (g_kj + g_jk)(z_k − z_j)   ⇒   dZ = Z·M,
//   M = 2·(diag(h) − H),  H = g + gᵀ,  h = row sums of H   (one more GEMM).
// `work` holds B×B + 2B floats; on return its last B floats hold each scored
// example's L_i (NaN where it is not counted). `scratch` is GEMM scratch for
// (B, B, D) and (D, B, B). `stats` (if non-zero) gets Bq·L added to the f64 at
// +0 — like every loss op, the batch size times the loss it differentiates, so
// a reported sum / examples is that loss (0 when nothing is counted) — the
// number of examples whose weighted vote of the others is right added to the
// i32 at +8, and the number counted added to the i32 at +12.
// `param` is ε (mode 0) or τ (mode 1).

import { gemm_f32_tn, gemm_f32_nn } from './gemm';

export const KNN_INVERSE: i32 = 0;
export const KNN_GAUSSIAN: i32 = 1;

@inline function weightOf(q: f32, mode: i32, param: f32): f32 {
  if (mode == KNN_GAUSSIAN) return Mathf.exp(-q / param);
  return <f32>1 / (Mathf.sqrt(q) + param);
}

// ∂w/∂q for the weight above.
@inline function weightSlope(q: f32, w: f32, mode: i32, param: f32): f32 {
  if (mode == KNN_GAUSSIAN) return -w / param;
  const d = Mathf.sqrt(q);
  return d > 0 ? -(w * w) / (2 * d) : 0;
}

export function knn_loss_f32(dz: usize, z: usize, labels: usize, D: i32, B: i32, Bq: i32, C: i32, mode: i32, param: f32, stats: usize, work: usize, scratch: usize): void {
  const g = work;
  const norms = work + (<usize>(B * B) << 2);
  const terms = norms + (<usize>B << 2);
  gemm_f32_tn(g, z, z, B, B, D, 0, scratch);
  for (let i = 0; i < B; i++) store<f32>(norms + (<usize>i << 2), load<f32>(g + (<usize>(i * B + i) << 2)));

  // Pass 1: per example, S_i, T_i, the loss and the vote; count examples.
  let count = 0;
  let lossSum: f64 = 0;
  let correct = 0;
  for (let i = 0; i < Bq; i++) {
    const yi = load<i32>(labels + (<usize>i << 2));
    const ni = load<f32>(norms + (<usize>i << 2));
    const row = g + (<usize>(i * B) << 2);
    let S: f32 = 0, T: f32 = 0;
    for (let j = 0; j < B; j++) {
      if (j == i) continue;
      const q = max<f32>(ni + load<f32>(norms + (<usize>j << 2)) - 2 * load<f32>(row + (<usize>j << 2)), 0);
      const w = weightOf(q, mode, param);
      T += w;
      if (load<i32>(labels + (<usize>j << 2)) == yi) S += w;
    }
    let term: f32 = NaN;
    if (S > 0) {
      count++;
      term = Mathf.log(T) - Mathf.log(S);
      lossSum += <f64>Mathf.log(T) - <f64>Mathf.log(S);
    }
    store<f32>(terms + (<usize>i << 2), term);
    if (stats != 0 && voteIsRight(row, norms, labels, i, B, C, yi, ni, mode, param)) correct++;
  }
  if (stats != 0) {
    // Bq times the mean over the counted: the loss the gradient below belongs to.
    if (count > 0) store<f64>(stats, load<f64>(stats) + lossSum * (<f64>Bq / <f64>count));
    store<i32>(stats, load<i32>(stats, 8) + correct, 8);
    store<i32>(stats, load<i32>(stats, 12) + count, 12);
  }
  if (dz == 0) return;
  if (count == 0) {
    memory.fill(dz, 0, <usize>(D * B) << 2);
    return;
  }
  const invCount: f32 = <f32>1 / <f32>count;

  // Pass 2: overwrite row i of G with g_ij (row i only reads its own row and the norms).
  // References are not scored: their rows of g are zero.
  if (Bq < B) memory.fill(g + (<usize>(Bq * B) << 2), 0, <usize>((B - Bq) * B) << 2);
  for (let i = 0; i < Bq; i++) {
    const yi = load<i32>(labels + (<usize>i << 2));
    const ni = load<f32>(norms + (<usize>i << 2));
    const row = g + (<usize>(i * B) << 2);
    let S: f32 = 0, T: f32 = 0;
    for (let j = 0; j < B; j++) {
      if (j == i) continue;
      const q = max<f32>(ni + load<f32>(norms + (<usize>j << 2)) - 2 * load<f32>(row + (<usize>j << 2)), 0);
      const w = weightOf(q, mode, param);
      T += w;
      if (load<i32>(labels + (<usize>j << 2)) == yi) S += w;
    }
    for (let j = 0; j < B; j++) {
      const at = row + (<usize>j << 2);
      if (j == i || S == 0) {
        // The diagonal, and every pair of an uncounted example, carries no gradient.
        store<f32>(at, 0);
        continue;
      }
      const q = max<f32>(ni + load<f32>(norms + (<usize>j << 2)) - 2 * load<f32>(at), 0);
      const w = weightOf(q, mode, param);
      const same: f32 = load<i32>(labels + (<usize>j << 2)) == yi ? <f32>1 / S : 0;
      const a: f32 = (<f32>1 / T - same) * invCount;
      store<f32>(at, a * weightSlope(q, w, mode, param));
    }
  }

  // M = 2·(diag(h) − (g + gᵀ)), built in place (upper and lower halves together).
  for (let i = 0; i < B; i++) store<f32>(norms + (<usize>i << 2), 0);
  for (let i = 0; i < B; i++) {
    for (let j = i + 1; j < B; j++) {
      const ij = g + (<usize>(i * B + j) << 2), ji = g + (<usize>(j * B + i) << 2);
      const h = load<f32>(ij) + load<f32>(ji);
      store<f32>(ij, -2 * h);
      store<f32>(ji, -2 * h);
      store<f32>(norms + (<usize>i << 2), load<f32>(norms + (<usize>i << 2)) + h);
      store<f32>(norms + (<usize>j << 2), load<f32>(norms + (<usize>j << 2)) + h);
    }
  }
  for (let i = 0; i < B; i++) store<f32>(g + (<usize>(i * B + i) << 2), 2 * load<f32>(norms + (<usize>i << 2)));
  gemm_f32_nn(dz, z, g, D, B, B, 0, scratch);
}

// Weighted vote of the other examples of the batch (all of them, weight w_ij)
// for example i; true when the label wins (first maximum on ties).
@inline function voteIsRight(row: usize, norms: usize, labels: usize, i: i32, B: i32, C: i32, yi: i32, ni: f32, mode: i32, param: f32): bool {
  let best: f32 = -1;
  let arg = -1;
  for (let c = 0; c < C; c++) {
    let s: f32 = 0;
    for (let j = 0; j < B; j++) {
      if (j == i || load<i32>(labels + (<usize>j << 2)) != c) continue;
      const q = max<f32>(ni + load<f32>(norms + (<usize>j << 2)) - 2 * load<f32>(row + (<usize>j << 2)), 0);
      s += weightOf(q, mode, param);
    }
    if (s > best) { best = s; arg = c; }
  }
  return arg == yi;
}

// ---------------------------------------------------------------------------
// k-NN head: classify queries Q (D×Bq) by their k nearest reference points
// R (labels rl, squared norms rn precomputed by knn_norms_f32), each
// neighbour voting with weight 1/(d + ε). Distances for a block of reference
// columns come from one GEMM (Qᵀ·R); the k smallest are kept per query with a
// SIMD threshold test: four candidates at a time are compared with the current
// k-th distance and only those below it reach the insertion step.
//   out: Bq × C class scores (normalised votes), row-major.
//   R is stored in blocks of NB reference columns (knn_pack_f32 lays it out):
//   block b is a D × nb matrix starting at float D·NB·b, so every block feeds
//   the GEMM in place, for every chunk of queries.
//   work: knn_work_floats(Bq, k) floats: the distance block (Bq × NB) and the
//   kept distances and indices (Bq × k each).

const NB: i32 = 1024;

/** Lays out references given row-major (N × D) as blocks of NB feature-major columns. */
export function knn_pack_f32(out: usize, r: usize, D: i32, N: i32): void {
  for (let j0 = 0; j0 < N; j0 += NB) {
    const nb = min(NB, N - j0);
    const block = out + (<usize>(D * j0) << 2);
    for (let j = 0; j < nb; j++) {
      const src = r + (<usize>((j0 + j) * D) << 2);
      for (let d = 0; d < D; d++) store<f32>(block + (<usize>(d * nb + j) << 2), load<f32>(src + (<usize>d << 2)));
    }
  }
}

/** Squared norm of every reference, from the row-major (N × D) references. */
export function knn_norms_f32(out: usize, r: usize, D: i32, N: i32): void {
  for (let j = 0; j < N; j++) {
    const src = r + (<usize>(j * D) << 2);
    let s: f32 = 0;
    for (let d = 0; d < D; d++) {
      const v = load<f32>(src + (<usize>d << 2));
      s += v * v;
    }
    store<f32>(out + (<usize>j << 2), s);
  }
}

export function knn_work_floats(Bq: i32, k: i32): i32 {
  return Bq * NB + Bq * 2 * k;
}

export function knn_classify_f32(out: usize, q: usize, r: usize, rn: usize, rl: usize, D: i32, Bq: i32, N: i32, k: i32, C: i32, eps: f32, work: usize, scratch: usize): void {
  const block = work;
  const keptD = work + (<usize>(Bq * NB) << 2);
  const keptI = keptD + (<usize>(Bq * k) << 2);
  for (let i = 0; i < Bq * k; i++) {
    store<f32>(keptD + (<usize>i << 2), Infinity);
    store<i32>(keptI + (<usize>i << 2), -1);
  }
  // ‖q_i‖² is the same for every candidate of query i: rank by ‖r_j‖² − 2·q_i·r_j
  // and add it back at the end.
  for (let j0 = 0; j0 < N; j0 += NB) {
    const nb = min(NB, N - j0);
    // block (Bq × nb) = Qᵀ · R[:, j0 : j0+nb]
    gemm_f32_tn(block, q, r + (<usize>(D * j0) << 2), Bq, nb, D, 0, scratch);
    for (let i = 0; i < Bq; i++) {
      const row = block + (<usize>(i * nb) << 2);
      const kd = keptD + (<usize>(i * k) << 2);
      const ki = keptI + (<usize>(i * k) << 2);
      let worst = load<f32>(kd + (<usize>(k - 1) << 2));
      const nb4 = nb & ~3;
      let j = 0;
      for (; j < nb4; j += 4) {
        const s = f32x4.sub(v128.load(rn + (<usize>(j0 + j) << 2)), f32x4.mul(f32x4.splat(2), v128.load(row + (<usize>j << 2))));
        if (!v128.any_true(f32x4.lt(s, f32x4.splat(worst)))) continue;
        for (let l = 0; l < 4; l++) {
          const v = load<f32>(rn + (<usize>(j0 + j + l) << 2)) - 2 * load<f32>(row + (<usize>(j + l) << 2));
          if (v < worst) worst = insert(kd, ki, k, v, j0 + j + l);
        }
      }
      for (; j < nb; j++) {
        const v = load<f32>(rn + (<usize>(j0 + j) << 2)) - 2 * load<f32>(row + (<usize>j << 2));
        if (v < worst) worst = insert(kd, ki, k, v, j0 + j);
      }
    }
  }
  // Votes.
  for (let i = 0; i < Bq; i++) {
    let qn: f32 = 0;
    for (let d = 0; d < D; d++) {
      const v = load<f32>(q + (<usize>(d * Bq + i) << 2));
      qn += v * v;
    }
    const o = out + (<usize>(i * C) << 2);
    memory.fill(o, 0, <usize>C << 2);
    let total: f32 = 0;
    for (let l = 0; l < k; l++) {
      const idx = load<i32>(keptI + (<usize>(i * k + l) << 2));
      if (idx < 0) continue;
      const dist = Mathf.sqrt(max<f32>(load<f32>(keptD + (<usize>(i * k + l) << 2)) + qn, 0));
      const w: f32 = <f32>1 / (dist + eps);
      const c = load<i32>(rl + (<usize>idx << 2));
      store<f32>(o + (<usize>c << 2), load<f32>(o + (<usize>c << 2)) + w);
      total += w;
    }
    if (total > 0) for (let c = 0; c < C; c++) store<f32>(o + (<usize>c << 2), load<f32>(o + (<usize>c << 2)) / total);
  }
}

// Inserts (v, idx) into the ascending list kd/ki of length k; returns the new k-th value.
@inline function insert(kd: usize, ki: usize, k: i32, v: f32, idx: i32): f32 {
  let p = k - 1;
  while (p > 0 && load<f32>(kd + (<usize>(p - 1) << 2)) > v) {
    store<f32>(kd + (<usize>p << 2), load<f32>(kd + (<usize>(p - 1) << 2)));
    store<i32>(ki + (<usize>p << 2), load<i32>(ki + (<usize>(p - 1) << 2)));
    p--;
  }
  store<f32>(kd + (<usize>p << 2), v);
  store<i32>(ki + (<usize>p << 2), idx);
  return load<f32>(kd + (<usize>(k - 1) << 2));
}
