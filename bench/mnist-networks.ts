/**
 * The MNIST residual convnets the budget runs and the per-epoch timing
 * compare, by name. 'baseline' is the network of the first 3-minute attempt
 * (0.99 % in 3 epochs, 44 s an epoch on a quiet machine): timing a candidate
 * against it in one process gives a ratio that scales to a quiet machine.
 */
import type { LayerSpec } from '../src/model/model.js';

const conv = (filters: number, kernel: number): LayerSpec => ({ type: 'conv2d', filters, kernel, padding: (kernel - 1) / 2, activation: 'relu' });
const residual = (filters: number): LayerSpec => ({ type: 'residual', layers: [conv(filters, 3), { type: 'batchnorm' }] });

export const MNIST_NETWORKS: Record<string, LayerSpec[]> = {
  // conv 16 → bn → pool → residual {conv 16, bn} at 14×14 → conv 32 → bn → pool → dropout → dense 10
  baseline: [
    conv(16, 5), { type: 'batchnorm' }, { type: 'maxpool', size: 2 },
    residual(16),
    conv(32, 3), { type: 'batchnorm' }, { type: 'maxpool', size: 2 },
    { type: 'dropout', rate: 0.25, seed: 7 },
    { type: 'dense', units: 10 },
  ],
  // The widening convolution after the second pooling, at 7×7, where it costs a quarter: room for 64 filters.
  late64: [
    conv(16, 5), { type: 'batchnorm' }, { type: 'maxpool', size: 2 },
    residual(16),
    { type: 'maxpool', size: 2 },
    conv(64, 3), { type: 'batchnorm' },
    { type: 'dropout', rate: 0.25, seed: 7 },
    { type: 'dense', units: 10 },
  ],
};

/** The network named `name`, or an error listing the names. */
export function mnistNetwork(name: string): LayerSpec[] {
  const layers = MNIST_NETWORKS[name];
  if (!layers) throw new Error(`unknown network '${name}' (known: ${Object.keys(MNIST_NETWORKS).join(', ')})`);
  return layers;
}
