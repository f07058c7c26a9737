/**
 * A plain-TypeScript dense network in f64, written for clarity: the reference
 * the wasm model is checked against (forward, loss, gradient, optimiser steps).
 * Layout of the parameter vector matches Model: per layer W (units×inputs,
 * row-major) then b.
 */
import { ACTIVATION_MATH, type ActivationName } from '../../src/model/activation.js';

export type Act = ActivationName;

export interface RefLayer {
  inputs: number;
  units: number;
  activation: Act;
}

// σ and σ' from the library's one f64 definition (src/model/activation.ts); the
// kernels' f32 versions are checked against it in test/kernels/activation.test.ts.
export function act(name: Act, z: number): number {
  return ACTIVATION_MATH[name].value(z);
}

export function actGrad(name: Act, z: number): number {
  return ACTIVATION_MATH[name].slope(z);
}

export function paramCount(layers: RefLayer[]): number {
  return layers.reduce((n, l) => n + l.units * l.inputs + l.units, 0);
}

/** Mean softmax cross-entropy of the batch and its gradient w.r.t. params. */
export function lossAndGradient(layers: RefLayer[], params: ArrayLike<number>, x: ArrayLike<number>, labels: ArrayLike<number>): { loss: number; grad: Float64Array; correct: number } {
  const n = labels.length;
  const grad = new Float64Array(paramCount(layers));
  let loss = 0;
  let correct = 0;
  for (let e = 0; e < n; e++) {
    // forward, keeping every layer's z and y
    const ys: number[][] = [Array.from({ length: layers[0]!.inputs }, (_, i) => x[e * layers[0]!.inputs + i]!)];
    const zs: number[][] = [];
    let off = 0;
    for (const l of layers) {
      const input = ys[ys.length - 1]!;
      const z = new Array<number>(l.units);
      for (let j = 0; j < l.units; j++) {
        let s = params[off + l.units * l.inputs + j]!;
        for (let i = 0; i < l.inputs; i++) s += params[off + j * l.inputs + i]! * input[i]!;
        z[j] = s;
      }
      zs.push(z);
      ys.push(z.map((v) => act(l.activation, v)));
      off += l.units * l.inputs + l.units;
    }
    const logits = ys[ys.length - 1]!;
    const m = Math.max(...logits);
    const sum = logits.reduce((s, v) => s + Math.exp(v - m), 0);
    const y = labels[e]!;
    loss += Math.log(sum) - (logits[y]! - m);
    let arg = 0;
    logits.forEach((v, c) => { if (v > logits[arg]!) arg = c; });
    if (arg === y) correct++;
    // backward
    let dy = logits.map((v, c) => (Math.exp(v - m) / sum - (c === y ? 1 : 0)) / n);
    for (let li = layers.length - 1; li >= 0; li--) {
      const l = layers[li]!;
      off -= l.units * l.inputs + l.units;
      const dz = dy.map((d, j) => d * actGrad(l.activation, zs[li]![j]!));
      const input = ys[li]!;
      const dx = new Array<number>(l.inputs).fill(0);
      for (let j = 0; j < l.units; j++) {
        grad[off + l.units * l.inputs + j]! += dz[j]!;
        for (let i = 0; i < l.inputs; i++) {
          grad[off + j * l.inputs + i]! += dz[j]! * input[i]!;
          dx[i]! += params[off + j * l.inputs + i]! * dz[j]!;
        }
      }
      dy = dx;
    }
  }
  return { loss: loss / n, grad, correct };
}

/** Mean loss only (for finite differences). */
export function loss(layers: RefLayer[], params: ArrayLike<number>, x: ArrayLike<number>, labels: ArrayLike<number>): number {
  return lossAndGradient(layers, params, x, labels).loss;
}

/** Adam as Kingma & Ba write it, in f64; state persists across calls. */
export class RefAdam {
  private m: Float64Array;
  private v: Float64Array;
  private t = 0;
  constructor(size: number, private lr: number, private b1 = 0.9, private b2 = 0.999, private eps = 1e-8) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(params: Float64Array, grad: ArrayLike<number>): void {
    this.t++;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i]!;
      this.m[i] = this.b1 * this.m[i]! + (1 - this.b1) * g;
      this.v[i] = this.b2 * this.v[i]! + (1 - this.b2) * g * g;
      const mHat = this.m[i]! / (1 - this.b1 ** this.t);
      const vHat = this.v[i]! / (1 - this.b2 ** this.t);
      params[i]! -= (this.lr * mHat) / (Math.sqrt(vHat) + this.eps);
    }
  }
}
