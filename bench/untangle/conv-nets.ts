/** Untangle's side of the convnet benchmark: the same two nets, plain SGD with momentum as ConvNetJS (src/bench/workloads.ts). */
export { convTrainer as untangleConvTrainer } from '../../src/bench/workloads.js';

/**
 * The 5×5 convolutions of the benchmark nets (ConvNetJS's on 24×24 crops,
 * LeNet-5, E7's), as C × H × W inputs to F filters: the shapes the
 * per-layer convolution benchmarks time.
 */
export const BENCH_NET_CONV_LAYERS = [
  { layer: 'LeNet-5 conv1', C: 1, H: 28, W: 28, F: 20, K: 5, pad: 0 },
  { layer: 'LeNet-5 conv2', C: 20, H: 12, W: 12, F: 50, K: 5, pad: 0 },
  { layer: 'ConvNetJS conv1', C: 1, H: 24, W: 24, F: 8, K: 5, pad: 2 },
  { layer: 'ConvNetJS conv2', C: 8, H: 12, W: 12, F: 16, K: 5, pad: 2 },
  { layer: 'E7 conv1', C: 1, H: 28, W: 28, F: 12, K: 5, pad: 2 },
  { layer: 'E7 conv2', C: 12, H: 14, W: 14, F: 24, K: 5, pad: 2 },
];
