/**
 * What layers without parameters share (pooling, dropout): an empty slice of
 * the parameter block, no scratch, nothing to initialise, and one output buffer
 * that is both Z and Y.
 */
import type { Allocate, Layer, LayerBuffers, LayerJSON, Shape } from './layer.js';
import type { PlanBuilder } from './plan-builder.js';

export abstract class ParameterFreeLayer implements Layer {
  abstract readonly type: LayerJSON['type'];
  readonly activation = 'linear' as const;
  readonly paramCount = 0;
  readonly weightCount = 0;
  readonly inputs: number;
  readonly units: number;

  constructor(readonly inputShape: Shape, readonly outputShape: Shape, readonly offset: number) {
    this.inputs = inputShape.channels * inputShape.height * inputShape.width;
    this.units = outputShape.channels * outputShape.height * outputShape.width;
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

  abstract emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers, params: number, scratch: number, forwardOnly?: boolean): void;
  abstract emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number): void;
  abstract toJSON(): LayerJSON;
}
