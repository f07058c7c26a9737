// Elementwise activations, forward and backward, over n contiguous floats.
//
//   kind  name      forward y = σ(x)              backward dx = dy·σ'(x)
//   0     linear    x                              dy
//   1     tanh      tanh x                         dy·(1 − y²)
//   2     sigmoid   1/(1+e^−x) = ½ + ½·tanh(x/2)   dy·y·(1 − y)
//   3     relu      max(x, 0)                      dy·[x > 0]
//   4     softplus  log(1 + e^x)                   dy·sigmoid(x)
//
// tanh and sigmoid share the vectorised rational tanh (abs error ≤ 4e-7).
// Backward reads whichever of x and y its formula needs; dx may alias dy, y may
// alias x only for identity. Layout does not matter: the caller passes D·B.

import { tanh4, tanh1 } from './simd';

export const ACT_LINEAR: i32 = 0;
export const ACT_TANH: i32 = 1;
export const ACT_SIGMOID: i32 = 2;
export const ACT_RELU: i32 = 3;
export const ACT_SOFTPLUS: i32 = 4;

@inline function sigmoid4(x: v128): v128 {
  const half = f32x4.splat(0.5);
  return f32x4.add(half, f32x4.mul(half, tanh4(f32x4.mul(half, x))));
}

@inline function sigmoid1(x: f32): f32 {
  return f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0);
}

// log(1 + e^x) without overflow: max(x, 0) + log1p(e^−|x|).
@inline function softplus1(x: f32): f32 {
  return max(x, 0) + Mathf.log1p(Mathf.exp(-Mathf.abs(x)));
}

export function act_f32_fwd(y: usize, x: usize, n: i32, kind: i32): void {
  const n4 = n & ~3;
  if (kind == ACT_TANH) {
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, tanh4(v128.load(x + o)));
    }
    for (let i = n4; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, tanh1(load<f32>(x + o)));
    }
  } else if (kind == ACT_SIGMOID) {
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, sigmoid4(v128.load(x + o)));
    }
    for (let i = n4; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, sigmoid1(load<f32>(x + o)));
    }
  } else if (kind == ACT_RELU) {
    const zero = f32x4.splat(0);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, f32x4.pmax(v128.load(x + o), zero));
    }
    for (let i = n4; i < n; i++) {
      const o = <usize>i << 2;
      const v = load<f32>(x + o);
      store<f32>(y + o, v < 0 ? 0 : v); // as pmax(x, 0) in the vector body: NaN and −0 pass through
    }
  } else if (kind == ACT_SOFTPLUS) {
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, softplus1(load<f32>(x + o)));
    }
  } else if (y != x) {
    memory.copy(y, x, <usize>n << 2);
  }
}

export function act_f32_bwd(dx: usize, dy: usize, y: usize, x: usize, n: i32, kind: i32): void {
  const n4 = n & ~3;
  if (kind == ACT_TANH) {
    const one = f32x4.splat(1);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const yv = v128.load(y + o);
      v128.store(dx + o, f32x4.mul(v128.load(dy + o), f32x4.sub(one, f32x4.mul(yv, yv))));
    }
    for (let i = n4; i < n; i++) {
      const o = <usize>i << 2;
      const yv = load<f32>(y + o);
      store<f32>(dx + o, load<f32>(dy + o) * (1 - yv * yv));
    }
  } else if (kind == ACT_SIGMOID) {
    const one = f32x4.splat(1);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const yv = v128.load(y + o);
      v128.store(dx + o, f32x4.mul(v128.load(dy + o), f32x4.mul(yv, f32x4.sub(one, yv))));
    }
    for (let i = n4; i < n; i++) {
      const o = <usize>i << 2;
      const yv = load<f32>(y + o);
      store<f32>(dx + o, load<f32>(dy + o) * yv * (1 - yv));
    }
  } else if (kind == ACT_RELU) {
    const zero = f32x4.splat(0);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const mask = f32x4.gt(v128.load(x + o), zero);
      v128.store(dx + o, v128.and(v128.load(dy + o), mask));
    }
    for (let i = n4; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(dx + o, load<f32>(x + o) > 0 ? load<f32>(dy + o) : 0);
    }
  } else if (kind == ACT_SOFTPLUS) {
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(dx + o, f32x4.mul(v128.load(dy + o), sigmoid4(v128.load(x + o))));
    }
    for (let i = n4; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(dx + o, load<f32>(dy + o) * sigmoid1(load<f32>(x + o)));
    }
  } else if (dx != dy) {
    memory.copy(dx, dy, <usize>n << 2);
  }
}
