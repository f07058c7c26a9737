// Bias over a feature-major batch (D rows of B examples).
//   forward:  y[d][b] += bias[d]
//   backward: dbias[d] (+)= Σ_b dy[d][b]     (overwrite unless accumulate = 1)

export function bias_f32_fwd(y: usize, bias: usize, D: i32, B: i32): void {
  const B4 = B & ~3;
  for (let d = 0; d < D; d++) {
    const row = y + (<usize>(d * B) << 2);
    const s = load<f32>(bias + (<usize>d << 2));
    const sv = f32x4.splat(s);
    for (let b = 0; b < B4; b += 4) {
      const o = row + (<usize>b << 2);
      v128.store(o, f32x4.add(v128.load(o), sv));
    }
    for (let b = B4; b < B; b++) {
      const o = row + (<usize>b << 2);
      store<f32>(o, load<f32>(o) + s);
    }
  }
}

export function bias_f32_bwd(dbias: usize, dy: usize, D: i32, B: i32, accumulate: i32): void {
  const B4 = B & ~3;
  for (let d = 0; d < D; d++) {
    const row = dy + (<usize>(d * B) << 2);
    let acc = f32x4.splat(0);
    for (let b = 0; b < B4; b += 4) acc = f32x4.add(acc, v128.load(row + (<usize>b << 2)));
    let s: f32 = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (let b = B4; b < B; b++) s += load<f32>(row + (<usize>b << 2));
    const o = dbias + (<usize>d << 2);
    store<f32>(o, accumulate != 0 ? load<f32>(o) + s : s);
  }
}
