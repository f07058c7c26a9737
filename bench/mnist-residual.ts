/**
 * A small residual convnet on MNIST, one thread: convolution, batch
 * normalisation, a residual block (convolution + batch normalisation, added to
 * its input) at 14×14, a second convolution, dropout, and a dense output;
 * Adam with the learning rate halved each epoch, for a wall-time budget
 * (default 180 s, whole epochs), then scored on the 10 000 test images.
 * Writes bench/results/mnist-residual.{json,md}.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/mnist-residual.ts [--budget 180]
 */
import type { LayerSpec } from '../src/model/model.js';
import { numberArgument, trainScheduled } from './mnist-budget.js';

// The block sits after the first pooling: at 14×14 its 16 → 16 convolution
// costs a quarter of what it would at 28×28, which buys epochs within the budget.
const LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 16, kernel: 5, padding: 2, activation: 'relu' },
  { type: 'batchnorm' },
  { type: 'maxpool', size: 2 },
  { type: 'residual', layers: [
    { type: 'conv2d', filters: 16, kernel: 3, padding: 1, activation: 'relu' },
    { type: 'batchnorm' },
  ] },
  { type: 'conv2d', filters: 32, kernel: 3, padding: 1, activation: 'relu' },
  { type: 'batchnorm' },
  { type: 'maxpool', size: 2 },
  { type: 'dropout', rate: 0.25, seed: 7 },
  { type: 'dense', units: 10 },
];

await trainScheduled({
  name: 'mnist-residual', layers: LAYERS, epochs: numberArgument('epochs', 3), budget: 180,
  fit: { optimizer: 'adam', learningRate: 3e-3, batchSize: 64, schedule: { decay: 'cosine', warmup: 0.1 } },
});
