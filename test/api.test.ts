// The public API, listed: an export that appears or disappears must be a
// decision (README and docs follow it), not an accident of a refactor.
import { describe, it, expect } from 'vitest';
import * as main from '../src/index.js';
import * as parallel from '../src/parallel.js';

describe('public API', () => {
  it('untangle exports exactly these names', () => {
    expect(Object.keys(main).sort()).toEqual([
      'ACTIVATIONS', 'AbortedError', 'CheckpointError', 'Conv2D', 'DATASETS', 'DataError', 'DataFileError', 'Dense', 'EXPERIMENTS',
      'EXPORT_KINDS', 'EXPORT_SCHEMA', 'EXPORT_VERSION', 'Engine', 'InternalError', 'ModelFileError', 'NotFiniteError', 'OptionError',
      'OutOfMemoryError', 'StateError', 'UnsupportedError', 'UntangleError', 'UsageError', 'WasmNotFoundError', 'isUntangleError',
      'KnnHead', 'MAX_ANIMATION_WIDTH', 'MODEL_FORMAT', 'MODEL_VERSION', 'MaxPool', 'Model', 'OPTIMIZERS', 'Random', 'Trainer',
      'TrainingDivergedError', 'VectorField', 'animateLayer', 'animateNetwork', 'bestVariant', 'boundarySegment',
      'checkExportHeader', 'classPoints', 'classifierAfter', 'contractiveLossAndGradient', 'contractivePenalty', 'createEngine',
      'curves', 'decisionRegions', 'diskAnnulus', 'embedSquare', 'experimentById', 'exportToJSON', 'fit', 'gridLines',
      'idxDataset', 'intervals1d', 'isInvertibleActivation', 'jacobianNorms', 'jacobians', 'layerTopology', 'linearPath',
      'linkedTori', 'linspace', 'loadCsv', 'loadIdxDataset', 'loadMnist', 'loadModel', 'makeDataset', 'mergeShards',
      'mnistNetwork', 'parseCsv', 'parseIdx', 'parseModelJSON', 'parseShard', 'recordTrainingFilm', 'render',
      'representations', 'rotationAt', 'rotationPlanes', 'runJobs', 'runMnist', 'saveModel', 'spirals', 'splitDataset',
      'subset', 'summarize', 'supportsRelaxedSimd', 'supportsSimd', 'topology', 'topologyReport', 'validateDataset',
    ].sort());
  });

  it('untangle/parallel exports exactly these names', () => {
    expect(Object.keys(parallel).sort()).toEqual(['ParallelTrainer', 'fitParallel']);
  });
});
