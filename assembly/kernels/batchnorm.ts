// Batch normalisation per channel, CHWN layout: channel c's values are one
// contiguous run of N = H·W·B floats (a dense layer is H = W = 1), so the
// statistics are a per-row reduction. params: [γ (C) | β (C) | running mean (C) | running var (C)].
//
//   training forward:  μ = mean_c(x), σ² = var_c(x) (biased), r = 1/√(σ² + eps)
//                      x̂ = (x − μ)·r   y = γ·x̂ + β
//                      running mean ← (1 − m)·running mean + m·μ;  running var ← (1 − m)·running var + m·σ²·N/(N − 1)
//   inference forward: y = γ·(x − running mean)/√(running var + eps) + β
//   backward (batch statistics):
//                      dβ = Σ dy   dγ = Σ dy·x̂   dx = γ·r/N · (N·dy − dβ − x̂·dγ)
//
// Backward overwrites dγ, dβ and dx, and writes 0 to the running statistics'
// gradients (they are frozen; the optimiser skips them). Sums are f64.
// x̂ (C × N) and r (C) are saved by the training forward for the backward.

export function batchnorm_f32_fwd(y: usize, xhat: usize, rstd: usize, x: usize, params: usize, C: i32, N: i32, momentum: f32, eps: f32, training: i32): void {
  const gamma = params, beta = params + (<usize>C << 2), runMean = params + (<usize>(2 * C) << 2), runVar = params + (<usize>(3 * C) << 2);
  for (let c = 0; c < C; c++) {
    const row = <usize>c * <usize>N << 2;
    const cc = <usize>c << 2;
    const g = load<f32>(gamma + cc), b = load<f32>(beta + cc);
    let mean: f64, r: f64;
    if (training) {
      let s: f64 = 0;
      for (let i = 0; i < N; i++) s += <f64>load<f32>(x + row + (<usize>i << 2));
      mean = s / <f64>N;
      let v: f64 = 0;
      for (let i = 0; i < N; i++) {
        const d = <f64>load<f32>(x + row + (<usize>i << 2)) - mean;
        v += d * d;
      }
      const variance = v / <f64>N;
      r = 1 / Math.sqrt(variance + <f64>eps);
      store<f32>(rstd + cc, <f32>r);
      const m = <f64>momentum;
      store<f32>(runMean + cc, <f32>((1 - m) * <f64>load<f32>(runMean + cc) + m * mean));
      const unbiased = N > 1 ? variance * <f64>N / <f64>(N - 1) : variance;
      store<f32>(runVar + cc, <f32>((1 - m) * <f64>load<f32>(runVar + cc) + m * unbiased));
    } else {
      mean = <f64>load<f32>(runMean + cc);
      r = 1 / Math.sqrt(<f64>load<f32>(runVar + cc) + <f64>eps);
    }
    const mf = <f32>mean, rf = <f32>r;
    for (let i = 0; i < N; i++) {
      const at = row + (<usize>i << 2);
      const h = (load<f32>(x + at) - mf) * rf;
      if (training) store<f32>(xhat + at, h);
      store<f32>(y + at, g * h + b);
    }
  }
}

export function batchnorm_f32_bwd(dx: usize, dy: usize, xhat: usize, rstd: usize, params: usize, grads: usize, C: i32, N: i32): void {
  const dgamma = grads, dbeta = grads + (<usize>C << 2);
  memory.fill(grads + (<usize>(2 * C) << 2), 0, <usize>(2 * C) << 2);
  for (let c = 0; c < C; c++) {
    const row = <usize>c * <usize>N << 2;
    const cc = <usize>c << 2;
    let sb: f64 = 0, sg: f64 = 0;
    for (let i = 0; i < N; i++) {
      const at = row + (<usize>i << 2);
      const g = <f64>load<f32>(dy + at);
      sb += g;
      sg += g * <f64>load<f32>(xhat + at);
    }
    store<f32>(dbeta + cc, <f32>sb);
    store<f32>(dgamma + cc, <f32>sg);
    if (dx == 0) continue;
    const k = <f64>load<f32>(params + cc) * <f64>load<f32>(rstd + cc) / <f64>N;
    for (let i = 0; i < N; i++) {
      const at = row + (<usize>i << 2);
      store<f32>(dx + at, <f32>(k * (<f64>N * <f64>load<f32>(dy + at) - sb - <f64>load<f32>(xhat + at) * sg)));
    }
  }
}
