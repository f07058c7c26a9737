// Max-pooling over windows K×K with stride S (no padding), CHWN layout
// (X[c][y][x][b], batch innermost). Ho = ⌊(H − K) / S⌋ + 1, likewise Wo.
//
//   forward:  Y[c][oy][ox][b] = max over the window of X[c][oy·S+ky][ox·S+kx][b]
//   backward: dX[at the window's first maximum] += dY[c][oy][ox][b]; 0 elsewhere
//
// Backward finds the maximum again by comparing X with Y (no argmax buffer);
// a `taken` mask sends each gradient to one position even when values tie,
// in window order, the same position a scalar argmax would pick.

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
