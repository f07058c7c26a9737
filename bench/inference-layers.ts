/**
 * Where LeNet-5's prediction spends its time: every op model.predict runs on
 * one inference chunk, called on its own in the same order and on buffers of
 * the same sizes, timed per op (median of 15 samples), as µs per image and
 * GFLOP/s, at several chunk sizes (the model uses 32 for LeNet-5: see
 * inferenceChunk in src/model/model.ts).
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/inference-layers.ts [--variant simd] [--batches 32,64,256]
 */
import { createEngine } from '../src/engine/engine.js';
import { Random } from '../src/engine/random.js';
import { argument, writeResults, type Row } from './timing.js';

const variant = argument('variant', 'relaxed') as 'simd' | 'relaxed';
const batches = argument('batches', '32,64,256').split(',').map(Number);

const e = await createEngine({ variant });
const k = e.kernels;
const r = new Random(1);
const up = (n: number) => e.upload(new Float32Array(n).map(() => r.range(-1, 1))).ptr;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const rows: Row[] = [];
for (const B of batches) {
  // LeNet-5 on 1×28×28: conv 5×5×20 → pool 2 → conv 5×5×50 → pool 2 → dense 500 relu → dense 10.
  const x = up(784 * B), xt = up(784 * B);
  const w1 = up(20 * 25), b1 = up(20), pk1 = up(k.conv_packed_filters_floats(20, 25)), z1 = up(20 * 576 * B), p1 = up(20 * 144 * B);
  const w2 = up(50 * 500), b2 = up(50), z2 = up(50 * 64 * B), p2 = up(800 * B);
  const w3 = up(500 * 800), b3 = up(500), z3 = up(500 * B), y3 = up(500 * B);
  const w4 = up(10 * 500), b4 = up(10), z4 = up(10 * B), probs = up(10 * B);
  const wt2 = up(k.conv_winograd_filters_floats(50, 20)), ws2 = up(k.conv_winograd_scratch_floats(20, 12, 12, 50, 0));
  const scratch = up(Math.max(k.gemm_f32_scratch_floats(500, B, 800), k.gemm_f32_scratch_floats(10, B, 500)));
  const ops: [string, number, () => void][] = [
    ['input transpose', 0, () => k.transpose_f32(xt, x, B, 784)],
    ['conv1 pack', 0, () => k.conv_pack_filters_f32(pk1, w1, 20, 25)],
    ['conv1 direct', 2 * 20 * 25 * 576 * B, () => k.conv2d_f32_fwd__direct(z1, xt, pk1, 1, 28, 28, 20, 5, 1, 0, B)],
    ['conv1 bias', 0, () => k.bias_f32_fwd(z1, b1, 20, 576 * B)],
    ['pool1', 0, () => k.maxpool_f32_fwd(p1, z1, 20, 24, 24, 2, 2, B)],
    ['conv2 Winograd pack', 0, () => k.conv_winograd_pack_filters_f32(wt2, w2, 50, 20)],
    ['conv2 Winograd F(4, 5)', 2 * 50 * 500 * 64 * B, () => k.conv2d_f32_fwd__winograd(z2, p1, wt2, ws2, 20, 12, 12, 50, 0, B)],
    ['conv2 bias', 0, () => k.bias_f32_fwd(z2, b2, 50, 64 * B)],
    ['pool2', 0, () => k.maxpool_f32_fwd(p2, z2, 50, 8, 8, 2, 2, B)],
    ['dense 800→500 GEMM', 2 * 500 * 800 * B, () => k.gemm_f32_nn(z3, w3, p2, 500, B, 800, 0, scratch)],
    ['dense 800→500 bias', 0, () => k.bias_f32_fwd(z3, b3, 500, B)],
    ['dense 800→500 relu', 0, () => k.act_f32_fwd(y3, z3, 500 * B, 1)],
    ['dense 500→10 GEMM', 2 * 10 * 500 * B, () => k.gemm_f32_nn(z4, w4, y3, 10, B, 500, 0, scratch)],
    ['dense 500→10 bias', 0, () => k.bias_f32_fwd(z4, b4, 10, B)],
    ['softmax', 0, () => k.softmax_f32_fwd(probs, z4, 10, B)],
  ];
  const timed = ops.map(([op, flops, f]) => {
    for (let i = 0; i < 5; i++) f();
    const reps = Math.max(1, Math.round(512 / B));
    const samples: number[] = [];
    for (let s = 0; s < 15; s++) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) f();
      samples.push((performance.now() - t0) / reps);
    }
    return { op, flops, ms: median(samples) };
  });
  const total = timed.reduce((s, t) => s + t.ms, 0);
  for (const t of timed) {
    rows.push({ batch: B, op: t.op, usPerImage: (t.ms * 1000) / B, share: t.ms / total, gflops: t.flops ? t.flops / t.ms / 1e6 : null });
  }
  rows.push({ batch: B, op: 'total', usPerImage: (total * 1000) / B, share: 1, gflops: null });
  console.log(`batch ${B}: ${((total * 1000) / B).toFixed(1)} µs per image`);
}
console.log(writeResults(`inference-layers-${variant}`, rows, [
  'batch', 'op', { key: 'usPerImage', title: 'µs per image', digits: 2 }, { key: 'share', title: 'share', digits: 3 }, { key: 'gflops', title: 'GFLOP/s', digits: 1 },
], [
  `LeNet-5 prediction, op by op as model.predict runs them on one chunk (conv1 direct, conv2 by Winograd F(4, 5): GFLOP/s count the direct convolution's multiply-adds), ${variant} build, one thread; median of 15 samples per op`,
  'the model predicts in chunks of 32 images (inferenceChunk); larger chunks are shown for comparison',
  `command: node --experimental-wasm-relaxed-simd --import tsx bench/inference-layers.ts --variant ${variant} --batches ${batches.join(',')}`,
]));
