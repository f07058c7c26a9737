/**
 * A plain f64 forward pass of any Untangle network (dense, conv2d, maxpool, avgpool, globalavgpool,
 * residual blocks of those: the inner layers' output plus the block's input),
 * one example at a time in C×H×W order, written directly from the definitions
 * (no im2col). Finite differences of its loss are the reference gradient for
 * the convolutional layers.
 */
import { act, type Act } from './mlp.js';

export interface RefShape { channels: number; height: number; width: number }

export type RefLayer =
  | { type: 'dense'; inputs: number; units: number; activation: Act }
  | { type: 'conv2d'; inputShape: RefShape; filters: number; kernel: number; stride: number; padding: number; activation: Act }
  | { type: 'maxpool'; inputShape: RefShape; size: number; stride: number }
  | { type: 'avgpool'; inputShape: RefShape; size: number; stride: number }
  | { type: 'globalavgpool'; inputShape: RefShape }
  | { type: 'residual'; layers: RefLayer[] };

export function refParamCount(layers: RefLayer[]): number {
  return layers.reduce((n, l) => n + (l.type === 'dense' ? l.units * l.inputs + l.units : l.type === 'conv2d' ? l.filters * l.inputShape.channels * l.kernel * l.kernel + l.filters
    : l.type === 'residual' ? refParamCount(l.layers) : 0), 0);
}

/** Output of every layer for one example (input given in C×H×W order). */
export function refForward(layers: RefLayer[], params: ArrayLike<number>, input: ArrayLike<number>): number[][] {
  return forwardFrom(layers, params, 0, input);
}

/** refForward with the layers' parameters starting at `off` (a residual block's inner layers). */
function forwardFrom(layers: RefLayer[], params: ArrayLike<number>, start: number, input: ArrayLike<number>): number[][] {
  const outs: number[][] = [];
  let x = Array.from(input);
  let off = start;
  for (const l of layers) {
    if (l.type === 'residual') {
      const inner = forwardFrom(l.layers, params, off, x);
      const fx = inner[inner.length - 1]!;
      if (fx.length !== x.length) throw new Error(`reference residual: inner output has ${fx.length} values, input ${x.length}`);
      x = fx.map((v, i) => v + x[i]!);
      off += refParamCount(l.layers);
    } else if (l.type === 'dense') {
      const y: number[] = [];
      for (let j = 0; j < l.units; j++) {
        let s = params[off + l.units * l.inputs + j]!;
        for (let i = 0; i < l.inputs; i++) s += params[off + j * l.inputs + i]! * x[i]!;
        y.push(act(l.activation, s));
      }
      off += l.units * l.inputs + l.units;
      x = y;
    } else if (l.type === 'conv2d') {
      const { channels: C, height: H, width: W } = l.inputShape;
      const K = l.kernel;
      const Ho = Math.floor((H + 2 * l.padding - K) / l.stride) + 1;
      const Wo = Math.floor((W + 2 * l.padding - K) / l.stride) + 1;
      const y: number[] = [];
      for (let f = 0; f < l.filters; f++) {
        for (let oy = 0; oy < Ho; oy++) {
          for (let ox = 0; ox < Wo; ox++) {
            let s = params[off + l.filters * C * K * K + f]!;
            for (let c = 0; c < C; c++) {
              for (let ky = 0; ky < K; ky++) {
                for (let kx = 0; kx < K; kx++) {
                  const iy = oy * l.stride - l.padding + ky, ix = ox * l.stride - l.padding + kx;
                  if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                  s += params[off + f * C * K * K + (c * K + ky) * K + kx]! * x[(c * H + iy) * W + ix]!;
                }
              }
            }
            y.push(act(l.activation, s));
          }
        }
      }
      off += l.filters * C * K * K + l.filters;
      x = y;
    } else if (l.type === 'avgpool' || l.type === 'globalavgpool') {
      const { channels: C, height: H, width: W } = l.inputShape;
      const [KH, KW, S] = l.type === 'avgpool' ? [l.size, l.size, l.stride] : [H, W, 1];
      const Ho = Math.floor((H - KH) / S) + 1, Wo = Math.floor((W - KW) / S) + 1;
      const y: number[] = [];
      for (let c = 0; c < C; c++) {
        for (let oy = 0; oy < Ho; oy++) {
          for (let ox = 0; ox < Wo; ox++) {
            let s = 0;
            for (let ky = 0; ky < KH; ky++) for (let kx = 0; kx < KW; kx++) s += x[(c * H + oy * S + ky) * W + ox * S + kx]!;
            y.push(s / (KH * KW));
          }
        }
      }
      x = y;
    } else {
      const { channels: C, height: H, width: W } = l.inputShape;
      const Ho = Math.floor((H - l.size) / l.stride) + 1, Wo = Math.floor((W - l.size) / l.stride) + 1;
      const y: number[] = [];
      for (let c = 0; c < C; c++) {
        for (let oy = 0; oy < Ho; oy++) {
          for (let ox = 0; ox < Wo; ox++) {
            let m = -Infinity;
            for (let ky = 0; ky < l.size; ky++) for (let kx = 0; kx < l.size; kx++) m = Math.max(m, x[(c * H + oy * l.stride + ky) * W + ox * l.stride + kx]!);
            y.push(m);
          }
        }
      }
      x = y;
    }
    outs.push(x);
  }
  return outs;
}

/** Mean softmax cross-entropy over a batch (rows of `dim` features). */
export function refLoss(layers: RefLayer[], params: ArrayLike<number>, x: ArrayLike<number>, labels: ArrayLike<number>, dim: number): number {
  let total = 0;
  for (let e = 0; e < labels.length; e++) {
    const outs = refForward(layers, params, Array.prototype.slice.call(x, e * dim, (e + 1) * dim));
    const logits = outs[outs.length - 1]!;
    const m = Math.max(...logits);
    const s = logits.reduce((a, v) => a + Math.exp(v - m), 0);
    total += Math.log(s) - (logits[labels[e]!]! - m);
  }
  return total / labels.length;
}
