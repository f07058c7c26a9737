/** Untangle's side of the convnet benchmark: the same two nets, plain SGD with momentum as ConvNetJS (src/bench/workloads.ts). */
export { convTrainer as untangleConvTrainer } from '../../src/bench/workloads.js';
