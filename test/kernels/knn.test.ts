// k-NN kernels: the mini-batch loss and its gradient against central
// differences of the f64 definition (inputs without tied distances), and the
// k-NN head against brute force.
import { describe, it, expect } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { KnnHead } from '../../src/model/knn-head.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { refKnnLoss, refKnnScores } from '../reference/knn.js';

// Bq < B: the first Bq columns are scored, the rest are a second batch that only votes.
const lossCases = [
  { D: 1, B: 3, Bq: 3, C: 2 }, { D: 2, B: 5, Bq: 5, C: 2 }, { D: 3, B: 17, Bq: 17, C: 3 }, { D: 5, B: 33, Bq: 33, C: 4 }, { D: 17, B: 8, Bq: 8, C: 2 },
  { D: 1, B: 6, Bq: 3, C: 2 }, { D: 3, B: 10, Bq: 5, C: 3 }, { D: 5, B: 34, Bq: 17, C: 4 }, { D: 2, B: 5, Bq: 1, C: 2 },
];

describe.each([
  { mode: 0 as const, name: 'inverse 1/(d+ε)', param: 0.05 },
  { mode: 1 as const, name: 'gaussian exp(−d²/τ)', param: 0.7 },
])('k-NN loss, $name', ({ mode, param }) => {
  it.each(lossCases)('D=$D B=$B (scored $Bq) C=$C: loss, vote and gradient', async ({ D, B, Bq, C }) => {
    const e = await testEngine();
    const r = new Random(D * 100 + B);
    const z = new Float32Array(D * B).map(() => r.range(-1, 1));
    const labels = Int32Array.from({ length: B }, (_, i) => (i * 7 + 3) % C);
    const zb = e.upload(z), lb = e.upload(labels);
    const dz = e.alloc(D * B * 4), stats = e.alloc(16);
    const work = e.alloc((B * B + 2 * B) * 4);
    const k = e.kernels;
    const scratch = e.alloc(Math.max(k.gemm_f32_scratch_floats(B, B, D), k.gemm_f32_scratch_floats(D, B, B)) * 4);
    e.f64(stats.ptr, 2).fill(0);
    k.knn_loss_f32(dz.ptr, zb.ptr, lb.ptr, D, B, Bq, C, mode, param, stats.ptr, work.ptr, scratch.ptr);
    const ref = refKnnLoss(z, labels, D, B, mode, param, Bq);
    // The stats get Bq × the mean over the counted examples: the loss the gradient is of.
    const lossSum = e.f64(stats.ptr, 1)[0]!;
    expect(Math.abs(lossSum - ref.loss * Bq)).toBeLessThan(1e-4 * (1 + Math.abs(ref.loss * Bq)));
    expect(e.i32(stats.ptr + 8, 1)[0]).toBe(ref.correct);
    expect(e.i32(stats.ptr + 12, 1)[0]).toBe(ref.count);
    const terms = e.f32(work.ptr + (B * B + B) * 4, Bq);
    for (let i = 0; i < Bq; i++) {
      const want = ref.terms[i]!;
      if (Number.isNaN(want) ? !Number.isNaN(terms[i]!) : !(Math.abs(terms[i]! - want) <= 1e-4 * (1 + want))) {
        throw new Error(`terms D=${D} B=${B} Bq=${Bq}: index ${i}: expected ${want}, got ${terms[i]}`);
      }
    }
    const got = e.f32(dz.ptr, D * B).slice();
    const h = 1e-5;
    const probe = Float64Array.from(z);
    const numeric = new Float64Array(D * B);
    for (let i = 0; i < probe.length; i++) {
      const keep = probe[i]!;
      probe[i] = keep + h;
      const up = refKnnLoss(probe, labels, D, B, mode, param, Bq).loss;
      probe[i] = keep - h;
      const down = refKnnLoss(probe, labels, D, B, mode, param, Bq).loss;
      probe[i] = keep;
      numeric[i] = (up - down) / (2 * h);
    }
    assertClose(got, numeric, { abs: 1e-4, rel: 1e-3 }, `dz D=${D} B=${B} Bq=${Bq}`);
    // References get a gradient through the distances (they are someone's neighbour).
    if (Bq < B && ref.count > 0) expect(got.some((v, at) => at % B >= Bq && v !== 0)).toBe(true);
  });

  it('an example with no same-class partner is not counted and gets no gradient of its own loss', async () => {
    const e = await testEngine();
    const z = new Float32Array([0, 1, 2.5, 0.3]); // D=1, B=4
    const labels = new Int32Array([0, 0, 1, 2]); // classes 1 and 2 have one example each
    const ref = refKnnLoss(z, labels, 1, 4, mode, param);
    expect(ref.count).toBe(2);
    const zb = e.upload(z), lb = e.upload(labels), dz = e.alloc(16), stats = e.alloc(16), work = e.alloc(24 * 4);
    const scratch = e.alloc(e.kernels.gemm_f32_scratch_floats(4, 4, 4) * 4);
    e.f64(stats.ptr, 2).fill(0);
    e.kernels.knn_loss_f32(dz.ptr, zb.ptr, lb.ptr, 1, 4, 4, 3, mode, param, stats.ptr, work.ptr, scratch.ptr);
    expect(e.f64(stats.ptr, 1)[0]! / 4).toBeCloseTo(ref.loss, 5);
    expect(e.i32(stats.ptr + 12, 1)[0]).toBe(2);
    expect(Array.from(e.f32(work.ptr + 20 * 4, 4), Number.isNaN)).toEqual([false, false, true, true]);
    expect(e.f32(dz.ptr, 4).every(Number.isFinite)).toBe(true);
  });
});

describe('k-NN head', () => {
  it.each([
    { n: 1, D: 3, m: 5, k: 1, C: 2 }, { n: 37, D: 2, m: 17, k: 5, C: 3 }, { n: 1500, D: 5, m: 130, k: 7, C: 4 }, { n: 2100, D: 17, m: 33, k: 3, C: 10 },
  ])('n=$n D=$D queries=$m k=$k matches brute force', async ({ n, D, m, k, C }) => {
    const e = await testEngine();
    const r = new Random(n + D);
    const refs = new Float32Array(n * D).map(() => r.range(-1, 1));
    const labels = Int32Array.from({ length: n }, () => r.int(C));
    const queries = new Float32Array(m * D).map(() => r.range(-1, 1));
    const head = new KnnHead(e, refs, labels, D, C, { k, epsilon: 1e-3 });
    const got = head.scoresOf(queries);
    const want = refKnnScores(queries, refs, labels, D, Math.min(k, n), C, 1e-3);
    assertClose(got, want.flat(), { abs: 2e-4, rel: 1e-3 }, `k-NN scores n=${n}`);
    const predicted = head.classify(queries);
    want.forEach((w, i) => {
      const best = w.indexOf(Math.max(...w));
      if (Math.max(...w) - [...w].sort((a, b) => b - a)[1]! > 1e-3) expect(predicted[i]).toBe(best);
    });
    head.dispose();
  });

  it('rejects bad references', async () => {
    const e = await testEngine();
    expect(() => new KnnHead(e, new Float32Array(5), [0, 1], 2, 2)).toThrow(/5 values for 2 references/);
    expect(() => new KnnHead(e, new Float32Array(4), [0, 2], 2, 2)).toThrow(/label 2 of reference 1/);
    expect(() => new KnnHead(e, new Float32Array(4), [0, 1], 2, 2, { k: 0 })).toThrow(/k must be/);
    expect(() => new KnnHead(e, new Float32Array([0, NaN, 0, 0]), [0, 1], 2, 2)).toThrow(/non-finite/);
  });
});
