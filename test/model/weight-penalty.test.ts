// L1/L2 weight penalties: the kernel against the f64 reference on odd lengths
// (SIMD tails, exact zeros), then whole models: the loss is the data loss plus
// the penalties, the gradient matches central differences of that f64 loss, and
// the penalties survive a save and load.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { centralDifferences } from '../helpers/finite-differences.js';
import { randomPoints } from '../helpers/points.js';
import { guarded, readF32, checkGuards, release } from '../helpers/buffers.js';
import { lossAndGradient, loss as refLoss, type RefLayer } from '../reference/mlp.js';
import { refPenalty } from '../reference/weight-penalty.js';

describe('weight_penalty_f32', () => {
  it.each([1, 3, 4, 5, 17, 33, 1027])('n=%i: dW += l1·sign(w) + 2·l2·w, stats += B·P', async (n) => {
    const e = await testEngine();
    const r = new Random(n);
    const w = new Float32Array(n).map((_, i) => (i % 7 === 3 ? 0 : r.range(-2, 2)));
    const before = new Float32Array(n).map(() => r.range(-1, 1));
    const [l1, l2, B] = [0.03, 0.2, 5];
    const wb = guarded(e, w), dwb = guarded(e, before), stats = e.alloc(8);
    e.f64(stats.ptr, 1)[0] = 1.5;
    e.kernels.weight_penalty_f32(dwb.ptr, wb.ptr, n, l1, l2, B, stats.ptr);
    checkGuards(e, dwb, 'weight_penalty dw');
    const ref = refPenalty(w, Math.fround(l1), Math.fround(l2));
    assertClose(readF32(e, dwb), Array.from(before, (v, i) => v + ref.grad[i]!), { abs: 1e-6, rel: 1e-6 }, `dw n=${n}`);
    // The kernel sums |w| and w² in four f32 lanes: relative error ~n·2⁻²⁴ at worst.
    const added = e.f64(stats.ptr, 1)[0]! - 1.5;
    expect(Math.abs(added - B * ref.value)).toBeLessThan(1e-9 + 1e-6 * B * ref.value);
    release(e, wb, dwb);
    e.release(stats);
  });
});

describe('a model with weight penalties', () => {
  const layersOf = (activation: 'tanh' | 'softplus') => [
    { units: 5, activation, l2: 0.05 },
    { units: 17, activation, l1: 0.01, l2: 0.02 },
    { units: 3 },
  ];

  it.each(['tanh', 'softplus'] as const)('%s: loss = data loss + Σ penalties; gradient matches central differences of the f64 loss', async (activation) => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 3, layers: layersOf(activation), seed: 5 });
    const ref: RefLayer[] = model.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation }));
    const data = randomPoints(17, 3, 3, 4);
    const p = Float64Array.from(model.getParameters());
    const penalties = model.layers.map((l) => l.penalty ?? { l1: 0, l2: 0 });
    const total = (params: Float64Array) => refLoss(ref, params, data.x, data.y) + model.layers.reduce((s, l, i) =>
      s + refPenalty(params.subarray(l.offset, l.offset + l.weightCount), Math.fround(penalties[i]!.l1), Math.fround(penalties[i]!.l2)).value, 0);
    const wasm = model.lossAndGradient(data.x, data.y);
    expect(Math.abs(wasm.loss - total(p))).toBeLessThan(1e-5);
    expect(wasm.loss - lossAndGradient(ref, p, data.x, data.y).loss).toBeGreaterThan(1e-3); // the penalty is there
    const numeric = centralDifferences(p, total);
    assertClose(wasm.gradient, numeric, { abs: 2e-5, rel: 2e-3 }, `${activation} penalised gradient`);
  });

  it('penalties are saved, loaded, and refused when negative', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: { channels: 1, height: 5, width: 5 }, seed: 2,
      layers: [{ type: 'conv2d', filters: 2, kernel: 3, l1: 0.125 }, { units: 4, l2: 0.5 }, { units: 2 }] });
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect([json.layers[0].l1, json.layers[0].l2, json.layers[1].l1, json.layers[1].l2, 'l1' in json.layers[2]]).toEqual([0.125, undefined, undefined, 0.5, false]);
    const again = Model.fromJSON(engine, json);
    expect(again.layers.map((l) => l.penalty)).toEqual(model.layers.map((l) => l.penalty));
    json.layers[1].l2 = -1;
    expect(() => Model.fromJSON(engine, json)).toThrow(/layers\[1\]\.l2 must be ≥ 0/);
    expect(() => Model.create(engine, { inputs: 2, layers: [{ units: 2, l1: Number.NaN }] })).toThrow(/layer 0: l1 must be a finite number ≥ 0/);
  });
});
