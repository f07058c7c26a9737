// Max-pooling over windows K×K with stride S (no padding), CHWN layout
// (X[c][y][x][b], batch innermost). Ho = ⌊(H − K) / S⌋ + 1, likewise Wo.
//
//   forward:  Y[c][oy][ox][b] = max over the window of X[c][oy·S+ky][ox·S+kx][b]
//   backward: dX[at the window's first maximum] += dY[c][oy][ox][b]; 0 elsewhere
//
// Backward finds the maximum again by comparing X with Y (no argmax buffer);
// a `taken` mask sends each gradient to one position even when values tie,
// in window order, the same position a scalar argmax would pick.
// Windows that tile the input (K = S, the usual 2×2 pooling) own their
// positions alone, so backward stores each one once (gradient or zero) and
// zeroes only the rows and columns no window covers, where overlapping
// windows need dx zeroed first and a read-modify-write per tap: E7's pool
// backward went 1.5–1.9× faster (bench/results/e7-step-ops-simd-ab.md).
// Both add the gradient to +0, so the bits are the same.

@inline function outSize(n: i32, k: i32, s: i32): i32 {
  return (n - k) / s + 1;
}

export function maxpool_f32_fwd(y: usize, x: usize, C: i32, H: i32, W: i32, K: i32, S: i32, B: i32): void {
  const Ho = outSize(H, K, S), Wo = outSize(W, K, S);
  const B4 = B & ~3;
  const run = <usize>B << 2;
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const out = y + (<usize>((c * Ho + oy) * Wo + ox)) * run;
        const first = x + (<usize>((c * H + oy * S) * W + ox * S)) * run;
        for (let b = 0; b < B4; b += 4) {
          const o = <usize>b << 2;
          let m = v128.load(first + o);
          for (let ky = 0; ky < K; ky++) {
            for (let kx = 0; kx < K; kx++) {
              m = f32x4.max(m, v128.load(first + (<usize>(ky * W + kx)) * run + o));
            }
          }
          v128.store(out + o, m);
        }
        for (let b = B4; b < B; b++) {
          const o = <usize>b << 2;
          let m = load<f32>(first + o);
          for (let ky = 0; ky < K; ky++) {
            for (let kx = 0; kx < K; kx++) m = max(m, load<f32>(first + (<usize>(ky * W + kx)) * run + o));
          }
          store<f32>(out + o, m);
        }
      }
    }
  }
}

export function maxpool_f32_bwd(dx: usize, dy: usize, x: usize, y: usize, C: i32, H: i32, W: i32, K: i32, S: i32, B: i32): void {
  if (K == S) {
    maxpoolTiledBwd(dx, dy, x, y, C, H, W, K, B);
    return;
  }
  const Ho = outSize(H, K, S), Wo = outSize(W, K, S);
  const B4 = B & ~3;
  const run = <usize>B << 2;
  memory.fill(dx, 0, <usize>(C * H * W) * run);
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const at = (<usize>((c * Ho + oy) * Wo + ox)) * run;
        const base = (<usize>((c * H + oy * S) * W + ox * S)) * run;
        for (let b = 0; b < B4; b += 4) {
          const o = <usize>b << 2;
          const yv = v128.load(y + at + o);
          const g = v128.load(dy + at + o);
          let taken = i32x4.splat(0);
          for (let ky = 0; ky < K; ky++) {
            for (let kx = 0; kx < K; kx++) {
              const off = base + (<usize>(ky * W + kx)) * run + o;
              const hit = v128.andnot(f32x4.eq(v128.load(x + off), yv), taken);
              taken = v128.or(taken, hit);
              v128.store(dx + off, f32x4.add(v128.load(dx + off), v128.and(g, hit)));
            }
          }
        }
        for (let b = B4; b < B; b++) {
          const o = <usize>b << 2;
          const yv = load<f32>(y + at + o);
          let done = false;
          for (let ky = 0; ky < K && !done; ky++) {
            for (let kx = 0; kx < K && !done; kx++) {
              const off = base + (<usize>(ky * W + kx)) * run + o;
              if (load<f32>(x + off) == yv) {
                store<f32>(dx + off, load<f32>(dx + off) + load<f32>(dy + at + o));
                done = true;
              }
            }
          }
        }
      }
    }
  }
}

// Backward for windows that tile the input (K = S): every position under a
// window is stored once, the rest of each plane (the last H − Ho·K rows, the
// last W − Wo·K columns) zeroed.
function maxpoolTiledBwd(dx: usize, dy: usize, x: usize, y: usize, C: i32, H: i32, W: i32, K: i32, B: i32): void {
  const Ho = H / K, Wo = W / K;
  const B4 = B & ~3;
  const run = <usize>B << 2;
  const zero = f32x4.splat(0);
  for (let c = 0; c < C; c++) {
    const plane = <usize>(c * H * W) * run;
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const at = (<usize>((c * Ho + oy) * Wo + ox)) * run;
        const base = plane + (<usize>(oy * K * W + ox * K)) * run;
        for (let b = 0; b < B4; b += 4) {
          const o = <usize>b << 2;
          const yv = v128.load(y + at + o);
          const g = v128.load(dy + at + o);
          let taken = i32x4.splat(0);
          for (let ky = 0; ky < K; ky++) {
            for (let kx = 0; kx < K; kx++) {
              const off = base + (<usize>(ky * W + kx)) * run + o;
              const hit = v128.andnot(f32x4.eq(v128.load(x + off), yv), taken);
              taken = v128.or(taken, hit);
              v128.store(dx + off, f32x4.add(zero, v128.and(g, hit)));
            }
          }
        }
        for (let b = B4; b < B; b++) {
          const o = <usize>b << 2;
          const yv = load<f32>(y + at + o), g = load<f32>(dy + at + o);
          let done = false;
          for (let ky = 0; ky < K; ky++) {
            for (let kx = 0; kx < K; kx++) {
              const off = base + (<usize>(ky * W + kx)) * run + o;
              const hit = !done && load<f32>(x + off) == yv;
              store<f32>(dx + off, hit ? <f32>0 + g : <f32>0);
              done = done || hit;
            }
          }
        }
      }
      // Columns right of the last window.
      if (Wo * K < W) memory.fill(dx + plane + (<usize>(oy * K * W + Wo * K)) * run, 0, <usize>(W - Wo * K) * run);
      for (let ky = 1; ky < K; ky++) {
        if (Wo * K < W) memory.fill(dx + plane + (<usize>((oy * K + ky) * W + Wo * K)) * run, 0, <usize>(W - Wo * K) * run);
      }
    }
    // Rows below the last window.
    memory.fill(dx + plane + (<usize>(Ho * K * W)) * run, 0, <usize>((H - Ho * K) * W) * run);
  }
}
