/**
 * The two convnets of the speed targets and a learnable synthetic image task,
 * so every trainer is checked to learn before it is timed.
 *
 *   convnetjs-mnist: the ConvNetJS MNIST demo net on 24×24 crops — conv 5×5×8
 *     pad 2 relu, pool 2; conv 5×5×16 pad 2 relu, pool 3; fc 10; batch 20.
 *   lenet5: conv 5×5×20, pool 2, conv 5×5×50, pool 2, fc 500 relu, fc 10; batch 64.
 *
 * Why synthetic images: the benchmark measures speed, MNIST itself is the
 * experiments' business; a blob whose position encodes the class is learnt in
 * a few hundred steps by any correct trainer, which is the check we need.
 */
import { Random } from '../engine/random.js';
import type { LayerSpec } from '../model/model.js';

/** One benchmark convnet: its name, square input side, batch size and SGD learning rate. */
export interface ConvNetSpec {
  name: 'convnetjs-mnist' | 'lenet5';
  size: number;
  batch: number;
  lr: number;
}

/** ConvNetJS's MNIST demo net and LeNet-5, as every library in the benchmark trains them. */
export const CONV_NETS: readonly ConvNetSpec[] = [
  { name: 'convnetjs-mnist', size: 24, batch: 20, lr: 0.01 },
  { name: 'lenet5', size: 28, batch: 64, lr: 0.01 },
];

/** Grey images, one channel: n × size² values in [0, 1] and a class 0 … 9 each. */
export interface ImageSet {
  x: Float32Array;
  y: Int32Array;
  n: number;
  size: number;
}

/** n noisy images with a bright 4×4 blob at one of 10 positions (the class). */
export function blobImages(n: number, size: number, seed = 1): ImageSet {
  const r = new Random(seed);
  const x = new Float32Array(n * size * size);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    y[i] = c;
    const cy = 2 + Math.floor((c / 5) * (size / 2 - 2)) + (c >= 5 ? size / 2 - 4 : 0);
    const cx = 2 + (c % 5) * Math.floor((size - 6) / 5);
    for (let p = 0; p < size * size; p++) x[i * size * size + p] = 0.2 * r.uniform();
    for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) x[i * size * size + (cy + dy) * size + cx + dx] = 1;
  }
  return { x, y, n, size };
}

/** The net's layers as an Untangle model spec (the softmax is the loss's). */
export function convLayers(name: ConvNetSpec['name']): LayerSpec[] {
  if (name === 'convnetjs-mnist') {
    return [
      { type: 'conv2d', filters: 8, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 16, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 3 },
      { type: 'dense', units: 10 },
    ];
  }
  return [
    { type: 'conv2d', filters: 20, kernel: 5, activation: 'linear' }, { type: 'maxpool', size: 2 },
    { type: 'conv2d', filters: 50, kernel: 5, activation: 'linear' }, { type: 'maxpool', size: 2 },
    { type: 'dense', units: 500, activation: 'relu' }, { type: 'dense', units: 10 },
  ];
}
