// A model kept resident in a pool's threads for prediction (src/threads/resident-model.ts,
// resident-predictor.ts): a call sends only what a thread lacks, and what the threads
// predict stays model.predict's bits whatever changed in between — the weights (set
// by hand or by training on the same pool), the model, or a call that failed.
// The threads run dist/train-worker.js (npm test builds it first).
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { fitParallel } from '../../src/train/parallel.js';
import { predictParallel } from '../../src/train/predict-parallel.js';
import { createWorkerPool } from '../../src/threads/pool.js';
import { residentUpdates, residentId, sameBits } from '../../src/threads/resident-model.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints, testSpirals } from '../helpers/points.js';
import { DataError } from '../../src/errors.js';

const dense = { inputs: 2, layers: [{ units: 16, activation: 'tanh' as const }, { units: 3 }], seed: 3 };
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('residentUpdates', () => {
  it('sends the whole model to a thread holding none or another, the weights when their bits changed, else nothing', async () => {
    const engine = await testEngine();
    const a = Model.create(engine, dense);
    const b = Model.create(engine, { ...dense, seed: 4 });
    expect(residentId(a)).toBe(residentId(a));
    expect(residentId(a)).not.toBe(residentId(b));
    const w = a.getParameters();
    const [none, other] = residentUpdates([null, { id: residentId(b), weights: b.getParameters() }], a, w);
    expect(none!.model).toEqual(a.toJSON());
    expect(other!.model).toEqual(a.toJSON());
    expect(none!.weights).toBeUndefined();
    const held = { id: residentId(a), weights: w.slice() };
    expect(residentUpdates([held], a, w)).toEqual([{ modelId: residentId(a) }]);
    const changed = w.slice();
    changed[changed.length - 1] = -0; // the last bias was 0: only its sign bit differs
    expect(w[w.length - 1]).toBe(0);
    const [update] = residentUpdates([held], a, changed);
    expect(update!.model).toBeUndefined();
    expect(update!.weights).toBe(changed);
  });

  it('sameBits tells −0 from 0, matches a NaN with itself and refuses other lengths', () => {
    expect(sameBits(Float32Array.of(1, 0), Float32Array.of(1, 0))).toBe(true);
    expect(sameBits(Float32Array.of(1, 0), Float32Array.of(1, -0))).toBe(false);
    expect(sameBits(Float32Array.of(Number.NaN), Float32Array.of(Number.NaN))).toBe(true);
    expect(sameBits(Float32Array.of(1), Float32Array.of(1, 1))).toBe(false);
  });
});

describe('predictParallel on a resident model', () => {
  it("follows the model's weights and the model it is given, call after call, on one pool", async () => {
    const engine = await testEngine();
    const a = Model.create(engine, dense);
    const b = Model.create(engine, { ...dense, layers: [{ units: 7, activation: 'relu' as const }, { units: 3 }] });
    const x = randomPoints(3001, 2, 3, 11).x;
    const pool = await createWorkerPool({ workers: 2 });
    try {
      expect(bits(await predictParallel(a, x, { pool })).equals(bits(a.predict(x)))).toBe(true);
      // New weights by hand: the threads must not predict with the old ones.
      a.setParameters(a.getParameters().map((v) => v * 0.5));
      expect(bits(await predictParallel(a, x, { pool })).equals(bits(a.predict(x)))).toBe(true);
      // Another model, then back to the first one trained on the same pool in between.
      expect(bits(await predictParallel(b, x, { pool })).equals(bits(b.predict(x)))).toBe(true);
      await fitParallel(a, testSpirals(300, 1, 3), { epochs: 1, batchSize: 32, seed: 2, pool });
      expect(bits(await predictParallel(a, x, { pool })).equals(bits(a.predict(x)))).toBe(true);
      // Unchanged weights: nothing is sent, the answer stays the same.
      expect(bits(await predictParallel(a, x, { pool })).equals(bits(a.predict(x)))).toBe(true);
    } finally {
      await pool.dispose();
    }
  }, 60_000);

  it('after a call that failed on a bad point, the next call predicts right', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, dense);
    const x = randomPoints(3000, 2, 3, 12).x;
    const bad = x.slice();
    bad[2 * 2900] = Number.NaN;
    const pool = await createWorkerPool({ workers: 2 });
    try {
      await predictParallel(model, x, { pool });
      await expect(predictParallel(model, bad, { pool })).rejects.toThrow(DataError);
      model.setParameters(model.getParameters().map((v) => v + 0.01));
      expect(bits(await predictParallel(model, x, { pool })).equals(bits(model.predict(x)))).toBe(true);
    } finally {
      await pool.dispose();
    }
  }, 60_000);
});
