// Optimisers: one loop over the whole parameter block (parameters and gradients
// are two same-shaped contiguous regions), 4 floats per step.
//
// `hyper` points at f32 hyper-parameters the caller can change between steps:
//   [0] lr  [1] momentum or β1  [2] β2  [3] ε  [4] weight decay (L2)  [5] step t
// With g' = g + wd·p:
//   sgd:      p −= lr·g'
//   momentum: v = μ·v + g';  p −= lr·v
//   adam:     t += 1;  m = β1·m + (1−β1)·g';  v = β2·v + (1−β2)·g'²
//             p −= α·m / (√v + ε̂),  α = lr·√(1−β2^t)/(1−β1^t),  ε̂ = ε·√(1−β2^t)
//             (the bias-corrected update of Kingma & Ba, rearranged so the
//             per-element work has no division by the corrections).
// n need not be a multiple of 4: the tail runs the same formulas in scalar.

import { madd } from './simd';

export function sgd_f32(p: usize, g: usize, n: i32, hyper: usize): void {
  const lr = load<f32>(hyper);
  const wd = load<f32>(hyper, 16);
  const lrv = f32x4.splat(-lr), wdv = f32x4.splat(wd);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const pv = v128.load(p + o);
    v128.store(p + o, madd(lrv, madd(wdv, pv, v128.load(g + o)), pv));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const pv = load<f32>(p + o);
    store<f32>(p + o, pv - lr * (load<f32>(g + o) + wd * pv));
  }
}

export function momentum_f32(p: usize, g: usize, vel: usize, n: i32, hyper: usize): void {
  const lr = load<f32>(hyper);
  const mu = load<f32>(hyper, 4);
  const wd = load<f32>(hyper, 16);
  const lrv = f32x4.splat(-lr), muv = f32x4.splat(mu), wdv = f32x4.splat(wd);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const pv = v128.load(p + o);
    const v = madd(muv, v128.load(vel + o), madd(wdv, pv, v128.load(g + o)));
    v128.store(vel + o, v);
    v128.store(p + o, madd(lrv, v, pv));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const pv = load<f32>(p + o);
    const v = mu * load<f32>(vel + o) + (load<f32>(g + o) + wd * pv);
    store<f32>(vel + o, v);
    store<f32>(p + o, pv - lr * v);
  }
}

export function adam_f32(p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void {
  const lr = load<f32>(hyper);
  const b1 = load<f32>(hyper, 4);
  const b2 = load<f32>(hyper, 8);
  const eps = load<f32>(hyper, 12);
  const wd = load<f32>(hyper, 16);
  const t = load<f32>(hyper, 20) + 1;
  store<f32>(hyper, t, 20);
  const c2 = Math.sqrt(1 - Math.pow(<f64>b2, <f64>t));
  const alpha = <f32>(<f64>lr * c2 / (1 - Math.pow(<f64>b1, <f64>t)));
  const epsHat = <f32>(<f64>eps * c2);
  const b1v = f32x4.splat(b1), b2v = f32x4.splat(b2);
  const c1v = f32x4.splat(1 - b1), c2v = f32x4.splat(1 - b2);
  const av = f32x4.splat(-alpha), ev = f32x4.splat(epsHat), wdv = f32x4.splat(wd);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const pv = v128.load(p + o);
    const gv = madd(wdv, pv, v128.load(g + o));
    const mv = madd(b1v, v128.load(m + o), f32x4.mul(c1v, gv));
    const vv = madd(b2v, v128.load(v + o), f32x4.mul(c2v, f32x4.mul(gv, gv)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    v128.store(p + o, madd(av, f32x4.div(mv, f32x4.add(f32x4.sqrt(vv), ev)), pv));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const pv = load<f32>(p + o);
    const gv = load<f32>(g + o) + wd * pv;
    const mv = b1 * load<f32>(m + o) + (1 - b1) * gv;
    const vv = b2 * load<f32>(v + o) + (1 - b2) * (gv * gv);
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(p + o, pv - alpha * (mv / (Mathf.sqrt(vv) + epsHat)));
  }
}
