// The `untangle` command end to end on tiny runs (npm test builds dist/ first).
import { describe, it, expect } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';

const CLI = join(__dirname, '../../dist/cli.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function distinctColours(png: Uint8Array): number {
  const img = decode(png);
  const seen = new Set<number>();
  const ch = img.channels;
  for (let i = 0; i < img.width * img.height; i += 7) {
    seen.add(((img.data[i * ch]! as number) << 16) | ((img.data[i * ch + 1]! as number) << 8) | (img.data[i * ch + 2]! as number));
  }
  return seen.size;
}

describe('untangle CLI', () => {
  it('train --out writes the model, metrics, topology, export data and readable pictures', async () => {
    const out = await mkdtemp(join(tmpdir(), 'untangle-cli-'));
    const r = await run(['train', '--data', 'disk-annulus', '--n', '300', '--layers', '3', '--epochs', '60', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/train accuracy \d+\.\d+%/);
    const files = await readdir(out);
    for (const f of ['model.json', 'metrics.json', 'topology.json', 'decision-regions.json', 'decision-regions.png', 'decision-regions.svg', 'representations.json', 'layers.png', 'layers.svg', 'animation.json', 'animation.html']) {
      expect(files).toContain(f);
    }
    const regions = decode(await readFile(join(out, 'decision-regions.png')));
    expect([regions.width, regions.height]).toEqual([420, 420]);
    expect(distinctColours(await readFile(join(out, 'decision-regions.png')))).toBeGreaterThan(20);
    expect(distinctColours(await readFile(join(out, 'layers.png')))).toBeGreaterThan(20);
    const topology = JSON.parse(await readFile(join(out, 'topology.json'), 'utf8'));
    expect(topology.layers.length).toBe(2);
    expect(topology.representations[0].separability.separable).toBe(false); // disk inside annulus
    expect(topology.representations[0].betti).toEqual([expect.objectContaining({ betti: [1, 0] }), expect.objectContaining({ betti: [1, 1] })]);
    const svg = await readFile(join(out, 'layers.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(await readFile(join(out, 'animation.html'), 'utf8')).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  }, 90_000);

  it('train --csv FILE --target COLUMN trains a regression and prints MSE and R²; --data noisy-sine too', async () => {
    const out = await mkdtemp(join(tmpdir(), 'untangle-cli-'));
    const rows = ['x,y'];
    for (let i = 0; i < 120; i++) {
      const x = -1 + (2 * i) / 119;
      rows.push(`${x},${Math.sin(3 * x)}`);
    }
    const csv = join(out, 'sine.csv');
    await writeFile(csv, rows.join('\n') + '\n');
    const r = await run(['train', '--csv', csv, '--target', 'y', '--layers', '12', '--epochs', '80', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const m = /train MSE (\d+\.\d+) R² (-?\d+\.\d+), test MSE \d+\.\d+ R² (-?\d+\.\d+)/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(0.5);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.train.r2).toBeCloseTo(Number(m![2]), 3);
    const grid = JSON.parse(await readFile(join(out, 'prediction-grid.json'), 'utf8'));
    expect(grid.kind).toBe('prediction-grid');
    expect(grid.shape).toEqual([401, 1]);
    expect(distinctColours(await readFile(join(out, 'prediction.png')))).toBeGreaterThan(3);
    const sine = await run(['train', '--data', 'noisy-sine', '--n', '200', '--layers', '8', '--epochs', '20']);
    expect(sine.code, sine.stderr).toBe(0);
    expect(sine.stdout).toMatch(/train MSE \d+\.\d+ R²/);
    expect((await run(['train', '--csv', csv, '--target', 'y', '--label', 'x'])).stderr).toMatch(/--target and --label/);
  }, 90_000);

  it('experiment shards, merge and report', async () => {
    const out = await mkdtemp(join(tmpdir(), 'untangle-cli-'));
    for (const shard of ['0/2', '1/2']) {
      const r = await run(['experiment', 'e2', '--quick', '--seeds', '2', '--shard', shard, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await run(['merge', join(out, 'e2.shard-0-of-2.json'), join(out, 'e2.shard-1-of-2.json')])).code).toBe(0);
    const merged = JSON.parse(await readFile(join(out, 'e2.json'), 'utf8'));
    expect(merged.results.map((x: { job: number }) => x.job)).toEqual([0, 1, 2, 3]);
    const rep = await run(['report', out]);
    expect(rep.code, rep.stderr).toBe(0);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<table class="runs" data-experiment="e2">');
  }, 90_000);

  it.each([
    [['train', '--lr', 'abc'], /--lr expects a number, got 'abc'/],
    [['train', '--data', 'nope'], /--data must be one of/],
    [['train', '--bogus'], /Unknown option '--bogus'/],
    [['experiment', 'e9'], /unknown experiment 'e9'/],
    [['experiment', 'e1', '--shard', '3/2'], /--shard expects i\/n/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['mnist', '--loss', 'mse'], /--loss must be one of xent, knn/],
    [['explore', '--port', '70000'], /--port must be ≤ 65535/],
    [['mnist', '--second-batch'], /--second-batch needs --loss knn/],
  ])('bad arguments %j: non-zero exit and one line', async (args, message) => {
    const r = await run(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n').length).toBe(1);
  });

  it.each(['essay', 'train', 'experiment', 'merge', 'report', 'mnist', 'export', 'demo', 'explore'])('%s --help', async (command) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/untangle/);
  });

  it('explore serves the explorer page and the browser bundle, and nothing else', async () => {
    const child = spawn(process.execPath, [CLI, 'explore', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const origin = await new Promise<string>((ok, fail) => {
        let text = '';
        const timer = setTimeout(() => fail(new Error(`no address printed within 10 s: ${text}`)), 10_000);
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const match = /open (http:\/\/127\.0\.0\.1:\d+)\/explorer\//.exec(text);
          if (match) {
            clearTimeout(timer);
            ok(match[1]!);
          }
        });
        child.once('exit', (code) => fail(new Error(`explore exited with ${code}`)));
      });
      const page = await fetch(`${origin}/`);
      expect(page.status).toBe(200);
      expect(page.url).toBe(`${origin}/explorer/index.html`);
      expect(await page.text()).toContain('explorer.js');
      const wasm = await fetch(`${origin}/dist/untangle.simd.wasm`);
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect(WebAssembly.validate(new Uint8Array(await wasm.arrayBuffer()))).toBe(true);
      expect((await fetch(`${origin}/package.json`)).status).toBe(404);
      expect((await fetch(`${origin}/dist/../package.json`)).status).toBe(404);
      expect((await fetch(`${origin}/explorer/%2e%2e/package.json`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
