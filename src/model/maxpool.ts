/**
 * Max-pooling over size×size windows with a stride (no padding, floor), CHWN
 * batches. No parameters; backward sends each output's gradient to the first
 * maximum of its window (see assembly/kernels/pool.ts).
 */
import { windowOutputs, type LayerBuffers, type LayerKind, type Shape } from './layer.js';
import { PoolLayer } from './pool-layer.js';
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

export class MaxPool extends PoolLayer {
  readonly type = 'maxpool' as const;

  constructor(inputShape: Shape, readonly size: number, stride: number, offset: number) {
    super(inputShape, size, size, stride, offset, 'maxpool');
  }

  /** The max-pooling ops take one window side, K. */
  private squareGeometry(): { C: number; H: number; W: number; K: number; S: number; B: number } {
    const { KH, KW: _, ...rest } = this.geometry();
    return { ...rest, K: KH };
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers): void {
    plan.maxpoolFwd({ y: buf.y, x, ...this.squareGeometry() });
  }

  emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number): void {
    if (dx !== 0) plan.maxpoolBwd({ dx, dy: buf.dy, x, y: buf.y, ...this.squareGeometry() });
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
