/**
 * Vector-field layer (the essay's "Better Layers"): y = x + F(x),
 *
 *   F(x) = Σ_k v_k·f_k(x) / (1 + Σ_k f_k(x)),   f_k(x) = exp(−‖x − c_k‖² / (2·s_k²)),
 *
 * a smooth deformation of space built from K Gaussian bumps at anchors c_k. Width in
 * = width out = D. The layer's slice of the parameter block is V (K×D, row k = v_k),
 * then C (K×D, row k = c_k), then s (K); `weights` in layerParameters are V, `bias`
 * is C followed by s. V starts at 0, so the layer starts as the identity.
 *
 * v is always learnt; c and s only with `learnAnchors` / `learnScales`. Unlearnt
 * ones have zero gradient and are listed in `frozen`, so the trainer's optimiser
 * (weight decay included) leaves them alone.
 *
 * Anchors are placed on K distinct training points by Model.initialiseAnchors
 * (the trainer calls it once, when a layer has not been initialised from data);
 * until then they are random in [−1, 1]^D. Math and gradients:
 * assembly/kernels/vector_field.ts.
 */
import { DataError, OptionError } from '../errors.js';
import { BATCH, VECTOR_FIELD_FLAG, type KernelExports } from '../engine/abi.js';
import type { Random } from '../engine/random.js';
import { shapeSize, type Allocate, type Layer, type LayerBuffers, type LayerKind, type Shape } from './layer.js';
import { fail, describeValue, f32, int, numberArray } from './json-checks.js';
import type { PlanBuilder } from './plan-builder.js';

/**
 * The essay's vector-field layer: moves each point along a learnt field made of
 * Gaussian bumps around `anchors` points, keeping the width of its input (a
 * continuous deformation of the data, not a projection).
 */
export interface VectorFieldSpec {
  type: 'vectorfield';
  /** Number of anchors K (≥ 1, at most the number of training points). */
  anchors: number;
  /**
   * Width s of every Gaussian (> 0). Default: set from the data when the anchors
   * are placed — the median distance from an anchor to its nearest other anchor.
   */
  scale?: number;
  /** Learn the anchor positions c_k (default false). */
  learnAnchors?: boolean;
  /** Learn the widths s_k (default false). */
  learnScales?: boolean;
}

/** A vector-field layer in a saved model: anchors, widths and field vectors. */
export interface VectorFieldJSON {
  type: 'vectorfield';
  inputs: number;
  units: number;
  anchors: number;
  learnAnchors: boolean;
  learnScales: boolean;
  /** The width given in the spec, if any (otherwise it is set from the data). */
  scale?: number;
  /** Whether the anchors have been placed on training points. */
  anchorsFromData: boolean;
  /** v_k, K×D row-major. */
  vectors: number[];
  /** c_k, K×D row-major. */
  centres: number[];
  /** s_k, K numbers. */
  scales: number[];
}

const MAX_ANCHORS = 1 << 16;

export class VectorField implements Layer {
  readonly type = 'vectorfield' as const;
  readonly activation = 'linear' as const;
  readonly outputShape: Shape;
  readonly inputs: number;
  readonly units: number;
  /** Set once the anchors sit on training points (saved with the model). */
  anchorsFromData = false;

  constructor(
    readonly inputShape: Shape,
    /** K. */
    readonly anchors: number,
    readonly scale: number | undefined,
    readonly learnAnchors: boolean,
    readonly learnScales: boolean,
    readonly offset: number,
  ) {
    this.inputs = inputShape.channels * inputShape.height * inputShape.width;
    this.units = this.inputs;
    this.outputShape = inputShape;
  }

  /** Builds the layer from a spec, throwing a clear error on bad parameters. */
  static fromSpec(inputShape: Shape, spec: VectorFieldSpec, offset: number, where: string): VectorField {
    const K = spec.anchors;
    if (!(typeof K === 'number' && Number.isInteger(K) && K >= 1 && K <= MAX_ANCHORS)) {
      throw new OptionError(`${where}: vectorfield anchors must be an integer in 1…${MAX_ANCHORS}, got ${String(K)}`);
    }
    if (spec.scale !== undefined && !(typeof spec.scale === 'number' && Number.isFinite(spec.scale) && spec.scale > 0)) {
      throw new OptionError(`${where}: vectorfield scale must be a finite number > 0, got ${String(spec.scale)}`);
    }
    for (const flag of ['learnAnchors', 'learnScales'] as const) {
      if (spec[flag] !== undefined && typeof spec[flag] !== 'boolean') throw new OptionError(`${where}: vectorfield ${flag} must be true or false, got ${String(spec[flag])}`);
    }
    return new VectorField(inputShape, K, spec.scale, spec.learnAnchors ?? false, spec.learnScales ?? false, offset);
  }

  /** Floats of V (the "weights" of layerParameters). */
  get weightCount(): number {
    return this.anchors * this.inputs;
  }

  get paramCount(): number {
    return 2 * this.anchors * this.inputs + this.anchors;
  }

  /** C then s (the "bias" of layerParameters). */
  get biasOffset(): number {
    return this.offset + this.weightCount;
  }

  get anchorOffset(): number {
    return this.offset + this.weightCount;
  }

  get scaleOffset(): number {
    return this.offset + 2 * this.weightCount;
  }

  /** Parameter ranges [start, end) the optimiser must not move: unlearnt anchors and scales. */
  get frozen(): [number, number][] {
    const out: [number, number][] = [];
    if (!this.learnAnchors) out.push([this.anchorOffset, this.scaleOffset]);
    if (!this.learnScales) out.push([this.scaleOffset, this.scaleOffset + this.anchors]);
    return out;
  }

  private get flags(): number {
    return (this.learnAnchors ? VECTOR_FIELD_FLAG.learnAnchors : 0) | (this.learnScales ? VECTOR_FIELD_FLAG.learnScales : 0);
  }

  allocate(alloc: Allocate, B: number): LayerBuffers {
    const y = alloc(this.units * B);
    return { z: y, y, dy: alloc(this.units * B), extra: { work: alloc(3 * this.anchors * B + B) } };
  }

  scratchFloats(k: KernelExports, B: number): number {
    const D = this.inputs, K = this.anchors;
    return Math.max(k.gemm_f32_scratch_floats(K, B, D), k.gemm_f32_scratch_floats(D, B, K), k.gemm_f32_scratch_floats(K, D, B));
  }

  initialise(params: Float32Array, random: Random): void {
    params.fill(0, this.offset, this.anchorOffset);
    for (let i = this.anchorOffset; i < this.scaleOffset; i++) params[i] = random.range(-1, 1);
    params.fill(this.scale ?? 1, this.scaleOffset, this.scaleOffset + this.anchors);
    this.anchorsFromData = false;
  }

  /**
   * Puts the anchors at `points` (K×D row-major) and, unless the spec fixed the
   * scale, every s_k to `scale`; marks the layer as initialised from data.
   */
  placeAnchors(params: Float32Array, points: ArrayLike<number>, scale: number): void {
    const n = this.anchors * this.inputs;
    if (points.length !== n) throw new DataError(`vectorfield: ${points.length} anchor coordinates, expected ${n}`);
    for (let i = 0; i < n; i++) params[this.anchorOffset + i] = points[i]!;
    const s = this.scale ?? scale;
    if (!(Number.isFinite(s) && s > 0)) throw new OptionError(`vectorfield: scale must be a finite number > 0, got ${s}`);
    params.fill(s, this.scaleOffset, this.scaleOffset + this.anchors);
    this.anchorsFromData = true;
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers, params: number, scratch: number): void {
    plan.vectorFieldFwd({ y: buf.y, x, params: params + this.offset * 4, work: buf.extra.work!, D: this.inputs, K: this.anchors, B: BATCH, scratch });
  }

  emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number, params: number, grads: number, scratch: number): void {
    plan.vectorFieldBwd({ dx, dy: buf.dy, x, params: params + this.offset * 4, grads: grads + this.offset * 4, work: buf.extra.work!, D: this.inputs, K: this.anchors, B: BATCH, flags: this.flags, scratch });
  }

  toJSON(params: Float32Array): VectorFieldJSON {
    const json: VectorFieldJSON = {
      type: 'vectorfield',
      inputs: this.inputs,
      units: this.units,
      anchors: this.anchors,
      learnAnchors: this.learnAnchors,
      learnScales: this.learnScales,
      anchorsFromData: this.anchorsFromData,
      vectors: Array.from(params.subarray(this.offset, this.anchorOffset)),
      centres: Array.from(params.subarray(this.anchorOffset, this.scaleOffset)),
      scales: Array.from(params.subarray(this.scaleOffset, this.scaleOffset + this.anchors)),
    };
    if (this.scale !== undefined) json.scale = this.scale;
    return json;
  }

  /** Restores parameters and the initialised-from-data mark from a saved layer. */
  load(params: Float32Array, json: VectorFieldJSON): void {
    params.set(json.vectors, this.offset);
    params.set(json.centres, this.anchorOffset);
    params.set(json.scales, this.scaleOffset);
    this.anchorsFromData = json.anchorsFromData;
  }
}

/**
 * The default width for anchors `a` (K×D row-major): the median over anchors of
 * the distance to the nearest other anchor (duplicates ignored). With one
 * anchor, the median distance from it to `others` (m×D); 1 if nothing is apart.
 */
export function defaultScale(a: ArrayLike<number>, K: number, D: number, others: ArrayLike<number> = []): number {
  const dist = (p: ArrayLike<number>, i: number, q: ArrayLike<number>, j: number) => {
    let s = 0;
    for (let d = 0; d < D; d++) {
      const t = p[i * D + d]! - q[j * D + d]!;
      s += t * t;
    }
    return Math.sqrt(s);
  };
  const found: number[] = [];
  if (K >= 2) {
    for (let i = 0; i < K; i++) {
      let best = Infinity;
      for (let j = 0; j < K; j++) {
        if (j === i) continue;
        const d = dist(a, i, a, j);
        if (d > 0 && d < best) best = d;
      }
      if (Number.isFinite(best)) found.push(best);
    }
  } else {
    const m = others.length / D;
    for (let j = 0; j < m; j++) {
      const d = dist(a, 0, others, j);
      if (d > 0) found.push(d);
    }
  }
  if (found.length === 0) return 1;
  found.sort((x, y) => x - y);
  const mid = found.length >> 1;
  return found.length % 2 === 1 ? found[mid]! : 0.5 * (found[mid - 1]! + found[mid]!);
}

/** @internal The vector-field layer's spec, file and loading rules. */
export const vectorFieldKind: LayerKind<VectorFieldSpec, VectorFieldJSON> = {
  type: 'vectorfield',
  build: (spec, input, offset, where) => VectorField.fromSpec(input, spec, offset, where),
  parse(l, input, where) {
    const width = shapeSize(input);
    if (l.inputs !== width || l.units !== width) fail(`${where}: inputs and units must both be ${width} (the previous layer's width), got ${describeValue(l.inputs)} and ${describeValue(l.units)}`, `${where}.inputs`);
    const anchors = int(l.anchors, `${where}.anchors`);
    for (const flag of ['learnAnchors', 'learnScales', 'anchorsFromData'] as const) {
      if (typeof l[flag] !== 'boolean') fail(`${where}.${flag} must be true or false, got ${describeValue(l[flag])}`, `${where}.${flag}`);
    }
    if (l.scale !== undefined && !(f32(l.scale, `${where}.scale`, true) > 0)) fail(`${where}.scale must be a number > 0, got ${describeValue(l.scale)}`, `${where}.scale`);
    const scales = numberArray(l.scales, anchors, `${where}.scales`, true);
    const json: VectorFieldJSON = {
      type: 'vectorfield', inputs: width, units: width, anchors,
      learnAnchors: l.learnAnchors as boolean, learnScales: l.learnScales as boolean, anchorsFromData: l.anchorsFromData as boolean,
      vectors: numberArray(l.vectors, anchors * width, `${where}.vectors`),
      centres: numberArray(l.centres, anchors * width, `${where}.centres`),
      scales,
    };
    if (l.scale !== undefined) json.scale = l.scale as number;
    return [json, input];
  },
  specOf: (l) => ({ type: 'vectorfield', anchors: l.anchors, scale: l.scale, learnAnchors: l.learnAnchors, learnScales: l.learnScales }),
  load: (layer, params, l) => (layer as VectorField).load(params, l),
};
