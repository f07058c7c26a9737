/**
 * The new layers together on MNIST, one thread: a convnet with batch
 * normalisation, dropout and an L2 penalty, trained with Adam for a fixed
 * wall-time budget (default 170 s, whole epochs), then scored on the 10 000
 * test images. Prints each epoch and the final test error; writes
 * bench/results/mnist-batchnorm.{json,md}.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/mnist-batchnorm.ts [--budget 170]
 */
import { createEngine } from '../src/engine/engine.js';
import { loadMnist } from '../src/data/mnist.js';
import { Model, type LayerSpec } from '../src/model/model.js';
import { Trainer } from '../src/train/trainer.js';
import { writeResults } from './timing.js';

const budget = Number(process.argv.includes('--budget') ? process.argv[process.argv.indexOf('--budget') + 1] : 170);

const LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 12, kernel: 5, padding: 2, activation: 'relu' },
  { type: 'batchnorm' },
  { type: 'maxpool', size: 2 },
  { type: 'conv2d', filters: 24, kernel: 5, padding: 2, activation: 'relu', l2: 1e-5 },
  { type: 'batchnorm' },
  { type: 'maxpool', size: 2 },
  { type: 'dense', units: 128, activation: 'relu', l2: 1e-5 },
  { type: 'dropout', rate: 0.3, seed: 7 },
  { type: 'dense', units: 10 },
];

async function main(): Promise<void> {
  const engine = await createEngine({ variant: 'relaxed' });
  const train = await loadMnist({ split: 'train' });
  const test = await loadMnist({ split: 'test' });
  const model = Model.create(engine, { inputs: { channels: 1, height: 28, width: 28 }, layers: LAYERS, seed: 1 });
  let learningRate = 2e-3;
  const started = performance.now();
  const epochs: { epoch: number; loss: number; seconds: number }[] = [];
  let trainer = new Trainer(model, train, { optimizer: 'adam', learningRate, batchSize: 64, seed: 1 });
  let perEpoch = 0;
  for (let epoch = 1; ; epoch++) {
    const t0 = performance.now();
    const report = trainer.epoch();
    perEpoch = (performance.now() - t0) / 1000;
    const seconds = (performance.now() - started) / 1000;
    epochs.push({ epoch, loss: report.loss, seconds });
    console.log(`epoch ${epoch}: loss ${report.loss.toFixed(4)}, ${seconds.toFixed(0)} s`);
    if (seconds + perEpoch > budget) break;
    // A new trainer per epoch with a decayed learning rate (Adam moments restart).
    trainer.dispose();
    learningRate *= 0.6;
    trainer = new Trainer(model, train, { optimizer: 'adam', learningRate, batchSize: 64, seed: 1 + epoch });
  }
  trainer.dispose();
  const trainSeconds = (performance.now() - started) / 1000;
  const result = model.evaluate(test);
  const testError = 1 - result.accuracy;
  console.log(`test error ${(100 * testError).toFixed(2)} % after ${epochs.length} epochs, ${trainSeconds.toFixed(0)} s of training`);
  console.log(writeResults('mnist-batchnorm', [{ epochs: epochs.length, 'train s': trainSeconds, 'test error %': 100 * testError, 'final train loss': epochs[epochs.length - 1]!.loss }],
    ['epochs', 'train s', 'test error %', 'final train loss'], [
      `one thread, relaxed SIMD; budget ${budget} s of whole epochs; Adam lr 2e-3 × 0.6 per epoch, batch 64`,
      `layers: ${JSON.stringify(LAYERS)}`,
    ]));
}

await main();
