// Kernel-level checks of the column and pooling kernels against plain
// references (until now they were only checked through whole models):
// im2col_f32 and col2im_f32 (assembly/kernels/conv.ts), the flipped-filter
// packing of the direct input gradient (conv_direct.ts), and max-pooling
// forward and backward (pool.ts), including ties — common after relu, where a
// window holds several zeros — which must send the gradient to exactly one
// position, the first in window order. Shapes: odd sizes (1, 3, 5, 17), batches
// with and without SIMD tails, strides 1–3, padding up to K − 1.
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { refCol2im, refIm2col } from '../reference/conv.js';
import { refMaxPoolBackward, refMaxPoolCHWN } from '../reference/pool.js';
import type { Engine } from '../../src/engine/engine.js';

interface ConvShape { C: number; H: number; W: number; K: number; stride: number; pad: number; B: number }

function convShapes(count: number, seed: number): ConvShape[] {
  const r = new Random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r.uniform() * xs.length)]!;
  const out: ConvShape[] = [
    { C: 1, H: 1, W: 1, K: 1, stride: 1, pad: 0, B: 1 },
    { C: 3, H: 5, W: 5, K: 5, stride: 1, pad: 2, B: 17 },
    { C: 2, H: 7, W: 3, K: 3, stride: 3, pad: 2, B: 5 },
  ];
  while (out.length < count) {
    const K = pick([1, 2, 3, 5]), pad = Math.floor(r.uniform() * K), stride = pick([1, 2, 3]);
    const H = pick([1, 3, 4, 5, 9]), W = pick([1, 2, 5, 7]);
    if (H + 2 * pad < K || W + 2 * pad < K) continue;
    out.push({ C: pick([1, 2, 3, 5]), H, W, K, stride, pad, B: pick([1, 3, 4, 5, 8, 17]) });
  }
  return out;
}

const outSize = (n: number, K: number, stride: number, pad: number) => Math.floor((n + 2 * pad - K) / stride) + 1;

/** Runs `kernel` writing `outFloats` floats after a NaN-filled guard band, checks the guards, returns the output. */
function guarded(e: Engine, outFloats: number, kernel: (out: number) => void, what: string): Float32Array {
  const GUARD = 8;
  const blk = e.alloc((outFloats + 2 * GUARD) * 4);
  e.f32(blk.ptr, outFloats + 2 * GUARD).fill(Number.NaN);
  kernel(blk.ptr + GUARD * 4);
  const all = e.f32(blk.ptr, outFloats + 2 * GUARD).slice();
  e.release(blk);
  for (let i = 0; i < GUARD; i++) {
    if (!Number.isNaN(all[i]!) || !Number.isNaN(all[GUARD + outFloats + i]!)) throw new Error(`${what}: wrote outside its output`);
  }
  return all.subarray(GUARD, GUARD + outFloats);
}

describe('im2col_f32 / col2im_f32', () => {
  it.each(convShapes(30, 3))('C=$C H=$H W=$W K=$K stride=$stride pad=$pad B=$B', async (s) => {
    const e = await testEngine();
    const r = new Random(s.C + 10 * s.H + 100 * s.W + 1000 * s.B);
    const Ho = outSize(s.H, s.K, s.stride, s.pad), Wo = outSize(s.W, s.K, s.stride, s.pad);
    const colFloats = s.C * s.K * s.K * Ho * Wo * s.B, xFloats = s.C * s.H * s.W * s.B;
    const x = new Float32Array(xFloats).map(() => r.range(-1, 1));
    const xb = e.upload(x);
    // Every entry is a copy or a zero: exact.
    const cols = guarded(e, colFloats, (out) => e.kernels.im2col_f32(out, xb.ptr, s.C, s.H, s.W, s.K, s.K, s.stride, s.pad, s.B), 'im2col');
    assertClose(cols, refIm2col(x, s.C, s.H, s.W, s.K, s.stride, s.pad, s.B), { abs: 0 }, `im2col ${JSON.stringify(s)}`);
    const dcols = new Float32Array(colFloats).map(() => r.range(-1, 1));
    const db = e.upload(dcols);
    const dx = guarded(e, xFloats, (out) => e.kernels.col2im_f32(out, db.ptr, s.C, s.H, s.W, s.K, s.K, s.stride, s.pad, s.B), 'col2im');
    // Sums of at most K² terms in a different order than the f64 reference.
    assertClose(dx, refCol2im(dcols, s.C, s.H, s.W, s.K, s.stride, s.pad, s.B), { abs: 1e-6 * s.K * s.K }, `col2im ${JSON.stringify(s)}`);
    e.release(xb);
    e.release(db);
  });

  it('col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>', async () => {
    const e = await testEngine();
    const s = { C: 3, H: 9, W: 7, K: 3, stride: 2, pad: 1, B: 5 };
    const r = new Random(9);
    const x = new Float32Array(s.C * s.H * s.W * s.B).map(() => r.range(-1, 1));
    const Ho = outSize(s.H, s.K, s.stride, s.pad), Wo = outSize(s.W, s.K, s.stride, s.pad);
    const c = new Float32Array(s.C * s.K * s.K * Ho * Wo * s.B).map(() => r.range(-1, 1));
    const xb = e.upload(x), cb = e.upload(c);
    const cols = guarded(e, c.length, (out) => e.kernels.im2col_f32(out, xb.ptr, s.C, s.H, s.W, s.K, s.K, s.stride, s.pad, s.B), 'im2col');
    const back = guarded(e, x.length, (out) => e.kernels.col2im_f32(out, cb.ptr, s.C, s.H, s.W, s.K, s.K, s.stride, s.pad, s.B), 'col2im');
    let left = 0, right = 0;
    for (let i = 0; i < c.length; i++) left += cols[i]! * c[i]!;
    for (let i = 0; i < x.length; i++) right += x[i]! * back[i]!;
    expect(Math.abs(left - right)).toBeLessThan(1e-4 * (1 + Math.abs(left)));
  });
});

describe('conv_pack_filters_flipped_f32', () => {
  it.each([
    { F: 1, C: 1, K: 1 }, { F: 3, C: 5, K: 3 }, { F: 4, C: 4, K: 5 }, { F: 17, C: 3, K: 2 }, { F: 2, C: 17, K: 3 },
  ])('F=$F C=$C K=$K: blocks of 4 input channels, taps (f, ky, kx) of W[f][c][K−1−ky][K−1−kx], zero-padded', async ({ F, C, K }) => {
    const e = await testEngine();
    const r = new Random(F * 100 + C * 10 + K);
    const w = new Float32Array(F * C * K * K).map(() => r.range(-1, 1));
    const wb = e.upload(w);
    const blocks = Math.ceil(C / 4), taps = F * K * K;
    const packed = guarded(e, blocks * taps * 4, (out) => e.kernels.conv_pack_filters_flipped_f32(out, wb.ptr, F, C, K), 'pack flipped');
    const want = new Float64Array(blocks * taps * 4);
    for (let c0 = 0; c0 < C; c0 += 4) for (let f = 0; f < F; f++) for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) {
      for (let i = 0; i < 4; i++) {
        const c = c0 + i, tap = (f * K + ky) * K + kx;
        want[(c0 / 4) * taps * 4 + tap * 4 + i] = c < C ? w[((f * C + c) * K + K - 1 - ky) * K + K - 1 - kx]! : 0;
      }
    }
    assertClose(packed, want, { abs: 0 }, `pack flipped F=${F} C=${C} K=${K}`);
    e.release(wb);
  });
});

interface PoolShape { C: number; H: number; W: number; K: number; S: number; B: number }

function poolShapes(): PoolShape[] {
  return [
    { C: 1, H: 1, W: 1, K: 1, S: 1, B: 1 },
    { C: 2, H: 4, W: 4, K: 2, S: 2, B: 3 },
    { C: 3, H: 5, W: 7, K: 3, S: 2, B: 5 },
    { C: 1, H: 9, W: 9, K: 3, S: 3, B: 17 },
    { C: 5, H: 6, W: 5, K: 2, S: 1, B: 8 },  // overlapping windows
    { C: 2, H: 17, W: 3, K: 3, S: 1, B: 4 },
    // Tiling windows (K = S) with rows and columns no window covers, batch tails.
    { C: 2, H: 7, W: 5, K: 2, S: 2, B: 6 },
    { C: 3, H: 11, W: 10, K: 3, S: 3, B: 33 },
    { C: 2, H: 28, W: 28, K: 2, S: 2, B: 17 },
  ];
}

function runPool(e: Engine, s: PoolShape, x: Float32Array, dy: Float32Array): { y: Float32Array; dx: Float32Array } {
  const Ho = Math.floor((s.H - s.K) / s.S) + 1, Wo = Math.floor((s.W - s.K) / s.S) + 1;
  const xb = e.upload(x), dyb = e.upload(dy);
  const y = guarded(e, s.C * Ho * Wo * s.B, (out) => e.kernels.maxpool_f32_fwd(out, xb.ptr, s.C, s.H, s.W, s.K, s.S, s.B), 'maxpool fwd');
  const yb = e.upload(Float32Array.from(y));
  const dx = guarded(e, x.length, (out) => e.kernels.maxpool_f32_bwd(out, dyb.ptr, xb.ptr, yb.ptr, s.C, s.H, s.W, s.K, s.S, s.B), 'maxpool bwd');
  for (const b of [xb, dyb, yb]) e.release(b);
  return { y, dx };
}

describe('maxpool_f32_fwd / maxpool_f32_bwd', () => {
  it.each(poolShapes())('distinct values: C=$C H=$H W=$W K=$K S=$S B=$B', async (s) => {
    const e = await testEngine();
    const r = new Random(s.C * 7 + s.H * 11 + s.B);
    const x = new Float32Array(s.C * s.H * s.W * s.B).map(() => r.range(-1, 1));
    const ref = refMaxPoolCHWN(x, s.C, s.H, s.W, s.K, s.S, s.B);
    const dy = new Float32Array(ref.y.length).map(() => r.range(-1, 1));
    const { y, dx } = runPool(e, s, x, dy);
    assertClose(y, ref.y, { abs: 0 }, `maxpool fwd ${JSON.stringify(s)}`);
    assertClose(dx, refMaxPoolBackward(dy, ref.argmax, x.length), { abs: 1e-6 }, `maxpool bwd ${JSON.stringify(s)}`);
  });

  it.each(poolShapes())('ties (relu-like inputs, many zeros): each gradient goes to one position, the first maximum: C=$C H=$H W=$W K=$K S=$S B=$B', async (s) => {
    const e = await testEngine();
    const r = new Random(s.C * 13 + s.W * 3 + s.B);
    // Mostly zeros, and a few repeated positive values: windows with 2+ equal maxima.
    const x = new Float32Array(s.C * s.H * s.W * s.B).map(() => (r.uniform() < 0.6 ? 0 : [0.5, 1][Math.floor(r.uniform() * 2)]!));
    const ref = refMaxPoolCHWN(x, s.C, s.H, s.W, s.K, s.S, s.B);
    const dy = new Float32Array(ref.y.length).map(() => 1 + r.uniform());
    const { y, dx } = runPool(e, s, x, dy);
    assertClose(y, ref.y, { abs: 0 }, `maxpool fwd, ties ${JSON.stringify(s)}`);
    assertClose(dx, refMaxPoolBackward(dy, ref.argmax, x.length), { abs: 1e-6 }, `maxpool bwd, ties ${JSON.stringify(s)}`);
    // The gradient is conserved: nothing duplicated onto tied positions, nothing lost.
    const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);
    expect(sum(dx)).toBeCloseTo(sum(dy), 3);
  });
});
