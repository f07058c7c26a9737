import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { fit, Trainer, TrainingDivergedError } from '../../src/train/trainer.js';
import { testEngine } from '../helpers/engine.js';
import { testSpirals, randomPoints } from '../helpers/points.js';
import { spirals } from '../../src/data/spirals.js';
import { OptionError, OutOfMemoryError, StateError, type UntangleError } from '../../src/errors.js';

/** The error `f` throws, checked to be of `type` with its stable code. */
function errorOf<T extends UntangleError>(f: () => unknown, type: new (...args: never[]) => T, code: string): T {
  let error: unknown;
  try { f(); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(type);
  expect((error as T).code).toBe(code);
  return error as T;
}

const spec = { inputs: 2, layers: [{ units: 8, activation: 'tanh' as const }, { units: 8, activation: 'tanh' as const }, { units: 2 }], seed: 1 };

describe('training', () => {
  it('2-8-8-2 tanh reaches ≥ 99 % train accuracy on spirals (1 turn) within 4,000 steps', async () => {
    const engine = await testEngine();
    const data = spirals({ n: 1000, turns: 1, seed: 1 });
    const model = Model.create(engine, spec);
    const before = model.evaluate(data).accuracy;
    fit(model, data, { epochs: 120, batchSize: 32, learningRate: 0.02 }); // 120 × 32 steps
    const after = model.evaluate(data).accuracy;
    expect(before).toBeLessThan(0.8);
    expect(after).toBeGreaterThanOrEqual(0.99);
  });

  it('same seed twice gives identical bits; another seed does not', async () => {
    const data = testSpirals(200, 1, 4);
    const run = async (seed: number) => {
      const engine = await testEngine();
      const model = Model.create(engine, { ...spec, seed });
      fit(model, data, { epochs: 5, batchSize: 16, seed });
      return new Uint32Array(model.getParameters().buffer);
    };
    const a = await run(3), b = await run(3), c = await run(4);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('reports per-epoch loss and accuracy, stops when the callback says so, and on abort', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const data = testSpirals(100, 1, 2);
    const seen: number[] = [];
    const r = fit(model, data, { epochs: 50, onEpoch: (e) => { seen.push(e.epoch); return e.epoch < 3; } });
    expect(r.stopped).toBe('callback');
    expect(seen).toEqual([1, 2, 3]);
    expect(r.history[0]!.examples).toBe(100);
    expect(r.history[0]!.steps).toBe(4);
    const controller = new AbortController();
    controller.abort();
    expect(fit(model, data, { epochs: 5, signal: controller.signal }).stopped).toBe('aborted');
  });

  it('validation data is scored every epoch', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const r = fit(model, testSpirals(100, 1, 2), { epochs: 2, validation: testSpirals(50, 1, 3) });
    expect(r.history[1]!.validationAccuracy).toBeGreaterThanOrEqual(0);
    expect(r.history[1]!.validationLoss).toBeCloseTo(model.evaluate(testSpirals(50, 1, 3)).loss, 5);
  });

  it('a diverging run stops with an error and keeps finite weights', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 2 }], seed: 1 });
    const data = randomPoints(64, 2, 2, 1);
    data.x.forEach((_, i) => { data.x[i] = data.x[i]! * 1e18; });
    expect(() => fit(model, data, { epochs: 50, optimizer: 'sgd', learningRate: 100 })).toThrow(TrainingDivergedError);
    expect(model.getParameters().every(Number.isFinite)).toBe(true);
    // …and the model still works afterwards.
    expect(model.predict(new Float32Array([0, 0])).every(Number.isFinite)).toBe(true);
  });

  it('releases its memory: many trainers do not grow the arena', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const data = testSpirals(300, 1, 2);
    fit(model, data, { epochs: 1 });
    const used = engine.arena.usedBytes;
    for (let i = 0; i < 20; i++) fit(model, data, { epochs: 1, batchSize: 8 + i });
    expect(engine.arena.usedBytes).toBe(used);
  });

  it('a Trainer can change its learning rate between epochs', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const t = new Trainer(model, testSpirals(64, 1, 2), { optimizer: 'sgd', learningRate: 0.1 });
    t.epoch();
    t.setLearningRate(0.01);
    expect(errorOf(() => t.setLearningRate(-1), OptionError, 'BAD_OPTION').option).toBe('learningRate');
    expect(t.epoch().epoch).toBe(2);
    t.dispose();
    errorOf(() => t.epoch(), StateError, 'BAD_STATE');
  });
});

describe('options', () => {
  it('a bad option is an OptionError naming it', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const data = testSpirals(20, 1, 1);
    for (const [options, option] of [[{ epochs: 0 }, 'epochs'], [{ batchSize: 1.5 }, 'batchSize'], [{ learningRate: -1 }, 'learningRate'],
      [{ optimizer: 'rmsprop' }, 'optimizer'], [{ knn: { tau: 0 }, loss: 'knn' }, 'knn.tau'], [{ contractive: { lambda: -1 } }, 'contractive.lambda']] as const) {
      expect(errorOf(() => fit(model, data, options as never), OptionError, 'BAD_OPTION').option).toBe(option);
    }
  });
});

describe('memory limits', () => {
  it('a model too large for the engine\'s memory limit is refused with a named error, and the engine stays usable', async () => {
    const { createEngine } = await import('../../src/engine/engine.js');
    const { VARIANT } = await import('../helpers/engine.js');
    const engine = await createEngine({ variant: VARIANT, maxMemoryMiB: 64 });
    const before = engine.arena.usedBytes;
    errorOf(() => Model.create(engine, { inputs: 4096, layers: [{ units: 2048 }, { units: 2 }] }), OutOfMemoryError, 'OUT_OF_MEMORY');
    expect(engine.arena.usedBytes).toBe(before);
    const small = Model.create(engine, spec);
    expect(small.predict(new Float32Array([0, 0])).length).toBe(2);
  });
});

describe('divergence', () => {
  it('keeps the weights of the last step whose loss was finite (one step back), not the ones that gave NaN', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 2 }], seed: 1 });
    const data = randomPoints(64, 2, 2, 1);
    data.x.forEach((_, i) => { data.x[i] = data.x[i]! * 1e4; });
    const trainer = new Trainer(model, data, { optimizer: 'sgd', learningRate: 100, batchSize: 8 });
    const before: Float32Array[] = [];
    let error: unknown;
    for (let i = 0; i < 1000 && !error; i++) {
      before.push(model.getParameters());
      try { trainer.step(); } catch (e) { error = e; }
    }
    trainer.dispose();
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect(before.length).toBeGreaterThanOrEqual(3); // diverged after some finite steps
    const kept = Buffer.from(model.getParameters().buffer).toString('hex');
    expect(kept).toBe(Buffer.from(before[before.length - 2]!.buffer).toString('hex'));
    expect(kept).not.toBe(Buffer.from(before[before.length - 1]!.buffer).toString('hex'));
  });
});
