// Learning-rate schedules: the rates against values worked out by hand, the
// trainer against one driven step by step with setLearningRate, resume with a
// schedule, and bad schedules refused by name.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { fit, Trainer } from '../../src/train/trainer.js';
import { fitParallel } from '../../src/train/parallel.js';
import { resolveSchedule, scheduledRate, type LearningRateSchedule } from '../../src/train/schedule.js';
import type { Checkpoint } from '../../src/train/checkpoint.js';
import { CheckpointError, OptionError, StateError } from '../../src/errors.js';
import { testEngine } from '../helpers/engine.js';
import { testSpirals } from '../helpers/points.js';

const spec = { inputs: 2, layers: [{ units: 8, activation: 'tanh' as const }, { units: 2 }], seed: 4 };
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
const rates = (s: LearningRateSchedule, peak: number, total: number) => Array.from({ length: total }, (_, i) => scheduledRate(resolveSchedule(s)!, peak, i, total));

describe('scheduledRate', () => {
  it('warm-up of round(warmup·T) steps rising to the peak, then half a cosine towards final', () => {
    // T = 10, warmup 0.2 → W = 2: 0.5, 1, then p = (s − 2)/8.
    const got = rates({ decay: 'cosine', warmup: 0.2, final: 0.1 }, 2, 10);
    const cosine = (p: number) => 2 * (0.1 + 0.9 * (1 + Math.cos(Math.PI * p)) / 2);
    expect(got.slice(0, 3)).toEqual([1, 2, 2]);
    for (let s = 2; s < 10; s++) expect(got[s]).toBeCloseTo(cosine((s - 2) / 8), 12);
    expect(got[9]).toBeCloseTo(2 * (0.1 + 0.9 * (1 + Math.cos((7 * Math.PI) / 8)) / 2), 12); // ≈ 0.254: near final · peak = 0.2
  });

  it('linear falls by the same amount each step; constant stays; the default final is 0 and every rate is > 0', () => {
    expect(rates({ decay: 'linear' }, 1, 4)).toEqual([1, 0.75, 0.5, 0.25]);
    expect(rates({ decay: 'constant', warmup: 0.5 }, 3, 4)).toEqual([1.5, 3, 3, 3]);
    const cosine = rates({ decay: 'cosine' }, 1, 1000);
    expect(cosine.every((r) => r > 0)).toBe(true);
    expect(cosine[999]).toBeLessThan(1e-5);
    // Each step lower than the one before.
    expect(cosine.every((r, i) => i === 0 || r < cosine[i - 1]!)).toBe(true);
  });

  it('past the run keeps final · peak', () => {
    expect(scheduledRate(resolveSchedule({ decay: 'linear', final: 0.25 })!, 4, 12, 10)).toBe(1);
  });

  it('refuses bad schedules with OptionError naming the field', () => {
    const option = (s: unknown) => {
      try {
        resolveSchedule(s as LearningRateSchedule);
      } catch (e) {
        expect(e).toBeInstanceOf(OptionError);
        return (e as OptionError).option;
      }
      return 'accepted';
    };
    expect(option({ decay: 'step' })).toBe('schedule.decay');
    expect(option({ decay: 'cosine', warmup: 1 })).toBe('schedule.warmup');
    expect(option({ decay: 'cosine', warmup: -0.1 })).toBe('schedule.warmup');
    expect(option({ decay: 'cosine', final: 1.5 })).toBe('schedule.final');
    expect(option({ decay: 'cosine', final: Number.NaN })).toBe('schedule.final');
    expect(option('cosine')).toBe('schedule');
    expect(option({ decay: 'linear', warmup: 0, final: 1 })).toBe('accepted');
  });
});

describe('Trainer with a schedule', () => {
  const data = testSpirals(150, 1, 5); // batch 16: 10 steps per epoch, the last of 6
  const base = { epochs: 3, batchSize: 16, seed: 9, optimizer: 'momentum' as const, learningRate: 0.2 };
  const schedule: LearningRateSchedule = { decay: 'cosine', warmup: 0.25, final: 0.05 };

  it('sets the scheduled rate before every step, counted over the whole run: the bits of a trainer driven by setLearningRate', async () => {
    const engine = await testEngine();
    const a = Model.create(engine, spec), b = Model.create(engine, spec), c = Model.create(engine, spec);
    const scheduled = fit(a, data, { ...base, schedule });
    const manual = new Trainer(b, data, base);
    const resolved = resolveSchedule(schedule)!;
    for (let s = 0; s < 30; s++) {
      manual.setLearningRate(scheduledRate(resolved, base.learningRate, s, 30));
      manual.step();
    }
    manual.dispose();
    expect(bits(a.getParameters())).toBe(bits(b.getParameters()));
    // …and not those of the constant rate.
    fit(c, data, base);
    expect(bits(a.getParameters())).not.toBe(bits(c.getParameters()));
    expect(scheduled.history.length).toBe(3);
  });

  it('a constant schedule without warm-up is the plain run', async () => {
    const engine = await testEngine();
    const a = Model.create(engine, spec), b = Model.create(engine, spec);
    fit(a, data, { ...base, schedule: { decay: 'constant' } });
    fit(b, data, base);
    expect(bits(a.getParameters())).toBe(bits(b.getParameters()));
  });

  it('resumes mid-epoch with the same rates; a checkpoint of another schedule or other epochs is refused', async () => {
    const engine = await testEngine();
    const options = { ...base, schedule };
    const whole = Model.create(engine, spec);
    fit(whole, data, options);
    const trainer = new Trainer(Model.create(engine, spec), data, options);
    for (let i = 0; i < 14; i++) trainer.step();
    expect(() => trainer.setLearningRate(0.1)).toThrow(StateError);
    const checkpoint = JSON.parse(JSON.stringify(trainer.checkpoint())) as Checkpoint;
    trainer.dispose();
    const resumed = Model.create(engine, { ...spec, seed: 77 });
    fit(resumed, data, { ...options, resume: checkpoint });
    expect(bits(resumed.getParameters())).toBe(bits(whole.getParameters()));
    for (const other of [{ ...options, epochs: 4 }, { ...options, schedule: { ...schedule, final: 0 } }, base]) {
      const error = (() => {
        try {
          fit(resumed, data, { ...other, resume: checkpoint });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as CheckpointError).path).toBe('options.schedule');
    }
  });

  it('data-parallel workers follow the same schedule: one worker gives the bits of fit', async () => {
    const engine = await testEngine();
    const a = Model.create(engine, spec), b = Model.create(engine, spec);
    fit(a, data, { ...base, schedule });
    await fitParallel(b, data, { ...base, schedule, workers: 1 });
    expect(bits(b.getParameters())).toBe(bits(a.getParameters()));
  }, 60_000);
});
