/**
 * Both ways of computing one convolution layer's training work, on random data
 * in wasm memory, ready to time (bench/conv-paths.ts, bench/conv-cost-fit.ts):
 *   forward + weight gradient: im2col + GEMM nn + GEMM nt  vs  pack + direct forward + direct weights
 *   input gradient:            GEMM tn + col2im            vs  pack flipped + direct forward (stride 1)
 * `check` runs all four and returns how far the two answers of each part differ.
 */
import type { Engine } from '../../src/engine/engine.js';
import { Random } from '../../src/engine/random.js';

export interface ConvLayerCase { channels: number; height: number; width: number; filters: number; kernel: number; padding: number; batch: number }

/** Largest |a − b| / (1 + |a|): how far two summation orders of the same sums drift apart. */
export function worst(a: Float32Array, b: Float32Array): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(a[i]!)));
  return w;
}

export function convPathOps(e: Engine, g: ConvLayerCase) {
  const k = e.kernels;
  const { channels: C, height: H, width: W, filters: F, kernel: K, padding: pad, batch: B } = g;
  const Ho = H + 2 * pad - K + 1, Wo = W + 2 * pad - K + 1, patch = C * K * K, N = Ho * Wo * B;
  const r = new Random(1);
  const x = e.upload(new Float32Array(C * H * W * B).map(() => r.range(-1, 1)));
  const w = e.upload(new Float32Array(F * patch).map(() => r.range(-0.2, 0.2)));
  const dz = e.upload(new Float32Array(F * N).map(() => r.range(-1, 1)));
  const cols = e.alloc(patch * N * 4), z = e.alloc(F * N * 4), dw = e.alloc(F * patch * 4), dw2 = e.alloc(F * patch * 4);
  const dx = e.alloc(C * H * W * B * 4), dx2 = e.alloc(C * H * W * B * 4);
  const packed = e.alloc(k.conv_packed_filters_floats(F, patch) * 4);
  const flipped = e.alloc(Math.ceil(C / 4) * 4 * F * K * K * 4);
  const scratch = e.alloc(Math.max(k.gemm_f32_scratch_floats(F, N, patch), k.gemm_f32_scratch_floats(F, patch, N), k.gemm_f32_scratch_floats(patch, N, F)) * 4);
  const ops = {
    Ho, Wo, patch, N,
    /** Floating-point operations of the weight gradient alone (and of the forward alone). */
    flops: 2 * F * patch * N,
    dwGemm: () => k.gemm_f32_nt(dw.ptr, dz.ptr, cols.ptr, F, patch, N, 0, scratch.ptr),
    dwDirect: () => k.conv2d_f32_bwd_weights__direct(dw2.ptr, dz.ptr, x.ptr, C, H, W, F, K, 1, pad, B),
    gemmFw: () => {
      k.im2col_f32(cols.ptr, x.ptr, C, H, W, K, K, 1, pad, B);
      k.gemm_f32_nn(z.ptr, w.ptr, cols.ptr, F, N, patch, 0, scratch.ptr);
      ops.dwGemm();
    },
    directFw: () => {
      k.conv_pack_filters_f32(packed.ptr, w.ptr, F, patch);
      k.conv2d_f32_fwd__direct(z.ptr, x.ptr, packed.ptr, C, H, W, F, K, 1, pad, B);
      ops.dwDirect();
    },
    gemmDx: () => {
      k.gemm_f32_tn(cols.ptr, w.ptr, dz.ptr, patch, N, F, 0, scratch.ptr);
      k.col2im_f32(dx.ptr, cols.ptr, C, H, W, K, K, 1, pad, B);
    },
    directDx: () => {
      k.conv_pack_filters_flipped_f32(flipped.ptr, w.ptr, F, C, K);
      k.conv2d_f32_fwd__direct(dx2.ptr, dz.ptr, flipped.ptr, F, Ho, Wo, C, K, 1, K - 1 - pad, B);
    },
    check() {
      ops.gemmFw(); ops.directFw(); ops.gemmDx(); ops.directDx();
      return { dw: worst(e.f32(dw.ptr, F * patch), e.f32(dw2.ptr, F * patch)), dx: worst(e.f32(dx.ptr, C * H * W * B), e.f32(dx2.ptr, C * H * W * B)) };
    },
    release: () => { for (const blk of [x, w, dz, cols, z, dw, dw2, dx, dx2, packed, flipped, scratch]) e.release(blk); },
  };
  return ops;
}
