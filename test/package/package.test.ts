// The package as a user installs it: `npm pack` (what npm would publish), then
// the library, the CLI and the explorer from the unpacked tarball alone — no
// build/ or src/ beside it. (npm test builds dist/ first.)
// The tarball comes from test/package/pack.ts (packed once per run).
import { describe, it, expect, beforeAll, inject } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, symlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './pack.js';

const { dir, pkg } = inject('packed');

beforeAll(() => {
  // Its dependencies, as npm would install them.
  if (!existsSync(join(pkg, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
});

describe('the packed package', () => {
  it('holds the bundles, both wasm builds and the explorer, and no sources', () => {
    const files = readdirSync(join(pkg, 'dist'));
    for (const f of ['index.js', 'parallel.js', 'train-worker.js', 'worker.js', 'worker-thread.js', 'worker.browser.js', 'explorer.js', 'parallel.browser.js', 'train-worker.browser.js', 'bench.html', 'untangle.bench.js', 'cli.js', 'untangle.browser.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm']) expect(files).toContain(f);
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
