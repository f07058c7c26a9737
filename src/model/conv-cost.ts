/**
 * Which way a convolution layer computes, chosen from its shape alone by a
 * cost model fitted to timings (bench/conv-cost-fit.ts writes the data and the
 * fit, bench/results/conv-cost-fit.md shows them).
 *
 * Two choices per layer:
 *   forward + weight gradient: im2col + GEMM nn / GEMM nt, or the direct kernels
 *     (conv_direct.ts, conv_direct_weights.ts) with no columns at all;
 *   input gradient: GEMM tn + col2im, or a direct convolution of dZ with the
 *     flipped filters (stride 1 only).
 *
 * The model predicts ln(t_gemm / t_direct) as a linear function of a few
 * shape features (below) and picks direct when the prediction is above 0.
 * Why a function of the shape and not a measurement at model build: the two
 * paths add in different orders, so they give different bits; a choice made
 * by timing would make a saved model and a seed train differently from one
 * run (or machine load) to the next. A pure function of the shape gives the
 * same path, hence the same bits, on every run of the same build. The batch
 * size is left out for the same reason: a model predicts with the same bits
 * whatever batch it is given (prediction's own rules: PREDICTION_DIRECT_MIN_KERNEL,
 * PREDICTION_WINOGRAD_MIN_CHANNELS; the Winograd kernel's chunks of 8 examples are
 * computed alike wherever they fall in the batch).
 */

/** The geometry a convolution's cost depends on. */
export interface ConvGeometry {
  channels: number;
  height: number;
  width: number;
  filters: number;
  kernel: number;
  stride: number;
  padding: number;
}

function outSide(n: number, k: number, stride: number, pad: number): number {
  return Math.floor((n + 2 * pad - k) / stride) + 1;
}

/** Kernel taps that land inside the image along one dimension of n, summed over its output positions. */
export function validTaps(n: number, k: number, stride: number, pad: number): number {
  const outs = outSide(n, k, stride, pad);
  let valid = 0;
  for (let o = 0; o < outs; o++) for (let t = 0; t < k; t++) { const i = o * stride - pad + t; if (i >= 0 && i < n) valid++; }
  return valid;
}

/** Fraction of kernel taps that land inside the image, over all output pixels (1 without padding). */
function validTapFraction(n: number, k: number, stride: number, pad: number): number {
  return validTaps(n, k, stride, pad) / (outSide(n, k, stride, pad) * k);
}

/**
 * The model's features for one convolution with `out` output channels over
 * `channels` input channels: [1, ln out, ln channels, ln output pixels,
 * ln kernel, valid-tap fraction, out / (out rounded up to 4)]. The last is the
 * share of the direct kernels' 4-filter blocks that is real work.
 */
export function convFeatures(g: ConvGeometry): number[] {
  const ho = outSide(g.height, g.kernel, g.stride, g.padding), wo = outSide(g.width, g.kernel, g.stride, g.padding);
  const valid = validTapFraction(g.height, g.kernel, g.stride, g.padding) * validTapFraction(g.width, g.kernel, g.stride, g.padding);
  return [1, Math.log(g.filters), Math.log(g.channels), Math.log(ho * wo), Math.log(g.kernel), valid, g.filters / (Math.ceil(g.filters / 4) * 4)];
}

/** The geometry of the input gradient seen as a convolution: dZ's F channels in, C "filters" out, padding K − 1 − pad. */
export function inputGradientGeometry(g: ConvGeometry): ConvGeometry {
  const ho = outSide(g.height, g.kernel, g.stride, g.padding), wo = outSide(g.width, g.kernel, g.stride, g.padding);
  return { channels: g.filters, height: ho, width: wo, filters: g.channels, kernel: g.kernel, stride: 1, padding: g.kernel - 1 - g.padding };
}

function predict(weights: readonly number[], features: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += weights[i]! * features[i]!;
  return s;
}

// Fitted on 104 timed shapes: two runs of bench/conv-cost-fit.ts (seeds 7 and 8),
// each the three benchmark networks' six layers plus seeded random ones (1–32
// channels, 4–64 filters, 8–28 pixels a side, K 3 or 5, unpadded or "same"),
// relaxed build, one thread; bench/results/conv-cost-fit.md and
// conv-cost-check-seed8.md. The forward model was fitted again after the direct
// weight gradient learnt flat runs at stride 1 (1.2–1.3× faster): on the new
// samples it sends 17 of 104 forward choices the slower way, losing 1.3 % of
// time on average against always taking the faster path, where the model before
// sent 24 and lost 3.4 %; of the benchmark layers it moves LeNet-5's first
// convolution to the direct path (measured 1.11–1.13× faster there). The input
// gradient's model is the earlier fit (its kernels did not change): on the
// first samples it sent 12 input gradients of 104 the slower way and lost 7 %
// where the thresholds before it (filters ≤ 32; same padding and ≤ 32 channels)
// sent 45 and lost 44 %; on the new samples 11 of 104 and 1.5 %. The forward
// choice is close to a coin toss near the boundary, where the two paths cost
// about the same.
/** ln(t_gemm / t_direct) of forward + weight gradient, fitted by bench/conv-cost-fit.ts. */
export const FORWARD_WEIGHTS_MODEL: readonly number[] = [1.4415, -0.1690, 0.0759, 0.1106, 0.3741, -1.2660, -0.8221];
/** ln(t_gemm / t_direct) of the input gradient (on inputGradientGeometry), fitted by bench/conv-cost-fit.ts. */
export const INPUT_GRADIENT_MODEL: readonly number[] = [-3.9064, 0.1862, -0.6862, 0.3767, 0.6720, 0.9479, 2.5641];

/**
 * Prediction has no weight gradient to pay for, so the direct forward wins more
 * often than the training model says: forward alone (pack + direct against
 * im2col + GEMM nn, bench/conv-forward-paths.ts, bench/results/conv-forward-paths-relaxed.md)
 * the direct kernel was faster on all six 5×5 layers of the three benchmark
 * networks, 1.1–2.8× at batches 32 and 64 (LeNet-5's first layer, which then trained
 * through GEMM, 1.1–1.2×); on 3×3 layers the two were within 0.96–1.22× and on a
 * 1×1 layer GEMM was 1.7–1.9× faster. So prediction goes direct from 5×5 up, and
 * otherwise where training does. Still a function of the shape alone: a model
 * predicts with the same bits on every run; they may differ in the last bits
 * from the training-mode forward of a layer that trains through GEMM.
 */
export const PREDICTION_DIRECT_MIN_KERNEL = 5;

/**
 * Prediction of a 5×5, stride-1 layer over at least this many channels runs
 * 1-D Winograd F(4, 5) (assembly/kernels/conv_winograd.ts: 0.4 of the direct
 * kernel's multiply-adds). Against pack + direct, one 32- or 64-example chunk
 * (conv-forward-paths-relaxed.md): LeNet-5's conv2 (20 channels) 2.53–2.56×,
 * E7's conv2 (12) 1.90–1.98×, ConvNetJS's conv2 (8, padded: the direct kernel
 * skips the taps in the padding, Winograd only whole rows of it) 1.90–1.96×; the
 * 1-channel first layers 0.65–0.98× (one transform per input value and runs of
 * 5 taps: too little to spread them over), so they stay direct. Whole
 * predictions on one engine (inference-winograd-ab-*.md): 1.38–1.60×
 * ConvNetJS's net, 1.63–1.75× LeNet-5, 1.47–1.54× E7's network.
 */
export const PREDICTION_WINOGRAD_MIN_CHANNELS = 8;

// Training takes Winograd where the direct kernel would run and the shape qualifies: the
// training forward of a direct-forward layer (then training and prediction give the same bits)
// and the direct input gradient, a stride-1 5×5 convolution of dZ (filters channels) with the
// flipped filters. E7's conv2 (12 → 24 channels, 14×14) takes both: they were 25.6 % and 30 % of
// its training step (bench/e7-step-ops.ts). Still a function of the shape alone.
/** Whether a convolution of this shape runs Winograd F(4, 5): 5×5, stride 1, enough channels. */
function winogradPredicts(g: ConvGeometry): boolean {
  return g.kernel === 5 && g.stride === 1 && g.channels >= PREDICTION_WINOGRAD_MIN_CHANNELS;
}

/** The paths a convolution layer takes. */
export interface ConvPaths {
  /** Forward and weight gradient by the direct kernels (no im2col columns). */
  directForward: boolean;
  /** Prediction (a forward with no backward after it) by the direct kernel. */
  directPrediction: boolean;
  /** Prediction by 1-D Winograd F(4, 5) instead (5×5, stride 1, ≥ PREDICTION_WINOGRAD_MIN_CHANNELS channels). */
  winogradPrediction: boolean;
  /** The training forward by Winograd F(4, 5) too: a direct-forward layer that qualifies (the weight gradient stays direct). */
  winogradForward: boolean;
  /** Input gradient by a direct convolution with the flipped filters (no dcols, no col2im). */
  directInputGradient: boolean;
  /** That convolution by Winograd F(4, 5) instead, where inputGradientGeometry qualifies (dZ's channels ≥ the minimum). */
  winogradInputGradient: boolean;
}

/** The cheaper path for each part of a convolution of this shape, by the fitted model. */
export function chooseConvPaths(g: ConvGeometry): ConvPaths {
  const directForward = predict(FORWARD_WEIGHTS_MODEL, convFeatures(g)) > 0;
  const directInputGradient = g.stride === 1 && predict(INPUT_GRADIENT_MODEL, convFeatures(inputGradientGeometry(g))) > 0;
  return {
    directForward,
    directPrediction: directForward || g.kernel >= PREDICTION_DIRECT_MIN_KERNEL,
    winogradPrediction: winogradPredicts(g),
    winogradForward: directForward && winogradPredicts(g),
    directInputGradient,
    winogradInputGradient: directInputGradient && winogradPredicts(inputGradientGeometry(g)),
  };
}

/** A convolution layer's geometry as the layer holds it. */
export interface ConvLayerShape {
  inputShape: { channels: number; height: number; width: number };
  filters: number;
  kernel: number;
  stride: number;
  padding: number;
}

/** chooseConvPaths for a layer (src/model/conv2d.ts asks this once per decision). */
export function convPathsOf(layer: ConvLayerShape): ConvPaths {
  const { channels, height, width } = layer.inputShape;
  return chooseConvPaths({ channels, height, width, filters: layer.filters, kernel: layer.kernel, stride: layer.stride, padding: layer.padding });
}
