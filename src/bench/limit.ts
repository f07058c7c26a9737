/**
 * What "close to the limit" means on the machine at hand: the f32x4
 * multiply-add rate the runtime reaches with nothing in the way
 * (assembly/kernels/peak.ts), measured in the same run as the rows it judges,
 * and the arithmetic each convnet row does, so a rate in examples/s can be read
 * as a share of that limit. Machines differ by 2× in this limit (an EPYC host
 * reached ≈ 66 GFLOP/s relaxed, a Xeon host 28–35): a share of it, like a ratio
 * to a peer in the same run, travels between machines; a GFLOP/s figure does not.
 */
import type { Engine } from '../engine/engine.js';
import type { LayerSpec } from '../model/model.js';
import { validTaps } from '../model/conv-cost.js';
import { measure, type MeasureOptions } from './measure.js';

/** Flops of one iteration of simd_peak_f32: 10 chains × 4 lanes × (multiply + add). */
const PEAK_FLOPS_PER_ITERATION = 80;
/** Iterations per timed call: about 10 ms at 30 GFLOP/s, long enough to time, short enough to sample often. */
const PEAK_ITERATIONS = 4_000_000;

/** The SIMD multiply-add limit of `engine`'s wasm variant, GFLOP/s over the median and the fastest sample. */
export function measureSimdLimit(engine: Engine, options: MeasureOptions = {}): { median: number; best: number } {
  let sink = 0;
  const m = measure(() => { sink += engine.kernels.simd_peak_f32(PEAK_ITERATIONS, 1); }, { warmup: 3, ...options });
  // The chains converge to a finite value; anything else means the kernel did not run as written.
  if (!Number.isFinite(sink)) throw new Error(`simd_peak_f32 returned ${sink}`);
  const flops = PEAK_FLOPS_PER_ITERATION * PEAK_ITERATIONS;
  return { median: flops / (m.medianMs * 1e6), best: flops / (m.minMs * 1e6) };
}

/** Multiply-add flops per example of a convnet: one forward pass, and one training step (forward, input and weight gradients). */
export interface NetFlops {
  inference: number;
  train: number;
}

/**
 * Counts 2 flops per multiply-add of every conv2d and dense layer of a
 * single-channel `side`×`side` input (pooling, activations, bias and the
 * optimiser are left out: they are memory passes, not arithmetic). Taps that
 * fall on a convolution's zero padding are not counted: they are no work
 * (the direct kernels skip them). These are the direct convolution's
 * multiply-adds: a layer computed with fewer (Winograd) reads as a higher
 * effective rate, which can pass the limit. A training step costs the forward, the weight
 * gradient (as much again) and the input gradient of every layer but the first
 * (as much again).
 */
export function convNetFlops(layers: readonly LayerSpec[], side: number): NetFlops {
  let channels = 1, height = side, width = side;
  let forward = 0, firstLayer = -1;
  for (const layer of layers) {
    const type = 'type' in layer ? layer.type : 'dense';
    if (type === 'conv2d') {
      const { filters, kernel, padding = 0, stride = 1 } = layer as { filters: number; kernel: number; padding?: number; stride?: number };
      const outH = Math.floor((height + 2 * padding - kernel) / stride) + 1;
      const outW = Math.floor((width + 2 * padding - kernel) / stride) + 1;
      const flops = 2 * filters * channels * validTaps(height, kernel, stride, padding) * validTaps(width, kernel, stride, padding);
      height = outH;
      width = outW;
      if (firstLayer < 0) firstLayer = flops;
      forward += flops;
      channels = filters;
    } else if (type === 'maxpool' || type === 'avgpool') {
      const { size, stride } = layer as { size: number; stride?: number };
      const s = stride ?? size;
      height = Math.floor((height - size) / s) + 1;
      width = Math.floor((width - size) / s) + 1;
    } else if (type === 'dense') {
      const units = (layer as { units: number }).units;
      const flops = 2 * units * channels * height * width;
      if (firstLayer < 0) firstLayer = flops;
      forward += flops;
      channels = units; height = 1; width = 1;
    } else {
      throw new Error(`convNetFlops: no flop count for a ${type} layer`);
    }
  }
  return { inference: forward, train: 3 * forward - Math.max(firstLayer, 0) };
}
