// The direct weight gradient (assembly/kernels/conv_direct_weights.ts) against
// the plain f64 definition, on a seeded table of shapes named by the code path
// they reach: filter blocks with 1–3 valid rows (F = 1, 3, 5, 17), odd K (the
// single-tap path) and even K (pairs only), batches with and without a scalar
// tail (B mod 4 ≠ 0), strides 1–3, padding up to K − 1 (edge columns where
// only one tap of a pair lands), images smaller than the kernel's reach; edge
// values; and that it writes nothing outside dW. Stride 1 runs flat loops over
// (columns × batch): runs whose length is not a multiple of 4 (B = 6, 7: the
// scalar run ends) and runs where a pair shares no column (kernel wider than
// the image) are named below.
import { describe, it } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { refConvWeightGradCHWN } from '../reference/conv.js';
import type { Engine } from '../../src/engine/engine.js';

interface Shape { C: number; H: number; W: number; F: number; K: number; stride: number; pad: number; B: number }

const named: [string, Shape][] = [
  ['1×1 everything', { C: 1, H: 1, W: 1, F: 1, K: 1, stride: 1, pad: 0, B: 1 }],
  ['single tap only (K=1), filter tail 3, batch tail 3', { C: 2, H: 4, W: 5, F: 3, K: 1, stride: 1, pad: 0, B: 7 }],
  ['pairs only (K=2), B multiple of 4', { C: 3, H: 5, W: 6, F: 4, K: 2, stride: 1, pad: 1, B: 8 }],
  ['K=5 same padding (ConvNetJS first layer), batch tail 1', { C: 1, H: 28, W: 28, F: 8, K: 5, stride: 1, pad: 2, B: 5 }],
  ['K=3 stride 2, filter tail 1', { C: 3, H: 7, W: 6, F: 5, K: 3, stride: 2, pad: 0, B: 4 }],
  ['stride 3, pad 2, 17 filters, 33 examples', { C: 2, H: 6, W: 4, F: 17, K: 3, stride: 3, pad: 2, B: 33 }],
  ['kernel reaches past every side', { C: 3, H: 3, W: 3, F: 2, K: 5, stride: 1, pad: 4, B: 4 }],
  ['one output column (Wo = 1)', { C: 1, H: 5, W: 3, F: 4, K: 3, stride: 1, pad: 0, B: 12 }],
  ['flat runs, E7 conv2 geometry, run ends of 2 floats (B = 6)', { C: 3, H: 14, W: 14, F: 5, K: 5, stride: 1, pad: 2, B: 6 }],
  ['flat runs, unpadded (LeNet-5 conv2 geometry), B = 7, 17 filters', { C: 2, H: 12, W: 12, F: 17, K: 5, stride: 1, pad: 0, B: 7 }],
  ['flat runs, pairs with no shared column (K = 4 over W = 2, pad 3)', { C: 2, H: 3, W: 2, F: 3, K: 4, stride: 1, pad: 3, B: 5 }],
];

function randomShapes(count: number, seed: number): [string, Shape][] {
  const r = new Random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r.uniform() * xs.length)]!;
  const out: [string, Shape][] = [];
  while (out.length < count) {
    const K = pick([1, 2, 3, 4, 5]), pad = Math.floor(r.uniform() * K), stride = pick([1, 1, 2, 3]);
    const H = pick([1, 2, 3, 5, 8, 11]), W = pick([1, 3, 4, 7, 9]);
    if (H + 2 * pad < K || W + 2 * pad < K) continue;
    const s = { C: pick([1, 2, 3, 5]), H, W, F: pick([1, 3, 4, 5, 8, 17]), K, stride, pad, B: pick([1, 3, 4, 5, 8, 9, 17, 33]) };
    out.push([`random #${out.length}`, s]);
  }
  return out;
}

function run(e: Engine, s: Shape, x: Float32Array, dz: Float32Array): Float32Array {
  const { C, H, W, F, K, stride, pad, B } = s;
  const n = F * C * K * K, GUARD = 16;
  const dw = e.alloc((n + 2 * GUARD) * 4);
  const xb = e.upload(x), db = e.upload(dz);
  e.f32(dw.ptr, n + 2 * GUARD).fill(-7);
  e.kernels.conv2d_f32_bwd_weights__direct(dw.ptr + GUARD * 4, db.ptr, xb.ptr, C, H, W, F, K, stride, pad, B);
  const all = e.f32(dw.ptr, n + 2 * GUARD).slice();
  for (const blk of [dw, xb, db]) e.release(blk);
  for (let i = 0; i < GUARD; i++) {
    if (all[i] !== -7 || all[GUARD + n + i] !== -7) throw new Error(`${JSON.stringify(s)}: wrote outside dW`);
  }
  return all.subarray(GUARD, GUARD + n);
}

function outSize(n: number, K: number, stride: number, pad: number): number {
  return Math.floor((n + 2 * pad - K) / stride) + 1;
}

describe('conv2d_f32_bwd_weights__direct', () => {
  it.each([...named, ...randomShapes(40, 11)])('%s', async (_name, s) => {
    const e = await testEngine();
    const r = new Random(s.C * 1000 + s.H * 100 + s.F * 10 + s.B + s.K);
    const Ho = outSize(s.H, s.K, s.stride, s.pad), Wo = outSize(s.W, s.K, s.stride, s.pad);
    const x = new Float32Array(s.C * s.H * s.W * s.B).map(() => r.range(-1, 1));
    const dz = new Float32Array(s.F * Ho * Wo * s.B).map(() => r.range(-1, 1));
    const ref = refConvWeightGradCHWN(x, dz, s.C, s.H, s.W, s.F, s.K, s.stride, s.pad, s.B);
    const got = run(e, s, x, dz);
    assertClose(got, ref.dw, { bound: (i) => 1e-6 + 4e-7 * ref.magnitude[i]! * Math.sqrt(ref.terms) }, `direct dW ${JSON.stringify(s)}`);
  });

  it('edge values: zeros, ±1e6 and tiny inputs', async () => {
    const e = await testEngine();
    const s: Shape = { C: 2, H: 5, W: 5, F: 5, K: 3, stride: 1, pad: 1, B: 9 };
    const values = [0, 1e6, -1e6, 1e-30, -1e-30, 1, -1];
    const x = new Float32Array(s.C * s.H * s.W * s.B).map((_, i) => values[i % values.length]!);
    const dz = new Float32Array(s.F * 5 * 5 * s.B).map((_, i) => values[(i * 3) % values.length]! * 1e-6);
    const ref = refConvWeightGradCHWN(x, dz, s.C, s.H, s.W, s.F, s.K, s.stride, s.pad, s.B);
    assertClose(run(e, s, x, dz), ref.dw, { bound: (i) => 1e-6 + 1e-6 * ref.magnitude[i]! }, 'direct dW, edge values');
  });

  it('the tolerance rejects a dropped term (the bound is tight enough to catch a missing edge column)', async () => {
    const e = await testEngine();
    const s: Shape = { C: 1, H: 6, W: 6, F: 4, K: 3, stride: 1, pad: 1, B: 8 };
    const r = new Random(5);
    const x = new Float32Array(s.C * s.H * s.W * s.B).map(() => r.range(-1, 1));
    const dz = new Float32Array(s.F * 6 * 6 * s.B).map(() => r.range(-1, 1));
    const ref = refConvWeightGradCHWN(x, dz, s.C, s.H, s.W, s.F, s.K, s.stride, s.pad, s.B);
    const got = Float32Array.from(run(e, s, x, dz));
    got[0]! -= dz[0]! * x[0]!; // remove one product from one weight
    let rejected = false;
    try {
      assertClose(got, ref.dw, { bound: (i) => 1e-6 + 4e-7 * ref.magnitude[i]! * Math.sqrt(ref.terms) }, 'tampered');
    } catch {
      rejected = true;
    }
    if (!rejected && Math.abs(dz[0]! * x[0]!) > 1e-4) throw new Error('the bound accepted a result missing one product');
  });
});
