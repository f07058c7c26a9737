import { describe, it, expect, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { guarded, readF32, checkGuards, release, uniformF32, labelsI32, assertSameBits, Random, type Guarded } from '../helpers/buffers.js';
import { softmaxXent, meanXentLoss, type XentResult } from '../reference/kernels.js';

const CS = [1, 2, 3, 5, 10, 17];
const BS = [1, 2, 3, 4, 5, 6, 7, 8, 17, 33]; // every B % 4 tail

interface KernelXent {
  probs: Float32Array;
  dlogits: Float32Array;
  loss: number;
  correct: number;
}

/** The stats block: f64 summed loss at +0, i32 correct count at +8 (read unaligned-safe). */
function readStats(e: Engine, s: Guarded): { loss: number; correct: number } {
  const view = new DataView(e.memory.buffer);
  return { loss: view.getFloat64(s.ptr, true), correct: view.getInt32(s.ptr + 8, true) };
}

function writeStats(e: Engine, s: Guarded, loss: number, correct: number): void {
  const view = new DataView(e.memory.buffer);
  view.setFloat64(s.ptr, loss, true);
  view.setInt32(s.ptr + 8, correct, true);
}

function runXent(e: Engine, logits: Float32Array, labels: Int32Array, C: number, B: number): KernelXent {
  const Z = guarded(e, logits), Y = guarded(e, labels);
  const P = guarded(e, C * B, NaN), DZ = guarded(e, C * B, NaN), S = guarded(e, 4);
  writeStats(e, S, 0, 0);
  e.kernels.softmax_xent_f32(P.ptr, DZ.ptr, Z.ptr, Y.ptr, C, B, S.ptr);
  const what = `softmax_xent_f32 C=${C} B=${B}`;
  checkGuards(e, P, `${what} probs`);
  checkGuards(e, DZ, `${what} dlogits`);
  checkGuards(e, S, `${what} stats`);
  assertSameBits(readF32(e, Z), logits, `${what}: logits changed`);
  const out = { probs: readF32(e, P), dlogits: readF32(e, DZ), ...readStats(e, S) };
  release(e, Z, Y, P, DZ, S);
  return out;
}

/** Compares every output of the kernel with the reference; tolerances follow f32 exp/log/div rounding. */
function assertXent(got: KernelXent, want: XentResult, labels: Int32Array, C: number, B: number, what: string): void {
  assertClose(got.probs, want.probs, { bound: (i) => 2e-6 * want.probs[i]! + 1e-7 }, `${what} probs`);
  const onehot = (i: number): number => (labels[i % B] === Math.floor(i / B) ? 1 : 0);
  assertClose(got.dlogits, want.dlogits, { bound: (i) => (2e-6 * (want.probs[i]! + onehot(i)) + 1e-7) / B }, `${what} dlogits`);
  let scale = 0;
  for (const l of want.losses) scale += 1 + Math.abs(l);
  assertClose([got.loss], [want.loss], { abs: 1e-6 * scale }, `${what} summed loss`);
  expect(got.correct, `${what} correct`).toBe(want.correct);
}

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe(`softmax_xent_f32 (${VARIANT})`, () => {
  it.each(CS)('C=%i, every B ∈ {1,…,8,17,33}: probs, dlogits, summed loss, correct', (C) => {
    for (const B of BS) {
      const rng = new Random(C * 1000 + B);
      const logits = uniformF32(rng, C * B, -5, 5);
      const labels = labelsI32(rng, B, C);
      assertXent(runXent(e, logits, labels, C, B), softmaxXent(logits, labels, C, B), labels, C, B, `C=${C} B=${B}`);
    }
  });

  it.each([[5, 1], [5, 3], [10, 17], [3, 33]])('large logits ±80, C=%i B=%i: finite, columns sum to 1, matches reference', (C, B) => {
    const rng = new Random(C + B);
    const logits = uniformF32(rng, C * B, -80, 80);
    // Make some columns extreme: one class at +80, the rest at −80.
    for (let b = 0; b < B; b += 2) for (let c = 0; c < C; c++) logits[c * B + b] = c === b % C ? 80 : -80;
    const labels = labelsI32(rng, B, C);
    const got = runXent(e, logits, labels, C, B);
    const what = `±80 C=${C} B=${B}`;
    for (const v of [...got.probs, ...got.dlogits, got.loss]) expect(Number.isFinite(v), `${what}: non-finite output ${v}`).toBe(true);
    for (let b = 0; b < B; b++) {
      let sum = 0;
      for (let c = 0; c < C; c++) sum += got.probs[c * B + b]!;
      assertClose([sum], [1], { abs: 2e-6 }, `${what} column ${b} probability sum`);
    }
    assertXent(got, softmaxXent(logits, labels, C, B), labels, C, B, what);
  });

  it.each([[2, 1], [5, 1], [17, 1], [5, 4], [3, 7]])('loss equals −log p_y of the kernel probabilities, C=%i B=%i', (C, B) => {
    const rng = new Random(3 * C + B);
    const logits = uniformF32(rng, C * B, -4, 4);
    const labels = labelsI32(rng, B, C);
    const got = runXent(e, logits, labels, C, B);
    let nll = 0;
    for (let b = 0; b < B; b++) nll -= Math.log(got.probs[labels[b]! * B + b]!);
    assertClose([got.loss], [nll], { abs: 2e-6 * B, rel: 2e-6 }, `C=${C} B=${B} loss vs −Σ log p_y`);
  });

  it('counts correct by the first argmax when classes tie', () => {
    // C=3, B=6. Columns: [2,2,1] [1,2,2] [0,0,0] [5,1,5] [1,1,3] [4,4,4]
    const C = 3, B = 6;
    const cols = [[2, 2, 1], [1, 2, 2], [0, 0, 0], [5, 1, 5], [1, 1, 3], [4, 4, 4]];
    const logits = new Float32Array(C * B);
    cols.forEach((col, b) => col.forEach((v, c) => { logits[c * B + b] = v; }));
    // First argmaxes: 0, 1, 0, 0, 2, 0. Labels hit columns 0, 2, 3 and miss 1, 4, 5.
    const labels = Int32Array.from([0, 2, 0, 0, 1, 2]);
    const got = runXent(e, logits, labels, C, B);
    expect(got.correct).toBe(3);
    expect(softmaxXent(logits, labels, C, B).correct).toBe(3);
  });

  it('C=1: p = 1, loss 0, dlogits 0', () => {
    const B = 5;
    const logits = uniformF32(new Random(1), B, -50, 50);
    const got = runXent(e, logits, new Int32Array(B), 1, B);
    expect(Array.from(got.probs)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(got.dlogits)).toEqual([0, 0, 0, 0, 0]);
    expect(got.loss).toBe(0);
    expect(got.correct).toBe(B);
  });

  it('stats accumulate across calls', () => {
    const C = 5, B1 = 7, B2 = 12;
    const rng = new Random(99);
    const z1 = uniformF32(rng, C * B1, -3, 3), y1 = labelsI32(rng, B1, C);
    const z2 = uniformF32(rng, C * B2, -3, 3), y2 = labelsI32(rng, B2, C);
    const Z1 = guarded(e, z1), Y1 = guarded(e, y1), Z2 = guarded(e, z2), Y2 = guarded(e, y2);
    const P = guarded(e, C * B2), DZ = guarded(e, C * B2), S = guarded(e, 4);
    writeStats(e, S, 1.5, 7);
    e.kernels.softmax_xent_f32(P.ptr, DZ.ptr, Z1.ptr, Y1.ptr, C, B1, S.ptr);
    e.kernels.softmax_xent_f32(P.ptr, DZ.ptr, Z2.ptr, Y2.ptr, C, B2, S.ptr);
    const got = readStats(e, S);
    checkGuards(e, S, 'stats');
    release(e, Z1, Y1, Z2, Y2, P, DZ, S);
    const r1 = softmaxXent(z1, y1, C, B1), r2 = softmaxXent(z2, y2, C, B2);
    assertClose([got.loss], [1.5 + r1.loss + r2.loss], { abs: 1e-5 }, 'summed loss over two calls');
    expect(got.correct).toBe(7 + r1.correct + r2.correct);
  });

  it('optional outputs: probs = 0, dlogits = 0, labels = 0, and softmax_f32_fwd agree with the full call', () => {
    const C = 7, B = 11;
    const rng = new Random(5);
    const logits = uniformF32(rng, C * B, -6, 6);
    const labels = labelsI32(rng, B, C);
    const full = runXent(e, logits, labels, C, B);
    const Z = guarded(e, logits), Y = guarded(e, labels);
    const P = guarded(e, C * B, NaN), DZ = guarded(e, C * B, NaN), S = guarded(e, 4);

    writeStats(e, S, 0, 0);
    e.kernels.softmax_xent_f32(0, DZ.ptr, Z.ptr, Y.ptr, C, B, S.ptr);
    assertSameBits(readF32(e, DZ), full.dlogits, 'dlogits without probs');
    expect(readStats(e, S)).toEqual({ loss: full.loss, correct: full.correct });

    writeStats(e, S, 0, 0);
    e.kernels.softmax_xent_f32(P.ptr, 0, Z.ptr, Y.ptr, C, B, S.ptr);
    assertSameBits(readF32(e, P), full.probs, 'probs without dlogits');
    expect(readStats(e, S)).toEqual({ loss: full.loss, correct: full.correct });

    writeStats(e, S, 2.5, 3);
    e.f32(P.ptr, C * B).fill(NaN);
    e.kernels.softmax_xent_f32(P.ptr, 0, Z.ptr, 0, C, B, S.ptr);
    assertSameBits(readF32(e, P), full.probs, 'probs without labels');
    expect(readStats(e, S), 'stats unchanged without labels').toEqual({ loss: 2.5, correct: 3 });

    e.f32(P.ptr, C * B).fill(NaN);
    e.kernels.softmax_f32_fwd(P.ptr, Z.ptr, C, B);
    assertSameBits(readF32(e, P), full.probs, 'softmax_f32_fwd');
    for (const g of [P, DZ, S]) checkGuards(e, g, 'optional outputs');
    release(e, Z, Y, P, DZ, S);
  });
});

describe(`softmax_xent gradient (${VARIANT})`, () => {
  it.each([[5, 3], [3, 17], [10, 5], [2, 1]])('reference dlogits match central differences of the mean loss, then the kernel matches the reference (C=%i B=%i)', (C, B) => {
    const rng = new Random(C * 31 + B);
    const logits = uniformF32(rng, C * B, -3, 3);
    const labels = labelsI32(rng, B, C);
    const ref = softmaxXent(logits, labels, C, B);
    const z = Float64Array.from(logits);
    const h = 1e-5;
    const fd = new Float64Array(C * B);
    for (let i = 0; i < C * B; i++) {
      const keep = z[i]!;
      z[i] = keep + h;
      const up = meanXentLoss(z, labels, C, B);
      z[i] = keep - h;
      const down = meanXentLoss(z, labels, C, B);
      z[i] = keep;
      fd[i] = (up - down) / (2 * h);
    }
    assertClose(ref.dlogits, fd, { abs: 1e-8 }, `C=${C} B=${B} reference dlogits vs central differences`);
    assertXent(runXent(e, logits, labels, C, B), ref, labels, C, B, `C=${C} B=${B}`);
  });
});
