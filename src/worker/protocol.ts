/**
 * The messages between a TrainingRun (the app's thread) and its worker. Every
 * request carries an id and is answered exactly once, by a `reply` or an
 * `error` with that id; `epoch`, `finished` and `failed` arrive on their own as
 * training goes. Typed arrays in answers are transferred, not copied.
 */
import type { Dataset } from '../data/dataset.js';
import type { Box } from '../export/schema.js';
import type { ModelSpec } from '../model/model.js';
import type { ModelJSON } from '../model/model-json.js';
import type { Checkpoint } from '../train/checkpoint.js';
import type { EpochReport, FitOptions, LossName } from '../train/options.js';
import type { WasmVariant } from '../engine/features.js';
import type { SerializedError } from './error-transfer.js';

/** {@link FitOptions} as they cross to a worker: no callbacks or signals (use the run's methods), and the test set is passed beside them. */
export type WorkerFitOptions = Omit<FitOptions, 'onEpoch' | 'signal' | 'validation'>;

/** An epoch's report from a worker: `fit`'s report, plus the test set's scores under the names the run was given them. */
export interface WorkerEpochReport extends EpochReport {
  /** The test set's mean loss after this epoch (the same as validationLoss). */
  testLoss?: number;
  /** The test set's accuracy after this epoch (the same as validationAccuracy). */
  testAccuracy?: number;
}

/** What {@link TrainingRun.snapshot} can ask for; each part is computed between two steps from the current weights. */
export interface SnapshotRequest {
  /** The parameters, laid out as `model.getParameters()`. */
  weights?: boolean;
  /** The model's outputs on an nx × ny grid over a 2-D box (see {@link gridPoints} for the order of the points). */
  grid?: { box: Box; nx: number; ny: number };
  /** Layer `index`'s outputs (its representation) for the given points, row-major n × inputs. */
  layer?: { index: number; points: ArrayLike<number> | Float32Array };
}

/** What {@link TrainingRun.snapshot} answers: where training was, and the parts asked for. */
export interface Snapshot {
  /** Epochs finished when the snapshot was taken. */
  epoch: number;
  /** Steps run since the start of this run (a resumed run counts from its resumption). */
  steps: number;
  weights?: Float32Array;
  /** `model.predict` on the grid's points: row-major (nx·ny) × outputs. */
  grid?: { nx: number; ny: number; outputs: number; values: Float32Array };
  /** `model.layerOutput(points, index)`: row-major n × width. */
  layer?: { index: number; width: number; values: Float32Array };
}

/** What {@link TrainingRun.step} answers. */
export interface StepResult {
  /** Steps run by this call. */
  steps: number;
  /** Epochs finished after them. */
  epoch: number;
  /** The reports of the epochs these steps finished (each also went to `on('epoch')`). */
  reports: WorkerEpochReport[];
  /** True when the run reached its last epoch (it is then finished). */
  finished: boolean;
}

/** @internal What a worker needs to start a run. */
export interface StartMessage {
  model: ModelSpec | ModelJSON;
  data: Dataset;
  test?: Dataset;
  fit: WorkerFitOptions;
  variant: WasmVariant | 'auto';
  sliceMs: number;
  /** True when the run starts paused (then only step() trains). */
  paused: boolean;
  /** Milliseconds between two messages of epoch reports; 0: one message per epoch. */
  reportMs: number;
}

/** @internal */
export type Request =
  | { type: 'warm'; id: number; variant: WasmVariant | 'auto' }
  | { type: 'start'; id: number; start: StartMessage }
  | { type: 'pause' | 'resume' | 'stop' | 'checkpoint'; id: number }
  | { type: 'step'; id: number; steps?: number }
  | { type: 'snapshot'; id: number; request: SnapshotRequest };

/** @internal What a stopped or finished run hands back. */
export interface FinalModel {
  model: ModelJSON;
  /** The loss it was trained with (a k-NN-trained model has no softmax output to evaluate). */
  loss: LossName;
  /** Where training stood when stopped before its last epoch; absent when finished. */
  checkpoint?: Checkpoint;
}

/** @internal */
export type Reply =
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'epoch'; report: WorkerEpochReport }
  /** The epochs finished since the last message, oldest first (with `reportEvery`). */
  | { type: 'epochs'; reports: WorkerEpochReport[] }
  | { type: 'finished'; final: FinalModel }
  | { type: 'failed'; error: SerializedError };

/** @internal Where the worker's variant is reported on 'start' and 'warm'. */
export interface Started {
  variant: WasmVariant;
  /** Milliseconds the worker spent creating (or reusing) its engine and building the trainer. */
  setupMs: number;
}

/**
 * The points of an nx × ny grid over a 2-D box, row-major (n = nx·ny, 2 values
 * each): row 0 is the top edge (y = box.max[1]), row ny−1 the bottom, column 0
 * the left edge, both edges included (a count of 1 takes the middle).
 */
export function gridPoints(box: Box, nx: number, ny: number): Float32Array {
  const axis = (lo: number, hi: number, n: number, i: number) => (n === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (n - 1));
  const points = new Float32Array(nx * ny * 2);
  for (let r = 0; r < ny; r++) {
    const y = axis(box.max[1]!, box.min[1]!, ny, r);
    for (let c = 0; c < nx; c++) {
      points[(r * nx + c) * 2] = axis(box.min[0]!, box.max[0]!, nx, c);
      points[(r * nx + c) * 2 + 1] = y;
    }
  }
  return points;
}
