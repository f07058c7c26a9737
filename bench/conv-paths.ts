/**
 * Convolution training paths, per layer shape of the three benchmark networks
 * (ConvNetJS's MNIST net, E7's net, LeNet-5), one thread: the forward plus the
 * weight gradient of a training step, by
 *   gemm:   im2col + GEMM nn (Z = W·cols) and GEMM nt (dW = dZ·colsᵀ);
 *   direct: pack + conv2d_f32_fwd__direct and conv2d_f32_bwd_weights__direct (no columns).
 * Bias, activation and the input gradient are the same for both and left out.
 * Each path is checked against the other before it is timed. The ratio
 * gemm/direct is what src/model/conv2d.ts's choice of path cites.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/conv-paths.ts [--variant simd|relaxed]
 */
import { createEngine } from '../src/engine/engine.js';
import type { WasmVariant } from '../src/engine/features.js';
import { Random } from '../src/engine/random.js';
import { measure, writeResults, type Row } from './timing.js';

interface ConvShape { net: string; layer: string; C: number; H: number; W: number; F: number; K: number; pad: number; B: number }

export const SHAPES: ConvShape[] = [
  { net: 'ConvNetJS MNIST', layer: 'conv1', C: 1, H: 28, W: 28, F: 8, K: 5, pad: 2, B: 20 },
  { net: 'ConvNetJS MNIST', layer: 'conv2', C: 8, H: 14, W: 14, F: 16, K: 5, pad: 2, B: 20 },
  { net: 'E7', layer: 'conv1', C: 1, H: 28, W: 28, F: 12, K: 5, pad: 2, B: 64 },
  { net: 'E7', layer: 'conv2', C: 12, H: 14, W: 14, F: 24, K: 5, pad: 2, B: 64 },
  { net: 'LeNet-5', layer: 'conv1', C: 1, H: 28, W: 28, F: 20, K: 5, pad: 0, B: 64 },
  { net: 'LeNet-5', layer: 'conv2', C: 20, H: 12, W: 12, F: 50, K: 5, pad: 0, B: 64 },
];

const variant = (process.argv.includes('--variant') ? process.argv[process.argv.indexOf('--variant') + 1] : 'relaxed') as WasmVariant;

async function main(): Promise<void> {
  const e = await createEngine({ variant });
  const k = e.kernels;
  const rows: Row[] = [];
  for (const s of SHAPES) {
    const { C, H, W, F, K, pad, B } = s;
    const Ho = H + 2 * pad - K + 1, Wo = W + 2 * pad - K + 1, patch = C * K * K, N = Ho * Wo * B;
    const r = new Random(1);
    const x = e.upload(new Float32Array(C * H * W * B).map(() => r.range(-1, 1)));
    const w = e.upload(new Float32Array(F * patch).map(() => r.range(-0.2, 0.2)));
    const dz = e.upload(new Float32Array(F * N).map(() => r.range(-1, 1)));
    const cols = e.alloc(patch * N * 4), z = e.alloc(F * N * 4), dw = e.alloc(F * patch * 4), dw2 = e.alloc(F * patch * 4);
    const packed = e.alloc(k.conv_packed_filters_floats(F, patch) * 4);
    const scratch = e.alloc(Math.max(k.gemm_f32_scratch_floats(F, N, patch), k.gemm_f32_scratch_floats(F, patch, N)) * 4);
    const gemm = () => {
      k.im2col_f32(cols.ptr, x.ptr, C, H, W, K, K, 1, pad, B);
      k.gemm_f32_nn(z.ptr, w.ptr, cols.ptr, F, N, patch, 0, scratch.ptr);
      k.gemm_f32_nt(dw.ptr, dz.ptr, cols.ptr, F, patch, N, 0, scratch.ptr);
    };
    const direct = () => {
      k.conv_pack_filters_f32(packed.ptr, w.ptr, F, patch);
      k.conv2d_f32_fwd__direct(z.ptr, x.ptr, packed.ptr, C, H, W, F, K, 1, pad, B);
      k.conv2d_f32_bwd_weights__direct(dw2.ptr, dz.ptr, x.ptr, C, H, W, F, K, 1, pad, B);
    };
    gemm();
    direct();
    const a = e.f32(dw.ptr, F * patch), b = e.f32(dw2.ptr, F * patch);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(a[i]!)));
    if (!(worst < 1e-3)) throw new Error(`${s.net} ${s.layer}: the two weight gradients differ by ${worst}`);
    const dwOnlyGemm = measure(() => k.gemm_f32_nt(dw.ptr, dz.ptr, cols.ptr, F, patch, N, 0, scratch.ptr));
    const dwOnlyDirect = measure(() => k.conv2d_f32_bwd_weights__direct(dw2.ptr, dz.ptr, x.ptr, C, H, W, F, K, 1, pad, B));
    const g = measure(gemm), d = measure(direct);
    const flops = 2 * F * patch * N;
    rows.push({
      network: s.net, layer: s.layer, shape: `${C}×${H}×${W} → ${F}×${Ho}×${Wo}, K ${K}, B ${B}`,
      'gemm ms': g.medianMs, 'direct ms': d.medianMs, 'gemm/direct': g.medianMs / d.medianMs,
      'dW GEMM GFLOP/s': flops / dwOnlyGemm.medianMs / 1e6, 'dW direct GFLOP/s': flops / dwOnlyDirect.medianMs / 1e6,
    });
    for (const blk of [x, w, dz, cols, z, dw, dw2, packed, scratch]) e.release(blk);
  }
  const columns = ['network', 'layer', 'shape', 'gemm ms', 'direct ms', 'gemm/direct', 'dW GEMM GFLOP/s', 'dW direct GFLOP/s'];
  console.log(`variant ${variant}: forward + weight gradient of one training step, medians`);
  console.log(writeResults(`conv-paths-${variant}`, rows, columns, [`wasm variant ${variant}; forward + weight gradient of one training step, medians`]));
}

await main();
