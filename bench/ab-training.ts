/**
 * Same-machine A/B of whole training steps: this checkout against another one
 * (a previous commit, checked out and built with `npm run build:wasm`), in one
 * process, alternating rounds so that drift in the machine's speed hits both
 * alike. Networks: ConvNetJS's MNIST net (batch 20, momentum), LeNet-5 (batch
 * 64, momentum) and E7's network (batch 64, Adam), on the same synthetic images.
 * Prints examples/s per side (median over rounds) and the ratio this/baseline.
 *
 *   git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npm run build:wasm)
 *   node --experimental-wasm-relaxed-simd --import tsx bench/ab-training.ts --baseline /tmp/base [--variant simd] [--rounds 7]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { argument, measure, writeResults, type Row } from './timing.js';

const baselineDir = argument('baseline');
if (!baselineDir) throw new Error('ab-training: pass --baseline DIR (another checkout of untangle, built)');
const variant = argument('variant', 'relaxed');
const rounds = Number(argument('rounds', '5'));

interface Side {
  label: string;
  createEngine: (o: { variant: string }) => Promise<unknown>;
  Model: { create(engine: unknown, spec: unknown): { dispose(): void } };
  Trainer: new (model: unknown, data: unknown, options: unknown) => { step(): unknown; dispose(): void };
}

async function load(dir: string, label: string): Promise<Side> {
  const url = (p: string) => pathToFileURL(resolve(dir, p)).href;
  const engine = await import(url('src/engine/engine.ts'));
  const model = await import(url('src/model/model.ts'));
  const trainer = await import(url('src/train/trainer.ts'));
  return { label, createEngine: engine.createEngine, Model: model.Model, Trainer: trainer.Trainer };
}

const NETS = [
  {
    name: 'ConvNetJS MNIST net', size: 24, batch: 20, options: { optimizer: 'momentum', momentum: 0.9, learningRate: 0.01 },
    layers: [
      { type: 'conv2d', filters: 8, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 16, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 3 },
      { type: 'dense', units: 10 },
    ],
  },
  {
    name: 'LeNet-5', size: 28, batch: 64, options: { optimizer: 'momentum', momentum: 0.9, learningRate: 0.01 },
    layers: [
      { type: 'conv2d', filters: 20, kernel: 5, activation: 'linear' }, { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 50, kernel: 5, activation: 'linear' }, { type: 'maxpool', size: 2 },
      { type: 'dense', units: 500, activation: 'relu' }, { type: 'dense', units: 10 },
    ],
  },
  {
    name: "E7's network", size: 28, batch: 64, options: { optimizer: 'adam', learningRate: 0.001 },
    layers: [
      { type: 'conv2d', filters: 12, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 24, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 2 },
      { type: 'dense', units: 128, activation: 'relu' }, { type: 'dense', units: 10, activation: 'linear' },
    ],
  },
];

function images(n: number, size: number): { x: Float32Array; y: Int32Array } {
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const x = new Float32Array(n * size * size).map(() => next());
  const y = Int32Array.from({ length: n }, (_, i) => i % 10);
  return { x, y };
}

async function main(): Promise<void> {
  const sides = [await load('.', 'this'), await load(baselineDir!, 'baseline')];
  const rows: Row[] = [];
  for (const net of NETS) {
    const n = net.batch * 16;
    const { x, y } = images(n, net.size);
    const data = { name: 'images', x, y, n, dim: net.size * net.size, classes: 10, domain: { min: [0], max: [1] }, params: {} };
    const trainers = await Promise.all(sides.map(async (side) => {
      const engine = await side.createEngine({ variant });
      const model = side.Model.create(engine, { inputs: { channels: 1, height: net.size, width: net.size }, layers: net.layers, seed: 1 });
      return { side, model, trainer: new side.Trainer(model, data, { ...net.options, batchSize: net.batch }) };
    }));
    const rates: number[][] = trainers.map(() => []);
    for (let r = 0; r < rounds; r++) {
      trainers.forEach((t, i) => {
        const m = measure(() => t.trainer.step(), { minTime: 0.4, warmup: r === 0 ? 10 : 2 });
        rates[i]!.push(net.batch / (m.medianMs / 1000));
      });
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    const [mine, base] = rates.map(median) as [number, number];
    rows.push({ network: net.name, batch: net.batch, 'this examples/s': mine, 'baseline examples/s': base, 'this/baseline': mine / base });
    console.log(`${net.name.padEnd(22)} this ${mine.toFixed(0).padStart(7)}  baseline ${base.toFixed(0).padStart(7)}  ratio ${(mine / base).toFixed(3)}`);
    for (const t of trainers) { t.trainer.dispose(); t.model.dispose(); }
  }
  writeResults(`ab-training-${variant}`, rows, ['network', 'batch', 'this examples/s', 'baseline examples/s', 'this/baseline'],
    [`wasm variant ${variant}; baseline: ${baselineDir}; median over ${rounds} alternating rounds`]);
}

await main();
