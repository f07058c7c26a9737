/**
 * The contractive penalty (Rifai et al. 2011) as training ops, and the Jacobian
 * measurements of the essay's "easy way out" experiment (E5).
 *
 * For a dense layer h = σ(a), a = W·x + b, the Jacobian at a point is diag(σ'(a))·W, so
 *   ‖∂h/∂x‖²_F = Σ_j σ'(a_j)² · r_j,   r_j = Σ_i W_ji²,
 * and the penalty over a batch of B points is P = λ/B · Σ_b Σ_j σ'(a_jb)² r_j. Its
 * exact gradient (u = σ'·σ''): ∂P/∂a_jb = (2λ/B)·r_j·u_jb, which the layer's normal
 * backward carries into dW, db and dX, plus the direct ∂P/∂W_ji = (2λ/B)·W_ji·Σ_b σ'(a_jb)².
 * Two wasm ops bracket each penalised layer's backward (assembly/kernels/contractive.ts).
 *
 * With scope 'network' the penalty is on the whole input→logits map instead,
 * P = λ/B · Σ_b ‖J_b‖²_F, J = D_L W_L ⋯ D_1 W_1: forward tangents (one per input
 * feature) give J, and their backward adds ∂P/∂a_l into each layer's dY (before its
 * backward) and ∂P/∂W_l into dW (after it) — exact, in the same ops-around-layers way.
 */
import { DataError, InternalError, OptionError } from '../errors.js';
import { BATCH, perBatch } from '../engine/abi.js';
import type { Model } from '../model/model.js';
import { Dense } from '../model/dense.js';
import { VectorField } from '../model/vector-field.js';
import { PlanBuilder } from '../model/plan-builder.js';
import { Workspace } from '../model/workspace.js';
import { checkContractive, type ContractiveOptions } from './options.js';
import { ACTIVATION_MATH, type ActivationName } from '../model/activation.js';

/** Most input features the whole-network penalty handles (it keeps one tangent per feature). */
const MAX_NETWORK_INPUTS = 64;

/**
 * The dense layers a penalty applies to (default: every hidden dense layer; with
 * scope 'network', all layers, which must all be dense); throws on a bad index.
 */
export function penalisedLayers(model: Model, options: ContractiveOptions): number[] {
  const o = checkContractive(options)!;
  const L = model.layers.length;
  if (o.scope === 'network') {
    model.layers.forEach((l, i) => {
      if (!(l instanceof Dense)) throw new OptionError(`contractive scope 'network': layer ${i} is ${l.type}; the whole-network penalty needs dense layers only`);
    });
    if (model.inputs > MAX_NETWORK_INPUTS) throw new OptionError(`contractive scope 'network' keeps one tangent per input feature: at most ${MAX_NETWORK_INPUTS} inputs, the model has ${model.inputs}`);
    return model.layers.map((_, i) => i);
  }
  if (o.layers === undefined) return model.layers.flatMap((l, i) => (l instanceof Dense && i < L - 1 ? [i] : []));
  for (const i of o.layers) {
    if (i >= L) throw new OptionError(`contractive.layers: layer ${i} does not exist (the model has ${L})`);
    if (!(model.layers[i] instanceof Dense)) throw new OptionError(`contractive.layers: layer ${i} is ${model.layers[i]!.type}; the penalty applies to dense layers only`);
  }
  return [...o.layers].sort((a, b) => a - b);
}

/**
 * The ops of the penalty, as a hook for Model.emitBackward: before a penalised
 * layer's backward, the σ'' term into its dY; after it, the direct term into dW and
 * the penalty value into the workspace's loss sum. Nothing when λ = 0. `alloc`
 * (bytes → pointer, freed with the caller's plan) gives the whole-network penalty
 * its tangent buffers.
 */
export function contractiveOps(plan: PlanBuilder, model: Model, ws: Workspace, options: ContractiveOptions, alloc: (bytes: number) => number): (i: number, when: 'before' | 'after') => void {
  const chosen = new Set(penalisedLayers(model, options));
  if (options.scope === 'network') return networkOps(plan, model, ws, options.lambda, alloc);
  const lambda = options.lambda;
  const params = model.params.ptr, grads = model.grads.ptr;
  return (i, when) => {
    if (options.lambda === 0 || !chosen.has(i)) return;
    const layer = model.layers[i] as Dense;
    const buf = ws.layers[i]!;
    const w = params + layer.offset * 4;
    if (when === 'before') {
      if (layer.activation !== 'linear' && layer.activation !== 'relu') {
        plan.contractiveDy({ dy: buf.dy, y: buf.y, z: buf.z, w, units: layer.units, inputs: layer.inputs, B: BATCH, kind: layer.kind, lambda });
      }
    } else {
      plan.contractiveDw({ dw: grads + layer.offset * 4, y: buf.y, z: buf.z, w, units: layer.units, inputs: layer.inputs, B: BATCH, kind: layer.kind, lambda, stats: ws.stats });
    }
  };
}

function networkOps(plan: PlanBuilder, model: Model, ws: Workspace, lambda: number, alloc: (bytes: number) => number): (i: number, when: 'before' | 'after') => void {
  if (lambda === 0) return () => {};
  const layers = model.layers as readonly Dense[];
  const L = layers.length, D0 = model.inputs, B = ws.capacity;
  const k = model.engine.kernels;
  const floats = (n: number) => alloc(n * 4);
  // Tangents units × D0·B per layer: U = W·T_prev, T = σ' ⊙ U (T = U for identity), G = ∂P/∂T then H.
  const t0 = floats(D0 * D0 * B);
  const U = layers.map((l) => floats(l.units * D0 * B));
  const T = layers.map((l, i) => (l.activation === 'linear' ? U[i]! : floats(l.units * D0 * B)));
  const G = layers.map((l) => floats(l.units * D0 * B));
  const scratch = floats(Math.max(1, ...layers.map((l) => Math.max(
    k.gemm_f32_scratch_floats(l.units, D0 * B, l.inputs), k.gemm_f32_scratch_floats(l.inputs, D0 * B, l.units), k.gemm_f32_scratch_floats(l.units, l.inputs, D0 * B)))));
  const params = model.params.ptr, grads = model.grads.ptr;
  const N = perBatch(D0);
  return (i, when) => {
    const l = layers[i]!;
    const buf = ws.layers[i]!;
    const w = params + l.offset * 4;
    const tin = i === 0 ? t0 : T[i - 1]!;
    if (when === 'after') {
      plan.gemmNt({ c: grads + l.offset * 4, a: G[i]!, b: tin, M: l.units, N: l.inputs, K: N, accumulate: 1, scratch });
      return;
    }
    if (i === L - 1) {
      plan.jacobianSeed({ t0, D0, B: BATCH });
      layers.forEach((m, j) => {
        plan.gemmNn({ c: U[j]!, a: params + m.offset * 4, b: j === 0 ? t0 : T[j - 1]!, M: m.units, N, K: m.inputs, accumulate: 0, scratch });
        if (T[j] !== U[j]) plan.jacobianSlope({ t: T[j]!, u: U[j]!, y: ws.layers[j]!.y, z: ws.layers[j]!.z, units: m.units, D0, B: BATCH, kind: m.kind });
      });
      plan.jacobianLoss({ g: G[i]!, t: T[i]!, n: perBatch(l.units * D0), B: BATCH, lambda, stats: ws.stats });
    }
    if (l.activation !== 'linear') plan.jacobianBwd({ g: G[i]!, dy: buf.dy, u: U[i]!, y: buf.y, z: buf.z, units: l.units, D0, B: BATCH, kind: l.kind });
    if (i > 0) plan.gemmTn({ c: G[i - 1]!, a: w, b: G[i]!, M: l.inputs, N, K: l.units, accumulate: 0, scratch });
  };
}

/** Most points per contractiveLossAndGradient call. */
const MAX_POINTS = 4096;

/**
 * Mean cross-entropy + contractive penalty of a batch of labelled points (n × inputs
 * row-major) and its exact gradient w.r.t. all parameters, computed by the same wasm
 * ops as training. Leaves the weights unchanged: for gradient checks.
 */
export function contractiveLossAndGradient(model: Model, x: ArrayLike<number>, labels: ArrayLike<number>, options: ContractiveOptions): { loss: number; gradient: Float32Array } {
  model.check();
  const D = model.inputs;
  const n = labels.length;
  if (!(n >= 1 && n <= MAX_POINTS)) throw new DataError(`contractiveLossAndGradient: 1…${MAX_POINTS} points per call, got ${n}`);
  if (x.length !== n * D) throw new DataError(`contractiveLossAndGradient: ${x.length} values for ${n} points of width ${D}`);
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) throw new DataError(`contractiveLossAndGradient: value ${i} is ${x[i]}`);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (!(Number.isInteger(c) && c >= 0 && c < model.classes)) throw new DataError(`contractiveLossAndGradient: label ${c} of point ${i} is outside 0…${model.classes - 1}`);
  }
  const engine = model.engine;
  const ws = new Workspace(engine, model.layers, n);
  const stage = engine.alloc(n * D * 4);
  const blocks = [stage];
  const alloc = (bytes: number) => {
    const b = engine.alloc(bytes);
    blocks.push(b);
    return b.ptr;
  };
  try {
    const plan = new PlanBuilder();
    const last = ws.layers[ws.layers.length - 1]!;
    model.emitForward(plan, ws);
    plan.softmaxXent({ probs: 0, dlogits: last.dy, logits: last.y, labels: ws.labels, C: model.classes, B: BATCH, stats: ws.stats });
    model.emitBackward(plan, ws, contractiveOps(plan, model, ws, options, alloc));
    const built = plan.build(engine);
    try {
      const s = engine.f32(stage.ptr, n * D);
      for (let i = 0; i < n * D; i++) s[i] = x[i]!;
      engine.kernels.transpose_f32(ws.x, stage.ptr, n, D);
      engine.i32(ws.labels, n).set(Int32Array.from(labels));
      ws.resetStats();
      const status = built.run(n);
      if (status !== 0) throw new InternalError(`internal error: gradient plan stopped with status ${status}`);
      return { loss: ws.readStats().lossSum / n, gradient: engine.f32(model.grads.ptr, model.paramCount).slice() };
    } finally {
      built.release();
    }
  } finally {
    for (const b of blocks) engine.release(b);
    ws.release();
  }
}

/** σ'(a) of an activation from its output y = σ(a). */
function slopeFromOutput(activation: ActivationName, y: number): number {
  return ACTIVATION_MATH[activation].slopeFromOutput(y);
}

/**
 * The contractive penalty's value at n points (f64, from layerOutputs):
 * λ · mean Σ_l ‖∂h_l/∂x_l‖²_F, or λ · mean ‖∂logits/∂x‖²_F with scope 'network'.
 */
export function contractivePenalty(model: Model, x: ArrayLike<number>, options: ContractiveOptions): number {
  const chosen = penalisedLayers(model, options);
  if (options.scope === 'network') {
    const js = jacobians(model, x);
    return (options.lambda * js.reduce((s, m) => s + m.reduce((a, v) => a + v * v, 0), 0)) / js.length;
  }
  const outs = model.layerOutputs(x);
  const n = x.length / model.inputs;
  const p = model.getParameters();
  let total = 0;
  for (const li of chosen) {
    const l = model.layers[li]!;
    const y = outs[li]!;
    for (let j = 0; j < l.units; j++) {
      let r = 0;
      for (let i = 0; i < l.inputs; i++) r += p[l.offset + j * l.inputs + i]! ** 2;
      let s = 0;
      for (let b = 0; b < n; b++) s += slopeFromOutput(l.activation, y[b * l.units + j]!) ** 2;
      total += s * r;
    }
  }
  return (options.lambda * total) / n;
}

/**
 * The Jacobian of the whole input→logits map at each of n points (row-major
 * n × inputs): one classes × inputs row-major matrix per point, the product of
 * the layers' Jacobians (dense: diag(σ'(a))·W; vector field: I + ∂F/∂x), from
 * model.layerOutputs. Dense and vector-field layers only.
 */
export function jacobians(model: Model, x: ArrayLike<number>): Float64Array[] {
  for (const [i, l] of model.layers.entries()) {
    if (!(l instanceof Dense || l instanceof VectorField)) throw new OptionError(`jacobians: layer ${i} is ${l.type}; only dense and vectorfield layers are supported`);
  }
  const outs = model.layerOutputs(x);
  const p = model.getParameters();
  const D0 = model.inputs;
  const n = x.length / D0;
  const result: Float64Array[] = [];
  for (let b = 0; b < n; b++) {
    let m = new Float64Array(D0 * D0);
    for (let i = 0; i < D0; i++) m[i * D0 + i] = 1;
    let rows = D0;
    model.layers.forEach((l, li) => {
      const next = new Float64Array(l.units * D0);
      if (l instanceof Dense) {
        for (let j = 0; j < l.units; j++) {
          const d = slopeFromOutput(l.activation, outs[li]![b * l.units + j]!);
          for (let k = 0; k < rows; k++) {
            const w = d * p[l.offset + j * l.inputs + k]!;
            if (w === 0) continue;
            for (let e = 0; e < D0; e++) next[j * D0 + e]! += w * m[k * D0 + e]!;
          }
        }
      } else {
        const vf = l as VectorField;
        const D = vf.inputs;
        const xin = li === 0 ? Array.from({ length: D }, (_, d) => x[b * D + d]!) : Array.from(outs[li - 1]!.subarray(b * D, (b + 1) * D));
        const jv = vectorFieldJacobian(vf, p, xin);
        for (let r = 0; r < D; r++) {
          for (let k = 0; k < D; k++) {
            const a = jv[r * D + k]!;
            if (a === 0) continue;
            for (let e = 0; e < D0; e++) next[r * D0 + e]! += a * m[k * D0 + e]!;
          }
        }
      }
      m = next;
      rows = l.units;
    });
    result.push(m);
  }
  return result;
}

/** ∂y/∂x (D×D row-major) of a vector-field layer at x, in f64. */
function vectorFieldJacobian(l: VectorField, p: Float32Array, x: number[]): Float64Array {
  const D = l.inputs, K = l.anchors;
  const f = new Float64Array(K);
  const grads = new Float64Array(K * D); // ∇f_k
  let S = 1;
  for (let k = 0; k < K; k++) {
    const s = p[l.scaleOffset + k]!;
    let q = 0;
    for (let d = 0; d < D; d++) q += (x[d]! - p[l.anchorOffset + k * D + d]!) ** 2;
    f[k] = Math.exp(-q / (2 * s * s));
    for (let d = 0; d < D; d++) grads[k * D + d] = (-f[k]! * (x[d]! - p[l.anchorOffset + k * D + d]!)) / (s * s);
    S += f[k]!;
  }
  const sum = new Float64Array(D);
  for (let k = 0; k < K; k++) for (let d = 0; d < D; d++) sum[d]! += grads[k * D + d]!;
  const j = new Float64Array(D * D);
  for (let d = 0; d < D; d++) j[d * D + d] = 1;
  for (let k = 0; k < K; k++) {
    const g = f[k]! / S;
    for (let e = 0; e < D; e++) {
      const dg = (grads[k * D + e]! - g * sum[e]!) / S; // ∂g_k/∂x_e
      for (let d = 0; d < D; d++) j[d * D + e]! += p[l.offset + k * D + d]! * dg;
    }
  }
  return j;
}

/** Frobenius norm of the input→logits Jacobian at each point, with their max and mean (E5). */
export function jacobianNorms(model: Model, x: ArrayLike<number>): { norms: Float64Array; max: number; mean: number } {
  const js = jacobians(model, x);
  const norms = Float64Array.from(js, (m) => Math.sqrt(m.reduce((s, v) => s + v * v, 0)));
  let max = 0, sum = 0;
  for (const v of norms) {
    max = Math.max(max, v);
    sum += v;
  }
  return { norms, max, mean: sum / norms.length };
}
