/**
 * Untangle: train small neural networks fast on the CPU (WebAssembly SIMD), in
 * Node and in browsers, and see what they do to data.
 *
 * This entry holds the library: the engine, models and their layers' specs,
 * losses and training, data sets, what the pictures are drawn from (export),
 * topology, and the error classes. The essay's experiments live in
 * `untangle/essay`, multi-threaded training in `untangle/parallel`.
 *
 * @example
 * ```ts
 * import { createEngine, Model, fit, spirals } from 'untangle';
 *
 * const engine = await createEngine();
 * const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 2 }] });
 * fit(model, spirals({ turns: 1 }), { epochs: 200 });
 * ```
 *
 * @packageDocumentation
 */
export {
  UntangleError, OptionError, DataError, DataFileError, ModelFileError, CheckpointError, TrainingDivergedError, NotFiniteError,
  OutOfMemoryError, StateError, UnsupportedError, AbortedError, UsageError, InternalError, isUntangleError,
  type ErrorCode, type FileLocation,
} from './errors.js';
export { WasmNotFoundError } from './errors.js';
export { createEngine, Engine, type EngineOptions } from './engine/engine.js';
export type { WasmSource } from './engine/wasm-source.js';
export { bestVariant, supportsRelaxedSimd, supportsSimd, type WasmVariant } from './engine/features.js';
export { Model, type ModelSpec, type LayerSpec, type Evaluation } from './model/model.js';
/** What `model.forward` and `model.backward` return: every layer's pre-/post-activations; parameter and input gradients. */
export type { ForwardOptions, ForwardResult, BackwardResult } from './model/differentiate.js';
/** Points as the model's methods take them: flat row-major numbers or one array per point. */
export type { Points } from './model/points.js';
/**
 * The losses (one file each under src/loss, implementing the Loss protocol): softmax
 * cross-entropy, the mini-batch k-NN loss, mean squared error; `knnLoss` computes the
 * k-NN loss, its per-example terms and dZ for given embeddings, without a model.
 */
export {
  knnLoss, createLoss, LOSSES, SoftmaxLoss, KnnLoss, MseLoss,
  type Loss, type LossBuffers, type EvaluationKind, type KnnLossCallOptions, type KnnLossResult,
} from './loss/index.js';
export type { DenseSpec, DenseJSON } from './model/dense.js';
export type { Conv2DSpec, Conv2DJSON } from './model/conv2d.js';
export type { MaxPoolSpec, MaxPoolJSON } from './model/maxpool.js';
export type { AvgPoolSpec, AvgPoolJSON, GlobalAvgPoolSpec, GlobalAvgPoolJSON } from './model/avgpool.js';
export type { DropoutSpec, DropoutJSON } from './model/dropout.js';
export type { BatchNormSpec, BatchNormJSON } from './model/batchnorm.js';
export type { ResidualSpec, ResidualJSON } from './model/residual.js';
export type { VectorFieldSpec, VectorFieldJSON } from './model/vector-field.js';
export type { Layer, LayerJSON, Shape } from './model/layer.js';
export { KnnHead, type KnnHeadOptions } from './model/knn-head.js';
export { ACTIVATIONS, type ActivationName } from './model/activation.js';
export { parseModelJSON, MODEL_FORMAT, MODEL_VERSION, type ModelJSON, type ParsedModel } from './model/model-json.js';
export { saveModel, loadModel, loadModelFile } from './model/model-file.js';
export type { DatasetRecord, GeneratedDataRecord, FileDataRecord } from './model/dataset-record.js';
export { fit, Trainer, type FitResult } from './train/trainer.js';
export { fitAsync, type FitAsyncOptions, type FitAsyncResult } from './train/fit-async.js';
export { MATCHING_OPTIONS, type Checkpoint, type MatchingOptions } from './train/checkpoint.js';
export { saveCheckpoint, loadCheckpoint } from './train/checkpoint-file.js';
export {
  OPTIMIZERS, type FitOptions, type ResolvedFitOptions, type EpochReport, type OptimizerName, type LossName, type KnnLossOptions, type ContractiveOptions,
} from './train/options.js';
export { jacobianNorms, jacobians, contractivePenalty } from './train/contractive.js';
export { LEARNING_RATE_DECAYS, type LearningRateSchedule, type LearningRateDecay } from './train/schedule.js';
export {
  curves, spirals, diskAnnulus, intervals1d, linkedTori, bumpSaddle, noisySine, makeDataset, DATASETS, validateDataset, splitDataset, subset,
  parseCsv, loadCsv, parseIdx, idxDataset, loadIdxDataset, loadMnist, shiftedCopies, type ShiftOptions, type ImageShape,
  type Dataset, type DatasetName, type CurvesOptions, type SpiralsOptions, type DiskAnnulusOptions, type Intervals1dOptions,
  type LinkedToriOptions, type SplitOptions, type CsvDataset, type CsvOptions, type IdxDataset, type IdxDatasetOptions, type ParseIdxOptions, type IdxArray,
  type IdxData, type IdxType, type MnistLoadOptions, type LooseOptions, type DatasetGenerator, type BumpSaddleOptions, type NoisySineOptions,
} from './data/index.js';
export {
  EXPORT_SCHEMA, EXPORT_VERSION, EXPORT_KINDS, exportToJSON, checkExportHeader, gridLines, decisionRegions, representations,
  classifierAfter, boundarySegment, animateLayer, animateNetwork, MAX_ANIMATION_WIDTH, recordTrainingFilm, predictionGrid,
  type PredictionGrid, type PredictionGridOptions,
  type ExportKind, type ExportHeader, type Box, type Jsonified, type JsonOptions, type GridLines, type GridOptions,
  type DecisionRegions, type DecisionRegionOptions, type Representations, type RepresentationOptions,
  type LayerRepresentation, type GridLayout, type Classifier, type LayerAnimation, type NetworkAnimation, type PathKind,
  type AnimationFrame, type AnimationOptions, type Phase, type TrainingFilm, type FilmFrame, type FilmOptions, type FilmStop,
} from './export/index.js';
/**
 * Topology of point clouds: Betti numbers of a class's cloud at a stated scale,
 * and linear separability of classes with a checked certificate (a hyperplane,
 * or Farkas multipliers proving there is none). Pure TypeScript, runs in browsers.
 *
 * @example
 * ```ts
 * const { betti } = topology.bettiNumbers(points, 2);          // e.g. [1, 1] for a ring
 * const cut = topology.linearSeparability(rep, width, labels);  // cut.separable
 * ```
 */
export * as topology from './topology/index.js';
export {
  topologyReport, layerTopology, classPoints, type TopologyReport, type LayerTopology, type RepresentationTopology,
  type ClassTopology, type TopologyReportOptions,
} from './report/topology.js';
