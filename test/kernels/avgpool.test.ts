// avgpool_f32_fwd / avgpool_f32_bwd (assembly/kernels/avgpool.ts) against the
// f64 reference: odd shapes, batches with and without SIMD tails (1, 3, 4, 5, 17),
// overlapping windows (S < K), rectangular windows and the global case (KH = H,
// KW = W). Outputs sit between sentinel guard words; the backward's input
// gradient starts NaN-filled, so a position it fails to overwrite shows.
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { guarded, readF32, checkGuards, release } from '../helpers/buffers.js';
import { refAvgPoolBackward, refAvgPoolCHWN } from '../reference/pool.js';

interface Shape { C: number; H: number; W: number; KH: number; KW: number; S: number; B: number }

const shapes: Shape[] = [
  { C: 1, H: 1, W: 1, KH: 1, KW: 1, S: 1, B: 1 },
  { C: 2, H: 4, W: 4, KH: 2, KW: 2, S: 2, B: 3 },
  { C: 3, H: 5, W: 7, KH: 3, KW: 3, S: 2, B: 5 },
  { C: 5, H: 6, W: 5, KH: 2, KW: 2, S: 1, B: 4 },   // overlapping windows
  { C: 1, H: 9, W: 9, KH: 3, KW: 3, S: 3, B: 17 },
  { C: 3, H: 5, W: 3, KH: 5, KW: 3, S: 1, B: 17 },  // global (KH = H, KW = W)
  { C: 33, H: 7, W: 5, KH: 7, KW: 5, S: 1, B: 3 },  // global, many channels
  { C: 2, H: 17, W: 3, KH: 3, KW: 2, S: 2, B: 1 },  // rectangular window
];

describe('avgpool_f32_fwd / avgpool_f32_bwd', () => {
  it.each(shapes)('C=$C H=$H W=$W window $KH×$KW S=$S B=$B', async (s) => {
    const e = await testEngine();
    const r = new Random(s.C * 7 + s.H * 11 + s.B);
    const x = new Float32Array(s.C * s.H * s.W * s.B).map(() => r.range(-1, 1));
    const ref = refAvgPoolCHWN(x, s.C, s.H, s.W, s.KH, s.KW, s.S, s.B);
    const dy = new Float32Array(ref.y.length).map(() => r.range(-1, 1));
    const xb = guarded(e, x), dyb = guarded(e, dy), yb = guarded(e, ref.y.length, Number.NaN), dxb = guarded(e, x.length, Number.NaN);
    e.kernels.avgpool_f32_fwd(yb.ptr, xb.ptr, s.C, s.H, s.W, s.KH, s.KW, s.S, s.B);
    e.kernels.avgpool_f32_bwd(dxb.ptr, dyb.ptr, s.C, s.H, s.W, s.KH, s.KW, s.S, s.B);
    checkGuards(e, yb, 'avgpool fwd');
    checkGuards(e, dxb, 'avgpool bwd');
    const tol = { abs: 1e-6, rel: 1e-5 };
    assertClose(readF32(e, yb), ref.y, tol, `avgpool fwd ${JSON.stringify(s)}`);
    const dx = readF32(e, dxb);
    assertClose(dx, refAvgPoolBackward(dy, s.C, s.H, s.W, s.KH, s.KW, s.S, s.B), tol, `avgpool bwd ${JSON.stringify(s)}`);
    // Adjoint check: ⟨avgpool(x), dy⟩ = ⟨x, avgpool_bwd(dy)⟩.
    const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((t, v, i) => t + v * b[i]!, 0);
    expect(dot(readF32(e, yb), dy)).toBeCloseTo(dot(x, dx), 4);
    release(e, xb, dyb, yb, dxb);
  });
});
