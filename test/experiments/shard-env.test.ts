import { describe, it, expect } from 'vitest';
import { resolveShard } from '../../src/experiments/shard-env.js';
import { OptionError } from '../../src/errors.js';

const slurm = (id: number, min: number, max: number, count: number, step?: number) => ({
  SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_MAX: String(max),
  SLURM_ARRAY_TASK_COUNT: String(count), ...(step === undefined ? {} : { SLURM_ARRAY_TASK_STEP: String(step) }),
});

function refused(text: string, env: Record<string, string>): OptionError {
  try {
    resolveShard(text, env);
  } catch (e) {
    expect(e).toBeInstanceOf(OptionError);
    expect((e as OptionError).code).toBe('BAD_OPTION');
    expect((e as OptionError).option).toBe('shard');
    return e as OptionError;
  }
  throw new Error(`--shard ${text} with ${JSON.stringify(env)} was accepted`);
}

describe('--shard auto', () => {
  it('i/n is taken as given, whatever the environment', () => {
    expect(resolveShard('2/5', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 2, count: 5 });
  });

  it('Kubernetes Indexed Job: index from JOB_COMPLETION_INDEX, count from auto/N or UNTANGLE_SHARDS', () => {
    expect(resolveShard('auto/8', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 8 });
    expect(resolveShard('auto', { JOB_COMPLETION_INDEX: '7', UNTANGLE_SHARDS: '8' })).toEqual({ index: 7, count: 8 });
    expect(resolveShard('auto/8', { JOB_COMPLETION_INDEX: '0', UNTANGLE_SHARDS: '8' })).toEqual({ index: 0, count: 8 });
  });

  it('Kubernetes: refuses a missing count, an index past it, and disagreeing counts, naming the variables', () => {
    expect(refused('auto', { JOB_COMPLETION_INDEX: '1' }).message).toMatch(/UNTANGLE_SHARDS/);
    expect(refused('auto/4', { JOB_COMPLETION_INDEX: '4' }).message).toMatch(/JOB_COMPLETION_INDEX=4/);
    expect(refused('auto/4', { JOB_COMPLETION_INDEX: '1', UNTANGLE_SHARDS: '5' }).message).toMatch(/UNTANGLE_SHARDS=5/);
    refused('auto', { JOB_COMPLETION_INDEX: 'x', UNTANGLE_SHARDS: '2' });
    refused('auto/0', { JOB_COMPLETION_INDEX: '0' });
  });

  it.each([
    ['0-7', slurm(0, 0, 7, 8), { index: 0, count: 8 }],
    ['0-7', slurm(7, 0, 7, 8), { index: 7, count: 8 }],
    ['1-8 (starts at 1)', slurm(1, 1, 8, 8), { index: 0, count: 8 }],
    ['1-8 (starts at 1)', slurm(8, 1, 8, 8), { index: 7, count: 8 }],
    ['0-14:2 (step)', slurm(6, 0, 14, 8, 2), { index: 3, count: 8 }],
    ['5-9:2 (step, odd start)', slurm(9, 5, 9, 3, 2), { index: 2, count: 3 }],
    ['single task', slurm(4, 4, 4, 1), { index: 0, count: 1 }],
  ])('Slurm array %s', (_, env, shard) => {
    expect(resolveShard('auto', env)).toEqual(shard);
  });

  it('Slurm: every task of an array gets a different shard, and all shards are covered', () => {
    for (const [min, max, step] of [[0, 9, 1], [1, 10, 1], [3, 27, 3]] as const) {
      const count = (max - min) / step + 1;
      const got = [];
      for (let id = min; id <= max; id += step) got.push(resolveShard('auto', slurm(id, min, max, count, step)).index);
      expect(got).toEqual(Array.from({ length: count }, (_, i) => i));
    }
  });

  it('Slurm: refuses arrays that are not one range (lists) and counts that disagree, by name', () => {
    expect(refused('auto', slurm(3, 1, 8, 3)).message).toMatch(/one range.*SLURM_ARRAY_TASK_ID=3/); // --array=1,3,8
    refused('auto', slurm(7, 0, 7, 5)); // --array=0-3,7
    refused('auto', slurm(3, 0, 14, 8, 2)); // id off the step
    expect(refused('auto/4', slurm(0, 0, 7, 8)).message).toMatch(/SLURM_ARRAY_TASK_COUNT=8/);
    const { SLURM_ARRAY_TASK_COUNT: _, ...noCount } = slurm(0, 0, 7, 8);
    expect(refused('auto', noCount).message).toMatch(/SLURM_ARRAY_TASK_COUNT/);
  });

  it('no engine: the error names the variables to set', () => {
    const e = refused('auto', {});
    for (const name of ['JOB_COMPLETION_INDEX', 'UNTANGLE_SHARDS', 'SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT']) expect(e.message).toContain(name);
  });

  it('both engines at once is ambiguous', () => {
    refused('auto/8', { JOB_COMPLETION_INDEX: '0', ...slurm(0, 0, 7, 8) });
  });
});
