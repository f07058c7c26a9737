/**
 * The mini-batch k-NN loss (see assembly/kernels/knn.ts): each example is
 * classified by the others of its batch (and a second batch, if asked); the
 * loss is the mean of L_i = −log(S_i/T_i) over the examples that have a
 * same-class partner among them — the others have no defined term. The
 * reported loss and the gradient are of that one mean.
 */
import { BATCH, KNN_SECOND_BATCH, KNN_WEIGHTING, OP } from '../engine/abi.js';
import type { Engine } from '../engine/engine.js';
import type { Dataset } from '../data/dataset.js';
import { DataError, OptionError } from '../errors.js';
import { f32Bits, type PlanBuilder } from '../model/plan-builder.js';
import type { KnnLossOptions } from '../train/options.js';
import type { Loss, LossBuffers } from './loss.js';

export class KnnLoss implements Loss {
  readonly name = 'knn' as const;
  readonly needs = 'labels' as const;
  readonly evaluates = 'knn-head' as const;

  constructor(readonly options: Required<KnnLossOptions>) {}

  checkData(data: Dataset, _units: number, what: string): void {
    if (data.targets) throw new DataError(`${what}: data set '${data.name}' holds regression targets; the k-NN loss needs class labels`, 'targets');
  }

  emit(plan: PlanBuilder, b: LossBuffers): void {
    const B = b.capacity, D = b.units, k = b.engine.kernels;
    const work = b.alloc((B * B + 2 * B) * 4);
    const scratch = b.alloc(Math.max(k.gemm_f32_scratch_floats(B, B, D), k.gemm_f32_scratch_floats(D, B, B)) * 4);
    const o = this.options;
    const param = o.weighting === 'inverse' ? o.epsilon : o.tau;
    const mode = KNN_WEIGHTING[o.weighting] + (o.secondBatch ? KNN_SECOND_BATCH : 0);
    plan.op(OP.KNN_LOSS, b.dy, b.y, b.labels, D, BATCH, b.classes, mode, f32Bits(param), b.stats, work, scratch);
  }

  toJSON() {
    return { loss: this.name, ...this.options };
  }
}

export interface KnnLossCallOptions {
  /** Features per embedding (Z is n × dim row-major). */
  dim: number;
  /** 'inverse' (default): w = 1/(d + ε); 'gaussian': w = exp(−d²/τ). */
  weighting?: 'inverse' | 'gaussian';
  /** ε of the inverse weighting (default 1e-3). */
  epsilon?: number;
  /** τ of the gaussian weighting (default 1). */
  tau?: number;
}

export interface KnnLossResult {
  /** Mean of the terms over the counted examples (0 when none is counted). */
  loss: number;
  /** L_i per example; NaN for an example with no same-class partner (it has no term). */
  terms: Float32Array;
  /** Examples with a term. */
  counted: number;
  /** dLoss/dZ, n × dim row-major. */
  gradient: Float32Array;
  /** Examples whose weighted vote of all the others is their label. */
  correct: number;
}

/**
 * The mini-batch k-NN loss of given embeddings Z (n × dim row-major, one batch)
 * with `labels`, its per-example terms and its gradient dZ — the same wasm
 * kernel training runs, without a model or weights. For custom training loops:
 * pass dZ to `model.backward` to get the weights' gradient.
 */
export function knnLoss(engine: Engine, z: ArrayLike<number>, labels: ArrayLike<number>, options: KnnLossCallOptions): KnnLossResult {
  const D = options.dim;
  if (!(Number.isInteger(D) && D >= 1)) throw new OptionError(`knnLoss: dim must be a positive integer, got ${D}`, 'dim');
  const weighting = options.weighting ?? 'inverse';
  if (weighting !== 'inverse' && weighting !== 'gaussian') throw new OptionError(`knnLoss: unknown weighting '${String(weighting)}' (known: inverse, gaussian)`, 'weighting');
  const param = weighting === 'inverse' ? options.epsilon ?? 1e-3 : options.tau ?? 1;
  if (!(Number.isFinite(param) && param > 0)) throw new OptionError(`knnLoss: ${weighting === 'inverse' ? 'epsilon' : 'tau'} must be > 0, got ${param}`, weighting === 'inverse' ? 'epsilon' : 'tau');
  const n = labels.length;
  if (n < 1) throw new DataError('knnLoss: no examples given', 'labels');
  if (z.length !== n * D) throw new DataError(`knnLoss: ${z.length} values for ${n} embeddings of width ${D}`, 'z');
  let classes = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (!(Number.isInteger(c) && c >= 0 && c < 1 << 20)) throw new DataError(`knnLoss: label ${c} of example ${i} is not a class index`, 'labels');
    classes = Math.max(classes, c + 1);
  }
  for (let i = 0; i < z.length; i++) {
    if (!Number.isFinite(z[i]!)) throw new DataError(`knnLoss: feature ${i % D} of embedding ${Math.floor(i / D)} is ${z[i]}`, 'z');
  }
  const k = engine.kernels;
  const blocks = [n * D, n * D, n * D, n, 4, n * n + 2 * n, Math.max(k.gemm_f32_scratch_floats(n, n, D), k.gemm_f32_scratch_floats(D, n, n))].map((floats) => engine.alloc(floats * 4));
  try {
    const [rows, zt, dz, lab, stats, work, scratch] = blocks.map((b) => b.ptr) as [number, number, number, number, number, number, number];
    engine.f32(rows, n * D).set(z);
    k.transpose_f32(zt, rows, n, D);
    engine.i32(lab, n).set(Int32Array.from(labels));
    engine.f64(stats, 2).fill(0);
    k.knn_loss_f32(dz, zt, lab, D, n, n, classes, KNN_WEIGHTING[weighting], param, stats, work, scratch);
    k.transpose_f32(rows, dz, D, n);
    return {
      loss: engine.f64(stats, 1)[0]! / n,
      terms: engine.f32(work + (n * n + n) * 4, n).slice(),
      counted: engine.i32(stats + 12, 1)[0]!,
      gradient: engine.f32(rows, n * D).slice(),
      correct: engine.i32(stats + 8, 1)[0]!,
    };
  } finally {
    for (const b of blocks) engine.release(b);
  }
}
