/**
 * Plain-TypeScript references for the wasm kernels: straight loops, f64
 * accumulation, written from the math in each kernel's header rather than
 * from its code. Inputs are any array of numbers; results are f64 arrays in the
 * kernels' layouts (row-major matrices, feature-major D×B batches).
 */
import { ACTIVATION_KIND } from '../../src/engine/abi.js';
import { ACTIVATION_MATH, type ActivationName } from '../../src/model/activation.js';

// ---------------------------------------------------------------------------
// GEMM

export type GemmVariant = 'nn' | 'tn' | 'nt';

/** op(A)[i][k]: nn/nt store A as M×K, tn stores it as K×M. */
function opA(variant: GemmVariant, a: ArrayLike<number>, i: number, k: number, M: number, K: number): number {
  return variant === 'tn' ? a[k * M + i]! : a[i * K + k]!;
}

/** op(B)[k][j]: nn/tn store B as K×N, nt stores it as N×K. */
function opB(variant: GemmVariant, b: ArrayLike<number>, k: number, j: number, N: number, K: number): number {
  return variant === 'nt' ? b[j * K + k]! : b[k * N + j]!;
}

/**
 * C (M×N) = op(A)·op(B), plus c0 when given (accumulate = 1). Also returns,
 * per element, Σ_k |op(A)_ik·op(B)_kj| + |c0_ij|: the scale of the rounding
 * error an f32 kernel may make on that element.
 */
export function gemm(
  variant: GemmVariant, a: ArrayLike<number>, b: ArrayLike<number>,
  M: number, N: number, K: number, c0?: ArrayLike<number>,
): { c: Float64Array; magnitude: Float64Array } {
  const c = new Float64Array(M * N);
  const magnitude = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = c0 ? c0[i * N + j]! : 0;
      let mag = Math.abs(sum);
      for (let k = 0; k < K; k++) {
        const p = opA(variant, a, i, k, M, K) * opB(variant, b, k, j, N, K);
        sum += p;
        mag += Math.abs(p);
      }
      c[i * N + j] = sum;
      magnitude[i * N + j] = mag;
    }
  }
  return { c, magnitude };
}

// ---------------------------------------------------------------------------
// Bias over a feature-major batch y (D rows × B examples)

/** y[d][b] + bias[d]. */
export function biasFwd(y: ArrayLike<number>, bias: ArrayLike<number>, D: number, B: number): Float64Array {
  const out = new Float64Array(D * B);
  for (let d = 0; d < D; d++) {
    for (let b = 0; b < B; b++) out[d * B + b] = y[d * B + b]! + bias[d]!;
  }
  return out;
}

/** dbias[d] = Σ_b dy[d][b] (+ dbias0[d] when accumulating). */
export function biasBwd(dy: ArrayLike<number>, D: number, B: number, dbias0?: ArrayLike<number>): Float64Array {
  const out = new Float64Array(D);
  for (let d = 0; d < D; d++) {
    let sum = dbias0 ? dbias0[d]! : 0;
    for (let b = 0; b < B; b++) sum += dy[d * B + b]!;
    out[d] = sum;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Activations (kinds numbered as in assembly/kernels/activation.ts)

export const ACT = ACTIVATION_KIND;
export type ActKind = (typeof ACT)[keyof typeof ACT];
export const ACT_KINDS: readonly ActKind[] = [0, 1, 2, 3, 4];
/** The name of each kind, from the one table that numbers them (src/engine/abi.ts). */
export const ACT_NAME = Object.fromEntries(Object.entries(ACTIVATION_KIND).map(([name, kind]) => [kind, name])) as Record<ActKind, ActivationName>;

/** σ(x) for one value (the library's f64 definition, src/model/activation.ts). */
export function activation(kind: ActKind, x: number): number {
  return ACTIVATION_MATH[ACT_NAME[kind]].value(x);
}

/** σ'(x) for one value, from x (relu' at 0 taken as 0). */
export function activationDerivative(kind: ActKind, x: number): number {
  return ACTIVATION_MATH[ACT_NAME[kind]].slope(x);
}

export function actFwd(kind: ActKind, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = activation(kind, x[i]!);
  return y;
}

/** dx = dy·σ'(x). */
export function actBwd(kind: ActKind, dy: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  const dx = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) dx[i] = dy[i]! * activationDerivative(kind, x[i]!);
  return dx;
}

// ---------------------------------------------------------------------------
// Softmax + cross-entropy over feature-major logits (C classes × B examples)

export interface XentResult {
  probs: Float64Array;
  /** Gradient of the batch-mean loss: (p − onehot(y)) / B. */
  dlogits: Float64Array;
  /** Per-example −log p[y_b][b]. */
  losses: Float64Array;
  /** Σ_b losses[b]. */
  loss: number;
  /** Examples whose first argmax over classes equals the label. */
  correct: number;
}

export function softmaxXent(logits: ArrayLike<number>, labels: ArrayLike<number>, C: number, B: number): XentResult {
  const probs = new Float64Array(C * B);
  const dlogits = new Float64Array(C * B);
  const losses = new Float64Array(B);
  let loss = 0;
  let correct = 0;
  for (let b = 0; b < B; b++) {
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < C; c++) {
      const z = logits[c * B + b]!;
      if (z > max) { max = z; arg = c; }
    }
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(logits[c * B + b]! - max);
    const y = labels[b]!;
    for (let c = 0; c < C; c++) {
      const p = Math.exp(logits[c * B + b]! - max) / sum;
      probs[c * B + b] = p;
      dlogits[c * B + b] = (p - (c === y ? 1 : 0)) / B;
    }
    // −log p_y by log-sum-exp, so it stays finite when p_y underflows.
    losses[b] = Math.log(sum) - (logits[y * B + b]! - max);
    loss += losses[b]!;
    if (arg === y) correct++;
  }
  return { probs, dlogits, losses, loss, correct };
}

/** The batch-mean loss alone, for finite differences. */
export function meanXentLoss(logits: ArrayLike<number>, labels: ArrayLike<number>, C: number, B: number): number {
  return softmaxXent(logits, labels, C, B).loss / B;
}

// ---------------------------------------------------------------------------
// Optimisers. g' = g + wd·p (L2 weight decay folded into the gradient).
// State arrays are updated in place; p is updated in place.

export interface Hyper {
  lr: number;
  /** Momentum μ, or Adam's β1. */
  beta1: number;
  beta2: number;
  eps: number;
  wd: number;
}

export function sgdStep(p: Float64Array, g: ArrayLike<number>, h: Hyper): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]! + h.wd * p[i]!;
    p[i] = p[i]! - h.lr * gi;
  }
}

/** v = μ·v + g';  p −= lr·v. */
export function momentumStep(p: Float64Array, vel: Float64Array, g: ArrayLike<number>, h: Hyper): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]! + h.wd * p[i]!;
    vel[i] = h.beta1 * vel[i]! + gi;
    p[i] = p[i]! - h.lr * vel[i]!;
  }
}

/**
 * Adam as Kingma & Ba state it, for step t (1-based):
 * m = β1·m + (1−β1)·g';  v = β2·v + (1−β2)·g'²;  m̂ = m/(1−β1^t);  v̂ = v/(1−β2^t);
 * p −= lr·m̂/(√v̂ + ε).
 */
export function adamStep(p: Float64Array, m: Float64Array, v: Float64Array, g: ArrayLike<number>, h: Hyper, t: number): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]! + h.wd * p[i]!;
    m[i] = h.beta1 * m[i]! + (1 - h.beta1) * gi;
    v[i] = h.beta2 * v[i]! + (1 - h.beta2) * gi * gi;
    const mHat = m[i]! / (1 - Math.pow(h.beta1, t));
    const vHat = v[i]! / (1 - Math.pow(h.beta2, t));
    p[i] = p[i]! - (h.lr * mHat) / (Math.sqrt(vHat) + h.eps);
  }
}

// ---------------------------------------------------------------------------
// Moving data

/** dst (D×B): column b = row idx[b] of src (n×D). */
export function gatherCols(src: ArrayLike<number>, idx: ArrayLike<number>, D: number, B: number): Float64Array {
  const dst = new Float64Array(D * B);
  for (let b = 0; b < B; b++) {
    for (let d = 0; d < D; d++) dst[d * B + b] = src[idx[b]! * D + d]!;
  }
  return dst;
}

/** dst[b] = src[idx[b]]. */
export function gatherI32(src: ArrayLike<number>, idx: ArrayLike<number>, B: number): Int32Array {
  const dst = new Int32Array(B);
  for (let b = 0; b < B; b++) dst[b] = src[idx[b]!]!;
  return dst;
}

/** dst (C×R) = srcᵀ, src R×C. */
export function transpose(src: ArrayLike<number>, R: number, C: number): Float64Array {
  const dst = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) dst[c * R + r] = src[r * C + c]!;
  }
  return dst;
}

/** 1 when every value is finite, else 0. */
export function allFinite(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return 0;
  return 1;
}
