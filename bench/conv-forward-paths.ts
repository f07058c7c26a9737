/**
 * A convolution's forward alone, as prediction runs it: im2col + GEMM nn
 * against pack + direct (assembly/kernels/conv_direct.ts) and, for 5×5 layers,
 * pack + Winograd F(4, 5) (assembly/kernels/conv_winograd.ts), per layer of the
 * three benchmark networks and a few wider and 1×1 layers, at the inference
 * batches. The two sides alternate sample by sample; the ratio of medians is the
 * figure. Both answers are compared before timing. This is the evidence behind
 * PREDICTION_DIRECT_MIN_KERNEL and PREDICTION_WINOGRAD_MIN_CHANNELS in
 * src/model/conv-cost.ts. Winograd's GFLOP/s count the direct convolution's
 * multiply-adds (what the layer computes), not the fewer it does.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/conv-forward-paths.ts [--variant simd] [--batches 32,64]
 */
import { createEngine } from '../src/engine/engine.js';
import { Random } from '../src/engine/random.js';
import { BENCH_NET_CONV_LAYERS } from './untangle/conv-nets.js';
import { argument, writeResults, type Row } from './timing.js';

const variant = argument('variant', 'relaxed') as 'simd' | 'relaxed';
const batches = argument('batches', '32,64').split(',').map(Number);

const LAYERS = [
  ...BENCH_NET_CONV_LAYERS,
  { layer: '3×3, 32 → 64', C: 32, H: 16, W: 16, F: 64, K: 3, pad: 1 },
  { layer: '3×3, 64 → 128', C: 64, H: 8, W: 8, F: 128, K: 3, pad: 1 },
  { layer: '3×3, 3 → 32', C: 3, H: 32, W: 32, F: 32, K: 3, pad: 1 },
  { layer: '1×1, 16 → 16', C: 16, H: 14, W: 14, F: 16, K: 1, pad: 0 },
];

const e = await createEngine({ variant });
const k = e.kernels;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const rows: Row[] = [];
for (const B of batches) {
  for (const s of LAYERS) {
    const r = new Random(1);
    const Ho = s.H + 2 * s.pad - s.K + 1, Wo = s.W + 2 * s.pad - s.K + 1, patch = s.C * s.K * s.K, N = Ho * Wo * B;
    const x = e.upload(new Float32Array(s.C * s.H * s.W * B).map(() => r.range(-1, 1)));
    const w = e.upload(new Float32Array(s.F * patch).map(() => r.range(-0.2, 0.2)));
    const cols = e.alloc(patch * N * 4), zg = e.alloc(s.F * N * 4), zd = e.alloc(s.F * N * 4);
    const packed = e.alloc(k.conv_packed_filters_floats(s.F, patch) * 4);
    const scratch = e.alloc(k.gemm_f32_scratch_floats(s.F, N, patch) * 4);
    const five = s.K === 5;
    const wt = e.alloc(five ? k.conv_winograd_filters_floats(s.F, s.C) * 4 : 4), zw = e.alloc(five ? s.F * N * 4 : 4);
    const wScratch = e.alloc(five ? k.conv_winograd_scratch_floats(s.C, s.H, s.W, s.F, s.pad) * 4 : 4);
    const gemm = () => {
      k.im2col_f32(cols.ptr, x.ptr, s.C, s.H, s.W, s.K, s.K, 1, s.pad, B);
      k.gemm_f32_nn(zg.ptr, w.ptr, cols.ptr, s.F, N, patch, 0, scratch.ptr);
    };
    const direct = () => {
      k.conv_pack_filters_f32(packed.ptr, w.ptr, s.F, patch);
      k.conv2d_f32_fwd__direct(zd.ptr, x.ptr, packed.ptr, s.C, s.H, s.W, s.F, s.K, 1, s.pad, B);
    };
    const winograd = () => {
      k.conv_winograd_pack_filters_f32(wt.ptr, w.ptr, s.F, s.C);
      k.conv2d_f32_fwd__winograd(zw.ptr, x.ptr, wt.ptr, wScratch.ptr, s.C, s.H, s.W, s.F, s.pad, B);
    };
    gemm();
    direct();
    if (five) winograd();
    for (const z of five ? [zd, zw] : [zd]) {
      const a = e.f32(zg.ptr, s.F * N), b = e.f32(z.ptr, s.F * N);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(a[i]!)));
      if (!(worst < 1e-4)) throw new Error(`${s.layer}: the forwards differ by ${worst}`);
    }
    for (let i = 0; i < 5; i++) { gemm(); direct(); if (five) winograd(); }
    const flops = 2 * s.F * patch * N;
    const reps = Math.max(1, Math.round(1e8 / flops));
    const tg: number[] = [], td: number[] = [], tw: number[] = [];
    const sample = (f: () => void, into: number[]) => {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) f();
      into.push((performance.now() - t0) / reps);
    };
    for (let j = 0; j < 11; j++) {
      sample(gemm, tg);
      sample(direct, td);
      if (five) sample(winograd, tw);
    }
    const row = {
      layer: s.layer, batch: B, gemm: flops / median(tg) / 1e6, direct: flops / median(td) / 1e6, ratio: median(tg) / median(td),
      winograd: five ? flops / median(tw) / 1e6 : null, winogradRatio: five ? median(td) / median(tw) : null,
    };
    console.log(JSON.stringify(row));
    rows.push(row);
    for (const blk of [x, w, cols, zg, zd, packed, scratch, wt, zw, wScratch]) e.release(blk);
  }
}
console.log(writeResults(`conv-forward-paths-${variant}`, rows, [
  'layer', 'batch', { key: 'gemm', title: 'im2col + GEMM GFLOP/s', digits: 1 }, { key: 'direct', title: 'direct GFLOP/s', digits: 1 },
  { key: 'ratio', title: 'GEMM time / direct time', digits: 2 }, { key: 'winograd', title: 'Winograd GFLOP/s (direct-equivalent)', digits: 1 },
  { key: 'winogradRatio', title: 'direct time / Winograd time', digits: 2 },
], [
  `forward only (prediction), ${variant} build, one thread; medians of 11 alternating samples`,
  `command: node --experimental-wasm-relaxed-simd --import tsx bench/conv-forward-paths.ts --variant ${variant} --batches ${batches.join(',')}`,
]));
