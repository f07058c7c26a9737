/**
 * The loss protocol the trainer and the model rely on alone (like the layer
 * protocol): a loss declares its name, what the data must carry (class labels
 * or regression targets), how it checks a data set against a model, what
 * `evaluate` reports for it, its JSON options, and emits its one op into a plan.
 *
 * The op reads the network's output Y (units × B, feature-major), writes
 * dLoss/dY into the last layer's dy when a gradient is wanted, and adds to the
 * f64 at `stats` the batch size times the loss it differentiates — so an
 * epoch's sum divided by its examples is the mean of the batch losses, and a
 * single batch reports exactly the value whose gradient it computed.
 */
import type { Engine } from '../engine/engine.js';
import type { Dataset } from '../data/dataset.js';
import type { PlanBuilder } from '../model/plan-builder.js';

/** The losses: softmax cross-entropy, the mini-batch k-NN loss, mean squared error (regression). */
export type LossName = 'softmax' | 'knn' | 'mse';

/** Where a loss op reads and writes (byte pointers into the engine's memory). */
export interface LossBuffers {
  /** The network's output Y, units × B. */
  y: number;
  /** dLoss/dY, units × B; 0 for no gradient (scoring only). */
  dy: number;
  /** The batch's class labels (i32, B). */
  labels: number;
  /** The batch's targets (f32, units × B). */
  targets: number;
  /** The stats cell (f64 loss sum at +0, i32 correct at +8, i32 counted at +12); 0 for none. */
  stats: number;
  /** Output units. */
  units: number;
  /** Columns the plan runs on at most (the workspace's capacity). */
  capacity: number;
  /** Classes of the data (labels are 0 … classes−1). */
  classes: number;
  engine: Engine;
  /** Allocates `bytes` for as long as the plan lives; returns a byte pointer. */
  alloc: (bytes: number) => number;
}

/** What `evaluate` reports for a model trained with this loss. */
export type EvaluationKind = 'classification' | 'regression' | 'knn-head';

export interface Loss {
  readonly name: LossName;
  /** What each example of the data must carry. */
  readonly needs: 'labels' | 'targets';
  /** 'classification': loss and accuracy of the softmax; 'regression': MSE and R²; 'knn-head': score with a KnnHead. */
  readonly evaluates: EvaluationKind;
  /** Throws a DataError when `data` cannot train or be scored by a model with `units` outputs. */
  checkData(data: Dataset, units: number, what: string): void;
  /** @internal Appends the loss op (forward and, when `buffers.dy` is non-zero, gradient). */
  emit(plan: PlanBuilder, buffers: LossBuffers): void;
  /** The loss and its options as plain JSON (for reports and saved runs). */
  toJSON(): { loss: LossName } & Record<string, unknown>;
}
