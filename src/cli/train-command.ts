/**
 * `untangle train` (and `untangle demo`, the same with the essay's spiral
 * defaults): builds a data set, trains a dense network with a progress bar,
 * prints train/test accuracy and throughput, and optionally writes model.json
 * and metrics.json into --out.
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/engine.js';
import { Model } from '../model/model.js';
import { ACTIVATIONS, type ActivationName } from '../model/activation.js';
import { saveModel } from '../model/model-file.js';
import { Trainer } from '../train/trainer.js';
import { OPTIMIZERS } from '../train/options.js';
import type { Dataset } from '../data/dataset.js';
import { DATASETS, makeDataset } from '../data/index.js';

const DATASET_NAMES = Object.keys(DATASETS);
import { splitDataset } from '../data/split.js';
import { loadCsv } from '../data/csv-file.js';
import { choiceOption, listOption, numberOption, UsageError } from './args.js';
import { progressBar } from './progress.js';
import { writeModelOutputs } from './model-outputs.js';
import { CHECKPOINT_ARGS, CHECKPOINT_HELP, checkpointOption } from './checkpoint-option.js';

export const TRAIN_HELP = `untangle train — train a dense network on a built-in data set or a CSV file

Options:
  --data NAME          ${DATASET_NAMES.join(' | ')} (default spirals)
  --csv FILE           train on a CSV file instead (numeric features, label column)
  --label COLUMN       CSV label column name or 0-based index (default: last column)
  --target COLUMN      CSV regression: this numeric column is the target (trains with mean squared error)
  --n N                number of points to generate (default 1000)
  --turns T            spiral turns (default 1)
  --noise S            noise level of curves/spirals (default: the data set's)
  --layers W,W,…       hidden widths (default 8,8)
  --activation NAME    ${ACTIVATIONS.join(' | ')} for hidden layers (default tanh)
  --optimizer NAME     ${OPTIMIZERS.join(' | ')} (default adam)
  --lr RATE            learning rate (default 0.02)
  --epochs N           passes over the training data (default 300)
  --batch N            batch size (default 32)
  --test-fraction F    held-out share, stratified (default 0.25)
  --seed N             seed for data, weights and shuffling (default 1)
  --variant V          wasm build: auto | simd | relaxed (default auto)
  --out DIR            write model.json, metrics.json, topology.json, export JSON and pictures there
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
      data: { type: 'string' }, csv: { type: 'string' }, label: { type: 'string' }, target: { type: 'string' },
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

  let data: Dataset;
  if (values.csv) {
    const column = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : v);
    if (values.target !== undefined && values.label !== undefined) throw new UsageError('--target and --label exclude each other (regression or classification)');
    data = await loadCsv(values.csv, values.target !== undefined ? { target: column(values.target) } : { labelColumn: column(values.label) });
  } else {
    if (values.target !== undefined) throw new UsageError('--target needs --csv');
    const name = values.data ?? defaults.data;
    if (!DATASET_NAMES.includes(name)) throw new UsageError(`--data must be one of ${DATASET_NAMES.join(', ')}; got '${name}'`);
    const options: Record<string, number> = { n: numberOption(values.n, 'n', 1000, { integer: true, min: 4 }), seed };
    if (values.turns !== undefined) options.turns = numberOption(values.turns, 'turns', 1, { min: 0 });
    if (values.noise !== undefined) options.noise = numberOption(values.noise, 'noise', 0, { min: 0 });
    data = makeDataset(name, options);
  }
  const regression = data.targets !== undefined;
  const { train, test } = testFraction > 0 ? splitDataset(data, { testFraction, seed }) : { train: data, test: undefined };

  const engine = await createEngine({ variant });
  const model = Model.create(engine, {
    inputs: data.dim,
    layers: [...hidden.map((units) => ({ units, activation })), { units: regression ? data.targetDim! : data.classes, activation: 'linear' as const }],
    seed,
  });
  const widths = model.widths.join('-');
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
    await fs.mkdir(values.out, { recursive: true });
    await saveModel(model, path.join(values.out, 'model.json'));
    const metrics = {
      data: { name: data.name, params: data.params, train: train.n, test: test?.n ?? 0 },
      model: { widths: model.widths, activation },
      training: { optimizer, learningRate, batchSize, epochs, seed, wasm: engine.variant, trainMs, examplesPerSecond, lastEpoch: last },
      train: trainEval,
      test: testEval ?? null,
    };
    await fs.writeFile(path.join(values.out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
    const files = await writeModelOutputs(model, data, values.out, (what) => process.stderr.write(`  ${what}…\n`));
    process.stdout.write(`wrote ${['model.json', 'metrics.json', ...files].join(', ')} to ${values.out}\n`);
  }
  model.dispose();
}

