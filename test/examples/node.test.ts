// The Node examples, run as a user would: plain `node` in a project where the
// packed package is installed, importing 'untangle' by name.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPacked, type InstalledProject } from './installed.js';
import { playerData } from '../render/helpers.js';

let installed: InstalledProject | undefined;
beforeAll(() => {
  installed = installPacked('node');
}, 60_000);
afterAll(() => installed?.remove());

function run(script: string, ...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, [script, ...args], { cwd: installed!.project, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('examples/node', () => {
  it('train-and-save.mjs learns the spirals and writes a model; load-and-predict.mjs reads it back and classifies', () => {
    const trained = run('train-and-save.mjs', 'model.json');
    expect(trained.accuracy).toBeGreaterThan(0.9);
    const file = join(installed!.project, 'model.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).layers).toHaveLength(3);

    // Points taken from the training distribution: the loaded model must classify them as labelled.
    const predicted = run('load-and-predict.mjs', 'model.json');
    const predictions = predicted.predictions as { probabilities: number[]; class: number }[];
    expect(predicted.inputs).toBe(2);
    expect(predictions).toHaveLength(3);
    for (const p of predictions) {
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p.class).toBe(p.probabilities.indexOf(Math.max(...p.probabilities)));
    }
  }, 60_000);

  it('a loaded model classifies training points as they are labelled', () => {
    const script = `
      import { spirals } from 'untangle';
      const d = spirals({ n: 600, turns: 1, seed: 7 });
      console.log(JSON.stringify({ x: Array.from(d.x.subarray(0, 40)), y: Array.from(d.y.subarray(0, 20)) }));`;
    const data = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: installed!.project, encoding: 'utf8' })) as { x: number[]; y: number[] };
    const predicted = run('load-and-predict.mjs', 'model.json', ...data.x.map(String));
    const classes = (predicted.predictions as { class: number }[]).map((p) => p.class);
    const right = classes.filter((c, i) => c === data.y[i]).length;
    expect(right).toBeGreaterThanOrEqual(17);
  }, 60_000);

  it('pictures.mjs draws regions, layers, the animation and the film through untangle/render', () => {
    const result = run('pictures.mjs', 'pictures');
    expect(result.files).toEqual(['regions.png', 'regions.svg', 'layers.png', 'layers.svg', 'animation.html', 'film.html']);
    const dir = join(installed!.project, 'pictures');
    for (const png of ['regions.png', 'layers.png']) expect(readFileSync(join(dir, png)).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(dir, 'regions.svg'), 'utf8')).toMatch(/^<svg [^>]*>.*two spirals: decision regions/s);
    expect(readFileSync(join(dir, 'layers.svg'), 'utf8')).toContain('layer 2 (tanh)');
    expect(readFileSync(join(dir, 'animation.html'), 'utf8')).toContain('the network as a continuous deformation');
    // The film's frame captions travel in its packed player data.
    expect(playerData(readFileSync(join(dir, 'film.html'), 'utf8')).frames[0]!.label).toMatch(/step \d+ · epoch \d+(\.\d+)?/);
  }, 60_000);
});
