/**
 * Training options, their defaults, and the checks that turn absurd values into
 * errors naming the option before any memory is touched.
 */
import type { Dataset } from '../data/dataset.js';
import { OptionError } from '../errors.js';
import type { LossName } from '../loss/loss.js';
import type { Checkpoint } from './checkpoint.js';
import { resolveSchedule, type LearningRateSchedule } from './schedule.js';

/** The update rules: plain SGD, SGD with momentum, Adam. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';
/** Every {@link OptimizerName}. */
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];

/** What one epoch of training did (passed to `onEpoch`, returned by `Trainer.step` and in `FitResult.history`). */
export interface EpochReport {
  /** 1-based epoch number. */
  epoch: number;
  /**
   * Mean over the epoch's batches (weights changing as it goes) of the loss each
   * step differentiated, weighted by batch size: cross-entropy, the k-NN loss
   * (per batch the mean over its examples with a same-class partner), or MSE;
   * plus the contractive penalty when there is one.
   */
  loss: number;
  /** Fraction of the epoch's examples classified right at the time of their step (NaN for regression). */
  accuracy: number;
  steps: number;
  examples: number;
  /** Wall time of the epoch's training steps. */
  ms: number;
  validationLoss?: number;
  validationAccuracy?: number;
}

export type { LossName };

/** The mini-batch k-NN loss (the essay's nearest-neighbour training): each example classified by the rest of its batch. */
export interface KnnLossOptions {
  /** 'inverse': w = 1/(d + ε), the essay's; 'gaussian': w = exp(−d²/τ), NCA-style. Default 'inverse'. */
  weighting?: 'inverse' | 'gaussian';
  /** ε of the inverse weighting (default 1e-3). */
  epsilon?: number;
  /** τ of the gaussian weighting (default 1). */
  tau?: number;
  /**
   * Also vote with a second batch (default false): each step scores its batch
   * against the others of the batch and the next batch of the shuffled order,
   * which only votes (and gets the gradient through the distances). Twice the
   * neighbours per step at twice the forward and backward work, and four times
   * the pairs in the loss op, which at batch 256 of 32-wide embeddings took
   * 5.9 ms a step instead of 2.3 ms (bench/knn-loss.ts, one thread, load 2;
   * 14–20 ms with the machine busy at load 6); needs at least 2 × batchSize
   * examples.
   */
  secondBatch?: boolean;
}

/**
 * Contractive penalty (Rifai et al. 2011; the essay's cure for "the easy way out"):
 * λ · mean over the batch of Σ_l ‖∂h_l/∂x_l‖²_F over the chosen dense layers
 * h_l = σ(W_l·x_l + b_l), added to the loss with its exact gradient.
 */
export interface ContractiveOptions {
  /** λ ≥ 0. */
  lambda: number;
  /** Indices of the dense layers to penalise (default: every hidden dense layer). */
  layers?: number[];
  /**
   * 'layers' (default): Σ over the chosen layers of ‖∂h_l/∂h_(l−1)‖²_F, each layer's own Jacobian.
   * 'network': ‖∂logits/∂x‖²_F of the whole input→logits map (dense networks with ≤ 64 inputs).
   */
  scope?: 'layers' | 'network';
}

/**
 * Options of {@link fit}, {@link Trainer} and `fitParallel`; every field has a default.
 *
 * @example
 * ```ts
 * fit(model, train, {
 *   epochs: 300, batchSize: 32, optimizer: 'adam', learningRate: 0.02,
 *   validation: test,
 *   onEpoch: (e) => console.log(e.epoch, e.loss, e.validationAccuracy),
 * });
 * ```
 */
export interface FitOptions {
  /**
   * 'softmax' (default): cross-entropy of the softmax of the last layer.
   * 'knn': the mini-batch k-NN loss on the last layer's output, which is then
   * an embedding of any width (classify with a KnnHead); the loss is the mean over the
   * batch's examples that have a same-class partner in it.
   * 'mse': mean squared error against the data's `targets` (regression); the last
   * layer has one unit per target.
   */
  loss?: LossName;
  knn?: KnnLossOptions;
  /** Passes over the data (default 10). */
  epochs?: number;
  /** Examples per step (default 32); the last batch of an epoch may be smaller. */
  batchSize?: number;
  /** Default 'adam'. */
  optimizer?: OptimizerName;
  /** Default 0.01 for adam, 0.1 for sgd and momentum. */
  learningRate?: number;
  /**
   * Moves the learning rate every step over the whole run (`epochs` × steps per epoch):
   * a warm-up, then a cosine or linear decay to `final` × `learningRate` (default: none,
   * the rate stays `learningRate`). With a schedule the trainer sets the rate itself.
   */
  schedule?: LearningRateSchedule;
  /** Momentum coefficient μ (default 0.9). */
  momentum?: number;
  /** Adam's β1, β2, ε (defaults 0.9, 0.999, 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** L2 penalty added to the gradient: g + wd·p (default 0). */
  weightDecay?: number;
  /** Contractive penalty on hidden layers; the reported loss then includes it. */
  contractive?: ContractiveOptions;
  /** Seed for the shuffling order (default 1). */
  seed?: number;
  /** Data scored after every epoch into validationLoss/validationAccuracy. */
  validation?: Dataset;
  /** Called after every epoch; return false to stop training. */
  onEpoch?: (report: EpochReport) => void | boolean;
  /**
   * Stops training when aborted: `fitAsync` checks it before every step and yields to the
   * event loop every few milliseconds so a timer can fire; the synchronous `fit` only sees
   * it between epochs (nothing else runs while it trains).
   */
  signal?: AbortSignal;
  /**
   * Go on from a checkpoint (`trainer.checkpoint()`, `loadCheckpoint`) with exactly the bits
   * of an uninterrupted run: weights, optimiser state, epoch, position and shuffling come from
   * it; `epochs` still counts from the start. Refused with CheckpointError when the model,
   * the data or an option that shapes the steps differs.
   */
  resume?: Checkpoint;
}

/** The options a trainer runs with: {@link FitOptions} with every default filled in. */
export type ResolvedFitOptions = Required<Omit<FitOptions, 'validation' | 'onEpoch' | 'signal' | 'knn' | 'contractive' | 'resume' | 'schedule'>> &
  Pick<FitOptions, 'validation' | 'onEpoch' | 'signal' | 'contractive'> & { knn: Required<KnnLossOptions>; schedule?: Required<LearningRateSchedule> };

/** Throws OptionError naming the option (the message's first word, e.g. `learningRate`, `knn.tau`). */
function check(ok: boolean, message: string, option = optionOf(message)): void {
  if (!ok) throw new OptionError(message, option);
}

function optionOf(message: string): string {
  const unknown = /^unknown (?:k-NN )?(\w+)/.exec(message);
  if (unknown) return message.startsWith('unknown k-NN') ? 'knn.weighting' : unknown[1]!;
  return /^(?:fit: )?([\w.]+)/.exec(message)?.[1] ?? '';
}

/** Data-parallel training splits every batch between workers; the k-NN loss needs the whole batch. */
export function checkDataParallel(options: ResolvedFitOptions): void {
  if (options.loss !== 'softmax') {
    throw new OptionError(`fit: data-parallel training needs the softmax loss, got '${options.loss}' (the k-NN loss compares the examples of a whole batch; regression targets are not sent to the workers)`, 'loss');
  }
}

export function resolveFitOptions(options: FitOptions = {}): ResolvedFitOptions {
  const optimizer = options.optimizer ?? 'adam';
  check(OPTIMIZERS.includes(optimizer), `unknown optimizer '${optimizer}' (known: ${OPTIMIZERS.join(', ')})`);
  const loss = options.loss ?? 'softmax';
  if (!(loss === 'softmax' || loss === 'knn' || loss === 'mse')) throw new OptionError(`unknown loss '${String(loss)}' (known: softmax, knn, mse)`, 'loss');
  const knn = {
    weighting: options.knn?.weighting ?? 'inverse', epsilon: options.knn?.epsilon ?? 1e-3, tau: options.knn?.tau ?? 1,
    secondBatch: options.knn?.secondBatch ?? false,
  } as Required<KnnLossOptions>;
  check(knn.weighting === 'inverse' || knn.weighting === 'gaussian', `unknown k-NN weighting '${knn.weighting}' (known: inverse, gaussian)`);
  check(Number.isFinite(knn.epsilon) && knn.epsilon > 0, `knn.epsilon must be > 0, got ${knn.epsilon}`);
  check(Number.isFinite(knn.tau) && knn.tau > 0, `knn.tau must be > 0, got ${knn.tau}`);
  check(typeof knn.secondBatch === 'boolean', `knn.secondBatch must be true or false, got ${String(knn.secondBatch)}`);
  check(!knn.secondBatch || loss === 'knn', `knn.secondBatch needs loss 'knn'`);
  check(!knn.secondBatch || !options.contractive, 'knn.secondBatch cannot be combined with a contractive penalty (the penalty would also count the reference batch)');
  const r: ResolvedFitOptions = {
    loss,
    knn,
    epochs: options.epochs ?? 10,
    batchSize: options.batchSize ?? 32,
    optimizer,
    learningRate: options.learningRate ?? (optimizer === 'adam' ? 0.01 : 0.1),
    schedule: resolveSchedule(options.schedule),
    momentum: options.momentum ?? 0.9,
    beta1: options.beta1 ?? 0.9,
    beta2: options.beta2 ?? 0.999,
    epsilon: options.epsilon ?? 1e-8,
    weightDecay: options.weightDecay ?? 0,
    seed: options.seed ?? 1,
    validation: options.validation,
    contractive: checkContractive(options.contractive),
    onEpoch: options.onEpoch,
    signal: options.signal,
  };
  check(Number.isInteger(r.epochs) && r.epochs >= 1 && r.epochs <= 1e7, `epochs must be an integer in 1…10⁷, got ${r.epochs}`);
  check(Number.isInteger(r.batchSize) && r.batchSize >= 1 && r.batchSize <= 65536, `batchSize must be an integer in 1…65536, got ${r.batchSize}`);
  check(Number.isFinite(r.learningRate) && r.learningRate > 0 && r.learningRate <= 100, `learningRate must be in (0, 100], got ${r.learningRate}`);
  check(Number.isFinite(r.momentum) && r.momentum >= 0 && r.momentum < 1, `momentum must be in [0, 1), got ${r.momentum}`);
  check(Number.isFinite(r.beta1) && r.beta1 >= 0 && r.beta1 < 1, `beta1 must be in [0, 1), got ${r.beta1}`);
  check(Number.isFinite(r.beta2) && r.beta2 >= 0 && r.beta2 < 1, `beta2 must be in [0, 1), got ${r.beta2}`);
  check(Number.isFinite(r.epsilon) && r.epsilon > 0 && r.epsilon < 1, `epsilon must be in (0, 1), got ${r.epsilon}`);
  check(Number.isFinite(r.weightDecay) && r.weightDecay >= 0 && r.weightDecay < 1, `weightDecay must be in [0, 1), got ${r.weightDecay}`);
  check(Number.isFinite(r.seed), `seed must be a finite number, got ${r.seed}`);
  check(r.onEpoch === undefined || typeof r.onEpoch === 'function', 'onEpoch must be a function');
  return r;
}

/** Checks the contractive option's own values (the layers are checked against the model by the trainer). */
export function checkContractive(c: ContractiveOptions | undefined): ContractiveOptions | undefined {
  if (c === undefined) return undefined;
  check(typeof c === 'object' && c !== null, `contractive must be an object { lambda, layers? }, got ${String(c)}`);
  check(typeof c.lambda === 'number' && Number.isFinite(c.lambda) && c.lambda >= 0, `contractive.lambda must be a finite number ≥ 0, got ${String(c.lambda)}`);
  const scope = c.scope ?? 'layers';
  check(scope === 'layers' || scope === 'network', `contractive.scope must be 'layers' or 'network', got ${String(c.scope)}`);
  if (scope === 'network') {
    check(c.layers === undefined, "contractive.layers cannot be given with scope 'network' (it penalises the whole input→logits map)");
    return { lambda: c.lambda, scope };
  }
  if (c.layers === undefined) return { lambda: c.lambda };
  check(Array.isArray(c.layers), `contractive.layers must be an array of layer indices, got ${String(c.layers)}`);
  for (const i of c.layers) check(Number.isInteger(i) && i >= 0, `contractive.layers: ${String(i)} is not a layer index`);
  check(new Set(c.layers).size === c.layers.length, `contractive.layers lists a layer twice: ${c.layers.join(', ')}`);
  return { lambda: c.lambda, layers: [...c.layers] };
}
