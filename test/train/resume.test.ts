// Stop and resume: fitAsync yields to the event loop so an AbortSignal from a
// timer stops it; a checkpoint taken anywhere (mid-epoch too) resumes with
// exactly the bits of an uninterrupted run, for every optimiser, on one thread
// and data-parallel; a checkpoint that does not fit is refused by name.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { fit, Trainer } from '../../src/train/trainer.js';
import { fitAsync } from '../../src/train/fit-async.js';
import { fitParallel, ParallelTrainer } from '../../src/train/parallel.js';
import { saveCheckpoint, loadCheckpoint } from '../../src/train/checkpoint-file.js';
import type { Checkpoint } from '../../src/train/checkpoint.js';
import { CheckpointError, OptionError } from '../../src/errors.js';
import { testEngine } from '../helpers/engine.js';
import { testSpirals } from '../helpers/points.js';
import type { OptimizerName } from '../../src/train/options.js';

const spec = { inputs: 2, layers: [{ units: 8, activation: 'tanh' as const }, { units: 8, activation: 'tanh' as const }, { units: 2 }], seed: 2 };
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('fitAsync and AbortSignal', () => {
  it('gives the same bits and history as fit', async () => {
    const engine = await testEngine();
    const data = testSpirals(200, 1, 3);
    const options = { epochs: 4, batchSize: 16, learningRate: 0.02, seed: 7 };
    const a = Model.create(engine, spec), b = Model.create(engine, spec);
    const sync = fit(a, data, options);
    const async = await fitAsync(b, data, { ...options, sliceMs: 0 });
    expect(async.stopped).toBe('completed');
    expect(async.history.map((h) => h.loss)).toEqual(sync.history.map((h) => h.loss));
    expect(bits(b.getParameters())).toBe(bits(a.getParameters()));
  });

  it('AbortSignal.timeout stops a long run soon after it fires, with the history so far and a checkpoint', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const data = testSpirals(2000, 1, 4);
    const started = performance.now();
    const r = await fitAsync(model, data, { epochs: 100000, batchSize: 8, signal: AbortSignal.timeout(100) });
    const ms = performance.now() - started;
    expect(r.stopped).toBe('aborted');
    expect(ms).toBeGreaterThanOrEqual(95);
    expect(ms).toBeLessThan(1000);
    expect(r.history.length).toBeLessThan(100000);
    expect(r.checkpoint!.epoch).toBe(r.history.length);
  });

  it('fit (synchronous) still sees an abort from onEpoch; a timer cannot fire while it runs', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const controller = new AbortController();
    const r = fit(model, testSpirals(100, 1, 2), { epochs: 20, signal: controller.signal, onEpoch: (e) => { if (e.epoch === 2) controller.abort(); } });
    expect(r.stopped).toBe('aborted');
    expect(r.history.length).toBe(2);
  });

  it('refuses a bad sliceMs with OptionError', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const error = await fitAsync(model, testSpirals(50, 1, 2), { sliceMs: -1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).option).toBe('sliceMs');
  });
});

describe('checkpoint and resume', () => {
  const data = testSpirals(150, 1, 5); // batch 16: 10 steps per epoch, the last of 6
  const base = { epochs: 4, batchSize: 16, seed: 9 };

  it.each(['sgd', 'momentum', 'adam'] as OptimizerName[])('%s: stopped mid-epoch, saved to JSON and resumed, gives exactly the uninterrupted bits', async (optimizer) => {
    const engine = await testEngine();
    const options = { ...base, optimizer, weightDecay: 1e-3 };
    const whole = Model.create(engine, spec);
    const reference = fit(whole, data, options);

    const first = Model.create(engine, spec);
    const trainer = new Trainer(first, data, options);
    for (let i = 0; i < 10 + 7; i++) trainer.step(); // epoch 1 and 7 steps of epoch 2
    trainer.setLearningRate(trainer.options.learningRate); // unchanged, but part of the state
    const checkpoint = JSON.parse(JSON.stringify(trainer.checkpoint())) as Checkpoint;
    trainer.dispose();
    expect(checkpoint.epoch).toBe(1);
    expect(checkpoint.step).toBe(7);
    expect(checkpoint.moments.length).toBe(optimizer === 'sgd' ? 0 : optimizer === 'momentum' ? 1 : 2);

    // A fresh model with other initial weights: everything comes from the checkpoint.
    const second = Model.create(engine, { ...spec, seed: 99 });
    const resumed = fit(second, data, { ...options, resume: checkpoint });
    expect(resumed.history.map((h) => h.epoch)).toEqual([2, 3, 4]);
    // The resumed epoch's report counts the steps before the checkpoint too.
    expect(resumed.history.map((h) => h.loss)).toEqual(reference.history.slice(1).map((h) => h.loss));
    expect(resumed.history[0]!.steps).toBe(10);
    expect(bits(second.getParameters())).toBe(bits(whole.getParameters()));
  });

  it('dropout (also inside a residual block): the mask counters are saved, so a resumed run draws the uninterrupted masks', async () => {
    const engine = await testEngine();
    const dropoutSpec = {
      inputs: 2, seed: 3, layers: [
        { units: 8, activation: 'tanh' as const },
        { type: 'residual' as const, layers: [{ units: 8, activation: 'tanh' as const }, { type: 'dropout' as const, rate: 0.3, seed: 5 }] },
        { type: 'dropout' as const, rate: 0.2, seed: 6 },
        { units: 2 },
      ],
    };
    const options = { ...base, optimizer: 'adam' as const };
    const whole = Model.create(engine, dropoutSpec);
    const reference = fit(whole, data, options);
    const trainer = new Trainer(Model.create(engine, dropoutSpec), data, options);
    for (let i = 0; i < 10 + 4; i++) trainer.step();
    const checkpoint = JSON.parse(JSON.stringify(trainer.checkpoint())) as Checkpoint;
    trainer.dispose();
    expect(checkpoint.layerState).toEqual([14, 14]); // one mask per training step and layer
    const second = Model.create(engine, { ...dropoutSpec, seed: 50 });
    const resumed = fit(second, data, { ...options, resume: checkpoint });
    expect(resumed.history.map((h) => h.loss)).toEqual(reference.history.slice(1).map((h) => h.loss));
    expect(bits(second.getParameters())).toBe(bits(whole.getParameters()));
    // Counters back at 0 (what a checkpoint without them gave) draw other masks: the state is what makes it exact.
    const restarted = Model.create(engine, dropoutSpec);
    fit(restarted, data, { ...options, resume: { ...checkpoint, layerState: [0, 0] } });
    expect(bits(restarted.getParameters())).not.toBe(bits(whole.getParameters()));
    // A version 1 checkpoint holds no counters: refused for a network with dropout, read for one without.
    const { layerState: _, ...v1 } = { ...checkpoint, version: 1 };
    const error = thrown(() => fit(second, data, { ...options, resume: v1 as unknown as Checkpoint }));
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).path).toBe('layerState');
    const plain = new Trainer(Model.create(engine, spec), data, options);
    plain.step();
    const { layerState: __, options: o, ...plainV1 } = { ...plain.checkpoint(), version: 1 };
    plain.dispose();
    const { schedule: ___, ...v1Options } = o;
    expect(() => fit(Model.create(engine, spec), data, { ...options, resume: { ...plainV1, options: v1Options } as unknown as Checkpoint })).not.toThrow();
  });

  it('fitAsync aborted by a timer and resumed from its checkpoint file equals the uninterrupted run', async () => {
    const engine = await testEngine();
    const big = testSpirals(3000, 1, 6);
    const options = { epochs: 200, batchSize: 8, seed: 3, optimizer: 'adam' as const };
    const whole = Model.create(engine, spec);
    fit(whole, big, options);
    const model = Model.create(engine, spec);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const stopped = await fitAsync(model, big, { ...options, signal: controller.signal, sliceMs: 5 });
    expect(stopped.stopped).toBe('aborted');
    expect(stopped.checkpoint!.cursor).toBeGreaterThan(0); // almost surely mid-epoch: 375 steps per epoch
    const dir = mkdtempSync(join(tmpdir(), 'untangle-checkpoint-'));
    try {
      const file = join(dir, 'checkpoint.json');
      await saveCheckpoint(stopped.checkpoint!, file);
      await saveCheckpoint(stopped.checkpoint!, file); // over an existing one
      expect(readdirSync(dir)).toEqual(['checkpoint.json']); // no temporary file left behind
      const resumed = await fitAsync(model, big, { ...options, resume: await loadCheckpoint(file) });
      expect(resumed.stopped).toBe('completed');
      expect(bits(model.getParameters())).toBe(bits(whole.getParameters()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a checkpoint that does not fit is refused with CheckpointError naming the mismatch', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const trainer = new Trainer(model, data, { ...base, optimizer: 'adam' });
    trainer.step();
    const checkpoint = trainer.checkpoint();
    trainer.dispose();
    const refused = (f: () => unknown, path: string) => {
      const error = thrown(f);
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as CheckpointError).code).toBe('BAD_CHECKPOINT');
      expect((error as CheckpointError).path).toBe(path);
    };
    const wider = Model.create(engine, { ...spec, layers: [{ units: 9 }, { units: 8 }, { units: 2 }] });
    const used = engine.arena.usedBytes;
    refused(() => fit(model, data, { ...base, optimizer: 'sgd', resume: checkpoint }), 'options.optimizer');
    refused(() => fit(model, data, { ...base, learningRate: 0.5, resume: checkpoint }), 'options.learningRate');
    refused(() => fit(model, data, { ...base, batchSize: 8, resume: checkpoint }), 'options.batchSize');
    refused(() => fit(model, data, { ...base, seed: 1, resume: checkpoint }), 'options.seed');
    const other = testSpirals(150, 1, 6);
    refused(() => fit(model, other, { ...base, resume: checkpoint }), 'data.hash');
    refused(() => fit(model, testSpirals(151, 1, 5), { ...base, resume: checkpoint }), 'data.n');
    refused(() => fit(wider, data, { ...base, resume: checkpoint }), 'model');
    refused(() => fit(model, data, { ...base, resume: { ...checkpoint, parameters: 'AAAA' } }), 'parameters');
    refused(() => fit(model, data, { ...base, resume: { ...checkpoint, format: 'x' } as unknown as Checkpoint }), 'format');
    expect(engine.arena.usedBytes).toBe(used); // refused trainers free their memory
  });

  it('data-parallel: a ParallelTrainer checkpoint resumes on as many workers with the same bits; one worker resumes a mid-epoch one-thread checkpoint', async () => {
    const engine = await testEngine();
    const options = { ...base, epochs: 3, optimizer: 'momentum' as const };
    const whole = Model.create(engine, spec);
    await fitParallel(whole, data, { ...options, workers: 2 });
    const first = Model.create(engine, spec);
    const trainer = await ParallelTrainer.create(first, data, { ...options, workers: 2 });
    await trainer.epoch();
    const checkpoint = await trainer.checkpoint();
    await trainer.dispose();
    expect(checkpoint.workers).toBe(2);
    const second = Model.create(engine, spec);
    const resumed = await fitParallel(second, data, { ...options, workers: 2, resume: checkpoint });
    expect(resumed.history.map((h) => h.epoch)).toEqual([2, 3]);
    expect(bits(second.getParameters())).toBe(bits(whole.getParameters()));
    await expect(fitParallel(second, data, { ...options, workers: 3, resume: checkpoint })).rejects.toBeInstanceOf(CheckpointError);

    // One worker is one-thread training: a mid-epoch one-thread checkpoint goes on there.
    const single = Model.create(engine, spec);
    fit(single, data, options);
    const t = new Trainer(Model.create(engine, spec), data, options);
    for (let i = 0; i < 13; i++) t.step();
    const mid = t.checkpoint();
    t.dispose();
    const third = Model.create(engine, spec);
    await fitParallel(third, data, { ...options, workers: 1, resume: mid });
    expect(bits(third.getParameters())).toBe(bits(single.getParameters()));
  }, 60_000);
});
