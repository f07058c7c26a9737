/**
 * Max-pooling over size×size windows with a stride (no padding, floor), CHWN
 * batches. No parameters; backward sends each output's gradient to the first
 * maximum of its window (see assembly/kernels/pool.ts).
 */
import { OptionError } from '../errors.js';
import { BATCH } from '../engine/abi.js';
import { windowOutputs, type Allocate, type Layer, type LayerBuffers, type LayerKind, type Shape } from './layer.js';
import { fail, int, sameShape, MAX_WINDOW } from './json-checks.js';
import { positiveInt } from './spec-checks.js';
import type { PlanBuilder } from './plan-builder.js';

/** Max pooling over `size` × `size` windows of each channel. */
export interface MaxPoolSpec {
  type: 'maxpool';
  size: number;
  /** Default: the window size (non-overlapping windows). */
  stride?: number;
}

/** A max-pooling layer in a saved model (it has no parameters). */
export interface MaxPoolJSON {
  type: 'maxpool';
  inputShape: Shape;
  size: number;
  stride: number;
}

export class MaxPool implements Layer {
  readonly type = 'maxpool' as const;
  readonly activation = 'linear' as const;
  readonly outputShape: Shape;
  readonly inputs: number;
  readonly units: number;
  readonly paramCount = 0;
  readonly weightCount = 0;

  constructor(readonly inputShape: Shape, readonly size: number, readonly stride: number, readonly offset: number) {
    const { channels, height, width } = inputShape;
    const ho = Math.floor((height - size) / stride) + 1;
    const wo = Math.floor((width - size) / stride) + 1;
    if (!(ho >= 1 && wo >= 1)) throw new OptionError(`maxpool: a ${size}×${size} window does not fit a ${height}×${width} input`);
    this.outputShape = { channels, height: ho, width: wo };
    this.inputs = channels * height * width;
    this.units = channels * ho * wo;
  }

  get biasOffset(): number {
    return this.offset;
  }

  allocate(alloc: Allocate, B: number): LayerBuffers {
    const y = alloc(this.units * B);
    return { z: y, y, dy: alloc(this.units * B), extra: {} };
  }

  scratchFloats(): number {
    return 0;
  }

  initialise(): void {}

  private geometry(): { C: number; H: number; W: number; K: number; S: number; B: number } {
    const { channels, height, width } = this.inputShape;
    return { C: channels, H: height, W: width, K: this.size, S: this.stride, B: BATCH };
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers): void {
    plan.maxpoolFwd({ y: buf.y, x, ...this.geometry() });
  }

  emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number): void {
    if (dx !== 0) plan.maxpoolBwd({ dx, dy: buf.dy, x, y: buf.y, ...this.geometry() });
  }

  toJSON(): MaxPoolJSON {
    return { type: 'maxpool', inputShape: this.inputShape, size: this.size, stride: this.stride };
  }
}

/** @internal The max-pooling layer's spec, file and loading rules (no parameters to load). */
export const maxpoolKind: LayerKind<MaxPoolSpec, MaxPoolJSON> = {
  type: 'maxpool',
  build(spec, input, offset, where) {
    const size = positiveInt(spec.size, `${where}: size`, 64);
    return new MaxPool(input, size, positiveInt(spec.stride ?? size, `${where}: stride`, 64), offset);
  },
  parse(l, input, where) {
    const shape = sameShape(l.inputShape, input, where);
    const size = int(l.size, `${where}.size`, 1, MAX_WINDOW), stride = int(l.stride, `${where}.stride`, 1, MAX_WINDOW);
    const out = { channels: shape.channels, height: windowOutputs(shape.height, size, stride), width: windowOutputs(shape.width, size, stride) };
    if (out.height < 1 || out.width < 1) fail(`${where}: the pooling window does not fit its input`, `${where}.size`);
    return [{ type: 'maxpool', inputShape: shape, size, stride }, out];
  },
  specOf: (l) => ({ type: 'maxpool', size: l.size, stride: l.stride }),
  load() {},
};
