import { describe, it, expect } from 'vitest';
import { e1 } from '../../src/experiments/e1-disk-annulus.js';
import { e2 } from '../../src/experiments/e2-intervals.js';
import { jobsOf, mergeShards, parseShard, runJobs, summarize, type ShardFile } from '../../src/experiments/sweep.js';
import { ShardMergeError, type MergeProblem } from '../../src/experiments/shard-merge.js';
import { DataFileError } from '../../src/errors.js';
import { testEngine } from '../helpers/engine.js';

/** The merge's error: a DataFileError with code BAD_DATA_FILE, the problem and the files it names. */
function mergeError(files: ShardFile[], names: string[]): ShardMergeError {
  try {
    mergeShards(files, names);
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    expect(e).toBeInstanceOf(ShardMergeError);
    expect((e as DataFileError).code).toBe('BAD_DATA_FILE');
    return e as ShardMergeError;
  }
  throw new Error('merge accepted the files');
}

const expectProblem = (e: ShardMergeError, problem: MergeProblem, files: string[]) => expect({ problem: e.problem, files: e.files }).toEqual({ problem, files });

describe('sweeps', () => {
  it('shard-then-merge equals the unsharded run byte for byte, in any order', async () => {
    const engine = await testEngine();
    const options = { seeds: 3, quick: true };
    const whole = JSON.stringify(runJobs(engine, e2, options, { index: 0, count: 1 }));
    const shards = [0, 1, 2].map((i) => runJobs(engine, e2, options, { index: i, count: 3 }));
    for (const order of [[2, 0, 1], [0, 1, 2], [1, 2, 0]]) expect(JSON.stringify(mergeShards(order.map((i) => shards[i]!)))).toBe(whole);
    expect(JSON.parse(whole).results.map((r: { job: number }) => r.job)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('every job lands in exactly one shard', () => {
    const options = { seeds: 5, quick: true };
    const all = jobsOf(e1, options).map((j) => j.index);
    const split = [0, 1, 2, 3].flatMap((i) => jobsOf(e1, options, { index: i, count: 4 }).map((j) => j.index)).sort((a, b) => a - b);
    expect(split).toEqual(all);
    expect(all.length).toBe(8 * 5);
  });

  it('the sweep id depends on experiment, options and wasm build, not on the shard', async () => {
    const engine = await testEngine();
    const a = runJobs(engine, e2, { seeds: 2, quick: true }, { index: 0, count: 2 });
    expect(a.sweep).toMatch(/^[0-9a-f]{16}$/);
    expect(runJobs(engine, e2, { seeds: 2, quick: true }, { index: 1, count: 2 }).sweep).toBe(a.sweep);
    expect(runJobs(engine, e2, { seeds: 3, quick: true }, { index: 5, count: 6 }).sweep).not.toBe(a.sweep);
  });

  it('merge names missing, duplicate, foreign and partial shards', async () => {
    const engine = await testEngine();
    const options = { seeds: 2, quick: true };
    const [a, b, c] = [0, 1, 2].map((i) => runJobs(engine, e2, options, { index: i, count: 3 }));
    const names = ['e2.shard-0-of-3.json', 'e2.shard-1-of-3.json', 'e2.shard-2-of-3.json'];
    expectProblem(mergeError([a!, c!], [names[0]!, names[2]!]), 'missing', ['e2.shard-1-of-3.json']);
    expectProblem(mergeError([a!, b!, c!, b!], [...names, 'copy.json']), 'duplicate', ['e2.shard-1-of-3.json', 'copy.json']);
    const other = runJobs(engine, e2, { seeds: 3, quick: true }, { index: 1, count: 3 });
    expectProblem(mergeError([a!, other, c!], names), 'foreign', ['e2.shard-1-of-3.json']);
    expectProblem(mergeError([a!, { ...b!, sweep: '0000000000000000' }, c!], names), 'foreign', ['e2.shard-1-of-3.json']);
    expectProblem(mergeError([a!, b!, { ...c!, experiment: 'e1' }], names), 'foreign', ['e2.shard-2-of-3.json']);
    expectProblem(mergeError([a!, { ...b!, results: b!.results.slice(1) }, c!], names), 'partial', ['e2.shard-1-of-3.json']);
    expectProblem(mergeError([a!, { ...b!, version: 1 } as unknown as ShardFile, c!], names), 'partial', ['e2.shard-1-of-3.json']);
    expect(mergeShards([c!, a!, b!]).results.length).toBe(4);
  });

  it.each(['1/1', '3/2', 'a/b', '-1/2', '0/0'])('rejects --shard %s', (text) => {
    expect(() => parseShard(text)).toThrow(/--shard expects i\/n/);
  });
});

describe('the claims point the essay\'s way at small size', () => {
  it('E1: width 3 reaches ≥ 99 % in most of 5 seeds, width 2 never reaches 100 %', async () => {
    const engine = await testEngine();
    const file = runJobs(engine, e1, { seeds: 5, quick: true }, { index: 0, count: 1 });
    const runs = (width: number) => file.results.filter((r) => r.setting.startsWith(`w${width}-`));
    for (const depth of [1, 2]) {
      const w3 = runs(3).filter((r) => r.setting === `w3-d${depth}`);
      expect(w3.filter((r) => r.accuracy >= 0.99).length).toBeGreaterThanOrEqual(3);
    }
    expect(Math.max(...runs(2).map((r) => r.accuracy))).toBeLessThan(1);
    expect(e1.judge(summarize(e1, file)).verdict).toBe('holds');
  });

  it('E2: one hidden unit stays at or below 75 %, two units separate', async () => {
    const engine = await testEngine();
    const file = runJobs(engine, e2, { seeds: 3, quick: true }, { index: 0, count: 1 });
    const w1 = file.results.filter((r) => r.setting === 'w1').map((r) => r.accuracy);
    const w2 = file.results.filter((r) => r.setting === 'w2').map((r) => r.accuracy);
    expect(Math.max(...w1)).toBeLessThanOrEqual(0.76);
    expect(Math.min(...w2)).toBeGreaterThanOrEqual(0.99);
  });
});
