// Finite weights can still overflow the logits (e.g. the last finite weights
// kept after TrainingDivergedError). Prediction must then raise NotFiniteError
// instead of returning NaN probabilities, a NaN loss, or class 0 everywhere.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { fit } from '../../src/train/trainer.js';
import { NotFiniteError, TrainingDivergedError } from '../../src/errors.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints } from '../helpers/points.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

function expectNotFinite(f: () => unknown, pattern: RegExp): void {
  const error = thrown(f);
  expect(error).toBeInstanceOf(NotFiniteError);
  expect((error as NotFiniteError).code).toBe('NOT_FINITE');
  expect((error as Error).message).toMatch(pattern);
}

describe('predictions stay finite or raise NotFiniteError', () => {
  it('weights that overflow the logits: predict, classify, evaluate and layerOutputs raise, naming the point', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 4, activation: 'relu' }, { units: 3 }], seed: 1 });
    const p = model.getParameters();
    // Finite weights of ±1e20 and zero biases: a zero input stays zero, an input of 1e10 overflows f32 in the logits.
    const big = p.map((v) => (v >= 0 ? 1e20 : -1e20));
    for (const layer of model.layers) big.fill(0, layer.biasOffset, layer.offset + layer.paramCount);
    model.setParameters(big);
    const data = randomPoints(300, 2, 3, 2);
    // The first 260 points are harmless (zero), the overflow starts at point 260 (second chunk).
    data.x.fill(0, 0, 260 * 2);
    data.x.fill(1e10, 260 * 2);
    expectNotFinite(() => model.predict(data.x), /predict: the logits of point 260 /);
    expectNotFinite(() => model.classify(data.x), /point 260/);
    expectNotFinite(() => model.evaluate(data), /evaluate: the logits of point 260/);
    expectNotFinite(() => model.layerOutputs(data.x), /layerOutputs: the logits of point 260/);
    // Layer 0 alone (≤ 1e30) is finite: asking only for it succeeds.
    expect(model.layerOutput(data.x, 0).every(Number.isFinite)).toBe(true);
    // Points that do not overflow still predict.
    const ok = model.predict(data.x.subarray(0, 10));
    expect(ok.every(Number.isFinite)).toBe(true);
  });

  it('after TrainingDivergedError the model predicts finite probabilities on its training data or says why not', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 2 }], seed: 1 });
    const data = randomPoints(64, 2, 2, 1);
    data.x.forEach((_, i) => { data.x[i] = data.x[i]! * 1e18; });
    expect(() => fit(model, data, { epochs: 50, optimizer: 'sgd', learningRate: 100 })).toThrow(TrainingDivergedError);
    let probabilities: Float32Array | undefined;
    const error = thrown(() => { probabilities = model.predict(data.x); });
    if (error) expect(error).toBeInstanceOf(NotFiniteError);
    else expect(probabilities!.every(Number.isFinite)).toBe(true);
    const evaluation = thrown(() => model.evaluate(data));
    if (evaluation) expect(evaluation).toBeInstanceOf(NotFiniteError);
  });
});
