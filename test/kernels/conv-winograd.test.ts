// The Winograd F(4, 5) prediction kernel (assembly/kernels/conv_winograd.ts): its matrices
// against the plain f64 convolution (in f64), its filter transform against the f64 one, and its
// output against the f64 convolution on a seeded table of shapes — channels 1, 3, 8, 20; filters
// 1, 3, 4, 5, 17 (tails of the 4-filter block); batches 1–9, 17, 33 (a last chunk of 1–7 examples,
// with or without a whole 4-wide half); output widths leaving 0–3 outputs in the last group of
// four (the rest dropped); padding up to and past the kernel's reach, rows of padding skipped —
// with guard bands around the output, the packed filters and the scratch, and a check that the
// tolerance rejects a dropped tap. The input gradient's use of it (flipped, transposed filters
// packed by conv_winograd_pack_flipped_f32, dZ convolved with padding 4 − pad) against the f64
// input gradient from its definition, on the same shapes read as dZ's.
import { describe, it, expect } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { refConvCHWN, refConvInputGradCHWN } from '../reference/conv.js';
import { refFlippedFilters, refWinogradCHWN, refWinogradFilters } from '../reference/winograd.js';
import type { Engine } from '../../src/engine/engine.js';

interface Shape { C: number; H: number; W: number; F: number; pad: number; B: number }

const fixed: Shape[] = [
  { C: 20, H: 12, W: 12, F: 50, pad: 0, B: 33 }, // lenet_conv2: four whole chunks and a last one of 1 example
  { C: 8, H: 12, W: 12, F: 16, pad: 2, B: 9 }, // convnetjs_conv2: padded rows and columns transformed as zeros
  { C: 3, H: 6, W: 7, F: 5, pad: 1, B: 5 }, // Wo_5: a group of 4 and one of 1 (3 outputs dropped); chunk of 5 (4 + 1 lanes)
  { C: 1, H: 5, W: 5, F: 1, pad: 0, B: 3 }, // Wo_1_Ho_1: one output, one group; 3 lanes only
  { C: 3, H: 3, W: 3, F: 4, pad: 4, B: 4 }, // pad_past_every_side: most windows outside the image, Wo 7 (4 + 3); one 4-wide half
  { C: 5, H: 8, W: 9, F: 17, pad: 2, B: 12 }, // filter_tail_17, batch 12: a whole chunk and a 4-lane one
  { C: 2, H: 9, W: 4, F: 3, pad: 3, B: 8 }, // narrow_W: W < 5, reach from the padding on both sides, Wo 6 (4 + 2)
  { C: 1, H: 1, W: 11, F: 3, pad: 2, B: 1 }, // one input row, Wo 11 (4 + 4 + 3), batch 1
  { C: 2, H: 3, W: 4, F: 3, pad: 6, B: 5 }, // pad_6: whole windows in the padding (empty runs give zeros)
];

function randomShapes(count: number, seed: number): Shape[] {
  const r = new Random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r.uniform() * xs.length)]!;
  const out: Shape[] = [];
  while (out.length < count) {
    const pad = Math.floor(r.uniform() * 5), H = pick([1, 2, 3, 5, 8, 11]), W = pick([1, 3, 4, 7, 9, 13]);
    if (H + 2 * pad < 5 || W + 2 * pad < 5) continue;
    out.push({ C: pick([1, 3, 8, 20]), H, W, F: pick([1, 3, 4, 5, 17]), pad, B: pick([1, 3, 4, 5, 7, 8, 9, 17, 33]) });
  }
  return out;
}

const GUARD = 16;

/**
 * Runs pack + forward with guard bands (−7) around every buffer the kernel writes; throws if one is touched.
 * `flipped`: w is a layer's F' = s.C filters over C' = s.F channels, packed for its input gradient.
 */
function run(e: Engine, s: Shape, x: Float32Array, w: Float32Array, flipped = false): { z: Float32Array; wt: Float32Array } {
  const { C, H, W, F, pad, B } = s;
  const k = e.kernels;
  const outFloats = F * (H + 2 * pad - 4) * (W + 2 * pad - 4) * B;
  const wtFloats = k.conv_winograd_filters_floats(F, C), scratchFloats = k.conv_winograd_scratch_floats(C, H, W, F, pad);
  const z = e.alloc((outFloats + 2 * GUARD) * 4), wt = e.alloc((wtFloats + 2 * GUARD) * 4), scratch = e.alloc((scratchFloats + 2 * GUARD) * 4);
  const xb = e.upload(x), wb = e.upload(w);
  const guarded = [[z, outFloats], [wt, wtFloats], [scratch, scratchFloats]] as const;
  for (const [blk, n] of guarded) e.f32(blk.ptr, n + 2 * GUARD).fill(-7);
  if (flipped) k.conv_winograd_pack_flipped_f32(wt.ptr + GUARD * 4, wb.ptr, C, F);
  else k.conv_winograd_pack_filters_f32(wt.ptr + GUARD * 4, wb.ptr, F, C);
  k.conv2d_f32_fwd__winograd(z.ptr + GUARD * 4, xb.ptr, wt.ptr + GUARD * 4, scratch.ptr + GUARD * 4, C, H, W, F, pad, B);
  for (const [blk, n] of guarded) {
    const all = e.f32(blk.ptr, n + 2 * GUARD);
    for (let i = 0; i < GUARD; i++) {
      if (all[i] !== -7 || all[GUARD + n + i] !== -7) throw new Error(`${JSON.stringify(s)}: wrote outside a buffer of ${n} floats`);
    }
  }
  const out = { z: e.f32(z.ptr + GUARD * 4, outFloats).slice(), wt: e.f32(wt.ptr + GUARD * 4, wtFloats).slice() };
  for (const blk of [z, wt, scratch, xb, wb]) e.release(blk);
  return out;
}

function data(s: Shape, seed: number): { x: Float32Array; w: Float32Array } {
  const r = new Random(seed);
  return {
    x: new Float32Array(s.C * s.H * s.W * s.B).map(() => r.range(-1, 1)),
    w: new Float32Array(s.F * s.C * 25).map(() => r.range(-1, 1)),
  };
}

// f32 rounding of 5·C products per point, the transforms' own and the output sums: a few ε of the
// Winograd magnitude, growing like √(5·C) as the direct kernel's bound does.
const bound = (magnitude: Float64Array, C: number) => (i: number) => 1e-6 + 1e-6 * magnitude[i]! * Math.sqrt(5 * C);

describe('conv2d_f32_fwd__winograd', () => {
  it('the F(4, 5) matrices compute the convolution (f64, both references)', () => {
    for (const s of fixed.slice(1)) {
      const { x, w } = data(s, 11);
      const direct = refConvCHWN(x, w, s.C, s.H, s.W, s.F, 5, 1, s.pad, s.B);
      const wino = refWinogradCHWN(x, w, s.C, s.H, s.W, s.F, s.pad, s.B);
      assertClose(wino.z, direct.z, { bound: (i) => 1e-12 * (1 + direct.magnitude[i]!) }, `f64 Winograd ${JSON.stringify(s)}`);
    }
  });

  it('packs filters as the f64 transform rounded once, zero-padded to 4 filters', async () => {
    const e = await testEngine();
    for (const s of [fixed[2]!, fixed[5]!, { C: 1, H: 5, W: 5, F: 1, pad: 0, B: 1 }]) {
      const { x, w } = data(s, 12);
      const want = refWinogradFilters(w, s.F, s.C);
      assertClose(run(e, s, x, w).wt, want, { bound: (i) => 1.2e-7 * Math.abs(want[i]!) }, `packed filters ${JSON.stringify(s)}`);
    }
  });

  it.each([...fixed, ...randomShapes(40, 9)])('C=$C H=$H W=$W F=$F pad=$pad B=$B', async (s) => {
    const e = await testEngine();
    const { x, w } = data(s, s.C * 1000 + s.H * 100 + s.F * 10 + s.B);
    const ref = refConvCHWN(x, w, s.C, s.H, s.W, s.F, 5, 1, s.pad, s.B);
    const scale = refWinogradCHWN(x, w, s.C, s.H, s.W, s.F, s.pad, s.B).magnitude;
    assertClose(run(e, s, x, w).z, ref.z, { bound: bound(scale, s.C) }, `Winograd conv ${JSON.stringify(s)}`);
  });

  it('the tolerance rejects a dropped tap', async () => {
    const e = await testEngine();
    const s = fixed[0]!;
    const { x, w } = data(s, 13);
    const dropped = w.slice();
    dropped[(3 * s.C + 7) * 25 + 12] = 0; // filter 3, channel 7, centre tap
    const ref = refConvCHWN(x, w, s.C, s.H, s.W, s.F, 5, 1, s.pad, s.B);
    const scale = refWinogradCHWN(x, w, s.C, s.H, s.W, s.F, s.pad, s.B).magnitude;
    expect(() => assertClose(run(e, s, x, dropped).z, ref.z, { bound: bound(scale, s.C) }, 'dropped tap')).toThrow(/dropped tap: index/);
  });

  it('edge values: zeros, ±1e6 and tiny inputs', async () => {
    const e = await testEngine();
    const s: Shape = { C: 2, H: 6, W: 7, F: 5, pad: 2, B: 9 };
    const values = [0, 1e6, -1e6, 1e-30, -1e-30, 1, -1];
    const x = new Float32Array(s.C * s.H * s.W * s.B).map((_, i) => values[i % values.length]!);
    const w = new Float32Array(s.F * s.C * 25).map((_, i) => values[(i * 3) % values.length]!);
    const ref = refConvCHWN(x, w, s.C, s.H, s.W, s.F, 5, 1, s.pad, s.B);
    const scale = refWinogradCHWN(x, w, s.C, s.H, s.W, s.F, s.pad, s.B).magnitude;
    assertClose(run(e, s, x, w).z, ref.z, { bound: bound(scale, s.C) }, 'Winograd conv, edge values');
  });
});

// A shape read as the input gradient's convolution: dZ has s.C channels of s.H × s.W, the layer
// s.F input channels of the side that gives them back with padding 4 − s.pad.
describe('conv_winograd_pack_flipped_f32 + conv2d_f32_fwd__winograd: the input gradient', () => {
  const layerSide = (n: number, pad: number) => n + 2 * pad - 4;

  it('packs the flipped, transposed filters as the f64 transform of the turned filters', async () => {
    const e = await testEngine();
    for (const s of [fixed[2]!, fixed[5]!, { C: 1, H: 5, W: 5, F: 1, pad: 0, B: 1 }, { C: 24, H: 5, W: 5, F: 13, pad: 2, B: 1 }]) {
      const { x, w } = data(s, 14);
      const want = refWinogradFilters(refFlippedFilters(w, s.C, s.F), s.F, s.C);
      assertClose(run(e, s, x, w, true).wt, want, { bound: (i) => 1.2e-7 * Math.abs(want[i]!) }, `packed flipped filters ${JSON.stringify(s)}`);
    }
  });

  const e7 = { C: 24, H: 14, W: 14, F: 12, pad: 2, B: 17 }; // E7's conv2: 24 channels of dZ back to 12
  it.each([e7, ...fixed.filter((s) => s.pad <= 4), ...randomShapes(30, 10)])('dZ C=$C H=$H W=$W → F=$F, pad $pad, B=$B', async (s) => {
    const e = await testEngine();
    const { x: dz, w } = data(s, s.C * 1000 + s.H * 100 + s.F * 10 + s.B + 1);
    const ref = refConvInputGradCHWN(dz, w, s.F, layerSide(s.H, s.pad), layerSide(s.W, s.pad), s.C, 5, 4 - s.pad, s.B);
    const scale = refWinogradCHWN(dz, refFlippedFilters(w, s.C, s.F), s.C, s.H, s.W, s.F, s.pad, s.B).magnitude;
    assertClose(run(e, s, dz, w, true).z, ref.dx, { bound: bound(scale, s.C) }, `Winograd input gradient ${JSON.stringify(s)}`);
  });

  it('the tolerance rejects filters turned but not transposed', async () => {
    const e = await testEngine();
    const s = e7;
    const { x: dz, w } = data(s, 15);
    const ref = refConvInputGradCHWN(dz, w, s.F, s.H, s.W, s.C, 5, 2, s.B);
    const scale = refWinogradCHWN(dz, refFlippedFilters(w, s.C, s.F), s.C, s.H, s.W, s.F, s.pad, s.B).magnitude;
    const twice = Float32Array.from(refFlippedFilters(refFlippedFilters(w, s.C, s.F), s.F, s.C)); // the reference turns back to w
    expect(Array.from(twice)).toEqual(Array.from(w));
    const turnedOnce = Float32Array.from(w);
    for (let row = 0; row < s.C * s.F; row++) turnedOnce.subarray(row * 25, row * 25 + 25).reverse(); // taps turned, channels not transposed
    expect(() => assertClose(run(e, s, dz, turnedOnce, true).z, ref.dx, { bound: bound(scale, s.C) }, 'turned filters')).toThrow(/turned filters: index/);
  });
});
