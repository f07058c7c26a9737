// A consumer's file, type-checked against the packed package by
// test/package/types.test.ts under NodeNext, Node16 and Bundler resolution
// (strict, skipLibCheck false). It follows the README's library examples; every
// `@ts-expect-error` line must be an error, so a declaration that resolves to
// `any` (or loses a field) fails the check instead of passing silently.
import {
  createEngine, Model, fit, Trainer, spirals, splitDataset, parseCsv, KnnHead, decisionRegions, representations,
  OptionError, TrainingDivergedError, isUntangleError, topology,
  type Dataset, type Evaluation, type FitOptions, type EpochReport, type FitResult, type ModelSpec, type Engine,
  type ErrorCode,
} from 'untangle';
import { fitParallel, ParallelTrainer } from 'untangle/parallel';
import { startTraining, type TrainingRun, type WorkerEpochReport } from 'untangle/worker';
import { EXPERIMENTS, experimentById, runJobs, mergeShards, parseShard, runMnist, type ShardFile, type Experiment } from 'untangle/essay';
// The library entry holds the library alone: no essay, no internals.
// @ts-expect-error the essay's sweeps live in untangle/essay
import { runJobs as notInRoot } from 'untangle';
// @ts-expect-error layers are built from specs by Model.create, not constructed
import { Dense } from 'untangle';

const engine: Engine = await createEngine();
const { train, test } = splitDataset(spirals({ n: 1000, turns: 1 }), { testFraction: 0.25 });
const spec: ModelSpec = {
  inputs: 2,
  layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 2 }],
  seed: 1,
};
const model = Model.create(engine, spec);
const options: FitOptions = {
  epochs: 300, batchSize: 32, optimizer: 'adam', learningRate: 0.02,
  onEpoch: (e: EpochReport) => console.log(e.epoch, e.loss, e.accuracy),
};
const result: FitResult = fit(model, train, options);
const evaluation: Evaluation = model.evaluate(test);
const accuracy: number = evaluation.accuracy;
const reps: Float32Array[] = model.layerOutputs(test.x);
const probabilities: Float32Array = model.predict(test.x);
const classes: Int32Array = model.classify(test.x);
console.log(result.history.length, accuracy, reps.length, probabilities.length, classes.length);

// Data sets are Datasets, not any.
const data: Dataset = spirals({ n: 10 });
const width: number = data.dim;
// @ts-expect-error spirals() returns a Dataset
const bad: string = spirals({ n: 10 });
// @ts-expect-error no such option
spirals({ n: 10, turn: 2 });
// @ts-expect-error splitDataset returns { train, test } of the same type
const wrongSplit: number = splitDataset(data).train;
// @ts-expect-error accuracy is a number
const wrongAccuracy: string = model.evaluate(test).accuracy;
// @ts-expect-error activations are a closed set
Model.create(engine, { inputs: 2, layers: [{ units: 2, activation: 'gelu' }] });
// @ts-expect-error the optimiser is a closed set
fit(model, train, { optimizer: 'rmsprop' });
console.log(width, bad, wrongSplit, wrongAccuracy);

// CSV data keeps its column names.
const csv = parseCsv('a,b,label\n1,2,x\n3,4,y\n', { labelColumn: 'label' });
const csvData: Dataset = csv;
const classNames: readonly string[] = csv.labels;
console.log(csvData.n, classNames);

// The k-NN head, pictures' data, topology.
const head = new KnnHead(engine, reps[1]!, test.y, 8, 2, { k: 5 });
const knnClasses: Int32Array = head.classify(reps[1]!);
const regions = decisionRegions(model, test);
const layers = representations(model, test);
const betti = topology.bettiNumbers(test.x, test.dim);
console.log(knnClasses.length, regions.kind, layers.kind, betti.betti);

// Animation loops step one epoch at a time.
const trainer = new Trainer(model, train, { epochs: 2 });
const report: EpochReport | null = trainer.step();
console.log(report?.loss);

// Internals are not part of the published types.
// @ts-expect-error the parameter block is internal
console.log(model.params);
// @ts-expect-error the kernels are internal
console.log(engine.kernels);
// @ts-expect-error layers do not expose their plan emitters
console.log(model.layers[0]!.emitForward);
console.log(typeof notInRoot, typeof Dense);

// Errors are matched by class or code.
try {
  fit(model, train, { learningRate: -1 });
} catch (e) {
  if (e instanceof OptionError) console.log(e.option);
  if (e instanceof TrainingDivergedError) console.log(e.epoch, e.step);
  if (isUntangleError(e, 'BAD_OPTION')) {
    const code: ErrorCode = e.code;
    console.log(code);
  }
  // @ts-expect-error not a code
  isUntangleError(e, 'NO_SUCH_CODE');
}

// Several cores (Node).
const parallel: FitResult = await fitParallel(model, train, { ...options, workers: 2 });
const pt: ParallelTrainer = await ParallelTrainer.create(model, train, { workers: 2 });
await pt.dispose();
// @ts-expect-error built by ParallelTrainer.create (workers start asynchronously)
new ParallelTrainer(model, train, { workers: 2 });
console.log(parallel.history.length);

// The essay's experiments.
const e3: Experiment = experimentById('e3');
const file: ShardFile = runJobs(engine, e3, { seeds: 1, quick: true }, parseShard('0/1'));
const merged: ShardFile = mergeShards([file]);
console.log(Object.keys(EXPERIMENTS), merged.experiment, typeof runMnist);
// @ts-expect-error an experiment needs its options
runJobs(engine, e3);

// Training off the main thread.
const run: TrainingRun = await startTraining({ model: { inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 2 }] }, data: train, fit: { epochs: 2, seed: 1 } });
run.on('epoch', (r: WorkerEpochReport) => console.log(r.epoch, r.loss));
const trained: Model = (await run.done).model;
console.log(trained.inputs);
// @ts-expect-error callbacks cannot cross to a worker: listen with run.on('epoch')
await startTraining({ model: { inputs: 2, layers: [{ units: 2 }] }, data: train, fit: { onEpoch: () => {} } });
