// Data-parallel training on worker threads (src/train/parallel.ts): one worker
// is bit-identical to one-thread training; several match it up to the order of
// the gradient sums, repeat to the bit, survive ragged and empty parts of the
// last batch, and stop a diverging run with its last finite weights.
// The workers run dist/train-worker.js (npm test builds it first).
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { fit, TrainingDivergedError } from '../../src/train/trainer.js';
import { ParallelTrainer, fitParallel } from '../../src/train/parallel.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints, testSpirals } from '../helpers/points.js';
import { AbortedError, OptionError, StateError } from '../../src/errors.js';

const spec = { inputs: 2, layers: [{ units: 16, activation: 'tanh' as const }, { units: 16, activation: 'tanh' as const }, { units: 2 }], seed: 3 };
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('data-parallel training', () => {
  it('one worker gives exactly the weights and losses of one-thread training', async () => {
    const engine = await testEngine();
    const data = testSpirals(300, 1, 1);
    const options = { epochs: 3, batchSize: 32, learningRate: 0.02, seed: 4 };
    const a = Model.create(engine, spec), b = Model.create(engine, spec);
    const one = fit(a, data, options);
    const par = await fitParallel(b, data, { ...options, workers: 1 });
    expect(par.history.map((h) => h.loss)).toEqual(one.history.map((h) => h.loss));
    expect(bits(b.getParameters()).equals(bits(a.getParameters()))).toBe(true);
  }, 30_000);

  it.each([
    { workers: 2, n: 300, batch: 32 },
    { workers: 3, n: 37, batch: 8 }, // last batch of 5: parts of 1, 2 and 2
    { workers: 3, n: 33, batch: 8 }, // last batch of 1: two empty parts
  ])('$workers workers, $n examples, batch $batch: close to one thread, the same bits twice', async ({ workers, n, batch }) => {
    const engine = await testEngine();
    const data = testSpirals(n, 1, 2);
    const options = { epochs: 3, batchSize: batch, learningRate: 0.02, seed: 5 };
    const a = Model.create(engine, spec);
    const one = fit(a, data, options);
    const runs = [];
    for (let r = 0; r < 2; r++) {
      const m = Model.create(engine, spec);
      const result = await fitParallel(m, data, { ...options, workers });
      runs.push({ result, params: m.getParameters() });
      m.dispose();
    }
    expect(bits(runs[1]!.params).equals(bits(runs[0]!.params))).toBe(true);
    expect(maxDiff(runs[0]!.params, a.getParameters())).toBeLessThan(1e-4);
    runs[0]!.result.history.forEach((h, e) => {
      expect(Math.abs(h.loss - one.history[e]!.loss)).toBeLessThan(1e-4);
      expect(h.examples).toBe(n);
      expect(h.accuracy).toBeCloseTo(one.history[e]!.accuracy, 1);
    });
  }, 30_000);

  it('a diverging run stops with TrainingDivergedError and keeps finite weights', async () => {
    const engine = await testEngine();
    // Relu units on inputs of 1e18: the first steps overflow (as in the one-thread test).
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 2 }], seed: 1 });
    const data = randomPoints(64, 2, 2, 1);
    data.x.forEach((_, i) => { data.x[i] = data.x[i]! * 1e18; });
    const run = fitParallel(model, data, { epochs: 50, optimizer: 'sgd', learningRate: 100, workers: 2 });
    await expect(run).rejects.toThrow(TrainingDivergedError);
    await expect(run).rejects.toThrow(/training diverged at epoch \d+, step \d+/);
    expect(model.getParameters().every(Number.isFinite)).toBe(true);
    expect(model.predict(new Float32Array([0, 0])).every(Number.isFinite)).toBe(true);
  }, 30_000);

  it('after divergence the model holds the workers\' last finite weights, the same every time, and the trainer can go on', async () => {
    const engine = await testEngine();
    const spec1 = { inputs: 2, layers: [{ units: 8, activation: 'relu' as const }, { units: 2 }], seed: 1 };
    const data = randomPoints(64, 2, 2, 1);
    data.x.forEach((_, i) => { data.x[i] = data.x[i]! * 1e18; });
    const options = { epochs: 50, optimizer: 'sgd' as const, learningRate: 100, batchSize: 16 };
    // One worker: exactly what one-thread training keeps.
    const single = Model.create(engine, spec1);
    expect(() => fit(single, data, options)).toThrow(TrainingDivergedError);
    const one = Model.create(engine, spec1);
    await expect(fitParallel(one, data, { ...options, workers: 1 })).rejects.toThrow(TrainingDivergedError);
    expect(bits(one.getParameters()).equals(bits(single.getParameters()))).toBe(true);
    // Two workers: the same weights on every run (no race between the workers' error replies).
    const runs: Float32Array[] = [];
    for (let r = 0; r < 3; r++) {
      const m = Model.create(engine, spec1);
      const trainer = await ParallelTrainer.create(m, data, { ...options, workers: 2 });
      let error: unknown;
      for (let e = 0; e < 50 && !error; e++) await trainer.epoch().catch((x: unknown) => { error = x; });
      expect(error).toBeInstanceOf(TrainingDivergedError);
      runs.push(m.getParameters());
      // Divergence does not break the workers' lockstep: the trainer still answers.
      await trainer.setLearningRate(1e-3);
      await expect(trainer.epoch()).rejects.not.toThrow(/another worker failed|stopped after/);
      await trainer.dispose();
      m.dispose();
    }
    expect(bits(runs[1]!).equals(bits(runs[0]!))).toBe(true);
    expect(bits(runs[2]!).equals(bits(runs[0]!))).toBe(true);
  }, 60_000);

  it('a worker thread that dies releases the others and stops the trainer (no hang)', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const trainer = await ParallelTrainer.create(model, testSpirals(2000, 1, 6), { workers: 2, batchSize: 8 });
    const running = trainer.epoch();
    await trainer.threads[1]!.port.terminate();
    await expect(running).rejects.toThrow(/a training worker exited|another worker failed/);
    await expect(trainer.epoch()).rejects.toBeInstanceOf(AbortedError);
    await trainer.dispose();
  }, 30_000);

  it('stops when the callback says so, and refuses the k-NN loss and bad worker counts', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const data = testSpirals(100, 1, 4);
    const r = await fitParallel(model, data, { epochs: 10, workers: 2, onEpoch: (e) => e.epoch < 2 });
    expect(r.stopped).toBe('callback');
    expect(r.history.length).toBe(2);
    await expect(fitParallel(model, data, { loss: 'knn', workers: 2 })).rejects.toMatchObject({ code: 'BAD_OPTION', option: 'loss' });
    await expect(fitParallel(model, data, { workers: 0 })).rejects.toBeInstanceOf(OptionError);
    await expect(fitParallel(model, data, { workers: 0 })).rejects.toMatchObject({ code: 'BAD_OPTION', option: 'workers' });
  }, 30_000);

  it('refuses overlapping calls and calls after dispose', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const trainer = await ParallelTrainer.create(model, testSpirals(100, 1, 5), { workers: 2 });
    const first = trainer.epoch();
    await expect(trainer.epoch()).rejects.toBeInstanceOf(StateError);
    expect((await first).epoch).toBe(1);
    await trainer.dispose();
    await expect(trainer.epoch()).rejects.toMatchObject({ code: 'BAD_STATE' });
  }, 30_000);
});
