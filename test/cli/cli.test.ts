// The `untangle` command end to end on tiny runs (npm test builds dist/ first).
import { describe, it, expect } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { checkEssayReport } from '../report/essay-report-checks.js';

const CLI = join(__dirname, '../../dist/cli.js');

function run(args: string[], env: Record<string, string> = {}, timeout = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
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

/** IDX bytes: magic (0, 0, type 0x08 = u8, number of dims), big-endian sizes, the values. */
function idx(dims: number[], values: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

/**
 * Seeded 8×8 two-class images: class 0 is bright on the left half, class 1 on the
 * right, both with noise; written as IDX (images gzip-compressed, labels raw).
 */
async function writeImages(dir: string, name: string, n: number, seed: number): Promise<{ images: string; labels: string }> {
  let state = seed;
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pixels = new Uint8Array(n * 64);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < 64; p++) {
      const left = p % 8 < 4;
      pixels[i * 64 + p] = Math.round(255 * Math.min(1, (left === (labels[i] === 0) ? 0.7 : 0.1) + 0.3 * rand()));
    }
  }
  const images = join(dir, `${name}-images.idx.gz`), labelFile = join(dir, `${name}-labels.idx`);
  await writeFile(images, gzipSync(idx([n, 8, 8], pixels)));
  await writeFile(labelFile, idx([n], labels));
  return { images, labels: labelFile };
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
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<table class="runs" data-experiment="e2">');
    // The terminal's claims table states the verdict the report's claims table shows.
    const claims = /<table class="claims">.*?<\/table>/s.exec(html)![0];
    const verdict = /<td class="[a-z]+">(holds|partly|does not hold)<\/td><\/tr>/.exec(claims)![1]!;
    expect(rep.stdout).toMatch(new RegExp(`^E2 .*  ${verdict}$`, 'm'));
    expect(rep.stdout).toMatch(/^#\s+claim\s+measured\s+verdict$/m);
    expect(rep.stdout).not.toContain('\u001b[');
  }, 90_000);

  it('essay --quick ends with the claims table, each verdict as the report states it, then the report path; the report holds everything within its budget', async () => {
    const out = await mkdtemp(join(tmpdir(), 'untangle-cli-'));
    // The suite's one essay run. Three seeds, so the best and the typical run differ and the
    // report shows the full report's picture set. About 40 s on a quiet machine; allowed far
    // more, since a loaded CI box runs slower.
    const r = await run(['essay', '--quick', '--seeds', '3', '--out', out], {}, 230_000);
    expect(r.code, r.stderr).toBe(0);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    checkEssayReport(html);
    const claims = /<table class="claims">.*?<\/table>/s.exec(html)![0];
    const rows = [...claims.matchAll(/<tr><td><a href="#e\d+">E(\d+)<\/a><\/td>.*?<td class="[a-z]+">(holds|partly|does not hold)<\/td><\/tr>/g)];
    expect(rows.length).toBe(6);
    for (const [, n, verdict] of rows) expect(r.stdout).toMatch(new RegExp(`^E${n} .*  ${verdict}$`, 'm'));
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`done in ${/done in (\d+\.\d) s/.exec(r.stdout)![1]} s — the report with tables and pictures: ${join(out, 'report.html')}`);
    expect(r.stdout).not.toContain('\u001b[');
  }, 240_000);

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
    [['mnist', '--loss', 'knn', '--head', 'softmax'], /--head softmax needs --loss xent/],
    [['train', '--train-images', 'a.idx'], /give both --train-images F and --train-labels F/],
    [['train', '--csv', 'a.csv', '--train-images', 'a', '--train-labels', 'b'], /either IDX files .* or --csv/],
    [['train', '--conv', '4'], /--conv needs images/],
    [['train', '--shape', '1,2'], /--shape describes the rows/],
  ])('bad arguments %j: non-zero exit and one line', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^untangle: .* \[USAGE\]$/m);
    expect(r.stderr.trim().split('\n').length).toBe(1);
  });

  it('prints the stack of an error only with UNTANGLE_DEBUG=1', async () => {
    const plain = await run(['train', '--lr', 'abc']);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await run(['train', '--lr', 'abc'], { UNTANGLE_DEBUG: '1' });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^untangle: --lr expects a number, got 'abc' \[USAGE\]\n/);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it.each([
    ['train', ['train', '--epochs', '100000']],
    ['mnist', ['mnist', '--epochs', '1000']],
    ['experiment', ['experiment', 'e1']],
  ])('%s: an unwritable --out fails before any training, naming the path', async (_name, args) => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-cli-'));
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    for (const out of ['/proc/nope', join(file, 'sub')]) {
      const started = Date.now();
      const r = await run([...args, '--out', out]);
      const ms = Date.now() - started;
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toMatch(new RegExp(`^untangle: --out: cannot write to '${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' .*\\[BAD_OPTION\\]$`));
      // Nothing was trained: no progress line, and the time of a process start, not of a run.
      expect(r.stdout).not.toMatch(/epoch|runs|seed/);
      expect(ms).toBeLessThan(3000);
    }
  });

  it('train and mnist take IDX files (gzip and raw): dense and convolutional', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-cli-'));
    const train = await writeImages(dir, 'train', 200, 1);
    const test = await writeImages(dir, 'test', 60, 2);
    const files = ['--train-images', train.images, '--train-labels', train.labels, '--test-images', test.images, '--test-labels', test.labels];
    const dense = await run(['train', ...files, '--layers', '8', '--epochs', '20', '--out', join(dir, 'dense')]);
    expect(dense.code, dense.stderr).toBe(0);
    expect(dense.stdout).toMatch(/on train-images\.idx \(200 train, 60 test\)/);
    expect(Number(/test accuracy (\d+\.\d+)%/.exec(dense.stdout)![1])).toBeGreaterThan(90);
    const conv = await run(['train', ...files, '--conv', '4', '--layers', '8', '--epochs', '10', '--out', join(dir, 'conv')]);
    expect(conv.code, conv.stderr).toBe(0);
    expect(conv.stdout).toMatch(/training conv 4 \+ 8-2/);
    expect(Number(/test accuracy (\d+\.\d+)%/.exec(conv.stdout)![1])).toBeGreaterThan(90);
    const model = JSON.parse(await readFile(join(dir, 'conv', 'model.json'), 'utf8'));
    expect(JSON.stringify(model)).toContain('conv2d');
    const mnist = await run(['mnist', ...files, '--epochs', '2', '--batch', '16', '--out', join(dir, 'mnist')]);
    expect(mnist.code, mnist.stderr).toBe(0);
    expect(mnist.stdout).toMatch(/^seed\s+softmax test error %\s+k-NN test error %\s+difference\s+wall s$/m);
    expect(mnist.stdout).toMatch(/^\s+1\s+\d+\.\d\d\s+\d+\.\d\d\s+[+-]?\d+\.\d\d\s+\d+\.\d$/m);
    expect(mnist.stdout).not.toContain('{');
    const metrics = JSON.parse(await readFile(join(dir, 'mnist', 'metrics.json'), 'utf8'));
    expect(metrics.summary.seeds).toBe(1);
    expect(metrics.runs[0].testExamples).toBe(60);
  }, 120_000);

  it('train takes CSV rows as images with --shape', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-cli-'));
    let state = 7;
    const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const lines = ['label,' + Array.from({ length: 16 }, (_, i) => `p${i}`).join(',')];
    for (let i = 0; i < 120; i++) {
      const c = i % 2;
      lines.push([c === 0 ? 'left' : 'right', ...Array.from({ length: 16 }, (_, p) => ((p % 4 < 2) === (c === 0) ? 0.8 : 0.1) + 0.2 * rand())].join(','));
    }
    const csv = join(dir, 'images.csv');
    await writeFile(csv, lines.join('\n') + '\n');
    const r = await run(['train', '--csv', csv, '--label', 'label', '--shape', '1,4,4', '--conv', '3', '--layers', '4', '--epochs', '15']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/training conv 3 \+ 4-2/);
    const bad = await run(['train', '--csv', csv, '--label', 'label', '--shape', '1,4,5', '--conv', '3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shape 1,4,5 has 20 values, but each row of the data has 16/);
  }, 60_000);

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
