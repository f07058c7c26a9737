/**
 * Merging the shards of one sweep, whatever it runs (E1–E6, MNIST grids). A
 * shard file says which sweep it belongs to (`sweep`, a hash of the settings
 * and code version), how it was split (`shard`) and how many jobs the whole
 * sweep has (`jobs`); every result carries its job number. So a merge can name
 * the shard files that are missing, given twice, of another sweep or partial,
 * and its output does not depend on the order of the files: results are sorted
 * by job, and everything else is fixed by the sweep id.
 */
import { DataFileError, OptionError } from '../errors.js';
import type { Shard } from './sweep.js';

export const SWEEP_FORMAT = 'untangle-sweep';
/** Version 2 added `sweep`, `untangle`, `wasm` and `jobs`, and dropped wall times from results (they made equal sweeps differ). */
export const SWEEP_VERSION = 2;

/** What every shard file has, whatever its results are. */
export interface SweepEnvelope<R extends { job: number } = { job: number }> {
  format: typeof SWEEP_FORMAT;
  version: typeof SWEEP_VERSION;
  /** What ran: an experiment id (`e1` …), `mnist-e7` or `mnist-e8`. Also the merged file's name. */
  experiment: string;
  /** The sweep id (sweep-id.ts): equal for all shards of one sweep, different otherwise. */
  sweep: string;
  /** Number of jobs in the whole sweep; shard i/n holds jobs j < jobs with j mod n = i. */
  jobs: number;
  shard: Shard;
  results: R[];
}

/** Why a merge refused its files. */
export type MergeProblem = 'missing' | 'duplicate' | 'foreign' | 'partial';

/**
 * A merge that cannot give the unsharded result. `problem` says why, `files`
 * names the shard files concerned (for `missing`: the names they would have).
 */
export class ShardMergeError extends DataFileError {
  constructor(
    message: string,
    readonly problem: MergeProblem,
    readonly files: string[],
  ) {
    super(message, { file: files[0] });
    this.name = 'ShardMergeError';
  }
}

/** The file name a shard is written under: `<experiment>.shard-<i>-of-<n>.json`, or `<experiment>.json` unsharded. */
export function shardFileName(experiment: string, shard: Shard): string {
  return shard.count === 1 ? `${experiment}.json` : `${experiment}.shard-${shard.index}-of-${shard.count}.json`;
}

/** Job numbers shard `shard` of a sweep of `jobs` jobs must hold. */
export function jobsOfShard(jobs: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let j = shard.index; j < jobs; j += shard.count) out.push(j);
  return out;
}

/**
 * Checks that `value` (parsed JSON) is a shard file and returns it typed; a
 * file that is not (another format, a field missing) counts as partial.
 */
export function asSweepFile(value: unknown, name: string): SweepEnvelope {
  const f = value as Partial<SweepEnvelope> | null;
  const bad = (what: string) => new ShardMergeError(`merge: ${name} is not a complete shard file (${what})`, 'partial', [name]);
  if (f === null || typeof f !== 'object') throw bad('not a JSON object');
  if (f.format !== SWEEP_FORMAT) throw bad(`format ${JSON.stringify(f.format)}`);
  if (f.version !== SWEEP_VERSION) throw bad(`version ${JSON.stringify(f.version)}; this untangle writes and merges version ${SWEEP_VERSION}: rerun that shard`);
  if (typeof f.sweep !== 'string' || typeof f.experiment !== 'string') throw bad('no sweep id');
  if (!Number.isInteger(f.jobs) || !f.shard || !Number.isInteger(f.shard.index) || !Number.isInteger(f.shard.count) || !Array.isArray(f.results)) throw bad('no jobs, shard or results');
  return f as SweepEnvelope;
}

/**
 * Combines all shards of one sweep into the file an unsharded run writes.
 * `names` (default `shard i/n`) name the files in errors. Throws
 * ShardMergeError (a DataFileError, code BAD_DATA_FILE) with `problem`:
 * `foreign` (shards of different sweeps, or split different ways), `duplicate`,
 * `missing`, `partial` (not the jobs its shard should hold).
 */
export function mergeSweepFiles<F extends SweepEnvelope>(files: F[], names: string[] = files.map((f) => `shard ${f.shard?.index}/${f.shard?.count}`)): F {
  if (files.length === 0) throw new OptionError('merge: no shard files given');
  files.forEach((f, i) => asSweepFile(f, names[i]!));
  const label = (f: F) => `${f.experiment} sweep ${f.sweep}, ${f.shard.count} shards`;
  // The sweep most files belong to is the one being merged; the others are foreign.
  const groups = new Map<string, number[]>();
  files.forEach((f, i) => groups.set(label(f), [...(groups.get(label(f)) ?? []), i]));
  if (groups.size > 1) {
    const [main] = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[1][0]! - b[1][0]!);
    const foreign = files.map((_, i) => i).filter((i) => !main![1].includes(i));
    throw new ShardMergeError(
      `merge: ${foreign.map((i) => `${names[i]} (${label(files[i]!)})`).join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not of the sweep of ${names[main![1][0]!]} (${main![0]}): ` +
        'another experiment, other settings, another untangle version or wasm build, or another split', 'foreign', foreign.map((i) => names[i]!));
  }
  const first = files[0]!;
  const byIndex = new Map<number, number[]>();
  files.forEach((f, i) => byIndex.set(f.shard.index, [...(byIndex.get(f.shard.index) ?? []), i]));
  for (const [index, at] of byIndex) {
    if (at.length > 1) throw new ShardMergeError(`merge: shard ${index}/${first.shard.count} given ${at.length} times: ${at.map((i) => names[i]).join(', ')}`, 'duplicate', at.map((i) => names[i]!));
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length) {
    const expected = missing.map((i) => shardFileName(first.experiment, { index: i, count: first.shard.count }));
    throw new ShardMergeError(`merge: ${first.experiment} is missing ${missing.length} of ${first.shard.count} shards: ${expected.join(', ')}`, 'missing', expected);
  }
  files.forEach((f, i) => {
    const want = jobsOfShard(f.jobs, f.shard);
    const have = f.results.map((r) => r?.job);
    if (have.length !== want.length || have.some((j, k) => j !== want[k])) {
      throw new ShardMergeError(`merge: ${names[i]} holds ${have.length} of the ${want.length} runs of shard ${f.shard.index}/${f.shard.count}`, 'partial', [names[i]!]);
    }
  });
  const results = files.flatMap((f) => f.results).sort((a, b) => a.job - b.job);
  return { ...first, shard: { index: 0, count: 1 }, results };
}
