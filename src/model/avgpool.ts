/**
 * Average pooling over windows of each channel, CHWN batches, no parameters
 * (assembly/kernels/avgpool.ts has the math):
 *
 *   forward:   Y = mean of each KH×KW window, moved by the stride
 *   backward:  each window's dY shared evenly over the window (overwrites dX)
 *
 * `avgpool` takes square windows of `size` (stride defaults to the size);
 * `globalavgpool` averages each channel's whole map (KH = H, KW = W), so a
 * convnet can end in one number per channel whatever the image size.
 */
import { windowOutputs, type LayerBuffers, type LayerKind, type Shape } from './layer.js';
import { PoolLayer } from './pool-layer.js';
import { fail, int, sameShape, MAX_WINDOW } from './json-checks.js';
import { positiveInt } from './spec-checks.js';
import type { PlanBuilder } from './plan-builder.js';

/** Average pooling over `size` × `size` windows of each channel. */
export interface AvgPoolSpec {
  type: 'avgpool';
  size: number;
  /** Default: the window size (non-overlapping windows). */
  stride?: number;
}

/** Global average pooling: the mean of each channel's whole map (output: channels × 1 × 1). */
export interface GlobalAvgPoolSpec {
  type: 'globalavgpool';
}

/** An average-pooling layer in a saved model (it has no parameters). */
export interface AvgPoolJSON {
  type: 'avgpool';
  inputShape: Shape;
  size: number;
  stride: number;
}

/** A global average-pooling layer in a saved model (it has no parameters). */
export interface GlobalAvgPoolJSON {
  type: 'globalavgpool';
  inputShape: Shape;
}

export class AvgPool extends PoolLayer {
  constructor(readonly type: 'avgpool' | 'globalavgpool', inputShape: Shape, windowHeight: number, windowWidth: number, stride: number, offset: number) {
    super(inputShape, windowHeight, windowWidth, stride, offset, type);
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers): void {
    plan.avgpoolFwd({ y: buf.y, x, ...this.geometry() });
  }

  emitBackward(plan: PlanBuilder, _x: number, buf: LayerBuffers, dx: number): void {
    if (dx !== 0) plan.avgpoolBwd({ dx, dy: buf.dy, ...this.geometry() });
  }

  toJSON(): AvgPoolJSON | GlobalAvgPoolJSON {
    if (this.type === 'globalavgpool') return { type: 'globalavgpool', inputShape: this.inputShape };
    return { type: 'avgpool', inputShape: this.inputShape, size: this.windowHeight, stride: this.stride };
  }
}

/** @internal The average-pooling layer's spec, file and loading rules (no parameters to load). */
export const avgpoolKind: LayerKind<AvgPoolSpec, AvgPoolJSON> = {
  type: 'avgpool',
  build(spec, input, offset, where) {
    const size = positiveInt(spec.size, `${where}: size`, 64);
    return new AvgPool('avgpool', input, size, size, positiveInt(spec.stride ?? size, `${where}: stride`, 64), offset);
  },
  parse(l, input, where) {
    const shape = sameShape(l.inputShape, input, where);
    const size = int(l.size, `${where}.size`, 1, MAX_WINDOW), stride = int(l.stride, `${where}.stride`, 1, MAX_WINDOW);
    const out = { channels: shape.channels, height: windowOutputs(shape.height, size, stride), width: windowOutputs(shape.width, size, stride) };
    if (out.height < 1 || out.width < 1) fail(`${where}: the pooling window does not fit its input`, `${where}.size`);
    return [{ type: 'avgpool', inputShape: shape, size, stride }, out];
  },
  specOf: (l) => ({ type: 'avgpool', size: l.size, stride: l.stride }),
  load() {},
};

/** @internal The global average-pooling layer's spec, file and loading rules. */
export const globalAvgPoolKind: LayerKind<GlobalAvgPoolSpec, GlobalAvgPoolJSON> = {
  type: 'globalavgpool',
  build: (_spec, input, offset) => new AvgPool('globalavgpool', input, input.height, input.width, 1, offset),
  parse(l, input, where) {
    const shape = sameShape(l.inputShape, input, where);
    return [{ type: 'globalavgpool', inputShape: shape }, { channels: shape.channels, height: 1, width: 1 }];
  },
  specOf: () => ({ type: 'globalavgpool' }),
  load() {},
};
