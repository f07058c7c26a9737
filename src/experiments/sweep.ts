/**
 * Sweeps as lists of jobs. Job j of an experiment is (setting ⌊j / seeds⌋,
 * seed 1 + j mod seeds), in a fixed order, so `--shard i/n` (jobs with
 * j mod n = i) on any number of processes or machines, followed by `mergeShards`,
 * gives the same results as one process running everything.
 */
import { OptionError } from '../errors.js';
import { VERSION } from '../version.js';
import { mergeSweepFiles, SWEEP_FORMAT, SWEEP_VERSION, type SweepEnvelope } from './shard-merge.js';
import { sweepId } from './sweep-id.js';
import type { Engine } from '../engine/engine.js';
import type { Experiment, ExperimentOptions, RunResult, Setting, SettingSummary } from './types.js';

/** One run of a sweep: a setting and a seed; `index` numbers the sweep's jobs in order. */
export interface Job {
  index: number;
  setting: Setting;
  seed: number;
}

/** Part `index` of `count` of a sweep (jobs whose index ≡ `index` mod `count`). */
export interface Shard {
  index: number;
  count: number;
}

/** The whole sweep as one shard (0/1). */
export const WHOLE: Shard = { index: 0, count: 1 };

/** "2/4" → { index: 2, count: 4 }; throws on anything else. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 0 && index < count)) {
    throw new OptionError(`--shard expects i/n with 0 ≤ i < n (e.g. 0/4), got '${text}'`);
  }
  return { index, count };
}

/** The jobs of `experiment` (every setting × seeds 1…`options.seeds`) that fall in `shard`. */
export function jobsOf(experiment: Experiment, options: ExperimentOptions, shard: Shard = WHOLE): Job[] {
  if (!(Number.isInteger(options.seeds) && options.seeds >= 1 && options.seeds <= 1000)) {
    throw new OptionError(`seeds must be an integer in 1…1000, got ${options.seeds}`);
  }
  const jobs: Job[] = [];
  experiment.settings(options).forEach((setting, s) => {
    for (let k = 0; k < options.seeds; k++) {
      const index = s * options.seeds + k;
      if (index % shard.count === shard.index) jobs.push({ index, setting, seed: 1 + k });
    }
  });
  return jobs;
}

/** One run as a sweep file keeps it: without its wall time, so equal sweeps give equal files. */
export type SweepResult = Omit<RunResult, 'ms'> & { job: number };

/** A shard (or, with shard 0/1, the whole) of an experiment's sweep, as written to disk. */
export interface ShardFile extends SweepEnvelope<SweepResult> {
  /** Untangle version that ran it. */
  untangle: string;
  /** wasm build that ran it (builds may round differently). */
  wasm: string;
  options: ExperimentOptions;
}

/** The sweep id of an experiment's sweep: its id, options and settings, the code version and wasm build. */
export function experimentSweepId(experiment: Experiment, options: ExperimentOptions, wasm: string): string {
  return sweepId({ experiment: experiment.id, options: { seeds: options.seeds, quick: options.quick }, settings: experiment.settings(options), wasm });
}

/**
 * Runs the jobs of one shard. `onJob` gets each result with its wall time
 * (`ms`), which the file leaves out.
 *
 * @example
 * ```ts
 * const e1 = experimentById('e1');
 * const part = runJobs(engine, e1, { seeds: 8, quick: false }, parseShard('1/4'));
 * // … the other shards elsewhere, then mergeShards([part0, part1, part2, part3])
 * ```
 */
export function runJobs(engine: Engine, experiment: Experiment, options: ExperimentOptions, shard: Shard, onJob?: (done: number, total: number, last: RunResult) => void): ShardFile {
  const jobs = jobsOf(experiment, options, shard);
  const results: SweepResult[] = [];
  jobs.forEach((job, i) => {
    const r = experiment.run(engine, job.setting, job.seed, options);
    const { ms: _ms, ...kept } = r;
    results.push({ ...kept, job: job.index });
    onJob?.(i + 1, jobs.length, r);
  });
  return {
    format: SWEEP_FORMAT, version: SWEEP_VERSION, experiment: experiment.id, sweep: experimentSweepId(experiment, options, engine.variant),
    untangle: VERSION, wasm: engine.variant, options: { seeds: options.seeds, quick: options.quick },
    jobs: experiment.settings(options).length * options.seeds, shard, results,
  };
}

/**
 * Combines shard files of one experiment into the file an unsharded run writes
 * (byte for byte once serialised). `names` name the files in errors; see
 * mergeSweepFiles for what is refused.
 */
export function mergeShards(files: ShardFile[], names?: string[]): ShardFile {
  return mergeSweepFiles(files, names);
}

export function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length === 0 ? NaN : v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** Per setting of a merged file: best, median and worst accuracy over the seeds, the test median, the baseline and the metrics' medians. */
export function summarize(experiment: Experiment, file: ShardFile): SettingSummary[] {
  return experiment.settings(file.options).map((setting) => {
    const runs = file.results.filter((r) => r.setting === setting.id);
    const acc = runs.map((r) => r.accuracy);
    const metricNames = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
    return {
      setting,
      runs: runs.length,
      best: Math.max(...acc),
      median: median(acc),
      worst: Math.min(...acc),
      testMedian: median(runs.map((r) => r.testAccuracy)),
      baseline: runs[0]?.baseline ?? NaN,
      metrics: Object.fromEntries(metricNames.map((m) => [m, median(runs.map((r) => r.metrics[m]!).filter(Number.isFinite))])),
    };
  });
}

/** The best run and the median ("typical") run of a setting. */
export function bestAndTypical(file: ShardFile, setting: string): { best: SweepResult; typical: SweepResult } | null {
  const runs = file.results.filter((r) => r.setting === setting).sort((a, b) => b.accuracy - a.accuracy || a.seed - b.seed);
  if (runs.length === 0) return null;
  return { best: runs[0]!, typical: runs[Math.floor((runs.length - 1) / 2)]! };
}
