/**
 * `untangle train` (and `untangle demo`, the same with the essay's spiral
 * defaults): builds a data set or reads one (CSV, IDX files), trains a dense or
 * convolutional network with a progress bar, prints train/test accuracy and
 * throughput, and optionally writes model.json and metrics.json into --out.
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/engine.js';
import { Model, type LayerSpec } from '../model/model.js';
import { ACTIVATIONS, type ActivationName } from '../model/activation.js';
import { saveModel } from '../model/model-file.js';
import { Trainer } from '../train/trainer.js';
import { OPTIMIZERS } from '../train/options.js';
import type { Dataset } from '../data/dataset.js';
import { DATASETS, makeDataset } from '../data/index.js';
import { splitDataset } from '../data/split.js';
import { loadCsv } from '../data/csv-file.js';
import type { ImageShape } from '../experiments/mnist.js';
import { choiceOption, listOption, numberOption, UsageError } from './args.js';
import { progressBar } from './progress.js';
import { outputSummary, writeModelOutputs } from './model-outputs.js';
import { CHECKPOINT_ARGS, CHECKPOINT_HELP, checkpointOption } from './checkpoint-option.js';
import { checkDataFileOptions, DATA_FILE_HELP, DATA_FILE_OPTIONS, loadDataFiles, type DataFileValues } from './data-files.js';
import { fileDataRecord, type DatasetRecord } from '../model/dataset-record.js';
import { ensureWritableDir } from './output-path.js';

const DATASET_NAMES = Object.keys(DATASETS);

export const TRAIN_HELP = `untangle train — train a dense or convolutional network on a built-in data set, IDX files or a CSV file

Options:
  --data NAME          ${DATASET_NAMES.join(' | ')} (default spirals)
${DATA_FILE_HELP}  --target COLUMN      CSV regression: this numeric column is the target (trains with mean squared error)
  --n N                number of points to generate (default 1000)
  --turns T            spiral turns (default 1)
  --noise S            noise level of curves/spirals (default: the data set's)
  --layers W,W,…       hidden widths (default 8,8)
  --conv F,F,…         convolutional blocks first, F filters each (5×5, relu, then 2×2 max-pooling);
                       needs an image shape: IDX files give it, for CSV pass --shape
  --activation NAME    ${ACTIVATIONS.join(' | ')} for hidden layers (default tanh)
  --optimizer NAME     ${OPTIMIZERS.join(' | ')} (default adam)
  --lr RATE            learning rate (default 0.02)
  --epochs N           passes over the training data (default 300)
  --batch N            batch size (default 32)
  --test-fraction F    held-out share, stratified (default 0.25)
  --seed N             seed for data, weights and shuffling (default 1)
  --variant V          wasm build: auto | simd | relaxed (default auto)
  --out DIR            write model.json, metrics.json and (dense networks) topology.json, export JSON
                       and pictures there; checked for writing before training starts
${CHECKPOINT_HELP.replace('FILE', 'checkpoint.json')}  -h, --help           this text
`;

export interface TrainDefaults {
  data: string;
  epochs: number;
}

export async function trainCommand(argv: string[], defaults: TrainDefaults = { data: 'spirals', epochs: 300 }): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' }, ...DATA_FILE_OPTIONS, conv: { type: 'string' }, target: { type: 'string' },
      n: { type: 'string' }, turns: { type: 'string' }, noise: { type: 'string' },
      layers: { type: 'string' }, activation: { type: 'string' }, optimizer: { type: 'string' },
      lr: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
      'test-fraction': { type: 'string' }, seed: { type: 'string' }, variant: { type: 'string' },
      out: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...CHECKPOINT_ARGS,
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(TRAIN_HELP);
    return;
  }
  const seed = numberOption(values.seed, 'seed', 1, { integer: true });
  const hidden = listOption(values.layers, 'layers', [8, 8]);
  const activation = choiceOption(values.activation, 'activation', ACTIVATIONS, 'tanh' as ActivationName);
  const optimizer = choiceOption(values.optimizer, 'optimizer', OPTIMIZERS, 'adam');
  const learningRate = numberOption(values.lr, 'lr', 0.02, { min: Number.MIN_VALUE });
  const epochs = numberOption(values.epochs, 'epochs', defaults.epochs, { integer: true, min: 1 });
  const batchSize = numberOption(values.batch, 'batch', 32, { integer: true, min: 1 });
  const testFraction = numberOption(values['test-fraction'], 'test-fraction', 0.25, { min: 0, max: 0.9 });
  const variant = choiceOption(values.variant, 'variant', ['auto', 'simd', 'relaxed'] as const, 'auto');
  const conv = listOption(values.conv, 'conv', []);
  checkDataFileOptions(values);
  if (values.out !== undefined) await ensureWritableDir(values.out);

  let data: Dataset;
  let given: Dataset | undefined;
  let shape: ImageShape | undefined;
  let record: DatasetRecord;
  const files = values.target !== undefined ? await loadRegressionCsv(values) : await loadDataFiles(values);
  if (files) {
    ({ train: data, test: given, shape } = files);
    record = await dataFilesRecord(values);
  } else {
    const name = values.data ?? defaults.data;
    if (!DATASET_NAMES.includes(name)) throw new UsageError(`--data must be one of ${DATASET_NAMES.join(', ')}; got '${name}'`);
    const options: Record<string, number> = { n: numberOption(values.n, 'n', 1000, { integer: true, min: 4 }), seed };
    if (values.turns !== undefined) options.turns = numberOption(values.turns, 'turns', 1, { min: 0 });
    if (values.noise !== undefined) options.noise = numberOption(values.noise, 'noise', 0, { min: 0 });
    data = makeDataset(name, options);
    record = { kind: 'generator', name, options };
  }
  const regression = data.targets !== undefined;
  if (conv.length > 0 && !shape) throw new UsageError('--conv needs images: IDX files, or --csv with --shape C,H,W');
  const { train, test } = given ? { train: data, test: given }
    : testFraction > 0 ? splitDataset(data, { testFraction, seed }) : { train: data, test: undefined };

  const engine = await createEngine({ variant });
  const model = Model.create(engine, {
    inputs: conv.length > 0 ? shape! : data.dim,
    layers: networkLayers(conv, hidden, activation, regression ? data.targetDim! : data.classes),
    seed,
  });
  const widths = conv.length > 0 ? `conv ${conv.join(',')} + ${[...hidden, data.classes].join('-')}` : model.widths.join('-');
  process.stdout.write(`training ${widths} ${activation} on ${data.name} (${train.n} train, ${test?.n ?? 0} test), ${optimizer} lr ${learningRate}, batch ${batchSize}, ${epochs} epochs, wasm ${engine.variant}\n`);

  const checkpoint = await checkpointOption(values);
  const trainer = new Trainer(model, train, { epochs, batchSize, optimizer, learningRate, seed, loss: regression ? 'mse' : 'softmax', resume: checkpoint.resume });
  const bar = progressBar(epochs, 'training', '{bar} {percentage}% | epoch {value}/{total} | {info}');
  let trainMs = 0;
  let last;
  try {
    for (let e = trainer.epochs; e < epochs; e++) {
      last = trainer.epoch();
      trainMs += last.ms;
      await checkpoint.save(trainer);
      bar.update(e + 1, { info: regression ? `MSE ${last.loss.toFixed(5)}` : `loss ${last.loss.toFixed(4)} acc ${(100 * last.accuracy).toFixed(1)}%` });
    }
  } finally {
    bar.stop();
    trainer.dispose();
  }
  const trainEval = model.evaluate(train);
  const testEval = test ? model.evaluate(test) : undefined;
  const examplesPerSecond = (epochs * train.n) / (trainMs / 1000);
  const scores = (what: string, e: { loss: number; accuracy: number; r2?: number }) =>
    regression ? `${what} MSE ${e.loss.toFixed(5)} R² ${e.r2!.toFixed(4)}` : `${what} accuracy ${(100 * e.accuracy).toFixed(2)}% (loss ${e.loss.toFixed(4)})`;
  if (regression) {
    process.stdout.write(
      scores('train', trainEval) + (testEval ? `, ${scores('test', testEval)}` : '') +
        `\n${(examplesPerSecond / 1e6).toFixed(2)} M examples/s over ${(trainMs / 1000).toFixed(2)} s of training steps\n`,
    );
  } else process.stdout.write(
    `train accuracy ${(100 * trainEval.accuracy).toFixed(2)}% (loss ${trainEval.loss.toFixed(4)})` +
      (testEval ? `, test accuracy ${(100 * testEval.accuracy).toFixed(2)}% (loss ${testEval.loss.toFixed(4)})` : '') +
      `\n${(examplesPerSecond / 1e6).toFixed(2)} M examples/s over ${(trainMs / 1000).toFixed(2)} s of training steps\n`,
  );
  if (values.out) {
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    await saveModel(model, path.join(values.out, 'model.json'), record);
    const metrics = {
      data: { name: data.name, params: data.params, train: train.n, test: test?.n ?? 0 },
      model: { widths: model.widths, activation, ...(conv.length > 0 && { conv, shape }) },
      training: { optimizer, learningRate, batchSize, epochs, seed, wasm: engine.variant, trainMs, examplesPerSecond, lastEpoch: last },
      train: trainEval,
      test: testEval ?? null,
    };
    await fs.writeFile(path.join(values.out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
    // The pictures and export data show each layer's points; a convolutional
    // layer's representation is a stack of images, which they are not made for.
    const written = conv.length > 0 ? [] : await writeModelOutputs(model, data, values.out, (what) => process.stderr.write(`  ${what}…\n`));
    process.stdout.write(`${await outputSummary(values.out, ['model.json', 'metrics.json', ...written])}\n`);
  }
  model.dispose();
}

/**
 * The network `untangle train` builds: `conv` blocks (F filters of 5×5, same
 * padding, relu, then 2×2 max-pooling) when given, then dense hidden layers of
 * the given widths, then one linear output per class.
 */
export function networkLayers(conv: readonly number[], hidden: readonly number[], activation: ActivationName, classes: number): LayerSpec[] {
  return [
    ...conv.flatMap((filters): LayerSpec[] => [
      { type: 'conv2d', filters, kernel: 5, padding: 2, activation: 'relu' },
      { type: 'maxpool', size: 2 },
    ]),
    ...hidden.map((units): LayerSpec => ({ units, activation })),
    { units: classes, activation: 'linear' },
  ];
}

/** The files a model was trained on, for its model file (`untangle export` finds its data by it). */
function dataFilesRecord(values: DataFileValues & { target?: string }): Promise<DatasetRecord> {
  if (values.csv !== undefined) return fileDataRecord('csv', [values.csv], { label: values.label, target: values.target });
  const idx = [values['train-images'], values['train-labels'], values['test-images'], values['test-labels']];
  return fileDataRecord('idx', idx.filter((f): f is string => f !== undefined));
}

/** `--csv F --target COLUMN`: a regression data set (no image shape, no separate test file). */
async function loadRegressionCsv(values: { csv?: string; label?: string; target?: string }): Promise<{ train: Dataset; test: undefined; shape: undefined }> {
  if (values.csv === undefined) throw new UsageError('--target needs --csv');
  if (values.label !== undefined) throw new UsageError('--target and --label exclude each other (regression or classification)');
  const column = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
  return { train: await loadCsv(values.csv, { target: column(values.target!) }), test: undefined, shape: undefined };
}
