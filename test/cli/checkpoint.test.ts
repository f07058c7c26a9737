// --checkpoint DIR and --resume: a run stopped after some epochs and resumed
// ends with the weights of an uninterrupted run (compared through the
// checkpoints both write after their last epoch).
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '../../dist/cli.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function checkpointOf(dir: string, file: string): Promise<{ epoch: number; parameters: string; moments: string[] }> {
  return JSON.parse(await readFile(join(dir, file), 'utf8'));
}

describe('--checkpoint and --resume', () => {
  it('train: 3 epochs, then --resume to 6, equals 6 epochs in one go; no temporary files are left', async () => {
    const root = await mkdtemp(join(tmpdir(), 'untangle-cli-checkpoint-'));
    const common = ['train', '--data', 'spirals', '--n', '200', '--layers', '6,6', '--variant', 'simd', '--seed', '4'];
    const whole = await run([...common, '--epochs', '6', '--checkpoint', join(root, 'whole')]);
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
    expect((await run([...common, '--epochs', '3', '--checkpoint', join(root, 'parts')])).code).toBe(0);
    expect((await checkpointOf(join(root, 'parts'), 'checkpoint.json')).epoch).toBe(3);
    const resumed = await run([...common, '--epochs', '6', '--checkpoint', join(root, 'parts'), '--resume']);
    expect(resumed.code).toBe(0);
    const a = await checkpointOf(join(root, 'whole'), 'checkpoint.json');
    const b = await checkpointOf(join(root, 'parts'), 'checkpoint.json');
    expect(b.epoch).toBe(6);
    expect(b.parameters).toBe(a.parameters);
    expect(b.moments).toEqual(a.moments);
    expect(await readdir(join(root, 'parts'))).toEqual(['checkpoint.json']);
    // A resume with other options is refused by name, in one line.
    const refused = await run([...common, '--epochs', '6', '--lr', '0.5', '--checkpoint', join(root, 'parts'), '--resume']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/learningRate/);
    const usage = await run([...common, '--resume']);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toMatch(/--resume needs --checkpoint/);
  }, 120_000);

  it('mnist: 1 epoch, then --resume to 2, equals 2 epochs in one go', async () => {
    const root = await mkdtemp(join(tmpdir(), 'untangle-cli-checkpoint-'));
    const common = ['mnist', '--train-limit', '256', '--test-limit', '32', '--batch', '32', '--out', join(root, 'out')];
    expect((await run([...common, '--epochs', '2', '--checkpoint', join(root, 'whole')])).code).toBe(0);
    expect((await run([...common, '--epochs', '1', '--checkpoint', join(root, 'parts')])).code).toBe(0);
    expect((await run([...common, '--epochs', '2', '--checkpoint', join(root, 'parts'), '--resume'])).code).toBe(0);
    const a = await checkpointOf(join(root, 'whole'), 'seed-1.checkpoint.json');
    const b = await checkpointOf(join(root, 'parts'), 'seed-1.checkpoint.json');
    expect(b.epoch).toBe(2);
    expect(b.parameters).toBe(a.parameters);
  }, 180_000);
});
