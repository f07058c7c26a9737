/**
 * Untangle: train small neural networks fast on the CPU (WebAssembly SIMD), in
 * Node and in browsers, and see what they do to data.
 *
 *   const engine = await createEngine();
 *   const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 2 }] });
 *   fit(model, spirals({ turns: 1 }), { epochs: 200 });
 */
export {
  UntangleError, OptionError, DataError, DataFileError, ModelFileError, CheckpointError, TrainingDivergedError, NotFiniteError,
  OutOfMemoryError, StateError, UnsupportedError, AbortedError, UsageError, InternalError, isUntangleError,
  type ErrorCode, type FileLocation,
} from './errors.js';
export { createEngine, Engine, type EngineOptions } from './engine/engine.js';
export { bestVariant, supportsRelaxedSimd, supportsSimd, type WasmVariant } from './engine/features.js';
export { Random } from './engine/random.js';
export { Model, type ModelSpec, type LayerSpec, type Evaluation } from './model/model.js';
export { Dense, type DenseSpec, type DenseJSON } from './model/dense.js';
export { Conv2D, type Conv2DSpec, type Conv2DJSON } from './model/conv2d.js';
export { MaxPool, type MaxPoolSpec, type MaxPoolJSON } from './model/maxpool.js';
export { VectorField, type VectorFieldSpec } from './model/vector-field.js';
export type { Layer, Shape } from './model/layer.js';
export { KnnHead, type KnnHeadOptions } from './model/knn-head.js';
export { ACTIVATIONS, isInvertibleActivation, type ActivationName } from './model/activation.js';
export { parseModelJSON, MODEL_FORMAT, MODEL_VERSION, type ModelJSON } from './model/model-json.js';
export { fit, Trainer, type FitResult } from './train/trainer.js';
export { OPTIMIZERS, type FitOptions, type EpochReport, type OptimizerName, type KnnLossOptions, type ContractiveOptions } from './train/options.js';
export { jacobianNorms, jacobians, contractivePenalty, contractiveLossAndGradient } from './train/contractive.js';
export { validateDataset, type Dataset } from './data/dataset.js';
export { saveModel, loadModel } from './model/model-file.js';
export {
  curves, spirals, diskAnnulus, intervals1d, linkedTori, parseCsv, loadCsv, splitDataset, subset,
  makeDataset, DATASETS, type DatasetName, type CsvDataset, type CsvOptions,
} from './data/index.js';
export { parseIdx, idxDataset, loadIdxDataset, loadMnist, type IdxDataset } from './data/index.js';
export * from './export/index.js';
export * as render from './render/index.js';
export * as topology from './topology/index.js';
export { topologyReport, layerTopology, classPoints, type TopologyReport, type LayerTopology, type ClassTopology, type TopologyReportOptions } from './report/topology.js';
export { EXPERIMENTS, experimentById, runJobs, mergeShards, summarize, parseShard, type Experiment, type ShardFile } from './experiments/index.js';
export { runMnist, mnistNetwork, type MnistResult, type MnistOptions } from './experiments/mnist.js';
