// Training with the mini-batch k-NN loss through fit: the epoch's
// reported loss is the reference loss of the batches it scored, with and without
// a second batch of references, and a k-NN-trained embedding classifies well.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { KnnHead } from '../../src/model/knn-head.js';
import { fit } from '../../src/train/trainer.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints, testSpirals } from '../helpers/points.js';
import { refKnnLoss } from '../reference/knn.js';

const embed = { inputs: 2, layers: [{ units: 16, activation: 'tanh' as const }, { units: 16, activation: 'tanh' as const }, { units: 3 }], seed: 4 };

/** Row-major n × D → feature-major D × n, the layout the reference reads. */
function featureMajor(rows: Float32Array, n: number, D: number): Float64Array {
  const z = new Float64Array(n * D);
  for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) z[d * n + i] = rows[i * D + d]!;
  return z;
}

describe('k-NN loss training', () => {
  it.each([false, true])('secondBatch %s: the epoch loss and accuracy are the reference k-NN loss of what was scored', async (secondBatch) => {
    const engine = await testEngine();
    const data = randomPoints(40, 2, 3, 11);
    const model = Model.create(engine, embed);
    const z = featureMajor(model.layerOutputs(data.x).at(-1)!, data.n, 3);
    // Batches of n/2 and a learning rate too small to move the weights: with a second
    // batch, each half is scored against itself and the other half, so the epoch covers
    // the whole set classified by all the others; without, each half only by itself.
    const { history } = fit(model, data, {
      epochs: 1, batchSize: 20, loss: 'knn', knn: { weighting: 'gaussian', tau: 0.5, secondBatch }, optimizer: 'sgd', learningRate: 1e-12,
    });
    const whole = refKnnLoss(z, data.y, 3, data.n, 1, 0.5);
    const report = history[0]!;
    if (secondBatch) {
      // Every point has a same-class partner, so each step's loss is its own mean and the epoch's their mean.
      expect(whole.count).toBe(data.n);
      expect(report.loss).toBeCloseTo(whole.loss, 5);
      expect(report.accuracy).toBe(whole.correct / data.n);
    } else {
      expect(Math.abs(report.loss - whole.loss)).toBeGreaterThan(1e-3);
    }
  });

  it('a second batch trains an embedding that a k-NN head classifies well, deterministically', async () => {
    const engine = await testEngine();
    const train = testSpirals(600, 1, 5), test = testSpirals(300, 1, 6);
    const run = () => {
      const model = Model.create(engine, embed);
      fit(model, train, { epochs: 40, batchSize: 64, loss: 'knn', knn: { weighting: 'gaussian', tau: 0.5, secondBatch: true }, learningRate: 0.01, seed: 2 });
      const head = new KnnHead(engine, model.layerOutputs(train.x).at(-1)!, train.y, 3, 2, { k: 5 });
      const predicted = head.classify(model.layerOutputs(test.x).at(-1)!);
      head.dispose();
      const params = model.getParameters();
      model.dispose();
      return { accuracy: predicted.filter((c, i) => c === test.y[i]).length / test.n, params };
    };
    const a = run(), b = run();
    expect(a.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(Buffer.from(a.params.buffer).equals(Buffer.from(b.params.buffer))).toBe(true);
  });

  it('refuses a second batch it cannot fill, and with the softmax loss', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, embed);
    expect(() => fit(model, randomPoints(30, 2, 3, 1), { loss: 'knn', batchSize: 16, knn: { secondBatch: true } })).toThrow(/knn.secondBatch needs at least 2 × batchSize = 32 examples, got 30/);
    expect(() => fit(model, randomPoints(30, 2, 3, 1), { batchSize: 8, knn: { secondBatch: true } })).toThrow(/knn.secondBatch needs loss 'knn'/);
    expect(() => fit(model, randomPoints(64, 2, 3, 1), { loss: 'knn', batchSize: 8, knn: { secondBatch: true }, contractive: { lambda: 0.1 } }))
      .toThrow(/knn.secondBatch cannot be combined with a contractive penalty/);
    model.dispose();
  });
});
