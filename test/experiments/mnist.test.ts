// The MNIST pipeline on a small slice: it must learn (the full E7/E8 runs live
// in `untangle mnist`, not in the test suite).
import { describe, it, expect } from 'vitest';
import { loadMnist } from '../../src/data/mnist.js';
import { runMnist } from '../../src/experiments/mnist.js';
import { testEngine } from '../helpers/engine.js';

describe('MNIST on 2,000 training images', () => {
  it('E7: softmax and the k-NN head on the penultimate layer both reach ≥ 90 % on 1,000 test images', async () => {
    const engine = await testEngine();
    const train = await loadMnist({ split: 'train', limit: 2000 });
    const test = await loadMnist({ split: 'test', limit: 1000 });
    const r = await runMnist(engine, train, test, train.shape, { loss: 'softmax', epochs: 3, seed: 1, learningRate: 2e-3 });
    expect(r.softmaxError!).toBeLessThanOrEqual(0.1);
    expect(r.knnError).toBeLessThanOrEqual(0.1);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1000);
    expect(r.misclassified.length).toBe(Math.round(r.softmaxError! * 1000));
  }, 120_000);

  it('E8: training with the k-NN loss alone and classifying by k-NN learns too', async () => {
    const engine = await testEngine();
    const train = await loadMnist({ split: 'train', limit: 2000 });
    const test = await loadMnist({ split: 'test', limit: 1000 });
    const r = await runMnist(engine, train, test, train.shape, { loss: 'knn', epochs: 3, seed: 1, learningRate: 2e-3 });
    expect(r.softmaxError).toBeNull();
    expect(r.knnError).toBeLessThanOrEqual(0.15);
  }, 120_000);
});
