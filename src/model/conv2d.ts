/**
 * 2-D convolution over CHWN batches (input rows = C×H×W, one column per example).
 *
 *   forward:   Z = Wf ⊛ X + b            Y = σ(Z)
 *   backward:  dZ = dY ⊙ σ'(Z)   dWf = dZ ⋆ X   db = ΣdZ   dX = flip(Wf)ᵀ ⊛ dZ
 *
 * Two ways to compute each, chosen per layer shape by conv-cost.ts:
 *   GEMM:    cols = im2col(X), Z = Wf·cols, dWf = dZ·colsᵀ, dX = col2im(Wfᵀ·dZ)
 *   direct:  conv_direct.ts / conv_direct_weights.ts read X in place (no columns)
 *
 * Wf is filters × (C·KH·KW), row-major, so weight (f, c, ky, kx) sits at
 * f·C·KH·KW + (c·KH + ky)·KW + kx. The GEMMs run over Ho·Wo·B columns: the
 * whole batch at once (see assembly/kernels/conv.ts).
 */
import { OptionError } from '../errors.js';
import { BATCH, OP, perBatch, type KernelExports } from '../engine/abi.js';
import type { Random } from '../engine/random.js';
import { activationKind, type ActivationName } from './activation.js';
import { initLimit, type Allocate, type Layer, type LayerBuffers, type Shape } from './layer.js';
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
        packed: this.directForward ? alloc(Math.ceil(this.filters / 4) * 4 * this.patch) : 0,
        flipped: this.directInputGradient ? alloc(Math.ceil(this.inputShape.channels / 4) * 4 * this.filters * this.kernel * this.kernel) : 0,
      },
    };
  }

  scratchFloats(k: KernelExports, B: number): number {
    const N = this.pixels * B;
    return Math.max(
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

  private geometry(): number[] {
    const { channels, height, width } = this.inputShape;
    return [channels, height, width, this.kernel, this.kernel, this.stride, this.padding];
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers, params: number, scratch: number): void {
    if (this.directForward) {
      // Convolve directly (assembly/kernels/conv_direct.ts), no columns; training repacks each step as the weights move.
      const { channels, height, width } = this.inputShape;
      plan.op(OP.CONV_PACK_FILTERS, buf.extra.packed!, params + this.offset * 4, this.filters, this.patch);
      plan.op(OP.CONV_DIRECT_FWD, buf.z, x, buf.extra.packed!, channels, height, width, this.filters, this.kernel, this.stride, this.padding, BATCH);
    } else {
      const cols = buf.extra.cols!;
      plan.op(OP.IM2COL, cols, x, ...this.geometry(), BATCH);
      plan.op(OP.GEMM_NN, buf.z, params + this.offset * 4, cols, this.filters, perBatch(this.pixels), this.patch, 0, scratch);
    }
    plan.op(OP.BIAS_FWD, buf.z, params + this.biasOffset * 4, this.filters, perBatch(this.pixels));
    if (buf.y !== buf.z) plan.op(OP.ACT_FWD, buf.y, buf.z, this.units, BATCH, this.kind);
  }

  emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number, params: number, grads: number, scratch: number): void {
    if (buf.y !== buf.z) plan.op(OP.ACT_BWD, buf.dy, buf.dy, buf.y, buf.z, this.units, BATCH, this.kind);
    if (this.directForward) {
      const { channels, height, width } = this.inputShape;
      plan.op(OP.CONV_DIRECT_BWD_WEIGHTS, grads + this.offset * 4, buf.dy, x, channels, height, width, this.filters, this.kernel, this.stride, this.padding, BATCH);
    } else {
      plan.op(OP.GEMM_NT, grads + this.offset * 4, buf.dy, buf.extra.cols!, this.filters, this.patch, perBatch(this.pixels), 0, scratch);
    }
    plan.op(OP.BIAS_BWD, grads + this.biasOffset * 4, buf.dy, this.filters, perBatch(this.pixels), 0);
    if (dx !== 0 && this.directInputGradient) {
      // dx is a convolution of dZ with the flipped filters (conv_direct.ts): no dcols, no scatter.
      const { channels, height, width } = this.outputShape;
      plan.op(OP.CONV_PACK_FLIPPED, buf.extra.flipped!, params + this.offset * 4, this.filters, this.inputShape.channels, this.kernel);
      plan.op(OP.CONV_DIRECT_FWD, dx, buf.dy, buf.extra.flipped!, channels, height, width, this.inputShape.channels, this.kernel, 1, this.kernel - 1 - this.padding, BATCH);
    } else if (dx !== 0) {
      const dcols = buf.extra.dcols!;
      plan.op(OP.GEMM_TN, dcols, params + this.offset * 4, buf.dy, this.patch, perBatch(this.pixels), this.filters, 0, scratch);
      plan.op(OP.COL2IM, dx, dcols, ...this.geometry(), BATCH);
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
    };
  }
}
