/**
 * Trains a convnet on MNIST for a wall-time budget on one thread (whole epochs,
 * Adam, the learning rate multiplied by `decay` after each epoch), scores it on
 * the 10 000 test images and writes bench/results/<name>.{json,md}. Each epoch's
 * loss and time are printed and saved, so a run that misses its goal shows how
 * far it got and at what pace.
 */
import { createEngine } from '../src/engine/engine.js';
import { loadMnist } from '../src/data/mnist.js';
import { Model, type LayerSpec } from '../src/model/model.js';
import { Trainer } from '../src/train/trainer.js';
import { writeResults } from './timing.js';

export interface BudgetRun {
  name: string;
  layers: LayerSpec[];
  /** Seconds of training; an epoch that would end past it is not started. */
  budget: number;
  learningRate: number;
  decay: number;
  batchSize: number;
}

/** The `--budget <s>` argument, or `fallback`. */
export function budgetArgument(fallback: number): number {
  const at = process.argv.indexOf('--budget');
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

export async function trainWithinBudget(run: BudgetRun): Promise<void> {
  const engine = await createEngine({ variant: 'relaxed' });
  const train = await loadMnist({ split: 'train' });
  const test = await loadMnist({ split: 'test' });
  const model = Model.create(engine, { inputs: { channels: 1, height: 28, width: 28 }, layers: run.layers, seed: 1 });
  let learningRate = run.learningRate;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const epochs: { epoch: number; loss: number; seconds: number }[] = [];
  const options = (epoch: number) => ({ optimizer: 'adam' as const, learningRate, batchSize: run.batchSize, seed: epoch });
  let trainer = new Trainer(model, train, options(1));
  for (let epoch = 1; ; epoch++) {
    const t0 = performance.now();
    const report = trainer.epoch();
    const perEpoch = (performance.now() - t0) / 1000;
    const seconds = (performance.now() - started) / 1000;
    epochs.push({ epoch, loss: report.loss, seconds });
    console.log(`epoch ${epoch}: loss ${report.loss.toFixed(4)}, ${seconds.toFixed(0)} s`);
    if (seconds + perEpoch > run.budget) break;
    // A new trainer per epoch with a decayed learning rate (Adam moments restart).
    trainer.dispose();
    learningRate *= run.decay;
    trainer = new Trainer(model, train, options(epoch + 1));
  }
  trainer.dispose();
  const trainSeconds = (performance.now() - started) / 1000;
  // CPU seconds beside wall seconds: on a shared machine they say what the run would take alone.
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const testError = 1 - model.evaluate(test).accuracy;
  console.log(`test error ${(100 * testError).toFixed(2)} % after ${epochs.length} epochs, ${trainSeconds.toFixed(0)} s of training`);
  console.log(writeResults(run.name, [{ epochs: epochs.length, 'train s': trainSeconds, 'train CPU s': cpuSeconds, 'test error %': 100 * testError, 'final train loss': epochs[epochs.length - 1]!.loss }],
    ['epochs', 'train s', 'train CPU s', 'test error %', 'final train loss'], [
      `one thread, relaxed SIMD; budget ${run.budget} s of whole epochs; Adam lr ${run.learningRate} × ${run.decay} per epoch, batch ${run.batchSize}`,
      `epochs (loss, seconds since start): ${epochs.map((e) => `${e.epoch}: ${e.loss.toFixed(4)} at ${e.seconds.toFixed(0)} s`).join('; ')}`,
      `layers: ${JSON.stringify(run.layers)}`,
    ]));
}
