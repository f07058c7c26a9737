// Elementwise sum over n floats, the residual block's skip connection:
//
//   forward:   Y = F(X) + X                    add_f32(y, fx, x, n)
//   backward:  dF = dY (a copy, b = 0)         add_f32(dF, dy, 0, n)
//              dX = dX_F + dY                  add_f32(dx, dx, dy, n)
//
// y = a + b, or y = a when b is 0 (the null pointer: a plain copy). y may alias
// a or b: each lane is read before it is written. n need not be a multiple of 4.

export function add_f32(y: usize, a: usize, b: usize, n: i32): void {
  if (b == 0) {
    if (y != a) memory.copy(y, a, <usize>n << 2);
    return;
  }
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(a + o) + load<f32>(b + o));
  }
}
