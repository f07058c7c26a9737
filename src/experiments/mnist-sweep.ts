/**
 * E7/E8 as a sweep: a grid of hyper-parameter settings (learning rates × batch
 * sizes × epochs) × seeds, numbered like the E1–E6 sweeps — job j is (setting
 * ⌊j / seeds⌋, seed 1 + j mod seeds) — so `--shard i/n` and `untangle merge`
 * work the same way, and the merged file equals the unsharded one byte for byte.
 */
import { OptionError } from '../errors.js';
import { VERSION } from '../version.js';
import type { MnistOptions, MnistResult } from './mnist.js';
import { jobsOfShard, SWEEP_FORMAT, SWEEP_VERSION, type SweepEnvelope } from './shard-merge.js';
import { sweepId } from './sweep-id.js';
import type { Shard } from './sweep.js';

/** The axes of the grid; every combination is one setting. */
export interface MnistGrid {
  learningRate: number[];
  batchSize: number[];
  epochs: number[];
}

/** One point of the grid. */
export interface MnistSetting {
  id: string;
  learningRate: number;
  batchSize: number;
  epochs: number;
}

/** What every run of the sweep shares (the CLI's other options), and the data sizes. */
export interface MnistSweepOptions {
  loss: 'softmax' | 'knn';
  k: number;
  knnWeighting: 'inverse' | 'gaussian';
  tau: number;
  secondBatch: boolean;
  /** Data-parallel threads: part of the sweep id, as gradients are summed in another order. */
  workers: number;
  trainExamples: number;
  testExamples: number;
  seeds: number;
}

/** One run as the sweep file keeps it: without wall times, with its setting and job number. */
export type MnistSweepResult = Omit<MnistResult, 'trainMs' | 'wallMs' | 'history'> & {
  job: number;
  setting: string;
  history: Omit<MnistResult['history'][number], 'ms'>[];
};

export interface MnistShardFile extends SweepEnvelope<MnistSweepResult> {
  /** `mnist-e7` (softmax) or `mnist-e8` (k-NN loss): E7 and E8 sweeps can share a results folder. */
  experiment: 'mnist-e7' | 'mnist-e8';
  untangle: string;
  wasm: string;
  options: MnistSweepOptions;
  settings: MnistSetting[];
}

/** Every combination of the grid's values, learning rate slowest. */
export function mnistSettings(grid: MnistGrid): MnistSetting[] {
  const out: MnistSetting[] = [];
  for (const learningRate of grid.learningRate) {
    for (const batchSize of grid.batchSize) {
      for (const epochs of grid.epochs) out.push({ id: `lr${learningRate}-b${batchSize}-e${epochs}`, learningRate, batchSize, epochs });
    }
  }
  if (new Set(out.map((s) => s.id)).size !== out.length) throw new OptionError('mnist: a grid value is given twice', 'grid');
  return out;
}

/** The jobs of one shard: setting, seed and job number. */
export function mnistJobs(settings: MnistSetting[], seeds: number, shard: Shard): { job: number; setting: MnistSetting; seed: number }[] {
  return jobsOfShard(settings.length * seeds, shard).map((job) => ({ job, setting: settings[Math.floor(job / seeds)]!, seed: 1 + (job % seeds) }));
}

/** The run options of one job on top of the sweep's shared ones. */
export function mnistRunOptions(options: MnistSweepOptions, setting: MnistSetting, seed: number): MnistOptions {
  return {
    loss: options.loss, k: options.k, knnWeighting: options.knnWeighting, tau: options.tau, secondBatch: options.secondBatch,
    learningRate: setting.learningRate, batchSize: setting.batchSize, epochs: setting.epochs, seed,
  };
}

/** A run's result as the sweep file keeps it. */
export function mnistSweepResult(r: MnistResult, job: number, setting: MnistSetting): MnistSweepResult {
  const { trainMs: _t, wallMs: _w, history, ...kept } = r;
  return { job, setting: setting.id, ...kept, history: history.map(({ ms: _ms, ...e }) => e) };
}

/** The name of an MNIST sweep, and of its files: `mnist-e7` or `mnist-e8`. */
export function mnistSweepName(options: Pick<MnistSweepOptions, 'loss'>): MnistShardFile['experiment'] {
  return options.loss === 'softmax' ? 'mnist-e7' : 'mnist-e8';
}

/** The shard file of the given results (the whole sweep's file when shard is 0/1). */
export function mnistShardFile(options: MnistSweepOptions, settings: MnistSetting[], wasm: string, shard: Shard, results: MnistSweepResult[]): MnistShardFile {
  return {
    format: SWEEP_FORMAT, version: SWEEP_VERSION, experiment: mnistSweepName(options), sweep: sweepId({ experiment: mnistSweepName(options), options, settings, wasm }),
    untangle: VERSION, wasm, options, settings, jobs: settings.length * options.seeds, shard, results,
  };
}

/** Mean test errors per setting, for the printed summary. */
export function summarizeMnist(file: MnistShardFile): { setting: string; runs: number; softmaxError: number | null; knnError: number }[] {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return file.settings.map((s) => {
    const runs = file.results.filter((r) => r.setting === s.id);
    return {
      setting: s.id, runs: runs.length,
      softmaxError: runs.length && runs[0]!.softmaxError !== null ? mean(runs.map((r) => r.softmaxError!)) : null,
      knnError: mean(runs.map((r) => r.knnError)),
    };
  });
}
