/**
 * Untangle's side of every benchmark row: a GEMM, a small dense net and the two
 * convnets, each built ready to time (`run` / `step` do the same work every call)
 * and each checked against a reference or for learning before it is returned.
 */
import type { Engine } from '../engine/engine.js';
import { Random } from '../engine/random.js';
import type { Dataset } from '../data/dataset.js';
import { Model } from '../model/model.js';
import { Trainer } from '../train/trainer.js';
import { checkGemm, randomMatrix } from './checks.js';
import { convLayers, type ConvNetSpec, type ImageSet } from './conv-nets.js';

/** Which operands the product reads transposed: A·B, Aᵀ·B, A·Bᵀ. */
export type GemmForm = 'nn' | 'tn' | 'nt';

/** An operation ready to time: the same work on every `run`. */
export interface TimedOp {
  run(): void;
  dispose(): void;
}

/** A convnet trainer ready to time: `step` is one optimiser step on `batch` examples. */
export interface ConvTrainer {
  label: string;
  batch: number;
  step(): void;
  /** Mean cross-entropy over the first `m` images. */
  loss(m: number): number;
  /** Forward pass of 256 images (inference speed). */
  infer256(): void;
  dispose(): void;
}

function transposed(m: Float32Array, n: number): Float32Array {
  const t = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = m[i * n + j]!;
  return t;
}

/** C = op(A)·op(B) on n×n matrices, checked against an f64 reference (via the A·B form) before timing. */
export function gemmOp(engine: Engine, n: number, form: GemmForm, seed = 1): TimedOp {
  const rng = new Random(seed);
  const A = randomMatrix(n, n, rng);
  const B = randomMatrix(n, n, rng);
  // Store the operands so that op(A)·op(B) is always the same product A·B.
  const a = engine.upload(form === 'tn' ? transposed(A, n) : A);
  const b = engine.upload(form === 'nt' ? transposed(B, n) : B);
  const c = engine.alloc(n * n * 4);
  const scratch = engine.alloc(engine.kernels.gemm_f32_scratch_floats(n, n, n) * 4);
  const kernel = engine.kernels[`gemm_f32_${form}`];
  const run = () => kernel(c.ptr, a.ptr, b.ptr, n, n, n, 0, scratch.ptr);
  const dispose = () => [a, b, c, scratch].forEach((block) => engine.release(block));
  run();
  try {
    checkGemm(`untangle-${engine.variant} ${form}`, n, A, B, engine.f32(c.ptr, n * n).slice());
  } catch (error) {
    dispose();
    throw error;
  }
  return { run, dispose };
}

/** Two-spiral points in the form a Trainer takes. */
export function spiralSet(n: number, seed = 1): Dataset {
  const rng = new Random(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = rng.uniform();
    const r = 0.1 + 0.85 * t;
    const angle = Math.PI * c + 1.5 * Math.PI * t;
    x[2 * i] = r * Math.cos(angle) + 0.04 * rng.normal();
    x[2 * i + 1] = r * Math.sin(angle) + 0.04 * rng.normal();
    y[i] = c;
  }
  return { name: 'spiral-points', x, y, n, dim: 2, classes: 2, domain: { min: [-1, -1], max: [1, 1] }, params: { seed } };
}

/** A dense tanh classifier of the given widths, trained by plain SGD: `step` is one batch. */
export function denseTrainer(engine: Engine, widths: readonly number[], batch: number, lr: number, data: Dataset) {
  const model = Model.create(engine, {
    inputs: widths[0]!,
    layers: widths.slice(1).map((units, i) => ({ units, activation: i === widths.length - 2 ? 'linear' as const : 'tanh' as const })),
    seed: 1,
  });
  const trainer = new Trainer(model, data, { optimizer: 'sgd', learningRate: lr, batchSize: batch, seed: 1 });
  return {
    step: () => { trainer.step(); },
    loss: () => model.evaluate(data).loss,
    dispose: () => { trainer.dispose(); model.dispose(); },
  };
}

/** One of the benchmark convnets on Untangle: SGD with momentum 0.9, as ConvNetJS trains it. */
export function convTrainer(engine: Engine, spec: ConvNetSpec, data: ImageSet): ConvTrainer {
  const dim = spec.size * spec.size;
  // Whole batches only: a step is timed as `batch` examples, so an epoch's short
  // last step would count as a full one and inflate the best rate.
  const n = Math.floor(data.n / spec.batch) * spec.batch;
  if (n < 256) throw new RangeError(`convTrainer: ${data.n} images give ${n} in whole batches of ${spec.batch}; 256 are needed`);
  const model = Model.create(engine, { inputs: { channels: 1, height: spec.size, width: spec.size }, layers: convLayers(spec.name), seed: 1 });
  const images = (m: number): Dataset => ({
    name: 'blobs', x: data.x.subarray(0, m * dim), y: data.y.subarray(0, m), n: m, dim, classes: 10, domain: { min: [0], max: [1] }, params: {},
  });
  const trainer = new Trainer(model, images(n), { optimizer: 'momentum', momentum: 0.9, learningRate: spec.lr, batchSize: spec.batch });
  const probe = data.x.subarray(0, 256 * dim);
  return {
    label: `untangle-${engine.variant}`,
    batch: spec.batch,
    step: () => { trainer.step(); },
    loss: (m) => model.evaluate(images(m)).loss,
    infer256: () => { model.predict(probe); },
    dispose: () => { trainer.dispose(); model.dispose(); },
  };
}
