// The package as a user installs it: `npm pack` (what npm would publish), then
// the library, the CLI and the explorer from the unpacked tarball alone — no
// build/ or src/ beside it. (npm test builds dist/ first.)
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
let dir = '';
let pkg = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'untangle-pack-'));
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
  pkg = join(dir, 'package');
  // Its dependencies, as npm would install them.
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the bundles, both wasm builds and the explorer, and no sources', () => {
    const files = readdirSync(join(pkg, 'dist'));
    for (const f of ['index.js', 'parallel.js', 'train-worker.js', 'cli.js', 'untangle.browser.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm']) expect(files).toContain(f);
    expect(existsSync(join(pkg, 'explorer', 'index.html'))).toBe(true);
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(join(pkg, 'build'))).toBe(false);
  });

  it('the library finds its wasm and trains', () => {
    const script = `
      import { createEngine, Model, fit, spirals } from './dist/index.js';
      const engine = await createEngine();
      const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 2 }] });
      const { history } = fit(model, spirals({ n: 200 }), { epochs: 5 });
      console.log(JSON.stringify({ variant: engine.variant, loss: history.at(-1).loss }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: pkg, encoding: 'utf8' }));
    expect(out.variant).toMatch(/^(simd|relaxed)$/);
    expect(out.loss).toBeLessThan(0.7);
  }, 30_000);

  it('trains on two worker threads (dist/parallel.js finds dist/train-worker.js)', () => {
    const script = `
      import { createEngine, Model, spirals } from './dist/index.js';
      import { fitParallel } from './dist/parallel.js';
      const engine = await createEngine();
      const model = Model.create(engine, { inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 2 }] });
      const { history } = await fitParallel(model, spirals({ n: 200 }), { epochs: 3, workers: 2 });
      console.log(JSON.stringify({ epochs: history.length }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: pkg, encoding: 'utf8' }));
    expect(out.epochs).toBe(3);
  }, 30_000);

  it('the CLI runs', () => {
    const out = execFileSync(process.execPath, [join(pkg, 'dist', 'cli.js'), 'demo', '--epochs', '20'], { cwd: dir, encoding: 'utf8' });
    expect(out).toMatch(/test accuracy \d+\.\d+%/);
  }, 30_000);
});
