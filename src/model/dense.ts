/**
 * Dense layer, feature-major: X is in×B (one column per example), W is out×in,
 * b has out entries.
 *
 *   forward:   Z = W·X + b·1ᵀ          Y = σ(Z)
 *   backward:  dZ = dY ⊙ σ'(Z)         (σ' from Y for tanh/sigmoid, from Z otherwise)
 *              dW = dZ·Xᵀ   db = dZ·1   dX = Wᵀ·dZ
 *
 * The layer owns a slice [offset, offset + paramCount) of the model's parameter
 * block — W row-major, then b — and the same slice of the gradient block. It
 * only emits kernel calls into a plan; the kernels do the arithmetic.
 */
import { BATCH } from '../engine/abi.js';
import type { Random } from '../engine/random.js';
import type { KernelExports } from '../engine/abi.js';
import { activationKind, type ActivationName } from './activation.js';
import { flatShape, initLimit, shapeSize, loadWeightsAndBias, type Allocate, type Layer, type LayerBuffers, type LayerKind, type Shape } from './layer.js';
import { activationOf, fail, describeValue, int, numberArray } from './json-checks.js';
import { checkActivation, positiveInt } from './spec-checks.js';
import { NO_PENALTY, penaltyFields, penaltyOfJSON, penaltyOfSpec, type WeightPenalty } from './weight-penalty.js';
import type { PlanBuilder } from './plan-builder.js';

/** A fully connected layer: `units` outputs σ(W·x + b); the activation defaults to `tanh`, `linear` for the output layer. */
export interface DenseSpec {
  type?: 'dense';
  units: number;
  activation?: ActivationName;
  /** L1 penalty weight on this layer's weights (default 0). */
  l1?: number;
  /** L2 penalty weight on this layer's weights (default 0). */
  l2?: number;
}

export class Dense implements Layer {
  readonly type = 'dense' as const;
  readonly kind: number;
  readonly inputShape: Shape;
  readonly outputShape: Shape;

  constructor(
    readonly inputs: number,
    readonly units: number,
    readonly activation: ActivationName,
    /** First float of this layer's parameters within the model's block. */
    readonly offset: number,
    /** @internal L1/L2 penalty on the weights. */
    readonly penalty: WeightPenalty = NO_PENALTY,
  ) {
    this.kind = activationKind(activation);
    this.inputShape = flatShape(inputs);
    this.outputShape = flatShape(units);
  }

  get weightCount(): number {
    return this.units * this.inputs;
  }

  get paramCount(): number {
    return this.weightCount + this.units;
  }

  get biasOffset(): number {
    return this.offset + this.weightCount;
  }

  /** Whether Z and Y can share a buffer (no activation to keep apart). */
  get isLinear(): boolean {
    return this.activation === 'linear';
  }

  allocate(alloc: Allocate, B: number): LayerBuffers {
    const z = alloc(this.units * B);
    return { z, y: this.isLinear ? z : alloc(this.units * B), dy: alloc(this.units * B), extra: {} };
  }

  scratchFloats(k: KernelExports, B: number): number {
    return Math.max(
      k.gemm_f32_scratch_floats(this.units, B, this.inputs),
      k.gemm_f32_scratch_floats(this.units, this.inputs, B),
      k.gemm_f32_scratch_floats(this.inputs, B, this.units),
    );
  }

  /**
   * Glorot-uniform weights (He-uniform for relu), zero bias: keeps activation
   * variance steady through depth so tanh units start in their linear range.
   */
  initialise(params: Float32Array, random: Random): void {
    const limit = initLimit(this.activation, this.inputs, this.units);
    for (let i = 0; i < this.weightCount; i++) params[this.offset + i] = random.range(-limit, limit);
    params.fill(0, this.biasOffset, this.biasOffset + this.units);
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers, params: number, scratch: number): void {
    const w = params + this.offset * 4;
    const b = params + this.biasOffset * 4;
    plan.gemmNn({ c: buf.z, a: w, b: x, M: this.units, N: BATCH, K: this.inputs, accumulate: 0, scratch });
    plan.biasFwd({ y: buf.z, bias: b, D: this.units, B: BATCH });
    if (!this.isLinear) plan.actFwd({ y: buf.y, x: buf.z, D: this.units, B: BATCH, kind: this.kind });
  }

  /** dx = 0 when the input gradient is not needed (first layer). */
  emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number, params: number, grads: number, scratch: number): void {
    if (!this.isLinear) plan.actBwd({ dx: buf.dy, dy: buf.dy, y: buf.y, x: buf.z, D: this.units, B: BATCH, kind: this.kind });
    plan.gemmNt({ c: grads + this.offset * 4, a: buf.dy, b: x, M: this.units, N: this.inputs, K: BATCH, accumulate: 0, scratch });
    plan.biasBwd({ dbias: grads + this.biasOffset * 4, dy: buf.dy, D: this.units, B: BATCH, accumulate: 0 });
    if (dx !== 0) plan.gemmTn({ c: dx, a: params + this.offset * 4, b: buf.dy, M: this.inputs, N: BATCH, K: this.units, accumulate: 0, scratch });
  }

  toJSON(params: Float32Array): DenseJSON {
    return {
      type: 'dense',
      inputs: this.inputs,
      units: this.units,
      activation: this.activation,
      weights: Array.from(params.subarray(this.offset, this.offset + this.weightCount)),
      bias: Array.from(params.subarray(this.biasOffset, this.biasOffset + this.units)),
      ...penaltyFields(this.penalty),
    };
  }
}

/** A dense layer in a saved model: its shape, activation, weights (units × inputs, row-major) and bias. */
export interface DenseJSON {
  type: 'dense';
  inputs: number;
  units: number;
  activation: ActivationName;
  /** Row-major units × inputs: weights[j·inputs + i] connects input i to unit j. */
  weights: number[];
  bias: number[];
  /** L1 penalty weight (absent: 0). */
  l1?: number;
  /** L2 penalty weight (absent: 0). */
  l2?: number;
}

/** @internal The dense layer's spec, file and loading rules. */
export const denseKind: LayerKind<DenseSpec, DenseJSON> = {
  type: 'dense',
  build(spec, input, offset, where, last) {
    const units = positiveInt(spec.units, `${where}: units`);
    const activation = checkActivation(spec.activation ?? (last ? 'linear' : 'tanh'), where);
    return new Dense(shapeSize(input), units, activation, offset, penaltyOfSpec(spec, where));
  },
  parse(l, input, where) {
    const width = shapeSize(input);
    if (l.inputs !== width) fail(`${where}.inputs is ${describeValue(l.inputs)}, but the previous layer gives ${width}`, `${where}.inputs`);
    const units = int(l.units, `${where}.units`);
    const json: DenseJSON = {
      type: 'dense', inputs: width, units, activation: activationOf(l.activation, `${where}.activation`),
      weights: numberArray(l.weights, units * width, `${where}.weights`),
      bias: numberArray(l.bias, units, `${where}.bias`),
      ...penaltyFields(penaltyOfJSON(l, where)),
    };
    return [json, flatShape(units)];
  },
  specOf: (l) => ({ type: 'dense', units: l.units, activation: l.activation, ...penaltyFields({ l1: l.l1 ?? 0, l2: l.l2 ?? 0 }) }),
  load: loadWeightsAndBias,
};
