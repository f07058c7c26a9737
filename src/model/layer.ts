/**
 * The layer protocol the model and trainer rely on alone (ConvNetJS style).
 * A layer owns a slice [offset, offset + paramCount) of the model's parameter
 * block and the same slice of the gradient block; it allocates its batch
 * buffers, and emits its forward and backward kernel calls into a plan.
 *
 * Batches are feature-major: a layer's input is `inputs` rows × B columns.
 * Image layers read those rows as channels × height × width (the CHWN layout),
 * so a dense layer after a convolution needs no flatten step.
 */
import type { ActivationName } from './activation.js';
import type { KernelExports } from '../engine/abi.js';
import type { Random } from '../engine/random.js';
import type { PlanBuilder } from './plan-builder.js';

/** An image shape (channels × height × width); a flat layer of n units is n × 1 × 1. */
export interface Shape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export const flatShape = (n: number): Shape => ({ channels: n, height: 1, width: 1 });
export const shapeSize = (s: Shape): number => s.channels * s.height * s.width;

/** Where one layer's batch buffers live (byte pointers). */
export interface LayerBuffers {
  /** Pre-activation Z; the same as y when there is no activation. */
  z: number;
  /** Output Y (units × B). */
  y: number;
  /** Gradient of the loss w.r.t. Y, turned into dZ in place. */
  dy: number;
  /** Layer-specific buffers (e.g. im2col columns). */
  extra: Record<string, number>;
  /** A residual block's inner layers' buffers, in order. */
  inner?: LayerBuffers[];
  /**
   * 32-bit cells that carry over from one step to the next (dropout's mask
   * counter): the rest of a workspace is rewritten every step, these are the
   * layer's part of a training checkpoint.
   */
  state?: number[];
}

/** Allocates `floats` floats for the lifetime of a workspace; returns a byte pointer. */
export type Allocate = (floats: number) => number;

/**
 * A layer of a built {@link Model} (`model.layers[i]`): its kind, shapes and parameter counts.
 * Narrow on `type` to tell the kinds apart.
 */
export interface Layer {
  readonly type: LayerJSON['type'];
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  /** Features per example in (= shapeSize(inputShape)). */
  readonly inputs: number;
  /** Features per example out (= shapeSize(outputShape)). */
  readonly units: number;
  readonly activation: ActivationName;
  /** @internal Start of the layer's slice of the model's parameter block. */
  readonly offset: number;
  /** Parameters of the layer (weights, then bias). */
  readonly paramCount: number;
  /** Number of weights (the rest of the slice is the bias). */
  readonly weightCount: number;
  /** @internal Start of the bias within the parameter block. */
  readonly biasOffset: number;
  /** @internal L1/L2 penalty on the layer's weights (dense and conv2d); none if absent. */
  readonly penalty?: import('./weight-penalty.js').WeightPenalty;
  /** @internal Layers inside this one (a residual block's) whose weight penalties the model adds after this layer's backward. */
  readonly penalised?: readonly Layer[];
  /** @internal Parameter ranges [start, end) the optimiser must leave alone (e.g. unlearnt anchors); none if absent. */
  readonly frozen?: readonly (readonly [number, number])[];
  /** @internal */
  allocate(alloc: Allocate, B: number): LayerBuffers;
  /** @internal */
  scratchFloats(kernels: KernelExports, B: number): number;
  /** @internal */
  initialise(params: Float32Array, random: Random): void;
  /**
   * @internal
   * `forwardOnly`: no backward pass follows (prediction), so a layer may skip
   * what only its backward needs (conv2d then convolves directly, without im2col).
   */
  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers, params: number, scratch: number, forwardOnly?: boolean): void;
  /** @internal dx = 0 when the input gradient is not needed (first layer). */
  emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number, params: number, grads: number, scratch: number): void;
  /** @internal The layer's part of the saved model, reading its slice of `params`. */
  toJSON(params: Float32Array): LayerJSON;
}

/** One layer of a saved model ({@link ModelJSON}), by kind. */
export type LayerJSON = import('./dense.js').DenseJSON | import('./conv2d.js').Conv2DJSON | import('./maxpool.js').MaxPoolJSON
  | import('./vector-field.js').VectorFieldJSON | import('./avgpool.js').AvgPoolJSON | import('./avgpool.js').GlobalAvgPoolJSON
  | import('./dropout.js').DropoutJSON | import('./batchnorm.js').BatchNormJSON | import('./residual.js').ResidualJSON;

/**
 * @internal
 * What the model and the model-file reader know of a layer type: each layer file
 * exports one, and layer-kinds.ts lists them. `S` is its spec, `J` its part of a
 * saved model.
 */
export interface LayerKind<S, J extends LayerJSON> {
  readonly type: J['type'];
  /** Checks a spec and builds the layer on `input`; `where` names it in errors. */
  build(spec: S, input: Shape, offset: number, where: string, last: boolean): Layer;
  /** Checks the layer's part of a saved model against the previous layer's output; returns it and the layer's output shape. */
  parse(raw: Record<string, unknown>, input: Shape, where: string): [J, Shape];
  /** The spec that rebuilds a saved layer. */
  specOf(json: J): S;
  /** Copies a saved layer's parameters into its slice of the parameter block. */
  load(layer: Layer, params: Float32Array, json: J): void;
}

/** The ranges [start, end) of a block of `count` parameters that are not frozen by any layer, in order. */
export function trainableRanges(layers: readonly Layer[], count: number): [number, number][] {
  const frozen = layers.flatMap((l) => l.frozen ?? []).filter(([a, b]) => b > a).sort((p, q) => p[0] - q[0]);
  const out: [number, number][] = [];
  let at = 0;
  for (const [a, b] of frozen) {
    if (a > at) out.push([at, a]);
    at = Math.max(at, b);
  }
  if (at < count) out.push([at, count]);
  return out;
}

/** Uniform init limit: He for relu (√(6/fanIn)), Glorot otherwise (√(6/(fanIn+fanOut))). */
export function initLimit(activation: ActivationName, fanIn: number, fanOut: number): number {
  return activation === 'relu' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
}

/** @internal A saved layer's weights and bias into its slice (dense and conv2d store both this way). */
export function loadWeightsAndBias(layer: Layer, params: Float32Array, json: { weights: number[]; bias: number[] }): void {
  params.set(json.weights, layer.offset);
  params.set(json.bias, layer.biasOffset);
}

/** The output side of a window of `size` moved by `stride` over `side` values padded by `pad` on each end. */
export const windowOutputs = (side: number, size: number, stride: number, pad = 0): number => Math.floor((side + 2 * pad - size) / stride) + 1;
