/**
 * What every peer adapter in bench/peers/ shares: the runner shapes, the synthetic data, the
 * initial weights, and the plain references the peers are checked against before they are timed.
 *
 * Why one file: a ratio between Untangle and a peer means something only if both do the same
 * work. So every trainer here gets the same data in the same batch order and starts from the same
 * weights; their losses after the same steps must agree (float32 vs float64 aside), which shows
 * they compute the same thing before any of them is timed. GEMM runners are checked against an
 * f64 triple loop within the textbook bound for float32 dot products.
 */
import { Random } from '../../src/engine/random';

// ---------------------------------------------------------------------------------------------
// Shapes

/** The fields of a labelled point set a trainer needs (src/data's `Dataset` fits this shape). */
export interface PointSet {
  /** Row-major inputs, n × dim. */
  readonly x: Float32Array;
  /** Class of each row, 0 … classes−1. */
  readonly y: Int32Array;
  readonly n: number;
  readonly dim: number;
  readonly classes: number;
}

export type Activation = 'tanh' | 'relu' | 'sigmoid';

/** A fully connected classifier trained by plain mini-batch SGD on mean softmax cross-entropy. */
export interface DenseSpec {
  /** Widths from input to output, e.g. [2, 8, 8, 2]: the first is the data's dim, the last its classes. */
  layers: readonly number[];
  /** Activation after every layer but the last (the last feeds the softmax). */
  activation: Activation;
  /** Examples per SGD step. */
  batch: number;
  /** Learning rate (no momentum, no weight decay). */
  lr: number;
  /** Seed of the initial weights. Default 1. */
  seed?: number;
  /** Training data; default `spiralPoints(2048, 2, seed)`. Cycled in fixed batches of `batch` rows. */
  data?: PointSet;
}

/** A peer's trainer: one call of `step` is one SGD update over the next `batch` examples. */
export interface DenseTrainer {
  /** Peer and backend, e.g. `tfjs-wasm`. */
  readonly label: string;
  readonly batch: number;
  /** One SGD step on the next mini-batch (batches cycle through the data in a fixed order). */
  step(): void;
  /** Mean softmax cross-entropy over the whole data set with the current weights. */
  loss(): number;
  /** Frees what the peer allocated (tensors); the trainer is unusable afterwards. */
  dispose(): void;
}

/** A peer's square GEMM C = A·B (n×n float32, row-major), checked when it was made. */
export interface GemmRunner {
  readonly label: string;
  readonly n: number;
  /** Floating-point operations of one `run`: 2n³. */
  readonly flops: number;
  /** One product; the result is discarded. */
  run(): void;
  dispose(): void;
}

// ---------------------------------------------------------------------------------------------
// Data and weights

/**
 * `n` points on `classes` interleaved spiral arms in [-1, 1]², shuffled once (seeded), so every
 * batch holds a mix of classes. The classic small 2-D task of ConvNetJS's classify2d demo.
 */
export function spiralPoints(n: number, classes = 2, seed = 1, noise = 0.04): PointSet {
  const rng = new Random(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const t = rng.uniform();
    const r = 0.1 + 0.85 * t;
    const angle = (2 * Math.PI * c) / classes + 1.5 * Math.PI * t;
    const row = order[i]!;
    x[2 * row] = r * Math.cos(angle) + noise * rng.normal();
    x[2 * row + 1] = r * Math.sin(angle) + noise * rng.normal();
    y[row] = c;
  }
  return { x, y, n, dim: 2, classes };
}

/** Weights of one layer: W is in × out row-major (x·W, as tfjs stores a dense kernel), b has `out`. */
export interface LayerWeights {
  readonly in: number;
  readonly out: number;
  readonly W: Float32Array;
  readonly b: Float32Array;
}

/** Glorot-uniform weights and zero biases, the same bits for every peer given the same seed. */
export function initialWeights(layers: readonly number[], seed = 1): LayerWeights[] {
  const rng = new Random(seed ^ 0x5eed);
  const out: LayerWeights[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const fanIn = layers[l]!;
    const fanOut = layers[l + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const W = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < W.length; i++) W[i] = rng.range(-limit, limit);
    out.push({ in: fanIn, out: fanOut, W, b: new Float32Array(fanOut) });
  }
  return out;
}

/** Throws unless the spec is usable with its data: widths, batch, lr, dim and classes. */
export function resolveSpec(spec: DenseSpec): { data: PointSet; seed: number } {
  const seed = spec.seed ?? 1;
  const { layers, batch, lr } = spec;
  if (layers.length < 2 || !layers.every((w) => Number.isInteger(w) && w >= 1)) {
    throw new Error(`dense spec: layers must be ≥ 2 positive integers, got [${layers.join(', ')}]`);
  }
  const data = spec.data ?? spiralPoints(2048, layers[layers.length - 1]!, seed);
  if (!(Number.isInteger(batch) && batch >= 1 && batch <= data.n)) {
    throw new Error(`dense spec: batch must be an integer in 1…${data.n}, got ${batch}`);
  }
  if (!(lr > 0)) throw new Error(`dense spec: lr must be > 0, got ${lr}`);
  if (layers[0] !== data.dim) throw new Error(`dense spec: first width ${layers[0]} ≠ data dim ${data.dim}`);
  if (layers[layers.length - 1] !== data.classes) {
    throw new Error(`dense spec: last width ${layers[layers.length - 1]} ≠ data classes ${data.classes}`);
  }
  return { data, seed };
}

/** Number of whole batches trainers cycle through (a trailing partial batch is left out). */
export function batchCount(data: PointSet, batch: number): number {
  return Math.floor(data.n / batch);
}

// ---------------------------------------------------------------------------------------------
// Checks

export { checkGemm, randomMatrix } from '../../src/bench/checks.js';

/** Losses of a trainer before and after `steps` SGD steps. */
export interface TrainCheck {
  label: string;
  steps: number;
  lossBefore: number;
  lossAfter: number;
}

/**
 * Trains `steps` steps and throws unless the data-set loss fell by at least `minDrop` (relative).
 * Call it on a fresh trainer: trainers built from the same spec then end at the same loss, which
 * `checkSameLoss` verifies across peers.
 */
export function checkTrainerLearns(trainer: DenseTrainer, steps = 300, minDrop = 0.1): TrainCheck {
  const lossBefore = trainer.loss();
  for (let s = 0; s < steps; s++) trainer.step();
  const lossAfter = trainer.loss();
  if (!(Number.isFinite(lossAfter) && lossAfter <= (1 - minDrop) * lossBefore)) {
    throw new Error(
      `${trainer.label}: loss went ${lossBefore.toFixed(5)} → ${lossAfter.toFixed(5)} in ${steps} steps ` +
        `(batch ${trainer.batch}); expected a drop of at least ${minDrop * 100}%`,
    );
  }
  return { label: trainer.label, steps, lossBefore, lossAfter };
}

/**
 * Throws unless every check ended at the same loss as the first within `relTol`: trainers
 * from one spec (same data, order, init, lr) compute the same SGD steps, float rounding aside.
 */
export function checkSameLoss(checks: readonly TrainCheck[], relTol = 1e-4): void {
  const first = checks[0];
  if (!first) return;
  for (const c of checks) {
    if (c.steps !== first.steps) throw new Error(`checkSameLoss: ${c.label} ran ${c.steps} steps, ${first.label} ${first.steps}`);
    const rel = Math.abs(c.lossAfter - first.lossAfter) / Math.abs(first.lossAfter);
    if (!(rel <= relTol)) {
      throw new Error(
        `${c.label} ends at loss ${c.lossAfter} but ${first.label} at ${first.lossAfter} after ${c.steps} steps ` +
          `(relative difference ${rel.toExponential(2)} > ${relTol}): they do not train the same net`,
      );
    }
  }
}
