// The public API, listed: an export that appears or disappears must be a
// decision (README and docs follow it), not an accident of a refactor.
import { describe, it, expect } from 'vitest';
import * as main from '../src/index.js';
import * as parallel from '../src/parallel.js';

describe('public API', () => {
  it('untangle exports exactly these names', () => {
    expect(Object.keys(main).sort()).toEqual([
      'ACTIVATIONS', 'AbortedError', 'CheckpointError', 'Conv2D', 'DATASETS', 'DataError', 'DataFileError', 'Dense',
      'EXPERIMENTS', 'EXPORT_KINDS', 'EXPORT_SCHEMA', 'EXPORT_VERSION', 'Engine', 'InternalError', 'KnnHead',
      'KnnLoss', 'LOSSES', 'MAX_ANIMATION_WIDTH', 'MODEL_FORMAT', 'MODEL_VERSION', 'MaxPool', 'Model',
      'ModelFileError', 'MseLoss', 'NotFiniteError', 'OPTIMIZERS', 'OptionError', 'OutOfMemoryError', 'Random',
      'SoftmaxLoss', 'StateError', 'Trainer', 'TrainingDivergedError', 'UnsupportedError', 'UntangleError',
      'UsageError', 'VectorField', 'animateLayer', 'animateNetwork', 'bestVariant', 'boundarySegment', 'bumpSaddle',
      'checkExportHeader', 'classPoints', 'classifierAfter', 'contractiveLossAndGradient', 'contractivePenalty',
      'createEngine', 'createLoss', 'curves', 'decisionRegions', 'diskAnnulus', 'embedSquare', 'experimentById',
      'exportToJSON', 'fit', 'fitAsync', 'gridLines', 'idxDataset', 'intervals1d', 'isInvertibleActivation',
      'isUntangleError', 'jacobianNorms', 'jacobians', 'knnLoss', 'layerTopology', 'linearPath', 'linkedTori',
      'linspace', 'loadCheckpoint', 'loadCsv', 'loadIdxDataset', 'loadMnist', 'loadModel', 'makeDataset',
      'mergeShards', 'mnistNetwork', 'noisySine', 'parseCsv', 'parseIdx', 'parseModelJSON', 'parseShard',
      'predictionGrid', 'recordTrainingFilm', 'render', 'representations', 'rotationAt', 'rotationPlanes', 'runJobs',
      'runMnist', 'saveCheckpoint', 'saveModel', 'spirals', 'splitDataset', 'subset', 'summarize',
      'supportsRelaxedSimd', 'supportsSimd', 'topology', 'topologyReport', 'validateDataset',
    ]);
  });

  it('untangle/parallel exports exactly these names', () => {
    expect(Object.keys(parallel).sort()).toEqual(['ParallelTrainer', 'fitParallel']);
  });
});
