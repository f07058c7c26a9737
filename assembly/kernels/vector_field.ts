// Vector-field layer (the essay's "Better Layers"): y = x + F(x) with
//   F(x) = Σ_k v_k·f_k(x) / (1 + Σ_k f_k(x)),   f_k(x) = exp(−‖x − c_k‖² / (2·s_k²)).
// Feature-major batch X (D×B). Parameters, contiguous from `params`:
// V (K×D, row k = v_k), C (K×D, row k = anchor c_k), s (K); gradients in the same
// layout from `grads`.
//
// Forward:
//   q_kb = ‖x_b‖² + ‖c_k‖² − 2·(C·X)_kb   (clamped at 0)           gemm nn
//   f_kb = exp(−q_kb / (2·s_k²)),  S_b = 1 + Σ_k f_kb,  g_kb = f_kb / S_b
//   Y = X + Vᵀ·g                                                   gemm tn (+=)
// Backward, from dY:
//   dV = g·dYᵀ                                                     gemm nt
//   E = V·dY                       (E_kb = ∂L/∂g_kb)               gemm nn
//   m_b = Σ_k E_kb·g_kb
//   φ_kb = (E_kb − m_b)·g_kb       (= f_kb·∂L/∂f_kb, since ∂g_k/∂f_l = (δ_kl − g_k)/S)
//   ψ_kb = φ_kb / s_k²             (∂f/∂x = −f·(x − c)/s², ∂f/∂c = −∂f/∂x, ∂f/∂s = f·q/s³)
//   dX = dY + Cᵀ·ψ − X ⊙ 1·(1ᵀψ)                                  gemm tn (+=)
//   dC = ψ·Xᵀ − diag(ψ·1)·C                                        gemm nt
//   ds_k = Σ_b φ_kb·q_kb / s_k³
// flags: bit 0 learn anchors, bit 1 learn scales; an unlearnt gradient is written 0.
// dx = 0 skips dX (first layer).
//
// `work` holds 3·K·B + B floats (B = the largest batch): q and g, kept from the
// forward pass for the backward, E/φ/ψ, and one per-example column (‖x‖², then S,
// then m, then 1ᵀψ). `scratch` is GEMM scratch for (K, B, D), (D, B, K), (K, D, B).
// Preconditions: D, K, B ≥ 1; no buffer overlaps another.

import { gemm_f32_nn, gemm_f32_tn, gemm_f32_nt } from './gemm';
import { madd, exp4 } from './simd';

export const VF_LEARN_ANCHORS: i32 = 1;
export const VF_LEARN_SCALES: i32 = 2;

/** Floats of `work` the layer needs for batches of up to B examples. */
export function vector_field_f32_work_floats(K: i32, B: i32): i32 {
  return 3 * K * B + B;
}

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function rowSquares(p: usize, n: i32): f32 {
  let s: f32 = 0;
  for (let i = 0; i < n; i++) {
    const v = load<f32>(p + (<usize>i << 2));
    s += v * v;
  }
  return s;
}

// col[b] += row[b] (or row[b]·other[b] when other ≠ 0), b < B.
@inline function addRow(col: usize, row: usize, other: usize, B: i32): void {
  const B4 = B & ~3;
  for (let b = 0; b < B4; b += 4) {
    const o = <usize>b << 2;
    const r = v128.load(row + o);
    v128.store(col + o, other != 0 ? madd(r, v128.load(other + o), v128.load(col + o)) : f32x4.add(r, v128.load(col + o)));
  }
  for (let b = B4; b < B; b++) {
    const o = <usize>b << 2;
    const r = load<f32>(row + o);
    store<f32>(col + o, other != 0 ? r * load<f32>(other + o) + load<f32>(col + o) : r + load<f32>(col + o));
  }
}

export function vector_field_f32_fwd(y: usize, x: usize, params: usize, work: usize, D: i32, K: i32, B: i32, scratch: usize): void {
  const KB = <usize>(K * B) << 2;
  const v = params;
  const c = params + (<usize>(K * D) << 2);
  const s = c + (<usize>(K * D) << 2);
  const q = work, g = work + KB, col = work + 3 * KB;
  const B4 = B & ~3;

  gemm_f32_nn(q, c, x, K, B, D, 0, scratch);
  memory.fill(col, 0, <usize>B << 2);
  for (let d = 0; d < D; d++) {
    const row = x + (<usize>(d * B) << 2);
    addRow(col, row, row, B);
  }
  for (let k = 0; k < K; k++) {
    const cn = rowSquares(c + (<usize>(k * D) << 2), D);
    const sk = load<f32>(s + (<usize>k << 2));
    const a: f32 = <f32>-0.5 / (sk * sk);
    const qRow = q + (<usize>(k * B) << 2), gRow = g + (<usize>(k * B) << 2);
    const cnv = f32x4.splat(cn), av = f32x4.splat(a), m2 = f32x4.splat(-2), zero = f32x4.splat(0);
    for (let b = 0; b < B4; b += 4) {
      const o = <usize>b << 2;
      const d2 = f32x4.max(madd(m2, v128.load(qRow + o), f32x4.add(v128.load(col + o), cnv)), zero);
      v128.store(qRow + o, d2);
      v128.store(gRow + o, exp4(f32x4.mul(d2, av)));
    }
    for (let b = B4; b < B; b++) {
      const o = <usize>b << 2;
      const d2 = max<f32>(<f32>-2 * load<f32>(qRow + o) + (load<f32>(col + o) + cn), 0);
      store<f32>(qRow + o, d2);
      store<f32>(gRow + o, f32x4.extract_lane(exp4(f32x4.splat(d2 * a)), 0));
    }
  }
  // S_b = 1 + Σ_k f_kb, then g = f / S.
  const one = f32x4.splat(1);
  for (let b = 0; b < B4; b += 4) v128.store(col + (<usize>b << 2), one);
  for (let b = B4; b < B; b++) store<f32>(col + (<usize>b << 2), 1);
  for (let k = 0; k < K; k++) addRow(col, g + (<usize>(k * B) << 2), 0, B);
  for (let k = 0; k < K; k++) {
    const gRow = g + (<usize>(k * B) << 2);
    for (let b = 0; b < B4; b += 4) {
      const o = <usize>b << 2;
      v128.store(gRow + o, f32x4.div(v128.load(gRow + o), v128.load(col + o)));
    }
    for (let b = B4; b < B; b++) {
      const o = <usize>b << 2;
      store<f32>(gRow + o, load<f32>(gRow + o) / load<f32>(col + o));
    }
  }
  memory.copy(y, x, <usize>(D * B) << 2);
  gemm_f32_tn(y, v, g, D, B, K, 1, scratch);
}

export function vector_field_f32_bwd(dx: usize, dy: usize, x: usize, params: usize, grads: usize, work: usize, D: i32, K: i32, B: i32, flags: i32, scratch: usize): void {
  const KB = <usize>(K * B) << 2;
  const KD = <usize>(K * D) << 2;
  const v = params, c = params + KD, s = params + 2 * KD;
  const dv = grads, dc = grads + KD, ds = grads + 2 * KD;
  const q = work, g = work + KB, e = work + 2 * KB, col = work + 3 * KB;
  const B4 = B & ~3;

  gemm_f32_nt(dv, g, dy, K, D, B, 0, scratch);
  gemm_f32_nn(e, v, dy, K, B, D, 0, scratch);
  // m_b = Σ_k E_kb·g_kb
  memory.fill(col, 0, <usize>B << 2);
  for (let k = 0; k < K; k++) addRow(col, e + (<usize>(k * B) << 2), g + (<usize>(k * B) << 2), B);
  // E → ψ in place; ds from φ.
  for (let k = 0; k < K; k++) {
    const sk = load<f32>(s + (<usize>k << 2));
    const inv2: f32 = <f32>1 / (sk * sk);
    const eRow = e + (<usize>(k * B) << 2), gRow = g + (<usize>(k * B) << 2), qRow = q + (<usize>(k * B) << 2);
    const iv = f32x4.splat(inv2);
    let acc = f32x4.splat(0);
    for (let b = 0; b < B4; b += 4) {
      const o = <usize>b << 2;
      const phi = f32x4.mul(f32x4.sub(v128.load(eRow + o), v128.load(col + o)), v128.load(gRow + o));
      acc = madd(phi, v128.load(qRow + o), acc);
      v128.store(eRow + o, f32x4.mul(phi, iv));
    }
    let t = hsum(acc);
    for (let b = B4; b < B; b++) {
      const o = <usize>b << 2;
      const phi = (load<f32>(eRow + o) - load<f32>(col + o)) * load<f32>(gRow + o);
      t += phi * load<f32>(qRow + o);
      store<f32>(eRow + o, phi * inv2);
    }
    store<f32>(ds + (<usize>k << 2), (flags & VF_LEARN_SCALES) != 0 ? t * inv2 / sk : 0);
  }
  if ((flags & VF_LEARN_ANCHORS) != 0) {
    gemm_f32_nt(dc, e, x, K, D, B, 0, scratch);
    for (let k = 0; k < K; k++) {
      const eRow = e + (<usize>(k * B) << 2);
      let acc = f32x4.splat(0);
      for (let b = 0; b < B4; b += 4) acc = f32x4.add(acc, v128.load(eRow + (<usize>b << 2)));
      let r = hsum(acc);
      for (let b = B4; b < B; b++) r += load<f32>(eRow + (<usize>b << 2));
      for (let d = 0; d < D; d++) {
        const o = <usize>(k * D + d) << 2;
        store<f32>(dc + o, load<f32>(dc + o) - r * load<f32>(c + o));
      }
    }
  } else {
    memory.fill(dc, 0, KD);
  }
  if (dx == 0) return;
  // dX = dY + Cᵀ·ψ − X ⊙ 1·(1ᵀψ)
  memory.fill(col, 0, <usize>B << 2);
  for (let k = 0; k < K; k++) addRow(col, e + (<usize>(k * B) << 2), 0, B);
  memory.copy(dx, dy, <usize>(D * B) << 2);
  gemm_f32_tn(dx, c, e, D, B, K, 1, scratch);
  for (let d = 0; d < D; d++) {
    const xRow = x + (<usize>(d * B) << 2), dRow = dx + (<usize>(d * B) << 2);
    for (let b = 0; b < B4; b += 4) {
      const o = <usize>b << 2;
      v128.store(dRow + o, f32x4.sub(v128.load(dRow + o), f32x4.mul(v128.load(xRow + o), v128.load(col + o))));
    }
    for (let b = B4; b < B; b++) {
      const o = <usize>b << 2;
      store<f32>(dRow + o, load<f32>(dRow + o) - load<f32>(xRow + o) * load<f32>(col + o));
    }
  }
}
