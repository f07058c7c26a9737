// Contractive penalty (Rifai et al. 2011) of a dense layer h = σ(a), a = W·x + b,
// at the B points of a feature-major batch (a, h: units×B; W: units×inputs):
//
//   P = λ/B · Σ_b Σ_j σ'(a_jb)² · r_j,   r_j = Σ_i W_ji²      (= λ · mean_b ‖∂h/∂x‖²_F)
//
// Its exact gradient, with u_jb = σ'(a_jb)·σ''(a_jb):
//   ∂P/∂a_jb          = (2λ/B) · r_j · u_jb      (the layer's normal backward carries it
//                                                 on into dW, db and dX)
//   ∂P/∂W_ji, direct  = (2λ/B) · W_ji · Σ_b σ'(a_jb)²
//
// Two ops bracket the layer's own backward:
//   contractive_f32_dy, before it: dy_jb += (2λ/B)·r_j·σ''(a_jb). The activation
//     backward then multiplies by σ', so dZ gains exactly (2λ/B)·r_j·u_jb, with no
//     division by σ' (which underflows where tanh saturates).
//   contractive_f32_dw, after it (the dW GEMM overwrites dW): dW_ji += (2λ/B)·W_ji·s_j,
//     s_j = Σ_b σ'(a_jb)², and B·P = λ·Σ_j s_j·r_j is added to the f64 loss sum at
//     `stats` (if non-zero), so a reported mean loss is cross-entropy + P.
//
// σ' and σ'' from the layer's output y (tanh, sigmoid) or pre-activation z:
//   kind      σ'               σ''
//   identity  1                0
//   tanh      1 − y²           −2y·(1 − y²)
//   sigmoid   y·(1 − y)        σ'·(1 − 2y)
//   relu      [z > 0]          0
//   softplus  p = sigmoid(z)   p·(1 − p)
// For identity and relu σ'' = 0 and the dy op does nothing. Sigmoid is computed as in
// the activation kernel (½ + ½·tanh(z/2)), so the slopes match the forward pass.
// B is the run's batch size; y, z, dy rows are B floats apart.

import { madd, tanh4 } from './simd';
import { ACT_LINEAR, ACT_TANH, ACT_SIGMOID, ACT_RELU, ACT_SOFTPLUS } from './activation';

// The buffer σ' and σ'' are computed from: z for relu and softplus, y otherwise.
@inline function source(y: usize, z: usize, kind: i32): usize {
  return kind == ACT_RELU || kind == ACT_SOFTPLUS ? z : y;
}

@inline function slope4(v: v128, kind: i32): v128 {
  const one = f32x4.splat(1);
  if (kind == ACT_TANH) return f32x4.sub(one, f32x4.mul(v, v));
  if (kind == ACT_SIGMOID) return f32x4.mul(v, f32x4.sub(one, v));
  if (kind == ACT_RELU) return v128.and(one, f32x4.gt(v, f32x4.splat(0)));
  if (kind == ACT_SOFTPLUS) {
    const half = f32x4.splat(0.5);
    return f32x4.add(half, f32x4.mul(half, tanh4(f32x4.mul(half, v))));
  }
  return one;
}

@inline function curvature4(v: v128, kind: i32): v128 {
  const one = f32x4.splat(1);
  if (kind == ACT_TANH) return f32x4.mul(f32x4.mul(f32x4.splat(-2), v), f32x4.sub(one, f32x4.mul(v, v)));
  if (kind == ACT_SIGMOID) return f32x4.mul(f32x4.mul(v, f32x4.sub(one, v)), f32x4.sub(one, f32x4.add(v, v)));
  if (kind == ACT_SOFTPLUS) {
    const p = slope4(v, kind);
    return f32x4.mul(p, f32x4.sub(one, p));
  }
  return f32x4.splat(0);
}

// Σ_i w[i]² over one row of n floats.
@inline function sumSquares(w: usize, n: i32): f32 {
  const n4 = n & ~3;
  let acc = f32x4.splat(0);
  for (let i = 0; i < n4; i += 4) {
    const v = v128.load(w + (<usize>i << 2));
    acc = madd(v, v, acc);
  }
  let s: f32 = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (let i = n4; i < n; i++) {
    const v = load<f32>(w + (<usize>i << 2));
    s += v * v;
  }
  return s;
}

/** Before the layer's backward: dy += (2λ/B)·r_j·σ''(a) (see the header). */
export function contractive_f32_dy(dy: usize, y: usize, z: usize, w: usize, units: i32, inputs: i32, B: i32, kind: i32, lambda: f32): void {
  if (kind == ACT_LINEAR || kind == ACT_RELU) return;
  const src = source(y, z, kind);
  const scale: f32 = (<f32>2 * lambda) / <f32>B;
  const B4 = B & ~3;
  for (let j = 0; j < units; j++) {
    const c = scale * sumSquares(w + (<usize>(j * inputs) << 2), inputs);
    const cv = f32x4.splat(c);
    const row = <usize>(j * B) << 2;
    for (let b = 0; b < B4; b += 4) {
      const o = row + (<usize>b << 2);
      v128.store(dy + o, madd(cv, curvature4(v128.load(src + o), kind), v128.load(dy + o)));
    }
    for (let b = B4; b < B; b++) {
      const o = row + (<usize>b << 2);
      const t = f32x4.extract_lane(curvature4(f32x4.splat(load<f32>(src + o)), kind), 0);
      store<f32>(dy + o, c * t + load<f32>(dy + o));
    }
  }
}

/** After the layer's backward: dW += (2λ/B)·W_ji·Σ_b σ'², stats += λ·Σ_j s_j·r_j (see the header). */
export function contractive_f32_dw(dw: usize, y: usize, z: usize, w: usize, units: i32, inputs: i32, B: i32, kind: i32, lambda: f32, stats: usize): void {
  const src = source(y, z, kind);
  const scale: f32 = (<f32>2 * lambda) / <f32>B;
  const B4 = B & ~3;
  const n4 = inputs & ~3;
  let penalty: f64 = 0;
  for (let j = 0; j < units; j++) {
    let s: f32;
    if (kind == ACT_LINEAR) {
      s = <f32>B;
    } else {
      const row = src + (<usize>(j * B) << 2);
      let acc = f32x4.splat(0);
      for (let b = 0; b < B4; b += 4) {
        const d = slope4(v128.load(row + (<usize>b << 2)), kind);
        acc = madd(d, d, acc);
      }
      s = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
      for (let b = B4; b < B; b++) {
        const d = f32x4.extract_lane(slope4(f32x4.splat(load<f32>(row + (<usize>b << 2))), kind), 0);
        s += d * d;
      }
    }
    const wRow = w + (<usize>(j * inputs) << 2);
    const gRow = dw + (<usize>(j * inputs) << 2);
    penalty += <f64>lambda * <f64>s * <f64>sumSquares(wRow, inputs);
    const c = scale * s;
    const cv = f32x4.splat(c);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(gRow + o, madd(cv, v128.load(wRow + o), v128.load(gRow + o)));
    }
    for (let i = n4; i < inputs; i++) {
      const o = <usize>i << 2;
      store<f32>(gRow + o, c * load<f32>(wRow + o) + load<f32>(gRow + o));
    }
  }
  if (stats != 0) store<f64>(stats, load<f64>(stats) + penalty);
}

// ---------------------------------------------------------------------------
// Penalty on the whole input→logits map: P = λ/B · Σ_b ‖J_b‖²_F with
// J = D_L W_L ⋯ D_1 W_1, D_l = diag(σ'(a_l)), by forward tangents. Tangent
// matrices are units × D0·B; column i·B + b holds ∂/∂x_i at example b:
//   T_0 = I,  U_l = W_l·T_{l−1} (gemm nn),  T_l = σ'(a_l) ⊙ U_l,  J_b = T_L's columns of b.
// Backward, from G_L = ∂P/∂T_L = (2λ/B)·T_L, for l = L … 1:
//   ∂P/∂a_l[j][b] = σ''(a_l[j][b]) · Σ_i G_l[j][iB+b]·U_l[j][iB+b]
//     → into dy before the layer's backward as κ·Σ_i G⊙U with κ = σ''/σ'
//       (tanh −2y, sigmoid 1 − 2y, softplus 1 − sigmoid(z), else 0),
//   H_l = σ'(a_l) ⊙ G_l,  dW_l += H_l·T_{l−1}ᵀ (gemm nt),  G_{l−1} = W_lᵀ·H_l (gemm tn).

@inline function kappa4(v: v128, kind: i32): v128 {
  const one = f32x4.splat(1);
  if (kind == ACT_TANH) return f32x4.mul(f32x4.splat(-2), v);
  if (kind == ACT_SIGMOID) return f32x4.sub(one, f32x4.add(v, v));
  if (kind == ACT_SOFTPLUS) return f32x4.sub(one, slope4(v, kind));
  return f32x4.splat(0);
}

/** t0 (D0 × D0·B) = the identity tangents: t0[d][i·B + b] = [d = i]. */
export function jacobian_f32_seed(t0: usize, D0: i32, B: i32): void {
  memory.fill(t0, 0, <usize>(D0 * D0 * B) << 2);
  const one = f32x4.splat(1);
  const B4 = B & ~3;
  for (let d = 0; d < D0; d++) {
    const row = t0 + (<usize>(d * D0 * B + d * B) << 2);
    for (let b = 0; b < B4; b += 4) v128.store(row + (<usize>b << 2), one);
    for (let b = B4; b < B; b++) store<f32>(row + (<usize>b << 2), 1);
  }
}

/** t (units × D0·B) = σ'(a) ⊙ u, σ' (units × B) broadcast over the D0 tangent blocks. */
export function jacobian_f32_slope(t: usize, u: usize, y: usize, z: usize, units: i32, D0: i32, B: i32, kind: i32): void {
  const src = source(y, z, kind);
  const B4 = B & ~3;
  for (let j = 0; j < units; j++) {
    const a = src + (<usize>(j * B) << 2);
    for (let i = 0; i < D0; i++) {
      const o = <usize>((j * D0 + i) * B) << 2;
      for (let b = 0; b < B4; b += 4) {
        const ob = <usize>b << 2;
        v128.store(t + o + ob, f32x4.mul(slope4(v128.load(a + ob), kind), v128.load(u + o + ob)));
      }
      for (let b = B4; b < B; b++) {
        const ob = <usize>b << 2;
        store<f32>(t + o + ob, f32x4.extract_lane(slope4(f32x4.splat(load<f32>(a + ob)), kind), 0) * load<f32>(u + o + ob));
      }
    }
  }
}

/** g = (2λ/B)·t over n floats; adds λ·Σ t² (= B·P) to the f64 loss sum at `stats` (if non-zero). */
export function jacobian_f32_loss(g: usize, t: usize, n: i32, B: i32, lambda: f32, stats: usize): void {
  const c = f32x4.splat((<f32>2 * lambda) / <f32>B);
  const n4 = n & ~3;
  let acc = f32x4.splat(0);
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(t + o);
    acc = madd(v, v, acc);
    v128.store(g + o, f32x4.mul(c, v));
  }
  let s: f64 = <f64>((f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3)));
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(t + o);
    s += <f64>(v * v);
    store<f32>(g + o, f32x4.extract_lane(c, 0) * v);
  }
  if (stats != 0) store<f64>(stats, load<f64>(stats) + <f64>lambda * s);
}

/** dy += κ(a)·Σ_i g⊙u (per unit and example), then g ← σ'(a) ⊙ g (= H). */
export function jacobian_f32_bwd(g: usize, dy: usize, u: usize, y: usize, z: usize, units: i32, D0: i32, B: i32, kind: i32): void {
  const src = source(y, z, kind);
  const curved = kind == ACT_TANH || kind == ACT_SIGMOID || kind == ACT_SOFTPLUS;
  const B4 = B & ~3;
  for (let j = 0; j < units; j++) {
    const a = src + (<usize>(j * B) << 2);
    const dyRow = dy + (<usize>(j * B) << 2);
    for (let b = 0; b < B4; b += 4) {
      const ob = <usize>b << 2;
      const av = v128.load(a + ob);
      const d = slope4(av, kind);
      let s = f32x4.splat(0);
      for (let i = 0; i < D0; i++) {
        const o = (<usize>((j * D0 + i) * B) << 2) + ob;
        const gv = v128.load(g + o);
        s = madd(gv, v128.load(u + o), s);
        v128.store(g + o, f32x4.mul(d, gv));
      }
      if (curved) v128.store(dyRow + ob, madd(kappa4(av, kind), s, v128.load(dyRow + ob)));
    }
    for (let b = B4; b < B; b++) {
      const ob = <usize>b << 2;
      const av = f32x4.splat(load<f32>(a + ob));
      const d = f32x4.extract_lane(slope4(av, kind), 0);
      let s: f32 = 0;
      for (let i = 0; i < D0; i++) {
        const o = (<usize>((j * D0 + i) * B) << 2) + ob;
        const gv = load<f32>(g + o);
        s += gv * load<f32>(u + o);
        store<f32>(g + o, d * gv);
      }
      if (curved) store<f32>(dyRow + ob, f32x4.extract_lane(kappa4(av, kind), 0) * s + load<f32>(dyRow + ob));
    }
  }
}
