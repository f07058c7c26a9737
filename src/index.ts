/**
 * Untangle: train small neural networks fast on the CPU (WebAssembly SIMD), in
 * Node and in browsers, and see what they do to data.
 *
 *   const engine = await createEngine();
 *   const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 2 }] });
 *   fit(model, spirals({ turns: 1 }), { epochs: 200 });
 */
export { createEngine, Engine, type EngineOptions } from './engine/engine.js';
export { bestVariant, supportsRelaxedSimd, supportsSimd, type WasmVariant } from './engine/features.js';
export { Random } from './engine/random.js';
export { Model, type ModelSpec, type Evaluation } from './model/model.js';
export { Dense, type DenseSpec, type DenseJSON } from './model/dense.js';
export { ACTIVATIONS, isInvertibleActivation, type ActivationName } from './model/activation.js';
export { parseModelJSON, MODEL_FORMAT, MODEL_VERSION, type ModelJSON } from './model/model-json.js';
export { fit, Trainer, TrainingDivergedError, type FitResult } from './train/trainer.js';
export { OPTIMIZERS, type FitOptions, type EpochReport, type OptimizerName } from './train/options.js';
export { validateDataset, type Dataset } from './data/dataset.js';
export { saveModel, loadModel } from './model/model-file.js';
export {
  curves, spirals, diskAnnulus, intervals1d, linkedTori, parseCsv, loadCsv, splitDataset, subset,
  makeDataset, DATASETS, type DatasetName, type CsvDataset, type CsvOptions,
} from './data/index.js';
