// The direct convolution kernel (assembly/kernels/conv_direct.ts) against the
// plain f64 convolution, on a seeded table of shapes: 1, 3, 4, 5, 17 filters
// (tails of the 4-filter block), batches 1, 3, 5, 8, 17, 33 (8-, 4- and 1-wide
// tiles), strides 1–3, padding up to K − 1, images smaller than the kernel's
// reach, neighbouring pixels computed as a pair (pair_* cases); and edge values (zeros, ±1e6, denormal-sized). Also that it writes
// nothing outside its output.
import { describe, it } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { refConvCHWN } from '../reference/conv.js';
import type { Engine } from '../../src/engine/engine.js';

interface Shape { C: number; H: number; W: number; F: number; K: number; stride: number; pad: number; B: number }

const fixed: Shape[] = [
  { C: 1, H: 1, W: 1, F: 1, K: 1, stride: 1, pad: 0, B: 1 },
  { C: 1, H: 5, W: 5, F: 3, K: 5, stride: 1, pad: 2, B: 3 },
  { C: 3, H: 7, W: 6, F: 4, K: 3, stride: 2, pad: 0, B: 8 },
  { C: 5, H: 9, W: 9, F: 5, K: 3, stride: 1, pad: 1, B: 17 },
  { C: 2, H: 6, W: 4, F: 17, K: 3, stride: 3, pad: 2, B: 33 },
  { C: 1, H: 28, W: 28, F: 8, K: 5, stride: 1, pad: 2, B: 5 }, // ConvNetJS's first layer
  { C: 3, H: 3, W: 3, F: 2, K: 5, stride: 1, pad: 4, B: 4 }, // kernel reaches past every side
  // Pixel pairs (stride 1, both windows whole in x, 8-wide batch tiles):
  { C: 3, H: 6, W: 9, F: 5, K: 3, stride: 1, pad: 0, B: 9 }, // pair_odd_Wo: 7 pixels a row (3 pairs + 1), last block 1 filter, batch tail 1
  { C: 2, H: 5, W: 8, F: 2, K: 3, stride: 1, pad: 0, B: 16 }, // pair_F2: the second filter pair of the block is empty
  { C: 2, H: 5, W: 8, F: 3, K: 3, stride: 1, pad: 0, B: 13 }, // pair_F3: second pair of one filter; batch tails 4 and 1 beside pairs
  { C: 2, H: 7, W: 11, F: 6, K: 3, stride: 1, pad: 1, B: 17 }, // pair_padded: border pixels single, interior in pairs
  { C: 20, H: 12, W: 12, F: 50, K: 5, stride: 1, pad: 0, B: 33 }, // pair_lenet_conv2: LeNet-5's second layer
  { C: 1, H: 5, W: 6, F: 4, K: 5, stride: 1, pad: 0, B: 8 }, // pair_edge: the pair's last tap reads the last input column
];

function randomShapes(count: number, seed: number): Shape[] {
  const r = new Random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r.uniform() * xs.length)]!;
  const out: Shape[] = [];
  while (out.length < count) {
    const K = pick([1, 2, 3, 5]), pad = Math.floor(r.uniform() * K), stride = pick([1, 1, 2, 3]);
    const H = pick([1, 2, 3, 5, 8, 11]), W = pick([1, 3, 4, 7, 9]);
    if (H + 2 * pad < K || W + 2 * pad < K) continue;
    out.push({ C: pick([1, 2, 3, 5]), H, W, F: pick([1, 3, 4, 5, 8, 17]), K, stride, pad, B: pick([1, 3, 4, 5, 8, 9, 17, 33]) });
  }
  return out;
}

function run(e: Engine, s: Shape, x: Float32Array, w: Float32Array): Float32Array {
  const { C, H, W, F, K, stride, pad, B } = s;
  const Ho = Math.floor((H + 2 * pad - K) / stride) + 1, Wo = Math.floor((W + 2 * pad - K) / stride) + 1;
  const outFloats = F * Ho * Wo * B;
  const GUARD = 16;
  const z = e.alloc((outFloats + 2 * GUARD) * 4);
  const wp = e.alloc(e.kernels.conv_packed_filters_floats(F, C * K * K) * 4);
  const xb = e.upload(x), wb = e.upload(w);
  e.f32(z.ptr, outFloats + 2 * GUARD).fill(-7);
  e.kernels.conv_pack_filters_f32(wp.ptr, wb.ptr, F, C * K * K);
  e.kernels.conv2d_f32_fwd__direct(z.ptr + GUARD * 4, xb.ptr, wp.ptr, C, H, W, F, K, stride, pad, B);
  const all = e.f32(z.ptr, outFloats + 2 * GUARD).slice();
  for (const blk of [z, wp, xb, wb]) e.release(blk);
  for (let i = 0; i < GUARD; i++) {
    if (all[i] !== -7 || all[GUARD + outFloats + i] !== -7) throw new Error(`${JSON.stringify(s)}: wrote outside its output`);
  }
  return all.subarray(GUARD, GUARD + outFloats);
}

describe('conv2d_f32_fwd__direct', () => {
  it.each([...fixed, ...randomShapes(40, 7)])('C=$C H=$H W=$W F=$F K=$K stride=$stride pad=$pad B=$B', async (s) => {
    const e = await testEngine();
    const r = new Random(s.C * 1000 + s.H * 100 + s.F * 10 + s.B);
    const x = new Float32Array(s.C * s.H * s.W * s.B).map(() => r.range(-1, 1));
    const w = new Float32Array(s.F * s.C * s.K * s.K).map(() => r.range(-1, 1));
    const ref = refConvCHWN(x, w, s.C, s.H, s.W, s.F, s.K, s.stride, s.pad, s.B);
    const got = run(e, s, x, w);
    assertClose(got, ref.z, { bound: (i) => 1e-6 + 4e-7 * ref.magnitude[i]! * Math.sqrt(s.C * s.K * s.K) }, `direct conv ${JSON.stringify(s)}`);
  });

  it('edge values: zeros, ±1e6 and tiny inputs', async () => {
    const e = await testEngine();
    const s: Shape = { C: 2, H: 5, W: 5, F: 5, K: 3, stride: 1, pad: 1, B: 9 };
    const values = [0, 1e6, -1e6, 1e-30, -1e-30, 1, -1];
    const x = new Float32Array(s.C * s.H * s.W * s.B).map((_, i) => values[i % values.length]!);
    const w = new Float32Array(s.F * s.C * s.K * s.K).map((_, i) => values[(i * 3) % values.length]!);
    const ref = refConvCHWN(x, w, s.C, s.H, s.W, s.F, s.K, s.stride, s.pad, s.B);
    assertClose(run(e, s, x, w), ref.z, { bound: (i) => 1e-6 + 1e-6 * ref.magnitude[i]! }, 'direct conv, edge values');
  });
});
