/**
 * 2-D convolution over CHWN batches (input rows = C×H×W, one column per example).
 *
 *   forward:   Z = Wf ⊛ X + b            Y = σ(Z)
 *   backward:  dZ = dY ⊙ σ'(Z)   dWf = dZ ⋆ X   db = ΣdZ   dX = flip(Wf)ᵀ ⊛ dZ
 *
 * Two ways to compute each, chosen per layer shape by conv-cost.ts:
 *   GEMM:    cols = im2col(X), Z = Wf·cols, dWf = dZ·colsᵀ, dX = col2im(Wfᵀ·dZ)
 *   direct:  conv_direct.ts / conv_direct_weights.ts read X in place (no columns)
 * 5×5, stride-1 layers over enough channels run a third, conv_winograd.ts (1-D Winograd
 * F(4, 5): 0.4 of the multiply-adds, other rounding than the direct kernel): for prediction,
 * and in training for the forward of direct-forward layers and for the direct input gradient.
 *
 * Wf is filters × (C·KH·KW), row-major, so weight (f, c, ky, kx) sits at
 * f·C·KH·KW + (c·KH + ky)·KW + kx. The GEMMs run over Ho·Wo·B columns: the
 * whole batch at once (see assembly/kernels/conv.ts).
 */
import { OptionError } from '../errors.js';
import { BATCH, perBatch, type KernelExports } from '../engine/abi.js';
import type { Random } from '../engine/random.js';
import { activationKind, type ActivationName } from './activation.js';
import { initLimit, loadWeightsAndBias, windowOutputs, type Allocate, type Layer, type LayerBuffers, type LayerKind, type Shape } from './layer.js';
import { activationOf, fail, int, numberArray, sameShape, MAX_SIDE, MAX_WINDOW } from './json-checks.js';
import { checkActivation, positiveInt } from './spec-checks.js';
import { NO_PENALTY, penaltyFields, penaltyOfJSON, penaltyOfSpec, type WeightPenalty } from './weight-penalty.js';
import type { PlanBuilder } from './plan-builder.js';
import { convPathsOf } from './conv-cost.js';

/**
 * A 2-D convolution over an image input: `filters` square kernels of side `kernel`,
 * with `stride` (default 1) and zero `padding` (default 0) on every side.
 *
 * @example
 * ```ts
 * { type: 'conv2d', filters: 8, kernel: 5, padding: 2, activation: 'relu' }
 * ```
 */
export interface Conv2DSpec {
  type: 'conv2d';
  filters: number;
  /** Square kernel size. */
  kernel: number;
  stride?: number;
  padding?: number;
  activation?: ActivationName;
  /** L1 penalty weight on this layer's kernels (default 0). */
  l1?: number;
  /** L2 penalty weight on this layer's kernels (default 0). */
  l2?: number;
}

/** A convolution layer in a saved model: its input shape, geometry, activation, kernels and bias. */
export interface Conv2DJSON {
  type: 'conv2d';
  inputShape: Shape;
  filters: number;
  kernel: number;
  stride: number;
  padding: number;
  activation: ActivationName;
  /** filters × (channels·kernel·kernel), row-major. */
  weights: number[];
  bias: number[];
  /** L1 penalty weight (absent: 0). */
  l1?: number;
  /** L2 penalty weight (absent: 0). */
  l2?: number;
}

/** Floats of a 5×5 Winograd F(4, 5) filter buffer: 8 points × filters (rounded up to 4) × 5 rows × channels (conv_winograd_filters_floats). */
function winogradFilterFloats(filters: number, channels: number): number {
  return 8 * Math.ceil(filters / 4) * 4 * 5 * channels;
}

export class Conv2D implements Layer {
  readonly type = 'conv2d' as const;
  readonly kind: number;
  readonly outputShape: Shape;
  readonly inputs: number;
  readonly units: number;
  readonly patch: number;

  constructor(
    readonly inputShape: Shape,
    readonly filters: number,
    readonly kernel: number,
    readonly stride: number,
    readonly padding: number,
    readonly activation: ActivationName,
    readonly offset: number,
    /** @internal L1/L2 penalty on the kernels. */
    readonly penalty: WeightPenalty = NO_PENALTY,
  ) {
    this.kind = activationKind(activation);
    const { channels, height, width } = inputShape;
    const ho = Math.floor((height + 2 * padding - kernel) / stride) + 1;
    const wo = Math.floor((width + 2 * padding - kernel) / stride) + 1;
    if (!(ho >= 1 && wo >= 1)) {
      throw new OptionError(`conv2d: a ${kernel}×${kernel} kernel (stride ${stride}, padding ${padding}) does not fit a ${height}×${width} input`);
    }
    if (padding >= kernel) throw new OptionError(`conv2d: padding ${padding} must be smaller than the kernel ${kernel}`);
    this.outputShape = { channels: filters, height: ho, width: wo };
    this.inputs = channels * height * width;
    this.units = filters * ho * wo;
    this.patch = channels * kernel * kernel;
  }

  get weightCount(): number {
    return this.filters * this.patch;
  }

  get paramCount(): number {
    return this.weightCount + this.filters;
  }

  get biasOffset(): number {
    return this.offset + this.weightCount;
  }

  /** Forward and weight gradient without im2col columns: src/model/conv-cost.ts decides from the shape. */
  private get directForward(): boolean {
    return convPathsOf(this).directForward;
  }

  /** Prediction by the direct kernel: src/model/conv-cost.ts decides from the shape. */
  private get directPrediction(): boolean {
    return convPathsOf(this).directPrediction;
  }

  /** Prediction by 1-D Winograd F(4, 5): src/model/conv-cost.ts decides from the shape. */
  private get winogradPrediction(): boolean {
    return convPathsOf(this).winogradPrediction;
  }

  /** The training forward by Winograd F(4, 5) too: src/model/conv-cost.ts decides from the shape. */
  private get winogradForward(): boolean {
    return convPathsOf(this).winogradForward;
  }

  /** The direct input gradient by Winograd F(4, 5): src/model/conv-cost.ts decides from the shape. */
  private get winogradInputGradient(): boolean {
    return convPathsOf(this).winogradInputGradient;
  }

  /** The input gradient as a flipped direct convolution (stride 1): src/model/conv-cost.ts decides from the shape. */
  private get directInputGradient(): boolean {
    return convPathsOf(this).directInputGradient;
  }

  private get pixels(): number {
    return this.outputShape.height * this.outputShape.width;
  }

  allocate(alloc: Allocate, B: number): LayerBuffers {
    const z = alloc(this.units * B);
    const linear = this.activation === 'linear';
    return {
      z,
      y: linear ? z : alloc(this.units * B),
      dy: alloc(this.units * B),
      extra: {
        cols: this.directForward ? 0 : alloc(this.patch * this.pixels * B),
        dcols: this.directInputGradient ? 0 : alloc(this.patch * this.pixels * B),
        packed: this.directPrediction && !this.winogradPrediction ? alloc(Math.ceil(this.filters / 4) * 4 * this.patch) : 0,
        winograd: this.winogradPrediction ? alloc(winogradFilterFloats(this.filters, this.inputShape.channels)) : 0,
        // The flipped filters, packed for conv_direct.ts or transformed for conv_winograd.ts.
        flipped: this.winogradInputGradient ? alloc(winogradFilterFloats(this.inputShape.channels, this.filters))
          : this.directInputGradient ? alloc(Math.ceil(this.inputShape.channels / 4) * 4 * this.filters * this.kernel * this.kernel) : 0,
      },
    };
  }

  scratchFloats(k: KernelExports, B: number): number {
    const N = this.pixels * B;
    const { channels, height, width } = this.inputShape;
    const dz = this.outputShape;
    return Math.max(
      this.winogradPrediction ? k.conv_winograd_scratch_floats(channels, height, width, this.filters, this.padding) : 0,
      this.winogradInputGradient ? k.conv_winograd_scratch_floats(this.filters, dz.height, dz.width, channels, this.kernel - 1 - this.padding) : 0,
      k.gemm_f32_scratch_floats(this.filters, N, this.patch),
      k.gemm_f32_scratch_floats(this.filters, this.patch, N),
      k.gemm_f32_scratch_floats(this.patch, N, this.filters),
    );
  }

  initialise(params: Float32Array, random: Random): void {
    const limit = initLimit(this.activation, this.patch, this.filters * this.kernel * this.kernel);
    for (let i = 0; i < this.weightCount; i++) params[this.offset + i] = random.range(-limit, limit);
    params.fill(0, this.biasOffset, this.biasOffset + this.filters);
  }

  private geometry(): { C: number; H: number; W: number; KH: number; KW: number; stride: number; pad: number; B: number } {
    const { channels, height, width } = this.inputShape;
    return { C: channels, H: height, W: width, KH: this.kernel, KW: this.kernel, stride: this.stride, pad: this.padding, B: BATCH };
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers, params: number, scratch: number, forwardOnly = false): void {
    if (forwardOnly ? this.winogradPrediction : this.winogradForward) {
      // Filters into the Winograd domain on every forward (weights may have moved), then the three passes.
      const { channels, height, width } = this.inputShape;
      plan.convWinogradPack({ wt: buf.extra.winograd!, w: params + this.offset * 4, F: this.filters, C: channels });
      plan.convWinogradFwd({ z: buf.z, x, wt: buf.extra.winograd!, scratch, C: channels, H: height, W: width, F: this.filters, pad: this.padding, B: BATCH });
    } else if (forwardOnly ? this.directPrediction : this.directForward) {
      // Convolve directly (assembly/kernels/conv_direct.ts), no columns; training repacks each step as the weights move.
      const { channels, height, width } = this.inputShape;
      plan.convPackFilters({ wp: buf.extra.packed!, w: params + this.offset * 4, F: this.filters, patch: this.patch });
      plan.convDirectFwd({ z: buf.z, x, wp: buf.extra.packed!, C: channels, H: height, W: width, F: this.filters, K: this.kernel, stride: this.stride, pad: this.padding, B: BATCH });
    } else {
      const cols = buf.extra.cols!;
      plan.im2col({ cols, x, ...this.geometry() });
      plan.gemmNn({ c: buf.z, a: params + this.offset * 4, b: cols, M: this.filters, N: perBatch(this.pixels), K: this.patch, accumulate: 0, scratch });
    }
    plan.biasFwd({ y: buf.z, bias: params + this.biasOffset * 4, D: this.filters, B: perBatch(this.pixels) });
    if (buf.y !== buf.z) plan.actFwd({ y: buf.y, x: buf.z, D: this.units, B: BATCH, kind: this.kind });
  }

  emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number, params: number, grads: number, scratch: number): void {
    if (buf.y !== buf.z) plan.actBwd({ dx: buf.dy, dy: buf.dy, y: buf.y, x: buf.z, D: this.units, B: BATCH, kind: this.kind });
    if (this.directForward) {
      const { channels, height, width } = this.inputShape;
      plan.convDirectBwdWeights({ dw: grads + this.offset * 4, dz: buf.dy, x, C: channels, H: height, W: width, F: this.filters, K: this.kernel, stride: this.stride, pad: this.padding, B: BATCH });
    } else {
      plan.gemmNt({ c: grads + this.offset * 4, a: buf.dy, b: buf.extra.cols!, M: this.filters, N: this.patch, K: perBatch(this.pixels), accumulate: 0, scratch });
    }
    plan.biasBwd({ dbias: grads + this.biasOffset * 4, dy: buf.dy, D: this.filters, B: perBatch(this.pixels), accumulate: 0 });
    if (dx !== 0 && this.winogradInputGradient) {
      // The same convolution of dZ with the flipped filters, by Winograd F(4, 5) (conv_winograd.ts).
      const { channels, height, width } = this.outputShape;
      plan.convWinogradPackFlipped({ wt: buf.extra.flipped!, w: params + this.offset * 4, F: this.filters, C: this.inputShape.channels });
      plan.convWinogradFwd({ z: dx, x: buf.dy, wt: buf.extra.flipped!, scratch, C: channels, H: height, W: width, F: this.inputShape.channels, pad: this.kernel - 1 - this.padding, B: BATCH });
    } else if (dx !== 0 && this.directInputGradient) {
      // dx is a convolution of dZ with the flipped filters (conv_direct.ts): no dcols, no scatter.
      const { channels, height, width } = this.outputShape;
      plan.convPackFlipped({ wp: buf.extra.flipped!, w: params + this.offset * 4, F: this.filters, C: this.inputShape.channels, K: this.kernel });
      plan.convDirectFwd({ z: dx, x: buf.dy, wp: buf.extra.flipped!, C: channels, H: height, W: width, F: this.inputShape.channels, K: this.kernel, stride: 1, pad: this.kernel - 1 - this.padding, B: BATCH });
    } else if (dx !== 0) {
      const dcols = buf.extra.dcols!;
      plan.gemmTn({ c: dcols, a: params + this.offset * 4, b: buf.dy, M: this.patch, N: perBatch(this.pixels), K: this.filters, accumulate: 0, scratch });
      plan.col2im({ dx, dcols, ...this.geometry() });
    }
  }

  toJSON(params: Float32Array): Conv2DJSON {
    return {
      type: 'conv2d',
      inputShape: this.inputShape,
      filters: this.filters,
      kernel: this.kernel,
      stride: this.stride,
      padding: this.padding,
      activation: this.activation,
      weights: Array.from(params.subarray(this.offset, this.offset + this.weightCount)),
      bias: Array.from(params.subarray(this.biasOffset, this.biasOffset + this.filters)),
      ...penaltyFields(this.penalty),
    };
  }
}

/** @internal The convolution layer's spec, file and loading rules. */
export const conv2dKind: LayerKind<Conv2DSpec, Conv2DJSON> = {
  type: 'conv2d',
  build(spec, input, offset, where) {
    const activation = checkActivation(spec.activation ?? 'relu', where);
    const padding = spec.padding ?? 0;
    if (!(Number.isInteger(padding) && padding >= 0)) throw new OptionError(`${where}: padding must be a non-negative integer, got ${padding}`);
    return new Conv2D(input, positiveInt(spec.filters, `${where}: filters`, 4096), positiveInt(spec.kernel, `${where}: kernel`, 64),
      positiveInt(spec.stride ?? 1, `${where}: stride`, 64), padding, activation, offset, penaltyOfSpec(spec, where));
  },
  parse(l, input, where) {
    const shape = sameShape(l.inputShape, input, where);
    const filters = int(l.filters, `${where}.filters`, 1, MAX_SIDE), kernel = int(l.kernel, `${where}.kernel`, 1, MAX_WINDOW);
    const stride = int(l.stride, `${where}.stride`, 1, MAX_WINDOW), padding = int(l.padding, `${where}.padding`, 0, MAX_SIDE);
    const json: Conv2DJSON = {
      type: 'conv2d', inputShape: shape, filters, kernel, stride, padding, activation: activationOf(l.activation, `${where}.activation`),
      weights: numberArray(l.weights, filters * shape.channels * kernel * kernel, `${where}.weights`),
      bias: numberArray(l.bias, filters, `${where}.bias`),
      ...penaltyFields(penaltyOfJSON(l, where)),
    };
    const out = { channels: filters, height: windowOutputs(shape.height, kernel, stride, padding), width: windowOutputs(shape.width, kernel, stride, padding) };
    if (out.height < 1 || out.width < 1) fail(`${where}: the kernel does not fit its input`, `${where}.kernel`);
    return [json, out];
  },
  specOf: (l) => ({ type: 'conv2d', filters: l.filters, kernel: l.kernel, stride: l.stride, padding: l.padding, activation: l.activation, ...penaltyFields({ l1: l.l1 ?? 0, l2: l.l2 ?? 0 }) }),
  load: loadWeightsAndBias,
};
