// Mean squared error over a feature-major batch: outputs y and targets t are
// T rows × B examples (row r, column b is output r of example b).
//
//   forward:   L = 1/(B·T) · Σ_b Σ_r (y[r][b] − t[r][b])²     (mean over every entry)
//              stats (f64 at +0) += B·L = Σ_b Σ_r (y − t)² / T
//   backward:  dy[r][b] = 2·(y[r][b] − t[r][b]) / (B·T)       (gradient of L)
//
// Like every loss op, the forward adds the batch size times the loss it
// differentiates to the f64 at `stats`, so an epoch's sum divided by its
// examples is the mean of the batch losses. The sum is accumulated in f64 (per
// row of four f32 lanes, then per row into f64) so long epochs do not lose the
// small batches' contributions. `dy` may alias neither y nor t.

export function mse_f32_fwd(stats: usize, y: usize, t: usize, T: i32, B: i32): void {
  const B4 = B & ~3;
  let sum: f64 = 0;
  for (let r = 0; r < T; r++) {
    const yr = y + (<usize>(r * B) << 2), tr = t + (<usize>(r * B) << 2);
    let acc = f32x4.splat(0);
    for (let b = 0; b < B4; b += 4) {
      const d = f32x4.sub(v128.load(yr + (<usize>b << 2)), v128.load(tr + (<usize>b << 2)));
      acc = f32x4.add(acc, f32x4.mul(d, d));
    }
    let s: f64 = (<f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1)) + (<f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3));
    for (let b = B4; b < B; b++) {
      const d = load<f32>(yr + (<usize>b << 2)) - load<f32>(tr + (<usize>b << 2));
      s += <f64>(d * d);
    }
    sum += s;
  }
  store<f64>(stats, load<f64>(stats) + sum / <f64>T);
}

export function mse_f32_bwd(dy: usize, y: usize, t: usize, T: i32, B: i32): void {
  const n = T * B;
  const n4 = n & ~3;
  const scale: f32 = <f32>2 / (<f32>B * <f32>T);
  const sv = f32x4.splat(scale);
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(dy + o, f32x4.mul(f32x4.sub(v128.load(y + o), v128.load(t + o)), sv));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dy + o, (load<f32>(y + o) - load<f32>(t + o)) * scale);
  }
}
