/**
 * E7 and E8 of the essay on MNIST.
 *
 * E7: a two-convolution network without dropout, trained with softmax
 * cross-entropy; then its penultimate representation of the training set is
 * kept as the reference set of a k-NN head, and the test set is classified by
 * softmax and by k-NN. The essay reports ≈1 % test error and 0.1–0.2 % less
 * with k-NN.
 * E8: the same network trained with the mini-batch k-NN loss alone (its last
 * layer is then an embedding) and classified by k-NN; the essay reached only
 * 4–5 % that way.
 */
import type { Engine } from '../engine/engine.js';
import type { Dataset } from '../data/dataset.js';
import { Model, argmaxRows, type LayerSpec } from '../model/model.js';
import { KnnHead } from '../model/knn-head.js';
import { Trainer } from '../train/trainer.js';
import type { EpochReport, FitOptions } from '../train/options.js';

/** E7 trains with softmax cross-entropy, E8 with the mini-batch k-NN loss. */
export type MnistLoss = 'softmax' | 'knn';

/** Options of {@link runMnist}; the defaults are the essay's runs. */
export interface MnistOptions {
  /** 'softmax' (E7) or 'knn' (E8). */
  loss?: MnistLoss;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Learning rate multiplier after each epoch (default 0.75). */
  decay?: number;
  seed?: number;
  /** Neighbours of the k-NN head (default 5). */
  k?: number;
  /** Weighting of the k-NN loss (E8): NCA-style exp(−d²/τ) (default) or the essay's 1/(d+ε). */
  knnWeighting?: 'inverse' | 'gaussian';
  /** τ of the gaussian weighting (default 1). */
  tau?: number;
  /** k-NN loss: also vote with the next batch of the shuffled order (default false). */
  secondBatch?: boolean;
  /**
   * Builds the trainer (default: one-thread `Trainer`). The CLI passes one that
   * trains on worker threads (`untangle/parallel`), which this module cannot
   * import without pulling node:worker_threads into the browser bundle.
   */
  makeTrainer?: (model: Model, data: Dataset, options: FitOptions) => EpochTrainer | Promise<EpochTrainer>;
  /** Score the test set after every epoch (costs a forward pass of it; default false). */
  trackTestError?: boolean;
  /** Called after every epoch. */
  onEpoch?: (report: EpochReport & { testError?: number }) => void;
  /** Called during long steps (k-NN scoring) with a fraction done. */
  onProgress?: (what: string, fraction: number) => void;
}

/** Image shape of the data (MNIST: 1×28×28). */
export interface ImageShape {
  channels: number;
  height: number;
  width: number;
}

/**
 * The network of both experiments: two 5×5 convolutions with relu and 2×2
 * max-pooling, a 128-unit relu layer, and a final linear layer — one logit per
 * class for softmax (E7; MNIST has 10), or a 32-wide embedding for the k-NN loss
 * (E8). No dropout.
 */
export function mnistNetwork(loss: MnistLoss, classes = 10): LayerSpec[] {
  return [
    { type: 'conv2d', filters: 12, kernel: 5, padding: 2, activation: 'relu' },
    { type: 'maxpool', size: 2 },
    { type: 'conv2d', filters: 24, kernel: 5, padding: 2, activation: 'relu' },
    { type: 'maxpool', size: 2 },
    { type: 'dense', units: 128, activation: 'relu' },
    { type: 'dense', units: loss === 'softmax' ? classes : 32, activation: 'linear' },
  ];
}

/** What one MNIST run measured: test errors of the softmax output and the k-NN head, confusion matrices, timings. */
export interface MnistResult {
  experiment: 'E7' | 'E8';
  loss: MnistLoss;
  seed: number;
  epochs: number;
  trainExamples: number;
  testExamples: number;
  trainMs: number;
  /** Wall time of everything: training, scoring, k-NN. */
  wallMs: number;
  history: EpochReport[];
  /** Test error of the softmax output (E7 only). */
  softmaxError: number | null;
  /** Test error of the k-NN head on the representation it uses. */
  knnError: number;
  knn: { k: number; weighting: '1/(d+ε)'; epsilon: number; layer: string; trainingLoss: string };
  /** confusion[true][predicted] of the softmax output (E7) or the k-NN head (E8). */
  confusion: number[][];
  /** Test indices that classifier gets wrong, with the predicted class. */
  misclassified: { index: number; label: number; predicted: number }[];
  /** The same for the k-NN head. */
  knnConfusion: number[][];
  knnMisclassified: { index: number; label: number; predicted: number }[];
}

/** What runMnist needs of a trainer: `Trainer` and `ParallelTrainer` both fit. */
export interface EpochTrainer {
  /** Epochs finished (more than 0 when resumed from a checkpoint). */
  readonly epochs: number;
  /** Trains one epoch. */
  epoch(): EpochReport | Promise<EpochReport>;
  /** Sets the learning rate for the next epochs. */
  setLearningRate(lr: number): void | Promise<void>;
  /** Frees what the trainer holds. */
  dispose(): void | Promise<void>;
}

/**
 * Runs E7 (softmax) or E8 (k-NN loss) once: builds {@link mnistNetwork},
 * trains it on `train` and measures the test error of the softmax output and
 * of a k-NN head on the learnt representation.
 *
 * @example
 * ```ts
 * const train = await loadMnist({ split: 'train' }), test = await loadMnist({ split: 'test' });
 * const result = await runMnist(engine, train, test, { channels: 1, height: 28, width: 28 }, { epochs: 6, seed: 1 });
 * console.log(result.softmaxError, result.knnError);
 * ```
 */
export async function runMnist(engine: Engine, train: Dataset, test: Dataset, shape: ImageShape, options: MnistOptions = {}): Promise<MnistResult> {
  const started = now();
  const loss = options.loss ?? 'softmax';
  const seed = options.seed ?? 1;
  const epochs = options.epochs ?? 8;
  const k = options.k ?? 5;
  const decay = options.decay ?? 0.75;
  // The same network serves any image data (untangle mnist --train-images …): as many outputs as classes.
  const classes = train.classes;
  const model = Model.create(engine, { inputs: shape, layers: mnistNetwork(loss, classes), seed });
  const fitOptions: FitOptions = {
    loss,
    batchSize: options.batchSize ?? (loss === 'knn' ? 256 : 64),
    optimizer: 'adam',
    learningRate: options.learningRate ?? 1e-3,
    seed,
    knn: { weighting: options.knnWeighting ?? 'gaussian', epsilon: 1e-3, tau: options.tau ?? 1, secondBatch: options.secondBatch ?? false },
  };
  const trainer = await (options.makeTrainer ?? ((m, d, o) => new Trainer(m, d, o)))(model, train, fitOptions);
  const history: EpochReport[] = [];
  let trainMs = 0;
  try {
    let lr = fitOptions.learningRate!;
    // A resumed trainer holds the decayed rate already; replay the products so `lr` has the same bits.
    for (let e = 0; e < trainer.epochs; e++) lr *= decay;
    for (let e = trainer.epochs; e < epochs; e++) {
      const report = await trainer.epoch();
      trainMs += report.ms;
      history.push(report);
      const testError = loss === 'softmax' && options.trackTestError ? 1 - model.evaluate(test).accuracy : undefined;
      options.onEpoch?.({ ...report, testError });
      lr *= decay;
      await trainer.setLearningRate(lr);
    }
  } finally {
    await trainer.dispose();
  }

  // The representation the k-NN head uses: the penultimate layer for E7, the
  // embedding (last layer) for E8.
  const layerIndex = loss === 'softmax' ? model.layers.length - 2 : model.layers.length - 1;
  const last = model.layers.length - 1;
  const dim = model.layers[layerIndex]!.units;
  // One forward pass per image gives both the representation the head reads
  // and (E7) the logits the softmax classifies by.
  const represent = (data: Dataset, what: string) => {
    const reps = new Float32Array(data.n * dim);
    const logits = new Float32Array(data.n * classes);
    const chunk = 4096;
    for (let s = 0; s < data.n; s += chunk) {
      const m = Math.min(chunk, data.n - s);
      const x = data.x.subarray(s * data.dim, (s + m) * data.dim);
      const [r, l] = model.layerOutputsAt(x, [layerIndex, last]);
      reps.set(r!, s * dim);
      if (loss === 'softmax') logits.set(l!, s * classes);
      options.onProgress?.(what, (s + m) / data.n);
    }
    return { reps, logits };
  };
  const head = new KnnHead(engine, represent(train, 'train representations').reps, train.y, dim, classes, { k, epsilon: 1e-6 });
  const testOut = represent(test, 'test representations');
  const knnPredicted = new Int32Array(test.n);
  const chunk = 2000;
  for (let s = 0; s < test.n; s += chunk) {
    const m = Math.min(chunk, test.n - s);
    knnPredicted.set(head.classify(testOut.reps.subarray(s * dim, (s + m) * dim)), s);
    options.onProgress?.('k-NN', (s + m) / test.n);
  }
  head.dispose();
  const softmaxPredicted = loss === 'softmax' ? argmaxRows(testOut.logits, classes) : null;
  const layerLabel = `layer ${layerIndex} (${model.layers[layerIndex]!.type}, ${dim} units)`;
  model.dispose();

  const tally = (predicted: Int32Array) => {
    const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    const misclassified: MnistResult['misclassified'] = [];
    for (let i = 0; i < test.n; i++) {
      const y = test.y[i]!;
      confusion[y]![predicted[i]!]!++;
      if (predicted[i] !== y) misclassified.push({ index: i, label: y, predicted: predicted[i]! });
    }
    return { confusion, misclassified };
  };
  const knnTally = tally(knnPredicted);
  const reportedTally = softmaxPredicted ? tally(softmaxPredicted) : knnTally;
  return {
    experiment: loss === 'softmax' ? 'E7' : 'E8',
    loss, seed, epochs,
    trainExamples: train.n,
    testExamples: test.n,
    trainMs,
    wallMs: now() - started,
    history,
    softmaxError: softmaxPredicted ? reportedTally.misclassified.length / test.n : null,
    knnError: knnTally.misclassified.length / test.n,
    knn: { k, weighting: '1/(d+ε)', epsilon: 1e-6, layer: layerLabel, trainingLoss: loss === 'knn' ? (options.knnWeighting === 'inverse' ? 'k-NN loss, 1/(d+0.001)' : `k-NN loss, exp(−d²/${options.tau ?? 1})`) + (options.secondBatch ? ', with a second batch' : '') : 'softmax cross-entropy' },
    confusion: reportedTally.confusion,
    misclassified: reportedTally.misclassified,
    knnConfusion: knnTally.confusion,
    knnMisclassified: knnTally.misclassified,
  };
}


const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
