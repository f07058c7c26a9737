/**
 * Convnet training against PyTorch (one torch thread, bench/peers/pytorch.py)
 * in alternating rounds: PyTorch's process, then Untangle's trainers in this
 * one, round after round, so drifting machine load hits both; per round the
 * ratio Untangle / PyTorch of training examples/s, then the median over
 * rounds. Both nets of bench/peers/conv-nets.ts (ConvNetJS's MNIST net,
 * LeNet-5), SGD with momentum, whole batches only; each trainer must lower its
 * loss before it is timed.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/convnet-pytorch.ts [--rounds 3] [--variants simd,relaxed]
 */
import { createEngine, type Engine } from '../src/engine/engine.js';
import type { WasmVariant } from '../src/engine/features.js';
import { CONV_NETS, blobImages } from './peers/conv-nets.js';
import { untangleConvTrainer } from './untangle/conv-nets.js';
import { runPytorch } from './peers/pytorch.js';
import { argument, measure, writeResults, type Row } from './timing.js';

const rounds = Number(argument('rounds', '3'));
const variants = argument('variants', 'simd,relaxed').split(',') as WasmVariant[];
const engines: [WasmVariant, Engine][] = [];
for (const v of variants) engines.push([v, await createEngine({ variant: v })]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;

const rows: Row[] = [];
const ratios = new Map<string, number[]>();
for (let r = 1; r <= rounds; r++) {
  const torch = runPytorch(false);
  if (typeof torch === 'string') throw new Error(torch);
  for (const net of CONV_NETS) {
    const torchRate = torch.rows.find((t) => t.workload === `${net.name} train`)!.median;
    rows.push({ round: r, net: net.name, who: `pytorch ${torch.version}`, rate: torchRate });
    const data = blobImages(1920, net.size);
    for (const [variant, engine] of engines) {
      const t = untangleConvTrainer(engine, net, data);
      try {
        const before = t.loss(100);
        for (let i = 0; i < 100; i++) t.step();
        const after = t.loss(100);
        if (!(after < 0.95 * before)) throw new Error(`untangle ${net.name}: loss ${before.toFixed(3)} → ${after.toFixed(3)}; it does not learn`);
        const m = measure(() => t.step(), { warmup: 5, minTime: 1 });
        const rate = t.batch / (m.medianMs / 1000);
        const key = `${net.name} ${variant}`;
        ratios.set(key, [...(ratios.get(key) ?? []), rate / torchRate]);
        rows.push({ round: r, net: net.name, who: `untangle ${variant}`, rate, vsPytorch: rate / torchRate });
        console.log(JSON.stringify(rows.at(-1)));
      } finally {
        t.dispose();
      }
    }
  }
}
for (const [key, xs] of ratios) rows.push({ round: 'median', net: key.split(' ')[0], who: `untangle ${key.split(' ')[1]}`, vsPytorch: median(xs) });
console.log(writeResults('convnet-pytorch', rows, [
  'round', 'net', 'who', { key: 'rate', title: 'training examples/s', digits: 0 }, { key: 'vsPytorch', title: '× PyTorch', digits: 2 },
], [
  'convnet training, one thread each, SGD with momentum, examples/s of one step (median); PyTorch in its own process just before Untangle in each round',
  `command: node --experimental-wasm-relaxed-simd --import tsx bench/convnet-pytorch.ts --rounds ${rounds} --variants ${variants.join(',')}`,
  'median: the middle round of the ratios (of an even count the lower)',
]));
