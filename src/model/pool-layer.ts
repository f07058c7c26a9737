/**
 * What the pooling layers share: a window of KH × KW moved by a stride (no
 * padding, floor) over each channel, no parameters. Each pooling layer adds its
 * forward and backward ops.
 */
import { OptionError } from '../errors.js';
import { BATCH } from '../engine/abi.js';
import { windowOutputs, type Shape } from './layer.js';
import { ParameterFreeLayer } from './parameter-free-layer.js';

/** A pooling op's geometry slots (the same names in every pooling op of the op table). */
export interface PoolGeometry { C: number; H: number; W: number; KH: number; KW: number; S: number; B: number }

function pooledShape(input: Shape, windowHeight: number, windowWidth: number, stride: number, name: string): Shape {
  const { channels, height, width } = input;
  const ho = windowOutputs(height, windowHeight, stride), wo = windowOutputs(width, windowWidth, stride);
  if (!(ho >= 1 && wo >= 1)) throw new OptionError(`${name}: a ${windowHeight}×${windowWidth} window does not fit a ${height}×${width} input`);
  return { channels, height: ho, width: wo };
}

export abstract class PoolLayer extends ParameterFreeLayer {
  constructor(inputShape: Shape, readonly windowHeight: number, readonly windowWidth: number, readonly stride: number, offset: number, name: string) {
    super(inputShape, pooledShape(inputShape, windowHeight, windowWidth, stride, name), offset);
  }

  protected geometry(): PoolGeometry {
    const { channels, height, width } = this.inputShape;
    return { C: channels, H: height, W: width, KH: this.windowHeight, KW: this.windowWidth, S: this.stride, B: BATCH };
  }
}
