/**
 * Convnet inference at batch 256 (the `npm run bench` inference rows: ConvNetJS's
 * MNIST net and LeNet-5, then E7's network without a tfjs-wasm side) for tfjs-wasm, this checkout and, with --baseline,
 * another checkout (its own source and build/), all in one process, taking turns
 * call by call (each round led by the next side) so that load drift and cache state hit every side alike. The figures that count
 * are the ratios of medians from this same run.
 *
 * A baseline checkout: mkdir DIR && git archive <commit> | tar -x -C DIR &&
 *   ln -s "$PWD/node_modules" DIR/ && (cd DIR && npm run build:wasm)
 *   node --experimental-wasm-relaxed-simd --import tsx bench/inference-ab.ts [--baseline DIR] [--rounds 15] [--variant relaxed|simd]
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEngine } from '../src/engine/engine.js';
import { Model } from '../src/model/model.js';
import { setupTfjs } from './peers/tfjs.js';
import { CONV_NETS, blobImages, tfjsConvTrainer } from './peers/conv-nets.js';
import { convLayers } from '../src/bench/conv-nets.js';
import { mnistNetwork } from '../src/experiments/mnist.js';
import { argument, writeResults, type Row } from './timing.js';

const rounds = Number(argument('rounds', '15'));
const variant = argument('variant', 'relaxed') as 'simd' | 'relaxed';
const baselineDir = argument('baseline');

interface Predictor { predict(x: Float32Array): Float32Array }
type Build = (spec: { inputs: unknown; layers: unknown; seed: number }) => Predictor;

async function side(dir: string | null): Promise<Build> {
  if (!dir) {
    const engine = await createEngine({ variant });
    return (spec) => Model.create(engine, spec as never);
  }
  const url = (p: string) => pathToFileURL(resolve(dir, p)).href;
  const engineModule = await import(url('src/engine/engine.ts'));
  const modelModule = await import(url('src/model/model.ts'));
  const engine = await engineModule.createEngine({ variant });
  return (spec) => modelModule.Model.create(engine, spec);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const time = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

await setupTfjs('wasm');
const ours = await side(null);
const base = baselineDir ? await side(baselineDir) : null;
const rows: Row[] = [];
const loads = [loadavg()[0]!];
const rate = (ms: number[]) => 256 / (median(ms) / 1000);
for (const net of [...CONV_NETS, { name: 'e7-network', size: 28 }]) {
  const data = blobImages(512, net.size, 2);
  const x = data.x.subarray(0, 256 * net.size * net.size);
  const layers = 'lr' in net ? convLayers(net.name) : mnistNetwork('softmax');
  const spec = { inputs: { channels: 1, height: net.size, width: net.size }, layers, seed: 1 };
  const tfjs = 'lr' in net ? tfjsConvTrainer(net, data) : null;
  const a = ours(spec), b = base?.(spec);
  if (b) {
    const pa = a.predict(x), pb = b.predict(x);
    if (pa.some((v, i) => !(Math.abs(v - pb[i]!) <= 1e-4))) throw new Error(`${net.name}: this checkout and the baseline predict differently`);
  }
  for (let i = 0; i < 3; i++) { tfjs?.infer256(); a.predict(x); b?.predict(x); }
  const t: number[] = [], o: number[] = [], s: number[] = [];
  // Each round starts with another side: the side that runs right after tfjs-wasm finds the
  // caches full of tfjs's data (a copy of this checkout as the baseline read 0.85-0.92x when
  // this side always came second).
  const sides: (() => void)[] = [() => o.push(time(() => a.predict(x)))];
  if (b) sides.push(() => s.push(time(() => b.predict(x))));
  if (tfjs) sides.push(() => t.push(time(() => tfjs.infer256())));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < sides.length; i++) sides[(r + i) % sides.length]!();
  }
  tfjs?.dispose();
  loads.push(loadavg()[0]!);
  const row = {
    net: net.name, tfjs: tfjs ? rate(t) : null, ours: rate(o), base: b ? rate(s) : null,
    oursVsTfjs: tfjs ? median(t) / median(o) : null, baseVsTfjs: tfjs && b ? median(t) / median(s) : null, oursVsBase: b ? median(s) / median(o) : null,
  };
  console.log(JSON.stringify(row));
  rows.push(row);
}

console.log(writeResults(`inference-ab-${variant}`, rows, [
  'net', { key: 'tfjs', title: 'tfjs-wasm ex/s', digits: 0 }, { key: 'ours', title: 'this ex/s', digits: 0 }, { key: 'base', title: 'baseline ex/s', digits: 0 },
  { key: 'oursVsTfjs', title: 'this × tfjs-wasm', digits: 2 }, { key: 'baseVsTfjs', title: 'baseline × tfjs-wasm', digits: 2 }, { key: 'oursVsBase', title: 'this × baseline', digits: 2 },
], [
  `inference of 256 synthetic images (one call), ${variant} build, one thread; median of ${rounds} calls per side, the sides taking turns call by call, each round led by the next side`,
  baselineDir ? `baseline: ${baselineDir} (its own source and build/)` : 'no baseline',
  `load average (1 min) while it ran: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on 2 cores shared with other work`,
  `command: node --experimental-wasm-relaxed-simd --import tsx bench/inference-ab.ts${baselineDir ? ` --baseline ${baselineDir}` : ''} --rounds ${rounds} --variant ${variant}`,
]));
