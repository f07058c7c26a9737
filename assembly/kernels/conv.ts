// Convolution as GEMM, for batches stored channel-major with the batch
// innermost: X[c][y][x][b] (the "CHWN" layout; a column of the feature-major
// matrix is one example). With that layout
//
//   forward:  cols = im2col(X)                    (C·KH·KW) × (Ho·Wo·B)
//             Z    = Wf · cols + b                Wf: F × (C·KH·KW)  → Z is F × Ho × Wo × B
//   backward: dWf  = dZ · colsᵀ                   (gemm nt)
//             db   = row sums of dZ
//             dcols = Wfᵀ · dZ                    (gemm tn)
//             dX   = col2im(dcols)                (scatter-add of the same windows)
//
// so the whole batch is one GEMM whose long side is Ho·Wo·B, and im2col only
// copies contiguous runs of B floats (or of Wo·B floats when stride = 1).
// Output size: Ho = ⌊(H + 2·pad − KH) / stride⌋ + 1, likewise Wo.
// Row r = (c·KH + ky)·KW + kx of cols holds input pixel (oy·stride − pad + ky,
// ox·stride − pad + kx) of channel c for every output position and example;
// pixels outside the image are 0.

@inline function outSize(n: i32, k: i32, stride: i32, pad: i32): i32 {
  return (n + 2 * pad - k) / stride + 1;
}

export function im2col_f32(cols: usize, x: usize, C: i32, H: i32, W: i32, KH: i32, KW: i32, stride: i32, pad: i32, B: i32): void {
  const Ho = outSize(H, KH, stride, pad);
  const Wo = outSize(W, KW, stride, pad);
  const runBytes = <usize>B << 2;
  const rowFloats = <usize>(Ho * Wo * B);
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++) {
        const row = cols + ((<usize>((c * KH + ky) * KW + kx) * rowFloats) << 2);
        // Output columns whose input x lies inside the image: ox in [oxLo, oxHi).
        let oxLo = 0;
        while (oxLo < Wo && oxLo * stride - pad + kx < 0) oxLo++;
        let oxHi = Wo;
        while (oxHi > oxLo && (oxHi - 1) * stride - pad + kx >= W) oxHi--;
        for (let oy = 0; oy < Ho; oy++) {
          const dst = row + <usize>(oy * Wo) * runBytes;
          const iy = oy * stride - pad + ky;
          if (iy < 0 || iy >= H) {
            memory.fill(dst, 0, <usize>Wo * runBytes);
            continue;
          }
          if (oxLo > 0) memory.fill(dst, 0, <usize>oxLo * runBytes);
          const srcRow = x + (<usize>((c * H + iy) * W) * runBytes);
          if (stride == 1) {
            const ix = oxLo - pad + kx;
            memory.copy(dst + <usize>oxLo * runBytes, srcRow + <usize>ix * runBytes, <usize>(oxHi - oxLo) * runBytes);
          } else {
            for (let ox = oxLo; ox < oxHi; ox++) {
              const ix = ox * stride - pad + kx;
              memory.copy(dst + <usize>ox * runBytes, srcRow + <usize>ix * runBytes, runBytes);
            }
          }
          if (oxHi < Wo) memory.fill(dst + <usize>oxHi * runBytes, 0, <usize>(Wo - oxHi) * runBytes);
        }
      }
    }
  }
}

/** dx = col2im(dcols): every window position adds its column back onto its input pixel. */
export function col2im_f32(dx: usize, dcols: usize, C: i32, H: i32, W: i32, KH: i32, KW: i32, stride: i32, pad: i32, B: i32): void {
  const Ho = outSize(H, KH, stride, pad);
  const Wo = outSize(W, KW, stride, pad);
  const runBytes = <usize>B << 2;
  const rowFloats = <usize>(Ho * Wo * B);
  memory.fill(dx, 0, <usize>(C * H * W) * runBytes);
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++) {
        const row = dcols + ((<usize>((c * KH + ky) * KW + kx) * rowFloats) << 2);
        for (let oy = 0; oy < Ho; oy++) {
          const iy = oy * stride - pad + ky;
          if (iy < 0 || iy >= H) continue;
          const dstRow = dx + (<usize>((c * H + iy) * W) * runBytes);
          for (let ox = 0; ox < Wo; ox++) {
            const ix = ox * stride - pad + kx;
            if (ix < 0 || ix >= W) continue;
            addRun(dstRow + <usize>ix * runBytes, row + <usize>(oy * Wo + ox) * runBytes, B);
          }
        }
      }
    }
  }
}

// dst[0:n] += src[0:n]
@inline function addRun(dst: usize, src: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}
