// Dropout: the kernel against the reference masks (test/reference/dropout.ts),
// its statistics and step counter; then a model: the identity at inference, the
// training gradient against central differences of the f64 loss under the same
// mask, and the saved file.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { centralDifferences, softmaxCrossEntropy } from '../helpers/finite-differences.js';
import { randomPoints } from '../helpers/points.js';
import { guarded, readF32, checkGuards, release } from '../helpers/buffers.js';
import { act } from '../reference/mlp.js';
import { refDropoutMask } from '../reference/dropout.js';

describe('dropout_f32_fwd / dropout_f32_bwd', () => {
  it.each([[1, 1, 0.5], [3, 5, 0.25], [17, 4, 0.1], [33, 17, 0.75], [5, 3, 0.999]])('D=%i B=%i rate %f: the reference mask, Y = X ⊙ mask, dX = dY ⊙ mask, counter + 1', async (D, B, rate) => {
    const e = await testEngine();
    const r = new Random(D * 31 + B);
    const n = D * B;
    const x = new Float32Array(n).map(() => r.range(-1, 1)), dy = new Float32Array(n).map(() => r.range(-1, 1));
    const xb = guarded(e, x), dyb = guarded(e, dy), yb = guarded(e, n, NaN), mb = guarded(e, n, NaN), dxb = guarded(e, n, NaN);
    const counter = guarded(e, Int32Array.of(6));
    e.kernels.dropout_f32_fwd(yb.ptr, mb.ptr, xb.ptr, D, B, rate, 42, counter.ptr);
    e.kernels.dropout_f32_bwd(dxb.ptr, dyb.ptr, mb.ptr, D, B);
    for (const [g, what] of [[yb, 'y'], [mb, 'mask'], [dxb, 'dx'], [counter, 'counter']] as const) checkGuards(e, g, what);
    const mask = refDropoutMask(n, rate, 42, 6);
    assertClose(readF32(e, mb), mask, { abs: 0 }, 'mask');
    assertClose(readF32(e, yb), Array.from(x, (v, i) => Math.fround(v * mask[i]!)), { abs: 0 }, 'y');
    assertClose(readF32(e, dxb), Array.from(dy, (v, i) => Math.fround(v * mask[i]!)), { abs: 0 }, 'dx');
    expect(e.i32(counter.ptr, 1)[0]).toBe(7);
    release(e, xb, dyb, yb, mb, dxb, counter);
  });

  it('drops about rate of the values; steps and seeds give different masks; rate 0 copies and keeps the counter', async () => {
    const e = await testEngine();
    const n = 20000;
    const x = guarded(e, new Float32Array(n).fill(1)), y = guarded(e, n), m = guarded(e, n), counter = guarded(e, Int32Array.of(0));
    const dropped = () => readF32(e, y).filter((v) => v === 0).length / n;
    e.kernels.dropout_f32_fwd(y.ptr, m.ptr, x.ptr, n, 1, 0.3, 1, counter.ptr);
    expect(Math.abs(dropped() - 0.3)).toBeLessThan(0.015);
    expect(readF32(e, y).every((v) => v === 0 || v === Math.fround(1 / Math.fround(1 - Math.fround(0.3))))).toBe(true);
    const first = readF32(e, m);
    e.kernels.dropout_f32_fwd(y.ptr, m.ptr, x.ptr, n, 1, 0.3, 1, counter.ptr);
    const second = readF32(e, m);
    expect(second.some((v, i) => v !== first[i])).toBe(true);
    e.kernels.dropout_f32_fwd(y.ptr, m.ptr, x.ptr, n, 1, 0, 1, counter.ptr);
    expect(Array.from(readF32(e, y)).every((v) => v === 1)).toBe(true);
    expect(e.i32(counter.ptr, 1)[0]).toBe(2);
    release(e, x, y, m, counter);
  });
});

describe('a model with dropout', () => {
  const spec = { inputs: 3, seed: 4, layers: [{ units: 5, activation: 'tanh' as const }, { type: 'dropout' as const, rate: 0.4, seed: 9 }, { units: 3 }] };

  it('is the identity at inference', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const x = new Float32Array(17 * 3).map((_, i) => Math.sin(i));
    const outs = model.layerOutputs(x);
    expect(Array.from(outs[1]!)).toEqual(Array.from(outs[0]!));
  });

  it('the training gradient matches central differences of the f64 loss under the same mask', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const n = 17;
    const data = randomPoints(n, 3, 3, 2);
    const p = Float64Array.from(model.getParameters());
    const mask = refDropoutMask(5 * n, 0.4, 9, 0); // the model's first training step: counter 0
    const loss = (q: Float64Array): number => {
      let total = 0;
      for (let e = 0; e < n; e++) {
        const h = Array.from({ length: 5 }, (_, j) => {
          let s = q[15 + j]!;
          for (let i = 0; i < 3; i++) s += q[j * 3 + i]! * data.x[e * 3 + i]!;
          return act('tanh', s) * mask[j * n + e]!; // feature-major: unit j, example e
        });
        const logits = Array.from({ length: 3 }, (_, c) => h.reduce((s, v, j) => s + q[20 + c * 5 + j]! * v, q[35 + c]!));
        total += softmaxCrossEntropy(logits, data.y[e]!);
      }
      return total / n;
    };
    const wasm = model.lossAndGradient(data.x, data.y);
    expect(Math.abs(wasm.loss - loss(p))).toBeLessThan(1e-5);
    const numeric = centralDifferences(p, loss);
    assertClose(wasm.gradient, numeric, { abs: 2e-5, rel: 2e-3 }, 'dropout gradient');
    // The next step draws a new mask: a different loss on the same data and weights.
    expect(model.lossAndGradient(data.x, data.y).loss).not.toBe(wasm.loss);
  });

  it('saves and loads; bad rates are refused', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.layers[1]).toEqual({ type: 'dropout', inputShape: { channels: 5, height: 1, width: 1 }, rate: 0.4, seed: 9 });
    expect(Model.fromJSON(engine, json).layers[1]!.type).toBe('dropout');
    json.layers[1].rate = 1;
    expect(() => Model.fromJSON(engine, json)).toThrow(/layers\[1\]\.rate must be in \[0, 1\)/);
    expect(() => Model.create(engine, { ...spec, layers: [{ type: 'dropout', rate: -0.1 }, { units: 2 }] })).toThrow(/dropout rate must be a number in \[0, 1\)/);
  });
});
