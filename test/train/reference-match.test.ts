// The wasm trainer against the f64 reference: same initial weights, same batch
// order, Adam as Kingma & Ba write it; losses over 20 steps agree to 1e-4 relative.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { fit } from '../../src/train/trainer.js';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { testSpirals } from '../helpers/points.js';
import { lossAndGradient, RefAdam, type RefLayer } from '../reference/mlp.js';

describe('wasm training matches the reference model', () => {
  it('20 full-batch Adam steps: per-step losses to 1e-4 relative', async () => {
    const engine = await testEngine();
    const data = testSpirals(37, 1, 5); // odd batch: exercises vector tails
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 2 }], seed: 11 });
    const ref: RefLayer[] = model.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation }));
    const params = Float64Array.from(model.getParameters());
    const adam = new RefAdam(params.length, 0.05);
    const refLosses: number[] = [];
    for (let s = 0; s < 20; s++) {
      const r = lossAndGradient(ref, params, data.x, data.y);
      refLosses.push(r.loss);
      adam.step(params, r.grad);
    }
    const { history } = fit(model, data, { epochs: 20, batchSize: data.n, optimizer: 'adam', learningRate: 0.05 });
    history.forEach((h, s) => {
      expect(Math.abs(h.loss - refLosses[s]!) / refLosses[s]!, `step ${s}: wasm ${h.loss}, reference ${refLosses[s]}`).toBeLessThan(1e-4);
    });
    expect(refLosses[19]!).toBeLessThan(refLosses[0]! * 0.9); // it did learn something
  });

  it('mini-batches in shuffled order (sgd, batch 5 of 23): epoch losses and final weights agree', async () => {
    const engine = await testEngine();
    const data = testSpirals(23, 1, 9);
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 3, activation: 'sigmoid' }, { units: 2 }], seed: 2 });
    const ref: RefLayer[] = model.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation }));
    const params = Float64Array.from(model.getParameters());
    const order = new Random(17);
    const lr = 0.5;
    const epochLosses: number[] = [];
    for (let e = 0; e < 4; e++) {
      const idx = order.shuffle(Array.from({ length: data.n }, (_, i) => i));
      let sum = 0;
      for (let off = 0; off < data.n; off += 5) {
        const batch = idx.slice(off, off + 5);
        const x = batch.flatMap((i) => [data.x[2 * i]!, data.x[2 * i + 1]!]);
        const y = batch.map((i) => data.y[i]!);
        const r = lossAndGradient(ref, params, x, y);
        sum += r.loss * batch.length;
        for (let i = 0; i < params.length; i++) params[i]! -= lr * r.grad[i]!;
      }
      epochLosses.push(sum / data.n);
    }
    const { history } = fit(model, data, { epochs: 4, batchSize: 5, optimizer: 'sgd', learningRate: lr, seed: 17 });
    history.forEach((h, e) => expect(Math.abs(h.loss - epochLosses[e]!) / epochLosses[e]!).toBeLessThan(1e-4));
    const got = model.getParameters();
    params.forEach((p, i) => expect(Math.abs(got[i]! - p), `param ${i}`).toBeLessThan(1e-4 * (1 + Math.abs(p))));
  });
});
