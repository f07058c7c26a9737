import { describe, it, expect } from 'vitest';
import { mnistJobs, mnistSettings, mnistShardFile, type MnistSweepOptions } from '../../src/experiments/mnist-sweep.js';
import { mergeSweepFiles } from '../../src/experiments/shard-merge.js';
import { canonicalJson, sweepId } from '../../src/experiments/sweep-id.js';
import { OptionError } from '../../src/errors.js';

const options: MnistSweepOptions = { loss: 'softmax', k: 5, knnWeighting: 'gaussian', tau: 1, secondBatch: false, workers: 1, trainExamples: 100, testExamples: 50, seeds: 3 };

describe('MNIST sweep grid', () => {
  it('settings are every combination, learning rate slowest', () => {
    const s = mnistSettings({ learningRate: [1e-3, 3e-3], batchSize: [64, 128], epochs: [2] });
    expect(s.map((x) => x.id)).toEqual(['lr0.001-b64-e2', 'lr0.001-b128-e2', 'lr0.003-b64-e2', 'lr0.003-b128-e2']);
    expect(() => mnistSettings({ learningRate: [1e-3, 0.001], batchSize: [64], epochs: [1] })).toThrow(OptionError);
  });

  it('jobs are (setting, seed) in order and the shards cover them once', () => {
    const settings = mnistSettings({ learningRate: [1e-3, 3e-3], batchSize: [64], epochs: [1] });
    const all = mnistJobs(settings, 3, { index: 0, count: 1 });
    expect(all.map((j) => `${j.job}:${j.setting.learningRate}/${j.seed}`)).toEqual(['0:0.001/1', '1:0.001/2', '2:0.001/3', '3:0.003/1', '4:0.003/2', '5:0.003/3']);
    const split = [0, 1, 2, 3].flatMap((i) => mnistJobs(settings, 3, { index: i, count: 4 }).map((j) => j.job)).sort((a, b) => a - b);
    expect(split).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('E7 and E8 sweeps, and different grids, have different ids and names', () => {
    const settings = mnistSettings({ learningRate: [1e-3], batchSize: [64], epochs: [1] });
    const e7 = mnistShardFile(options, settings, 'simd', { index: 0, count: 1 }, []);
    const e8 = mnistShardFile({ ...options, loss: 'knn' }, settings, 'simd', { index: 0, count: 1 }, []);
    expect([e7.experiment, e8.experiment]).toEqual(['mnist-e7', 'mnist-e8']);
    expect(e7.sweep).not.toBe(e8.sweep);
    expect(mnistShardFile({ ...options, seeds: 4 }, settings, 'simd', { index: 0, count: 1 }, []).sweep).not.toBe(e7.sweep);
    expect(mnistShardFile(options, settings, 'relaxed', { index: 0, count: 1 }, []).sweep).not.toBe(e7.sweep);
  });

  it('a grid with fewer jobs than shards leaves empty shards, which merge', () => {
    const settings = mnistSettings({ learningRate: [1e-3], batchSize: [64], epochs: [1] });
    const one = { ...options, seeds: 1 };
    const shards = [0, 1, 2].map((i) => mnistShardFile(one, settings, 'simd', { index: i, count: 3 }, mnistJobs(settings, 1, { index: i, count: 3 }).map((j) => ({ job: j.job } as never))));
    expect(shards.map((s) => s.results.length)).toEqual([1, 0, 0]);
    expect(mergeSweepFiles(shards).results.length).toBe(1);
  });
});

describe('sweep id', () => {
  it('does not depend on key order, and changes with any value', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(sweepId({ x: 1, y: 2 })).toBe(sweepId({ y: 2, x: 1 }));
    expect(sweepId({ x: 1, y: 2 })).not.toBe(sweepId({ x: 1, y: 3 }));
  });
});
