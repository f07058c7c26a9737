// L1/L2 penalty on one layer's weights w (n floats; biases are not penalised):
//
//   forward:   P = l1·Σ|w| + l2·Σ w²         stats (f64 at +0) += B·P
//   backward:  dW += l1·sign(w) + 2·l2·w      (sign(0) = 0)
//
// Runs after the layer's backward has written dW, so it accumulates. Like a
// loss op it adds the batch size times what it differentiates to the stats, so
// the reported loss is the data loss plus P. `stats` may be 0 (no value wanted).
// Σ|w| and Σw² run in four f32 lanes, then f64: relative error ≲ 1e-6 for the
// layer sizes we train, far below what the penalty weights mean.

export function weight_penalty_f32(dw: usize, w: usize, n: i32, l1: f32, l2: f32, B: i32, stats: usize): void {
  const n4 = n & ~3;
  const l1v = f32x4.splat(l1), l2x2 = f32x4.splat(2 * l2), zero = f32x4.splat(0);
  let abs4 = f32x4.splat(0), sq4 = f32x4.splat(0);
  for (let i = 0; i < n4; i += 4) {
    const at = <usize>i << 2;
    const wv = v128.load(w + at);
    // sign(w) as ±1 where w ≠ 0: (w > 0) − (w < 0), the masks read as −1/0 integers.
    const sign = f32x4.convert_i32x4_s(i32x4.sub(f32x4.lt(wv, zero), f32x4.gt(wv, zero)));
    v128.store(dw + at, f32x4.add(v128.load(dw + at), f32x4.add(f32x4.mul(l1v, sign), f32x4.mul(l2x2, wv))));
    abs4 = f32x4.add(abs4, f32x4.abs(wv));
    sq4 = f32x4.add(sq4, f32x4.mul(wv, wv));
  }
  let absSum = <f64>f32x4.extract_lane(abs4, 0) + <f64>f32x4.extract_lane(abs4, 1) + <f64>f32x4.extract_lane(abs4, 2) + <f64>f32x4.extract_lane(abs4, 3);
  let sqSum = <f64>f32x4.extract_lane(sq4, 0) + <f64>f32x4.extract_lane(sq4, 1) + <f64>f32x4.extract_lane(sq4, 2) + <f64>f32x4.extract_lane(sq4, 3);
  for (let i = n4; i < n; i++) {
    const at = <usize>i << 2;
    const v = load<f32>(w + at);
    const sign: f32 = v > 0 ? 1 : v < 0 ? -1 : 0;
    store<f32>(dw + at, load<f32>(dw + at) + l1 * sign + 2 * l2 * v);
    absSum += <f64>Mathf.abs(v);
    sqSum += <f64>(v * v);
  }
  if (stats != 0) store<f64>(stats, load<f64>(stats) + <f64>B * (<f64>l1 * absSum + <f64>l2 * sqSum));
}
