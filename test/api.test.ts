// The public API, listed: an export that appears or disappears must be a
// decision (README, docs/ and the reference follow it), not an accident of a
// refactor. Each entry point has its own list.
import { describe, it, expect } from 'vitest';
import * as main from '../src/index.js';
import * as essay from '../src/essay.js';
import * as parallel from '../src/parallel.js';
import * as render from '../src/render/index.js';
import * as worker from '../src/worker/index.js';

describe('public API', () => {
  it('untangle exports exactly these names', () => {
    expect(Object.keys(main).sort()).toEqual([
      // errors
      'AbortedError', 'CheckpointError', 'DataError', 'DataFileError', 'InternalError', 'ModelFileError', 'NotFiniteError',
      'OptionError', 'OutOfMemoryError', 'StateError', 'TrainingDivergedError', 'UnsupportedError', 'UntangleError', 'UsageError',
      'WasmNotFoundError',
      'isUntangleError',
      // engine
      'Engine', 'bestVariant', 'createEngine', 'supportsRelaxedSimd', 'supportsSimd',
      // model, saved models, k-NN head
      'ACTIVATIONS', 'KnnHead', 'MODEL_FORMAT', 'MODEL_VERSION', 'Model', 'loadModel', 'loadModelFile', 'parseModelJSON', 'saveModel',
      // training and losses
      'OPTIMIZERS', 'LEARNING_RATE_DECAYS', 'Trainer', 'contractivePenalty', 'fit', 'fitAsync', 'jacobianNorms', 'jacobians',
      'saveCheckpoint', 'loadCheckpoint', 'MATCHING_OPTIONS', 'KnnLoss', 'LOSSES', 'MseLoss', 'SoftmaxLoss', 'createLoss', 'knnLoss',
      // data
      'DATASETS', 'curves', 'diskAnnulus', 'idxDataset', 'intervals1d', 'linkedTori', 'loadCsv', 'loadIdxDataset', 'loadMnist',
      'makeDataset', 'bumpSaddle', 'noisySine', 'parseCsv', 'parseIdx', 'spirals', 'splitDataset', 'subset', 'validateDataset', 'shiftedCopies',
      // export
      'EXPORT_KINDS', 'EXPORT_SCHEMA', 'EXPORT_VERSION', 'MAX_ANIMATION_WIDTH', 'animateLayer', 'animateNetwork', 'boundarySegment',
      'checkExportHeader', 'classifierAfter', 'decisionRegions', 'exportToJSON', 'gridLines', 'predictionGrid', 'recordTrainingFilm', 'representations',
      // topology
      'classPoints', 'layerTopology', 'topology', 'topologyReport',
    ].sort());
  });

  it('untangle exports the topology namespace with exactly these names', () => {
    expect(Object.keys(main.topology).sort()).toEqual([
      'DEFAULT_BARCODE', 'DEFAULT_LANDMARKS', 'DEFAULT_SCALE_FACTORS', 'DEFAULT_SCALE_K', 'VOLUME_DIMENSION', 'barLength', 'barcodeSvg',
      'bettiNumbers', 'cloudBarcode', 'defaultScale', 'enclosingRadius', 'euclideanDistances', 'farkasGap', 'finiteDiameter',
      'hyperplaneMargin', 'knnGeodesicDistances', 'linearSeparability', 'maxminLandmarks', 'medianNearestNeighbour', 'persistence',
      'restrictDistances', 'ripsFiltration', 'separabilityOneVsRest',
    ]);
  });

  it('untangle/essay exports exactly these names', () => {
    expect(Object.keys(essay).sort()).toEqual([
      'EXPERIMENTS', 'WHOLE', 'bestAndTypical', 'buildReport', 'experimentById', 'experimentPictures', 'jobsOf', 'mergeShards',
      'mnistNetwork', 'parseShard', 'runJobs', 'runMnist', 'summarize',
    ]);
  });

  it('untangle/parallel exports exactly these names', () => {
    expect(Object.keys(parallel).sort()).toEqual(['ParallelTrainer', 'WorkerPool', 'createWorkerPool', 'fitParallel', 'predictParallel', 'sharedMemoryAvailable']);
  });

  it('untangle/worker exports exactly these names', () => {
    expect(Object.keys(worker).sort()).toEqual(['TrainingPool', 'TrainingRun', 'createTrainingPool', 'gridPoints', 'startTraining']);
  });

  it('untangle/render exports the figure helpers (and the drawing primitives under them)', () => {
    for (const name of ['regionsPicture', 'representationStrip', 'networkAnimationHtml', 'trainingFilmHtml', 'predictionPicture', 'decisionRegionsPicture', 'CanvasSurface']) {
      expect(Object.keys(render)).toContain(name);
    }
    expect(Object.keys(main)).not.toContain('render');
  });

  it('the essay stays out of the library entry', () => {
    const library = new Set(Object.keys(main));
    expect(Object.keys(essay).filter((name) => library.has(name))).toEqual([]);
  });
});
