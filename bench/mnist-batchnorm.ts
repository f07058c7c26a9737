/**
 * The new layers together on MNIST, one thread: a convnet with batch
 * normalisation, dropout and an L2 penalty, trained with Adam for a few
 * epochs (default 2) under a cosine learning-rate schedule, then scored on
 * the 10 000 test images. Prints each epoch and the final test error; writes
 * bench/results/mnist-batchnorm.{json,md}.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/mnist-batchnorm.ts [--epochs 2]
 */
import type { LayerSpec } from '../src/model/model.js';
import { numberArgument, trainScheduled } from './mnist-budget.js';

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

await trainScheduled({
  name: 'mnist-batchnorm', network: 'conv 12 → conv 24 → dense 128', layers: LAYERS, epochs: numberArgument('epochs', 2), budget: 170,
  fit: { optimizer: 'adam', learningRate: 2e-3, batchSize: 64, schedule: { decay: 'cosine', warmup: 0.05 } },
});
