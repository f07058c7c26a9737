/**
 * The contractive penalty of a dense network in plain f64, written from the
 * definition: P = λ/n · Σ_points Σ_{penalised layers} ‖∂h/∂x‖²_F with the
 * layer Jacobian diag(σ'(z))·W, and its gradient by an ordinary per-example
 * backward pass (the penalty's ∂/∂z plus its direct ∂/∂W). Parameter layout as
 * in mlp.ts.
 */
import { act, actGrad, lossAndGradient, paramCount, type Act, type RefLayer } from './mlp.js';
import { ACTIVATION_MATH } from '../../src/model/activation.js';

/** σ''(z). */
export function actCurvature(name: Act, z: number): number {
  return ACTIVATION_MATH[name].curvature(z);
}

/** Penalty value and its gradient w.r.t. all parameters. */
export function penaltyAndGradient(layers: RefLayer[], params: ArrayLike<number>, x: ArrayLike<number>, n: number, lambda: number, penalised: number[]): { penalty: number; grad: Float64Array } {
  const grad = new Float64Array(paramCount(layers));
  const offsets: number[] = [];
  let o = 0;
  for (const l of layers) { offsets.push(o); o += l.units * l.inputs + l.units; }
  const W = (li: number, j: number, i: number) => params[offsets[li]! + j * layers[li]!.inputs + i]!;
  const rowSq = (li: number, j: number) => { let r = 0; for (let i = 0; i < layers[li]!.inputs; i++) r += W(li, j, i) ** 2; return r; };
  const chosen = new Set(penalised);
  let penalty = 0;
  const c = lambda / n;
  for (let e = 0; e < n; e++) {
    const ys: number[][] = [Array.from({ length: layers[0]!.inputs }, (_, i) => x[e * layers[0]!.inputs + i]!)];
    const zs: number[][] = [];
    layers.forEach((l, li) => {
      const input = ys[li]!;
      const z = Array.from({ length: l.units }, (_, j) => {
        let s = params[offsets[li]! + l.units * l.inputs + j]!;
        for (let i = 0; i < l.inputs; i++) s += W(li, j, i) * input[i]!;
        return s;
      });
      zs.push(z);
      ys.push(z.map((v) => act(l.activation, v)));
    });
    let dy = new Array<number>(layers[layers.length - 1]!.units).fill(0);
    for (let li = layers.length - 1; li >= 0; li--) {
      const l = layers[li]!;
      const dz = dy.map((d, j) => d * actGrad(l.activation, zs[li]![j]!));
      if (chosen.has(li)) {
        for (let j = 0; j < l.units; j++) {
          const s1 = actGrad(l.activation, zs[li]![j]!);
          const r = rowSq(li, j);
          penalty += c * s1 * s1 * r;
          dz[j]! += c * 2 * s1 * actCurvature(l.activation, zs[li]![j]!) * r;
          for (let i = 0; i < l.inputs; i++) grad[offsets[li]! + j * l.inputs + i]! += c * s1 * s1 * 2 * W(li, j, i);
        }
      }
      const dx = new Array<number>(l.inputs).fill(0);
      for (let j = 0; j < l.units; j++) {
        grad[offsets[li]! + l.units * l.inputs + j]! += dz[j]!;
        for (let i = 0; i < l.inputs; i++) {
          grad[offsets[li]! + j * l.inputs + i]! += dz[j]! * ys[li]![i]!;
          dx[i]! += W(li, j, i) * dz[j]!;
        }
      }
      dy = dx;
    }
  }
  return { penalty, grad };
}

/** Mean cross-entropy + penalty, and the gradient of the sum. */
export function totalAndGradient(layers: RefLayer[], params: ArrayLike<number>, x: ArrayLike<number>, labels: ArrayLike<number>, lambda: number, penalised: number[]): { loss: number; penalty: number; grad: Float64Array } {
  const base = lossAndGradient(layers, params, x, labels);
  const pen = penaltyAndGradient(layers, params, x, labels.length, lambda, penalised);
  return { loss: base.loss + pen.penalty, penalty: pen.penalty, grad: base.grad.map((g, i) => g + pen.grad[i]!) };
}

export function total(layers: RefLayer[], params: ArrayLike<number>, x: ArrayLike<number>, labels: ArrayLike<number>, lambda: number, penalised: number[]): number {
  return lossAndGradient(layers, params, x, labels).loss + penaltyAndGradient(layers, params, x, labels.length, lambda, penalised).penalty;
}

/** λ/n · Σ_points ‖∂logits/∂x‖²_F of the whole network, J = Π diag(σ'(z_l))·W_l, in f64. */
export function networkPenalty(layers: RefLayer[], params: ArrayLike<number>, x: ArrayLike<number>, n: number, lambda: number): number {
  const D0 = layers[0]!.inputs;
  let total = 0;
  for (let e = 0; e < n; e++) {
    let input = Array.from({ length: D0 }, (_, i) => x[e * D0 + i]!);
    let J: number[][] = Array.from({ length: D0 }, (_, r) => Array.from({ length: D0 }, (_, c) => (r === c ? 1 : 0)));
    let off = 0;
    for (const l of layers) {
      const W = (j: number, i: number) => params[off + j * l.inputs + i]!;
      const z = Array.from({ length: l.units }, (_, j) => {
        let s = params[off + l.units * l.inputs + j]!;
        for (let i = 0; i < l.inputs; i++) s += W(j, i) * input[i]!;
        return s;
      });
      J = z.map((zj, j) => Array.from({ length: D0 }, (_, c) => {
        let s = 0;
        for (let i = 0; i < l.inputs; i++) s += W(j, i) * J[i]![c]!;
        return actGrad(l.activation, zj) * s;
      }));
      input = z.map((v) => act(l.activation, v));
      off += l.units * l.inputs + l.units;
    }
    for (const row of J) for (const v of row) total += v * v;
  }
  return (lambda * total) / n;
}
