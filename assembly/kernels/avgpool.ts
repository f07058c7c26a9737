// Average pooling over KH×KW windows with stride S (no padding), CHWN layout
// (X[c][y][x][b], batch innermost). Ho = ⌊(H − KH) / S⌋ + 1, Wo = ⌊(W − KW) / S⌋ + 1.
// Global average pooling is the case KH = H, KW = W (Ho = Wo = 1).
//
//   forward:  Y[c][oy][ox][b] = 1/(KH·KW) · Σ_{ky,kx} X[c][oy·S+ky][ox·S+kx][b]
//   backward: dX[c][iy][ix][b] = 1/(KH·KW) · Σ over the windows holding (iy, ix) of dY[c][oy][ox][b]
//
// Backward overwrites dX (zero, then each window adds its share), so overlapping
// windows (S < K) sum. Lanes run along the batch; the tail of B mod 4 is scalar.

@inline function outSize(n: i32, k: i32, s: i32): i32 {
  return (n - k) / s + 1;
}

export function avgpool_f32_fwd(y: usize, x: usize, C: i32, H: i32, W: i32, KH: i32, KW: i32, S: i32, B: i32): void {
  const Ho = outSize(H, KH, S), Wo = outSize(W, KW, S);
  const B4 = B & ~3;
  const run = <usize>B << 2;
  const scale = <f32>1 / <f32>(KH * KW);
  const scale4 = f32x4.splat(scale);
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const out = y + (<usize>((c * Ho + oy) * Wo + ox)) * run;
        const first = x + (<usize>((c * H + oy * S) * W + ox * S)) * run;
        for (let b = 0; b < B4; b += 4) {
          const o = <usize>b << 2;
          let s = f32x4.splat(0);
          for (let ky = 0; ky < KH; ky++) {
            for (let kx = 0; kx < KW; kx++) s = f32x4.add(s, v128.load(first + (<usize>(ky * W + kx)) * run + o));
          }
          v128.store(out + o, f32x4.mul(s, scale4));
        }
        for (let b = B4; b < B; b++) {
          const o = <usize>b << 2;
          let s: f32 = 0;
          for (let ky = 0; ky < KH; ky++) {
            for (let kx = 0; kx < KW; kx++) s += load<f32>(first + (<usize>(ky * W + kx)) * run + o);
          }
          store<f32>(out + o, s * scale);
        }
      }
    }
  }
}

export function avgpool_f32_bwd(dx: usize, dy: usize, C: i32, H: i32, W: i32, KH: i32, KW: i32, S: i32, B: i32): void {
  const Ho = outSize(H, KH, S), Wo = outSize(W, KW, S);
  const B4 = B & ~3;
  const run = <usize>B << 2;
  const scale = <f32>1 / <f32>(KH * KW);
  const scale4 = f32x4.splat(scale);
  memory.fill(dx, 0, <usize>(C * H * W) * run);
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const g = dy + (<usize>((c * Ho + oy) * Wo + ox)) * run;
        const first = dx + (<usize>((c * H + oy * S) * W + ox * S)) * run;
        for (let b = 0; b < B4; b += 4) {
          const o = <usize>b << 2;
          const share = f32x4.mul(v128.load(g + o), scale4);
          for (let ky = 0; ky < KH; ky++) {
            for (let kx = 0; kx < KW; kx++) {
              const at = first + (<usize>(ky * W + kx)) * run + o;
              v128.store(at, f32x4.add(v128.load(at), share));
            }
          }
        }
        for (let b = B4; b < B; b++) {
          const o = <usize>b << 2;
          const share = load<f32>(g + o) * scale;
          for (let ky = 0; ky < KH; ky++) {
            for (let kx = 0; kx < KW; kx++) {
              const at = first + (<usize>(ky * W + kx)) * run + o;
              store<f32>(at, load<f32>(at) + share);
            }
          }
        }
      }
    }
  }
}
