/**
 * What the pooling layers share: no parameters, a window of KH × KW moved by a
 * stride (no padding, floor), one output buffer that is both Z and Y. Each
 * pooling layer adds its forward and backward ops.
 */
import { OptionError } from '../errors.js';
import { BATCH } from '../engine/abi.js';
import { windowOutputs, type Allocate, type Layer, type LayerBuffers, type LayerJSON, type Shape } from './layer.js';
import type { PlanBuilder } from './plan-builder.js';

/** A pooling op's geometry slots (the same names in every pooling op of the op table). */
export interface PoolGeometry { C: number; H: number; W: number; KH: number; KW: number; S: number; B: number }

export abstract class PoolLayer implements Layer {
  abstract readonly type: LayerJSON['type'];
  readonly activation = 'linear' as const;
  readonly outputShape: Shape;
  readonly inputs: number;
  readonly units: number;
  readonly paramCount = 0;
  readonly weightCount = 0;

  constructor(readonly inputShape: Shape, readonly windowHeight: number, readonly windowWidth: number, readonly stride: number, readonly offset: number, name: string) {
    const { channels, height, width } = inputShape;
    const ho = windowOutputs(height, windowHeight, stride), wo = windowOutputs(width, windowWidth, stride);
    if (!(ho >= 1 && wo >= 1)) throw new OptionError(`${name}: a ${windowHeight}×${windowWidth} window does not fit a ${height}×${width} input`);
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

  protected geometry(): PoolGeometry {
    const { channels, height, width } = this.inputShape;
    return { C: channels, H: height, W: width, KH: this.windowHeight, KW: this.windowWidth, S: this.stride, B: BATCH };
  }

  abstract emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers): void;
  abstract emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number): void;
  abstract toJSON(): LayerJSON;
}
