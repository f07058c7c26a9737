/**
 * Batch normalisation per channel (per unit after a dense layer), with a
 * learnable scale γ and shift β (assembly/kernels/batchnorm.ts has the math).
 * Training plans (those a backward follows) normalise with the batch's
 * statistics and update running ones; predicting uses the running statistics.
 *
 * Parameters: [γ | β | running mean | running var], C each; the running
 * statistics are frozen (the optimiser leaves them alone, the forward updates
 * them) and saved with the model like any parameter.
 */
import { OptionError } from '../errors.js';
import { BATCH, perBatch } from '../engine/abi.js';
import type { Random } from '../engine/random.js';
import type { Allocate, Layer, LayerBuffers, LayerKind, Shape } from './layer.js';
import { shapeSize } from './layer.js';
import { f32, fail, describeValue, numberArray, sameShape } from './json-checks.js';
import type { PlanBuilder } from './plan-builder.js';

/** Batch normalisation of each channel (or unit), with learnable scale and shift. */
export interface BatchNormSpec {
  type: 'batchnorm';
  /** Weight of each batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  epsilon?: number;
}

/** A batch-normalisation layer in a saved model. */
export interface BatchNormJSON {
  type: 'batchnorm';
  inputShape: Shape;
  momentum: number;
  epsilon: number;
  /** γ, one per channel. */
  scale: number[];
  /** β, one per channel. */
  shift: number[];
  runningMean: number[];
  /** Unbiased running variance, each > 0. */
  runningVariance: number[];
}

export class BatchNorm implements Layer {
  readonly type = 'batchnorm' as const;
  readonly activation = 'linear' as const;
  readonly outputShape: Shape;
  readonly inputs: number;
  readonly units: number;
  readonly channels: number;
  /** Pixels per channel and example (H·W). */
  readonly pixels: number;

  constructor(readonly inputShape: Shape, readonly momentum: number, readonly epsilon: number, readonly offset: number) {
    this.outputShape = inputShape;
    this.inputs = shapeSize(inputShape);
    this.units = this.inputs;
    this.channels = inputShape.channels;
    this.pixels = inputShape.height * inputShape.width;
  }

  get paramCount(): number {
    return 4 * this.channels;
  }

  /** γ counts as the weights, β as the bias. */
  get weightCount(): number {
    return this.channels;
  }

  get biasOffset(): number {
    return this.offset + this.channels;
  }

  get frozen(): readonly (readonly [number, number])[] {
    return [[this.offset + 2 * this.channels, this.offset + 4 * this.channels]];
  }

  allocate(alloc: Allocate, B: number): LayerBuffers {
    const y = alloc(this.units * B);
    return { z: y, y, dy: alloc(this.units * B), extra: { xhat: alloc(this.units * B), rstd: alloc(this.channels) } };
  }

  scratchFloats(): number {
    return 0;
  }

  initialise(params: Float32Array, _random?: Random): void {
    const C = this.channels, o = this.offset;
    params.fill(1, o, o + C);
    params.fill(0, o + C, o + 3 * C);
    params.fill(1, o + 3 * C, o + 4 * C);
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers, params: number, _scratch: number, forwardOnly = false): void {
    plan.batchnormFwd({ y: buf.y, xhat: buf.extra.xhat!, rstd: buf.extra.rstd!, x, params: params + this.offset * 4, C: this.channels,
      N: perBatch(this.pixels), momentum: this.momentum, eps: this.epsilon, training: forwardOnly ? 0 : 1 });
  }

  emitBackward(plan: PlanBuilder, _x: number, buf: LayerBuffers, dx: number, params: number, grads: number): void {
    plan.batchnormBwd({ dx, dy: buf.dy, xhat: buf.extra.xhat!, rstd: buf.extra.rstd!, params: params + this.offset * 4, grads: grads + this.offset * 4, C: this.channels, N: perBatch(this.pixels) });
  }

  toJSON(params: Float32Array): BatchNormJSON {
    const C = this.channels, o = this.offset;
    const slice = (k: number) => Array.from(params.subarray(o + k * C, o + (k + 1) * C));
    return { type: 'batchnorm', inputShape: this.inputShape, momentum: this.momentum, epsilon: this.epsilon,
      scale: slice(0), shift: slice(1), runningMean: slice(2), runningVariance: slice(3) };
  }
}

const isFraction = (v: unknown): v is number => typeof v === 'number' && v > 0 && v <= 1;
const isEpsilon = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.fround(v) > 0;

/** @internal The batch-norm layer's spec, file and loading rules. */
export const batchNormKind: LayerKind<BatchNormSpec, BatchNormJSON> = {
  type: 'batchnorm',
  build(spec, input, offset, where) {
    const momentum = spec.momentum ?? 0.1, epsilon = spec.epsilon ?? 1e-5;
    if (!isFraction(momentum)) throw new OptionError(`${where}: batchnorm momentum must be a number in (0, 1], got ${String(momentum)}`);
    if (!isEpsilon(epsilon)) throw new OptionError(`${where}: batchnorm epsilon must be a number > 0, got ${String(epsilon)}`);
    return new BatchNorm(input, momentum, epsilon, offset);
  },
  parse(l, input, where) {
    const shape = sameShape(l.inputShape, input, where);
    const momentum = f32(l.momentum, `${where}.momentum`), epsilon = f32(l.epsilon, `${where}.epsilon`, true);
    if (!isFraction(momentum)) fail(`${where}.momentum must be in (0, 1], got ${describeValue(momentum)}`, `${where}.momentum`);
    if (!(epsilon > 0)) fail(`${where}.epsilon must be > 0, got ${describeValue(epsilon)}`, `${where}.epsilon`);
    const C = shape.channels;
    const json: BatchNormJSON = {
      type: 'batchnorm', inputShape: shape, momentum, epsilon,
      scale: numberArray(l.scale, C, `${where}.scale`), shift: numberArray(l.shift, C, `${where}.shift`),
      runningMean: numberArray(l.runningMean, C, `${where}.runningMean`),
      runningVariance: numberArray(l.runningVariance, C, `${where}.runningVariance`, true),
    };
    json.runningVariance.forEach((v, i) => { if (!(v > 0)) fail(`${where}.runningVariance[${i}] must be > 0, got ${describeValue(v)}`, `${where}.runningVariance[${i}]`); });
    return [json, shape];
  },
  specOf: (l) => ({ type: 'batchnorm', momentum: l.momentum, epsilon: l.epsilon }),
  load(layer, params, l) {
    const C = l.scale.length, o = layer.offset;
    [l.scale, l.shift, l.runningMean, l.runningVariance].forEach((values, k) => params.set(values, o + k * C));
  },
};
