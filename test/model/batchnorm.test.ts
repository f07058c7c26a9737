// Batch normalisation: the kernels against the f64 reference (training and
// inference forward, running statistics, backward checked by central differences
// of the reference on odd channel and run lengths), then a model: the training
// gradient against central differences of the f64 loss, inference with the
// running statistics, frozen running statistics, and the saved file.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { centralDifferences, softmaxCrossEntropy } from '../helpers/finite-differences.js';
import { randomPoints } from '../helpers/points.js';
import { guarded, readF32, checkGuards, release } from '../helpers/buffers.js';
import { act } from '../reference/mlp.js';
import { refBatchNormInfer, refBatchNormTrain } from '../reference/batchnorm.js';

describe('batchnorm_f32_fwd / batchnorm_f32_bwd', () => {
  it.each([[1, 3], [3, 5], [5, 17], [2, 33], [4, 1]])('C=%i N=%i', async (C, N) => {
    const e = await testEngine();
    const r = new Random(C * 13 + N);
    const x = new Float32Array(C * N).map(() => r.range(-2, 3));
    const params = new Float32Array(4 * C).map((_, i) => (i < 2 * C ? r.range(-1.5, 1.5) : i < 3 * C ? r.range(-0.5, 0.5) : r.range(0.5, 2)));
    const dy = new Float32Array(C * N).map(() => r.range(-1, 1));
    const [eps, m] = [1e-3, 0.25];
    const xb = guarded(e, x), pb = guarded(e, params), dyb = guarded(e, dy), yb = guarded(e, C * N, NaN), hb = guarded(e, C * N, NaN),
      rb = guarded(e, C, NaN), gb = guarded(e, 4 * C, NaN), dxb = guarded(e, C * N, NaN), infer = guarded(e, C * N, NaN);
    e.kernels.batchnorm_f32_fwd(yb.ptr, hb.ptr, rb.ptr, xb.ptr, pb.ptr, C, N, m, eps, 1);
    e.kernels.batchnorm_f32_bwd(dxb.ptr, dyb.ptr, hb.ptr, rb.ptr, pb.ptr, gb.ptr, C, N);
    for (const [g, what] of [[yb, 'y'], [hb, 'xhat'], [rb, 'rstd'], [gb, 'grads'], [dxb, 'dx']] as const) checkGuards(e, g, what);
    const gamma = params.subarray(0, C), beta = params.subarray(C, 2 * C);
    const ref = refBatchNormTrain(x, gamma, beta, C, N, Math.fround(eps));
    assertClose(readF32(e, yb), ref.y, { abs: 2e-5, rel: 1e-5 }, 'training y');
    const p = readF32(e, pb);
    const unbiased = Array.from(ref.variance, (v) => (N > 1 ? (v * N) / (N - 1) : v));
    assertClose(p.subarray(2 * C, 3 * C), Array.from(ref.mean, (v, c) => 0.75 * params[2 * C + c]! + 0.25 * v), { abs: 1e-6, rel: 1e-5 }, 'running mean');
    assertClose(p.subarray(3 * C), unbiased.map((v, c) => 0.75 * params[3 * C + c]! + 0.25 * v), { abs: 1e-6, rel: 1e-5 }, 'running var');
    // Backward against central differences of L = Σ dy·y(x, γ, β) on the reference.
    const L = (xs: ArrayLike<number>, g: ArrayLike<number>, b: ArrayLike<number>) => refBatchNormTrain(xs, g, b, C, N, Math.fround(eps)).y.reduce((s, v, i) => s + v * dy[i]!, 0);
    const h = 1e-4;
    const diff = (values: Float32Array, f: (v: Float64Array) => number) => Array.from(values, (_, i) => {
      const up = Float64Array.from(values); up[i]! += h;
      const down = Float64Array.from(values); down[i]! -= h;
      return (f(up) - f(down)) / (2 * h);
    });
    assertClose(readF32(e, dxb), diff(x, (v) => L(v, gamma, beta)), { abs: 2e-4, rel: 2e-3 }, 'dx');
    const grads = readF32(e, gb);
    assertClose(grads.subarray(0, C), diff(Float32Array.from(gamma), (v) => L(x, v, beta)), { abs: 2e-4, rel: 2e-3 }, 'dγ');
    assertClose(grads.subarray(C, 2 * C), diff(Float32Array.from(beta), (v) => L(x, gamma, v)), { abs: 2e-4, rel: 2e-3 }, 'dβ');
    expect(Array.from(grads.subarray(2 * C))).toEqual(new Array(2 * C).fill(0));
    // Inference uses the running statistics.
    e.kernels.batchnorm_f32_fwd(infer.ptr, 0, 0, xb.ptr, pb.ptr, C, N, m, eps, 0);
    assertClose(readF32(e, infer), refBatchNormInfer(x, gamma, beta, p.subarray(2 * C, 3 * C), p.subarray(3 * C), C, N, Math.fround(eps)), { abs: 2e-5, rel: 1e-5 }, 'inference y');
    release(e, xb, pb, dyb, yb, hb, rb, gb, dxb, infer);
  });
});

describe('a model with batch normalisation', () => {
  const spec = { inputs: 3, seed: 6, layers: [{ units: 4, activation: 'linear' as const }, { type: 'batchnorm' as const, epsilon: 1e-3 }, { units: 5, activation: 'tanh' as const }, { units: 3 }] };

  it('the training gradient matches central differences of the f64 loss (batch statistics)', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const n = 17;
    const data = randomPoints(n, 3, 3, 8);
    const init = model.getParameters();
    // γ and β away from 1 and 0 so their gradients are not special.
    init.set([1.3, 0.7, -0.9, 1.1, 0.2, -0.3, 0.1, 0.4], model.layers[1]!.offset);
    model.setParameters(init);
    const p = Float64Array.from(model.getParameters());
    const bn = model.layers[1]!.offset, l2 = model.layers[2]!.offset, l3 = model.layers[3]!.offset;
    const loss = (q: Float64Array): number => {
      const z = Array.from({ length: 4 * n }, (_, k) => { // feature-major: unit j, example e
        const j = Math.floor(k / n), e = k % n;
        let s = q[12 + j]!;
        for (let i = 0; i < 3; i++) s += q[j * 3 + i]! * data.x[e * 3 + i]!;
        return s;
      });
      const y = refBatchNormTrain(z, q.subarray(bn, bn + 4), q.subarray(bn + 4, bn + 8), 4, n, Math.fround(1e-3)).y;
      let total = 0;
      for (let e = 0; e < n; e++) {
        const h = Array.from({ length: 5 }, (_, j) => act('tanh', Array.from({ length: 4 }, (_, i) => q[l2 + j * 4 + i]! * y[i * n + e]!).reduce((a, b) => a + b, q[l2 + 20 + j]!)));
        const logits = Array.from({ length: 3 }, (_, c) => h.reduce((s, v, j) => s + q[l3 + c * 5 + j]! * v, q[l3 + 15 + c]!));
        total += softmaxCrossEntropy(logits, data.y[e]!);
      }
      return total / n;
    };
    const wasm = model.lossAndGradient(data.x, data.y);
    expect(Math.abs(wasm.loss - loss(p))).toBeLessThan(1e-5);
    const numeric = centralDifferences(p, loss);
    assertClose(wasm.gradient, numeric, { abs: 3e-5, rel: 3e-3 }, 'batch-norm network gradient');
    // The running statistics moved (training forward), and nothing else in the parameters did.
    const after = model.getParameters();
    expect(Array.from(after.subarray(bn + 8, bn + 16))).not.toEqual(Array.from(p.subarray(bn + 8, bn + 16)).map(Math.fround));
    expect(Array.from(after.subarray(0, bn + 8))).toEqual(Array.from(p.subarray(0, bn + 8)).map(Math.fround));
    expect(model.layers[1]!.frozen).toEqual([[bn + 8, bn + 16]]);
  });

  it('predicts with the running statistics, saves and loads them', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const data = randomPoints(17, 3, 3, 8);
    model.lossAndGradient(data.x, data.y); // one training forward moves the running statistics
    const p = model.getParameters();
    const bn = model.layers[1]!.offset;
    const outs = model.layerOutputs(data.x);
    const z = outs[0]!, y = outs[1]!; // rows: example e, unit j
    const zt = Float64Array.from({ length: 4 * 17 }, (_, k) => z[(k % 17) * 4 + Math.floor(k / 17)]!);
    const want = refBatchNormInfer(zt, p.subarray(bn, bn + 4), p.subarray(bn + 4, bn + 8), p.subarray(bn + 8, bn + 12), p.subarray(bn + 12, bn + 16), 4, 17, Math.fround(1e-3));
    assertClose(Float64Array.from({ length: 4 * 17 }, (_, k) => y[(k % 17) * 4 + Math.floor(k / 17)]!), want, { abs: 2e-5, rel: 1e-5 }, 'inference');
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(Object.keys(json.layers[1])).toEqual(['type', 'inputShape', 'momentum', 'epsilon', 'scale', 'shift', 'runningMean', 'runningVariance']);
    const again = Model.fromJSON(engine, json);
    expect(Array.from(again.predict(data.x))).toEqual(Array.from(model.predict(data.x)));
    json.layers[1].runningVariance[2] = 0;
    expect(() => Model.fromJSON(engine, json)).toThrow(/layers\[1\]\.runningVariance\[2\]/);
  });
});
