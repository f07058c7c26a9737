// What `untangle train --out` and `untangle export` write: size budgets, the
// one-line summary, and the data set a model file records.
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { makeDataset } from '../../src/data/index.js';
import { animationJson, outputSummary } from '../../src/cli/model-outputs.js';
import { parseModelJSON } from '../../src/model/model-json.js';
import { loadModelFile, saveModel } from '../../src/model/model-file.js';
import { ModelFileError } from '../../src/errors.js';

const CLI = join(__dirname, '../../dist/cli.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('output size budgets', () => {
  it('animation.json of a 3-layer 3-D net over 1000 linked-tori points is at most 5 MB', async () => {
    const engine = await createEngine();
    const data = makeDataset('linked-tori', { n: 1000, seed: 1 });
    const model = Model.create(engine, { inputs: 3, layers: [{ units: 3, activation: 'tanh' }, { units: 3, activation: 'tanh' }, { units: 3, activation: 'tanh' }, { units: 2 }], seed: 1 });
    const text = animationJson(model, data);
    const anim = JSON.parse(text);
    // Every layer is there, each with its three phases.
    expect(anim.layers).toHaveLength(4);
    expect(anim.layers[0].frames).toHaveLength(3 * 6 + 1);
    expect(anim.layers[0].frames[0].points).toHaveLength(3000);
    expect(text.length).toBeLessThanOrEqual(5e6);
    model.dispose();
  }, 60_000);
});

describe('outputSummary', () => {
  it('counts files, adds their sizes and folds a subfolder into one entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-summary-'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'frames'));
    await writeFile(join(dir, 'a.json'), 'x'.repeat(1500));
    for (let i = 0; i < 3; i++) await writeFile(join(dir, 'frames', `f${i}.png`), 'y'.repeat(100));
    const line = await outputSummary(dir, ['a.json', 'frames/f0.png', 'frames/f1.png', 'frames/f2.png']);
    expect(line).toBe(`wrote 4 files, 1.8 kB, to ${dir}: a.json, frames/ (3 files)`);
  });
});

describe('the data set a model file records', () => {
  it('parses generator and file records and names the bad member of a broken one', () => {
    const base = { format: 'untangle-model', version: 1, inputs: 1, layers: [{ type: 'dense', inputs: 1, units: 1, activation: 'linear', weights: [1], bias: [0] }] };
    expect(parseModelJSON({ ...base, data: { kind: 'generator', name: 'spirals', options: { n: 10, seed: 2 } } }).data)
      .toEqual({ kind: 'generator', name: 'spirals', options: { n: 10, seed: 2 } });
    const sha = 'ab'.repeat(32);
    expect(parseModelJSON({ ...base, data: { kind: 'csv', files: [{ name: 'p.csv', sha256: sha }], label: 'y' } }).data)
      .toEqual({ kind: 'csv', files: [{ name: 'p.csv', sha256: sha }], label: 'y' });
    expect(parseModelJSON(base).data).toBeUndefined();
    for (const [data, path] of [
      [{ kind: 'web' }, 'data.kind'],
      [{ kind: 'generator', name: 'spirals', options: { n: 'many' } }, 'data.options.n'],
      [{ kind: 'csv', files: [{ name: 'p.csv', sha256: 'abc' }] }, 'data.files[0].sha256'],
    ] as const) {
      let error: unknown;
      try { parseModelJSON({ ...base, data }); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(ModelFileError);
      expect((error as ModelFileError).path).toBe(path);
    }
  });

  it('saveModel writes the record, loadModelFile gives it back with the same model', async () => {
    const engine = await createEngine();
    const dir = await mkdtemp(join(tmpdir(), 'untangle-record-'));
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 2 }], seed: 4 });
    const record = { kind: 'generator' as const, name: 'spirals', options: { n: 50, seed: 9, turns: 1.5 } };
    await saveModel(model, join(dir, 'm.json'), record);
    const back = await loadModelFile(engine, join(dir, 'm.json'));
    expect(back.data).toEqual(record);
    expect(back.model.toJSON()).toEqual(model.toJSON());
    await saveModel(model, join(dir, 'plain.json'));
    expect((await loadModelFile(engine, join(dir, 'plain.json'))).data).toBeUndefined();
    model.dispose(); back.model.dispose();
  });

  it('train --out records the data set; export draws it by default, refuses a data set of the wrong width by name, and prints one line', async () => {
    const out = await mkdtemp(join(tmpdir(), 'untangle-cli-'));
    const r = await run(['train', '--data', 'disk-annulus', '--n', '200', '--seed', '3', '--layers', '3', '--epochs', '5', '--test-fraction', '0', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').filter((l) => l.startsWith('wrote'))).toHaveLength(1);
    expect(r.stdout).toMatch(/wrote \d+ files, [\d.]+ (kB|MB), to .*: model\.json, metrics\.json, .*animation-frames\/ \(\d+ files\)/);
    const model = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    expect(model.data).toEqual({ kind: 'generator', name: 'disk-annulus', options: { n: 200, seed: 3 } });

    const again = join(out, 'again');
    const e = await run(['export', join(out, 'model.json'), '--out', again]);
    expect(e.code, e.stderr).toBe(0);
    const regions = JSON.parse(await readFile(join(again, 'representations.json'), 'utf8'));
    expect(regions.dataset).toBe('disk-annulus');
    expect(regions.n).toBe(200);

    const wrong = await run(['export', join(out, 'model.json'), '--data', 'linked-tori', '--out', again]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/'linked-tori' has 3 features but .* takes 2 inputs \(it was trained on disk-annulus \(n 200, seed 3\)\)/);

    delete model.data;
    await writeFile(join(out, 'old.json'), JSON.stringify(model));
    const old = await run(['export', join(out, 'old.json'), '--out', again]);
    expect(old.code).not.toBe(0);
    expect(old.stderr).toMatch(/does not record its data set.*--data/);
  }, 120_000);
});
