/**
 * The vector-field layer in plain f64, one example at a time, from the
 * definition y = x + Σ_k v_k f_k(x) / (1 + Σ_k f_k(x)), f_k = exp(−‖x − c_k‖²/(2s_k²)),
 * with its backward by the chain rule; and a network of dense and vector-field
 * layers (softmax cross-entropy on the last) built from it. Parameter layout as in
 * the model: dense W (units×inputs) then b; vector field V (K×D), C (K×D), s (K).
 */
import { act, actGrad, type Act } from './mlp.js';

export interface VfParams { V: ArrayLike<number>; C: ArrayLike<number>; s: ArrayLike<number>; D: number; K: number }

/** y = x + F(x) for one point. */
export function vfForward(p: VfParams, x: ArrayLike<number>): number[] {
  const { D, K } = p;
  const f: number[] = [];
  let S = 1;
  for (let k = 0; k < K; k++) {
    let q = 0;
    for (let d = 0; d < D; d++) q += (x[d]! - p.C[k * D + d]!) ** 2;
    f.push(Math.exp(-q / (2 * p.s[k]! ** 2)));
    S += f[k]!;
  }
  return Array.from({ length: D }, (_, d) => {
    let y = x[d]!;
    for (let k = 0; k < K; k++) y += (p.V[k * D + d]! * f[k]!) / S;
    return y;
  });
}

/** Given dL/dy at one point, dL/dx and the point's contributions to dV, dC, ds (added into the given arrays). */
export function vfBackward(p: VfParams, x: ArrayLike<number>, dy: ArrayLike<number>, dV: Float64Array, dC: Float64Array, ds: Float64Array): number[] {
  const { D, K } = p;
  const f: number[] = [], q: number[] = [];
  let S = 1;
  for (let k = 0; k < K; k++) {
    let qq = 0;
    for (let d = 0; d < D; d++) qq += (x[d]! - p.C[k * D + d]!) ** 2;
    q.push(qq);
    f.push(Math.exp(-qq / (2 * p.s[k]! ** 2)));
    S += f[k]!;
  }
  const g = f.map((v) => v / S);
  // dL/dg_k = v_k·dy; dL/df_l = Σ_k dL/dg_k·(δ_kl − g_k)/S.
  const dg = Array.from({ length: K }, (_, k) => { let e = 0; for (let d = 0; d < D; d++) e += p.V[k * D + d]! * dy[d]!; return e; });
  const m = dg.reduce((a, e, k) => a + e * g[k]!, 0);
  const dx = Array.from(dy);
  for (let k = 0; k < K; k++) {
    for (let d = 0; d < D; d++) dV[k * D + d]! += g[k]! * dy[d]!;
    const df = (dg[k]! - m) / S; // dL/df_k
    const s2 = p.s[k]! ** 2;
    for (let d = 0; d < D; d++) {
      const t = x[d]! - p.C[k * D + d]!;
      dx[d]! += df * f[k]! * (-t / s2); // ∂f/∂x = −f (x − c)/s²
      dC[k * D + d]! += df * f[k]! * (t / s2);
    }
    ds[k]! += df * f[k]! * (q[k]! / (s2 * p.s[k]!)); // ∂f/∂s = f q / s³
  }
  return dx;
}

export type NetLayer = { type: 'dense'; inputs: number; units: number; activation: Act } | { type: 'vectorfield'; D: number; K: number };

export function netParamCount(layers: NetLayer[]): number {
  return layers.reduce((n, l) => n + (l.type === 'dense' ? l.units * l.inputs + l.units : 2 * l.K * l.D + l.K), 0);
}

/** Mean softmax cross-entropy of a batch and its gradient w.r.t. all parameters. */
export function netLossAndGradient(layers: NetLayer[], params: ArrayLike<number>, x: ArrayLike<number>, labels: ArrayLike<number>): { loss: number; grad: Float64Array } {
  const n = labels.length;
  const grad = new Float64Array(netParamCount(layers));
  const offsets: number[] = [];
  let o = 0;
  for (const l of layers) { offsets.push(o); o += l.type === 'dense' ? l.units * l.inputs + l.units : 2 * l.K * l.D + l.K; }
  const vf = (li: number): VfParams => {
    const l = layers[li] as { D: number; K: number };
    const a = offsets[li]!, KD = l.K * l.D;
    const all = Array.prototype.slice.call(params, a, a + 2 * KD + l.K) as number[];
    return { V: all.slice(0, KD), C: all.slice(KD, 2 * KD), s: all.slice(2 * KD), D: l.D, K: l.K };
  };
  const width0 = layers[0]!.type === 'dense' ? layers[0]!.inputs : layers[0]!.D;
  let loss = 0;
  for (let e = 0; e < n; e++) {
    const ys: number[][] = [Array.from({ length: width0 }, (_, i) => x[e * width0 + i]!)];
    const zs: number[][] = [];
    layers.forEach((l, li) => {
      const input = ys[li]!;
      if (l.type === 'vectorfield') { const y = vfForward(vf(li), input); zs.push(y); ys.push(y); return; }
      const z = Array.from({ length: l.units }, (_, j) => {
        let s = params[offsets[li]! + l.units * l.inputs + j]!;
        for (let i = 0; i < l.inputs; i++) s += params[offsets[li]! + j * l.inputs + i]! * input[i]!;
        return s;
      });
      zs.push(z);
      ys.push(z.map((v) => act(l.activation, v)));
    });
    const logits = ys[ys.length - 1]!;
    const mx = Math.max(...logits);
    const sum = logits.reduce((s, v) => s + Math.exp(v - mx), 0);
    const y = labels[e]!;
    loss += Math.log(sum) - (logits[y]! - mx);
    let dy = logits.map((v, c) => (Math.exp(v - mx) / sum - (c === y ? 1 : 0)) / n);
    for (let li = layers.length - 1; li >= 0; li--) {
      const l = layers[li]!;
      const a = offsets[li]!;
      if (l.type === 'vectorfield') {
        const KD = l.K * l.D;
        const dV = new Float64Array(KD), dC = new Float64Array(KD), ds = new Float64Array(l.K);
        dy = vfBackward(vf(li), ys[li]!, dy, dV, dC, ds);
        dV.forEach((v, i) => { grad[a + i]! += v; });
        dC.forEach((v, i) => { grad[a + KD + i]! += v; });
        ds.forEach((v, i) => { grad[a + 2 * KD + i]! += v; });
        continue;
      }
      const dz = dy.map((d, j) => d * actGrad(l.activation, zs[li]![j]!));
      const dx = new Array<number>(l.inputs).fill(0);
      for (let j = 0; j < l.units; j++) {
        grad[a + l.units * l.inputs + j]! += dz[j]!;
        for (let i = 0; i < l.inputs; i++) {
          grad[a + j * l.inputs + i]! += dz[j]! * ys[li]![i]!;
          dx[i]! += params[a + j * l.inputs + i]! * dz[j]!;
        }
      }
      dy = dx;
    }
  }
  return { loss: loss / n, grad };
}
