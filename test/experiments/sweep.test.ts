import { describe, it, expect } from 'vitest';
import { e1 } from '../../src/experiments/e1-disk-annulus.js';
import { e2 } from '../../src/experiments/e2-intervals.js';
import { jobsOf, mergeShards, parseShard, runJobs, summarize, type ShardFile } from '../../src/experiments/sweep.js';
import { testEngine } from '../helpers/engine.js';

const withoutTimes = (f: ShardFile) => ({ ...f, results: f.results.map(({ ms: _ms, ...r }) => r) });

describe('sweeps', () => {
  it('shard-then-merge equals the unsharded run', async () => {
    const engine = await testEngine();
    const options = { seeds: 3, quick: true };
    const whole = runJobs(engine, e2, options, { index: 0, count: 1 });
    const shards = [2, 0, 1].map((i) => runJobs(engine, e2, options, { index: i, count: 3 }));
    expect(withoutTimes(mergeShards(shards))).toEqual(withoutTimes(whole));
    expect(whole.results.map((r) => r.job)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('every job lands in exactly one shard', () => {
    const options = { seeds: 5, quick: true };
    const all = jobsOf(e1, options).map((j) => j.index);
    const split = [0, 1, 2, 3].flatMap((i) => jobsOf(e1, options, { index: i, count: 4 }).map((j) => j.index)).sort((a, b) => a - b);
    expect(split).toEqual(all);
    expect(all.length).toBe(8 * 5);
  });

  it('merge refuses missing, doubled or foreign shards', async () => {
    const engine = await testEngine();
    const options = { seeds: 1, quick: true };
    const a = runJobs(engine, e2, options, { index: 0, count: 2 });
    const b = runJobs(engine, e2, options, { index: 1, count: 2 });
    expect(() => mergeShards([a])).toThrow(/missing shard\(s\) 1\/2/);
    expect(() => mergeShards([a, a])).toThrow(/same shard was given twice/);
    expect(() => mergeShards([a, { ...b, experiment: 'e1' }])).toThrow(/different experiments/);
    expect(() => mergeShards([a, { ...b, options: { seeds: 2, quick: true } }])).toThrow(/different options/);
    expect(mergeShards([b, a]).results.length).toBe(2);
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
