/**
 * Plain f64 versions of the contractive-penalty and Jacobian kernels
 * (assembly/kernels/contractive.ts), op by op, from the formulas in that file's
 * header. σ' and σ'' are taken from y for tanh and sigmoid and from z for relu
 * and softplus, exactly as the kernels read them, so both sides see the same
 * inputs. Layouts: feature-major (units × B); tangents units × D0·B.
 */
import { activation, type ActKind } from './kernels.js';

/** σ'(a) given y = σ(a) and z = a. */
export function slope(kind: ActKind, y: number, z: number): number {
  switch (kind) {
    case 0: return 1;
    case 1: return 1 - y * y;
    case 2: return y * (1 - y);
    case 3: return z > 0 ? 1 : 0;
    case 4: return activation(2, z);
  }
}

/** σ''(a) given y and z. */
export function curvature(kind: ActKind, y: number, z: number): number {
  switch (kind) {
    case 1: return -2 * y * (1 - y * y);
    case 2: return y * (1 - y) * (1 - 2 * y);
    case 4: { const p = activation(2, z); return p * (1 - p); }
    default: return 0;
  }
}

/** κ = σ''/σ' given y and z (0 for identity and relu). */
export function kappa(kind: ActKind, y: number, z: number): number {
  switch (kind) {
    case 1: return -2 * y;
    case 2: return 1 - 2 * y;
    case 4: return 1 - activation(2, z);
    default: return 0;
  }
}

const rowSquares = (w: ArrayLike<number>, j: number, inputs: number) => {
  let s = 0;
  for (let i = 0; i < inputs; i++) s += w[j * inputs + i]! ** 2;
  return s;
};

/** contractive_f32_dy: dy + (2λ/B)·r_j·σ''(a). */
export function refContractiveDy(dy: ArrayLike<number>, y: ArrayLike<number>, z: ArrayLike<number>, w: ArrayLike<number>, units: number, inputs: number, B: number, kind: ActKind, lambda: number): Float64Array {
  const out = Float64Array.from(dy);
  for (let j = 0; j < units; j++) {
    const c = (2 * lambda / B) * rowSquares(w, j, inputs);
    for (let b = 0; b < B; b++) out[j * B + b]! += c * curvature(kind, y[j * B + b]!, z[j * B + b]!);
  }
  return out;
}

/** contractive_f32_dw: dW + (2λ/B)·W_ji·s_j and the added loss λ·Σ_j s_j·r_j, s_j = Σ_b σ'². */
export function refContractiveDw(dw: ArrayLike<number>, y: ArrayLike<number>, z: ArrayLike<number>, w: ArrayLike<number>, units: number, inputs: number, B: number, kind: ActKind, lambda: number): { dw: Float64Array; penalty: number } {
  const out = Float64Array.from(dw);
  let penalty = 0;
  for (let j = 0; j < units; j++) {
    let s = 0;
    for (let b = 0; b < B; b++) s += slope(kind, y[j * B + b]!, z[j * B + b]!) ** 2;
    penalty += lambda * s * rowSquares(w, j, inputs);
    for (let i = 0; i < inputs; i++) out[j * inputs + i]! += (2 * lambda / B) * w[j * inputs + i]! * s;
  }
  return { dw: out, penalty };
}

/** jacobian_f32_slope: t = σ'(a) ⊙ u, σ' broadcast over the D0 tangent blocks. */
export function refJacobianSlope(u: ArrayLike<number>, y: ArrayLike<number>, z: ArrayLike<number>, units: number, D0: number, B: number, kind: ActKind): Float64Array {
  const t = new Float64Array(units * D0 * B);
  for (let j = 0; j < units; j++) for (let i = 0; i < D0; i++) for (let b = 0; b < B; b++) {
    t[(j * D0 + i) * B + b] = slope(kind, y[j * B + b]!, z[j * B + b]!) * u[(j * D0 + i) * B + b]!;
  }
  return t;
}

/** jacobian_f32_bwd: dy + κ(a)·Σ_i g⊙u, and g ← σ'(a) ⊙ g. */
export function refJacobianBwd(g: ArrayLike<number>, dy: ArrayLike<number>, u: ArrayLike<number>, y: ArrayLike<number>, z: ArrayLike<number>, units: number, D0: number, B: number, kind: ActKind): { g: Float64Array; dy: Float64Array } {
  const gOut = new Float64Array(g.length), dyOut = Float64Array.from(dy);
  for (let j = 0; j < units; j++) for (let b = 0; b < B; b++) {
    const yy = y[j * B + b]!, zz = z[j * B + b]!;
    let s = 0;
    for (let i = 0; i < D0; i++) {
      const at = (j * D0 + i) * B + b;
      s += g[at]! * u[at]!;
      gOut[at] = slope(kind, yy, zz) * g[at]!;
    }
    dyOut[j * B + b]! += kappa(kind, yy, zz) * s;
  }
  return { g: gOut, dy: dyOut };
}
