// A warm pool of training threads (src/threads/pool.ts) and prediction on
// several threads (src/train/predict-parallel.ts): runs on a pool give the
// bits of runs on fresh threads, a pool serves one job at a time, and
// predictParallel returns model.predict's bits on convnets and dense nets.
// (The threads keep their engine between runs: a diverged run leaves nothing behind.)
// The threads run dist/train-worker.js (npm test builds it first).
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { fitParallel, ParallelTrainer } from '../../src/train/parallel.js';
import { TrainingDivergedError } from '../../src/train/trainer.js';
import { predictParallel, predictionParts } from '../../src/train/predict-parallel.js';
import { createWorkerPool } from '../../src/threads/pool.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints, testSpirals } from '../helpers/points.js';
import { DataError, OptionError, StateError } from '../../src/errors.js';
import type { LayerSpec } from '../../src/model/model.js';

const dense = { inputs: 2, layers: [{ units: 16, activation: 'tanh' as const }, { units: 3 }], seed: 3 };
/** LeNet-5's shape on 1×28×28 (same-padded first convolution). */
const lenet: LayerSpec[] = [
  { type: 'conv2d', filters: 6, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 2 },
  { type: 'conv2d', filters: 16, kernel: 5, activation: 'relu' }, { type: 'maxpool', size: 2 },
  { type: 'dense', units: 120, activation: 'relu' }, { type: 'dense', units: 84, activation: 'relu' }, { type: 'dense', units: 10 },
];
const image = { channels: 1, height: 28, width: 28 };
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('predictionParts', () => {
  it.each([
    { n: 1, chunk: 4, parts: 2 }, { n: 5, chunk: 4, parts: 2 }, { n: 17, chunk: 4, parts: 3 },
    { n: 1033, chunk: 256, parts: 2 }, { n: 33, chunk: 1, parts: 5 }, { n: 8, chunk: 4, parts: 5 },
  ])('n $n, chunk $chunk, $parts parts: consecutive whole chunks covering every point, balanced', ({ n, chunk, parts }) => {
    const ranges = predictionParts(n, chunk, parts);
    expect(ranges[0]![0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(n);
    expect(ranges.length).toBe(Math.min(parts, Math.ceil(n / chunk)));
    ranges.forEach(([first, end], i) => {
      expect(first % chunk).toBe(0);
      expect(end).toBeGreaterThan(first);
      if (i > 0) expect(first).toBe(ranges[i - 1]![1]);
    });
    const sizes = ranges.map(([a, b]) => Math.ceil((b - a) / chunk));
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});

describe('predictParallel', () => {
  it.each([
    { name: 'LeNet-5-like convnet, 1,100 images', spec: { inputs: image, layers: lenet, seed: 2 }, n: 1100, dim: 784 },
    { name: 'dense net, 5,001 points', spec: dense, n: 5001, dim: 2 },
  ])('$name: the same bits as model.predict on 2 threads', async ({ spec, n, dim }) => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const x = randomPoints(n, dim, 2, 7).x;
    const pool = await createWorkerPool({ workers: 2 });
    try {
      const expected = model.predict(x);
      const got = await predictParallel(model, x, { pool });
      expect(got.length).toBe(expected.length);
      expect(bits(got).equals(bits(expected))).toBe(true);
      // Nested points and a second call on the same warm pool.
      const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * dim, (i + 1) * dim)));
      expect(bits(await predictParallel(model, rows, { pool })).equals(bits(expected))).toBe(true);
    } finally {
      await pool.dispose();
    }
  }, 60_000);

  it('a bad point throws what model.predict throws; a pool of its own is started and stopped', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, dense);
    const x = randomPoints(3000, 2, 2, 8).x;
    x[2 * 2500 + 1] = Number.NaN;
    await expect(predictParallel(model, x, { workers: 2 })).rejects.toThrow(DataError);
    await expect(predictParallel(model, x, { workers: 2 })).rejects.toThrow(/point 2500/);
    await expect(predictParallel(model, x, { workers: 0 })).rejects.toBeInstanceOf(OptionError);
  }, 60_000);
});

describe('a warm worker pool', () => {
  it('runs on a pool give the bits of runs on fresh threads, run after run', async () => {
    const engine = await testEngine();
    const data = testSpirals(300, 1, 2);
    const options = { epochs: 2, batchSize: 32, learningRate: 0.02, seed: 5 };
    const fresh = Model.create(engine, { ...dense, layers: [dense.layers[0]!, { units: 2 }] });
    await fitParallel(fresh, data, { ...options, workers: 2 });
    const pool = await createWorkerPool({ workers: 2 });
    try {
      // First a run that diverges: its NaNs stay in the threads' reused memory and must not leak into later runs.
      const wild = randomPoints(64, 2, 2, 1);
      wild.x.forEach((_, i) => { wild.x[i] = wild.x[i]! * 1e18; });
      const diverging = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 2 }], seed: 1 });
      await expect(fitParallel(diverging, wild, { epochs: 50, optimizer: 'sgd', learningRate: 100, pool })).rejects.toThrow(TrainingDivergedError);
      for (let run = 0; run < 3; run++) {
        const m = Model.create(engine, { ...dense, layers: [dense.layers[0]!, { units: 2 }] });
        await fitParallel(m, data, { ...options, pool });
        expect(bits(m.getParameters()).equals(bits(fresh.getParameters())), `run ${run}`).toBe(true);
        m.dispose();
      }
      // One worker of the pool: exactly one-thread training's bits, as without a pool.
      const one = Model.create(engine, { ...dense, layers: [dense.layers[0]!, { units: 2 }] });
      const oneFresh = Model.create(engine, { ...dense, layers: [dense.layers[0]!, { units: 2 }] });
      await fitParallel(one, data, { ...options, pool, workers: 1 });
      await fitParallel(oneFresh, data, { ...options, workers: 1 });
      expect(bits(one.getParameters()).equals(bits(oneFresh.getParameters()))).toBe(true);
    } finally {
      await pool.dispose();
    }
  }, 60_000);

  it('serves one job at a time, refuses more workers than it has, and nothing after dispose', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, dense);
    const data = randomPoints(200, 2, 3, 9);
    const pool = await createWorkerPool({ workers: 2 });
    const trainer = await ParallelTrainer.create(model, data, { pool });
    await expect(ParallelTrainer.create(model, data, { pool })).rejects.toBeInstanceOf(StateError);
    await expect(predictParallel(model, randomPoints(5000, 2, 3, 1).x, { pool })).rejects.toBeInstanceOf(StateError);
    await trainer.epoch();
    await trainer.dispose();
    await expect(fitParallel(model, data, { pool, workers: 3 })).rejects.toMatchObject({ code: 'BAD_OPTION', option: 'workers' });
    expect((await fitParallel(model, data, { pool, epochs: 1 })).history.length).toBe(1); // free again
    await pool.dispose();
    await expect(fitParallel(model, data, { pool })).rejects.toMatchObject({ code: 'BAD_STATE' });
    await expect(createWorkerPool({ workers: 65 })).rejects.toBeInstanceOf(OptionError);
  }, 60_000);
});
