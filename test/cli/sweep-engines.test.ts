// Sweeps the way a batch engine runs them: N processes of the built command
// started at once with the variables a Kubernetes Indexed Job or a Slurm job
// array sets, writing to one folder; then `untangle merge`, whose files must
// equal those of one unsharded run byte for byte.
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '../../dist/cli.js');

/** Environment without any engine's variables, so a test's own are the only ones. */
const CLEAN = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(JOB_COMPLETION_INDEX|UNTANGLE_SHARDS|SLURM_)/.test(k)));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000, env: { ...CLEAN, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function all(runs: Promise<{ code: number; stderr: string }>[]): Promise<void> {
  for (const r of await Promise.all(runs)) expect(r.code, r.stderr).toBe(0);
}

const slurmTask = (id: number, min: number, max: number) => ({
  SLURM_ARRAY_JOB_ID: '4242', SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min),
  SLURM_ARRAY_TASK_MAX: String(max), SLURM_ARRAY_TASK_COUNT: String(max - min + 1), SLURM_ARRAY_TASK_STEP: '1',
});

async function sameFiles(dir: string, reference: string, names: string[]): Promise<void> {
  for (const name of names) expect(await readFile(join(dir, name), 'utf8'), name).toBe(await readFile(join(reference, name), 'utf8'));
}

describe('sweeps on a batch engine', () => {
  it('Kubernetes Indexed Job: 3 pods, merge --report, equal to one unsharded run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-k8s-'));
    const args = ['experiment', 'e2', 'e1', '--quick', '--seeds', '2', '--out'];
    await all([
      run([...args, join(dir, 'whole')]),
      ...[0, 1, 2].map((i) => run([...args, dir, '--shard', 'auto'], { JOB_COMPLETION_INDEX: String(i), UNTANGLE_SHARDS: '3' })),
    ]);
    const shards = (await readdir(dir)).filter((n) => n.includes('.shard-')).sort();
    expect(shards).toEqual(['e1', 'e2'].flatMap((e) => [0, 1, 2].map((i) => `${e}.shard-${i}-of-3.json`)));
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const merged = await run(['merge', dir]);
    expect(merged.code, merged.stderr).toBe(0);
    await sameFiles(dir, join(dir, 'whole'), ['e1.json', 'e2.json']);
    // --report as the merge Job runs it (e2 alone keeps the pictures quick).
    await Promise.all([...[0, 1, 2].map((i) => `e1.shard-${i}-of-3.json`), 'e1.json'].map((n) => rm(join(dir, n))));
    const report = await run(['merge', dir, '--report']);
    expect(report.code, report.stderr).toBe(0);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('data-experiment="e2"');
  }, 40_000);

  it('Slurm array 1-4 (ids from 1): essay shards (some empty) merge to the unsharded files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-slurm-'));
    await all([
      run(['experiment', 'all', '--quick', '--seeds', '1', '--out', join(dir, 'whole')]),
      ...[1, 2, 3, 4].map((id) => run(['essay', '--quick', '--seeds', '1', '--shard', 'auto', '--out', dir], slurmTask(id, 1, 4))),
    ]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.shard-3-of-4.json')).length).toBe(6);
    const merged = await run(['merge', dir]);
    expect(merged.code, merged.stderr).toBe(0);
    await sameFiles(dir, join(dir, 'whole'), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'].map((e) => `${e}.json`));
  }, 40_000);

  it('mnist grid (2 learning rates × 2 seeds) on a Slurm array 0-2 merges to the unsharded mnist-e7.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-mnist-'));
    const args = ['mnist', '--lr', '1e-3,3e-3', '--seeds', '2', '--epochs', '1', '--train-limit', '100', '--test-limit', '50', '--out'];
    await all([run([...args, join(dir, 'whole')]), ...[0, 1, 2].map((id) => run([...args, dir, '--shard', 'auto'], slurmTask(id, 0, 2)))]);
    const merged = await run(['merge', join(dir, 'mnist-e7.shard-2-of-3.json'), join(dir, 'mnist-e7.shard-0-of-3.json'), join(dir, 'mnist-e7.shard-1-of-3.json')]);
    expect(merged.code, merged.stderr).toBe(0);
    await sameFiles(dir, join(dir, 'whole'), ['mnist-e7.json']);
    const file = JSON.parse(await readFile(join(dir, 'mnist-e7.json'), 'utf8'));
    expect(file.results.map((r: { setting: string; seed: number }) => `${r.setting}/${r.seed}`)).toEqual(['lr0.001-b64-e1/1', 'lr0.001-b64-e1/2', 'lr0.003-b64-e1/1', 'lr0.003-b64-e1/2']);
  }, 40_000);

  it('--shard auto outside an engine fails with one line naming the variables', async () => {
    const r = await run(['experiment', 'e2', '--quick', '--shard', 'auto']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/JOB_COMPLETION_INDEX.*SLURM_ARRAY_TASK_ID/);
    expect(r.stderr.trim().split('\n').length).toBe(1);
  });

  it('merge names the missing, duplicate, foreign and partial shard files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-merge-'));
    const other = join(dir, 'other');
    await all([
      ...[0, 1, 2].map((i) => run(['experiment', 'e2', '--quick', '--seeds', '2', '--shard', `${i}/3`, '--out', dir])),
      run(['experiment', 'e2', '--quick', '--seeds', '3', '--shard', '1/3', '--out', other]),
    ]);
    const shard = (i: number, d = dir) => join(d, `e2.shard-${i}-of-3.json`);
    const fails = async (files: string[], problem: RegExp) => {
      const r = await run(['merge', ...files, '--out', join(dir, 'merged.json')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(problem);
    };
    await fails([shard(0), shard(2)], /missing 1 of 3 shards: e2\.shard-1-of-3\.json/);
    await copyFile(shard(1), join(dir, 'copy.json'));
    await fails([shard(0), shard(1), shard(2), join(dir, 'copy.json')], /given 2 times: e2\.shard-1-of-3\.json, copy\.json/);
    await fails([shard(0), shard(1, other), shard(2)], /e2\.shard-1-of-3\.json \(e2 sweep [0-9a-f]{16}, 3 shards\) is not of the sweep of e2\.shard-0-of-3\.json/);
    const text = await readFile(shard(1), 'utf8');
    await writeFile(shard(1), text.slice(0, text.length >> 1));
    await fails([shard(0), shard(1), shard(2)], /e2\.shard-1-of-3\.json is not complete JSON/);
    await truncate(shard(1), 0);
    await fails([dir], /e2\.shard-1-of-3\.json is not complete JSON/);
  }, 40_000);
});
