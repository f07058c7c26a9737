/**
 * `untangle/essay`: the essay *Neural Networks, Manifolds, and Topology*, rerun.
 * Experiments E1–E6 as sweeps of settings × seeds (split into shards and
 * merged again), the MNIST experiments E7/E8, and the self-contained HTML
 * report built from their results. The `untangle essay` command is this
 * entry driven from the command line.
 *
 * @example
 * ```ts
 * import { createEngine } from 'untangle';
 * import { experimentById, runJobs, parseShard, summarize } from 'untangle/essay';
 *
 * const engine = await createEngine();
 * const e3 = experimentById('e3');
 * const file = runJobs(engine, e3, { seeds: 2, quick: true }, parseShard('0/1'));
 * console.log(e3.judge(summarize(e3, file)).verdict); // 'holds', 'partly' or 'does not hold'
 * ```
 *
 * @packageDocumentation
 */
export {
  EXPERIMENTS, experimentById, jobsOf, runJobs, mergeShards, summarize, bestAndTypical, parseShard, WHOLE,
  type Experiment, type ExperimentOptions, type Setting, type RunResult, type Claim, type SettingSummary,
  type Job, type Shard, type ShardFile, type SweepResult,
} from './experiments/index.js';
export {
  runMnist, mnistNetwork,
  type MnistResult, type MnistOptions, type MnistLoss, type ImageShape, type EpochTrainer,
} from './experiments/mnist.js';
export { buildReport, type PictureMaker, type ReportOptions } from './report/build.js';
export type { Figure } from './report/html.js';
export { experimentPictures } from './report/experiment-pictures.js';
