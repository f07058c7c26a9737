/**
 * What the skip connection costs, one thread: training steps of the MNIST
 * residual convnet against the same network with the block's inner layers
 * inline (no skip), same parameters, timed in alternating rounds in one process.
 * Checked before timing: the block's output is the inline layers' output plus
 * the block's input. Writes bench/results/residual-relaxed.{json,md}.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/residual.ts
 */
import { createEngine } from '../src/engine/engine.js';
import { Random } from '../src/engine/random.js';
import type { Dataset } from '../src/data/dataset.js';
import { Model, type LayerSpec } from '../src/model/model.js';
import { Trainer } from '../src/train/trainer.js';
import { measure, writeResults } from './timing.js';

const INNER: LayerSpec[] = [{ type: 'conv2d', filters: 16, kernel: 3, padding: 1, activation: 'relu' }, { type: 'batchnorm' }];
const head: LayerSpec[] = [{ type: 'conv2d', filters: 16, kernel: 5, padding: 2, activation: 'relu' }, { type: 'batchnorm' }, { type: 'maxpool', size: 2 }];
const tail: LayerSpec[] = [{ type: 'conv2d', filters: 32, kernel: 3, padding: 1, activation: 'relu' }, { type: 'batchnorm' }, { type: 'maxpool', size: 2 }, { type: 'dense', units: 10 }];
const input = { channels: 1, height: 28, width: 28 };
const BATCH = 64, N = 8 * BATCH, ROUNDS = 5;

function randomImages(seed: number): Dataset {
  const r = new Random(seed), dim = 28 * 28;
  const x = new Float32Array(N * dim).map(() => r.range(0, 1));
  return { name: 'random images', x, y: new Int32Array(N).map((_, i) => i % 10), n: N, dim, classes: 10, domain: { min: new Array(dim).fill(0), max: new Array(dim).fill(1) }, params: { seed } };
}

async function main(): Promise<void> {
  const engine = await createEngine({ variant: 'relaxed' });
  const residual = Model.create(engine, { inputs: input, layers: [...head, { type: 'residual', layers: INNER }, ...tail], seed: 1 });
  const inline = Model.create(engine, { inputs: input, layers: [...head, ...INNER, ...tail], seed: 1 });
  const data = randomImages(3);
  // Same parameter layout (the block adds none): the block's output must be inline's inner output + the block's input.
  inline.setParameters(residual.getParameters());
  const probe = data.x.subarray(0, 5 * data.dim);
  const [blockIn, block] = residual.layerOutputsAt(probe, [2, 3]);
  const innerOut = inline.layerOutputsAt(probe, [4])[0]!;
  const worst = block!.reduce((w, v, i) => Math.max(w, Math.abs(v - (innerOut[i]! + blockIn![i]!))), 0);
  if (!(worst < 1e-5)) throw new Error(`residual block output differs from inner + input by ${worst}`);
  const trainers = { residual: new Trainer(residual, data, { optimizer: 'adam', batchSize: BATCH, seed: 1 }), inline: new Trainer(inline, data, { optimizer: 'adam', batchSize: BATCH, seed: 1 }) };
  const ms: Record<'residual' | 'inline', number[]> = { residual: [], inline: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const who of ['residual', 'inline'] as const) ms[who].push(measure(() => trainers[who].epoch(), { minTime: 0.5 }).medianMs);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const rate = (who: 'residual' | 'inline') => N / (median(ms[who]) / 1000);
  const rows = (['residual', 'inline'] as const).map((who) => ({ network: who === 'residual' ? 'with the residual block' : 'inner layers inline (no skip)', 'examples/s': rate(who), 'vs inline': rate(who) / rate('inline') }));
  console.log(writeResults('residual-relaxed', rows, ['network', 'examples/s', 'vs inline'], [
    `one thread, relaxed SIMD; Adam training steps, batch ${BATCH}, ${N} random 28×28 images per timed epoch; median over ${ROUNDS} alternating rounds`,
    `network: ${JSON.stringify([...head, { type: 'residual', layers: INNER }, ...tail])}`,
    `per-round epoch ms: residual ${ms.residual.map((v) => v.toFixed(0)).join(', ')}; inline ${ms.inline.map((v) => v.toFixed(0)).join(', ')}`,
    `checked first: block output = inline inner output + block input (worst |diff| ${worst.toExponential(1)})`,
  ]));
}

await main();
