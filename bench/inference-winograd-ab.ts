/**
 * What Winograd F(4, 5) prediction (assembly/kernels/conv_winograd.ts) gives
 * whole networks: two copies of each benchmark net on ONE engine of this build,
 * one predicting as src/model/conv-cost.ts decides, the other with its layers'
 * Winograd choice turned off (the direct kernel, as before), taking turns call
 * by call, each round led by the other side. One engine and one build, so the
 * ratio is free of the two-engine bias inference-ab.ts shows against a copy of
 * itself. Inference of 256 synthetic images per call, one thread.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/inference-winograd-ab.ts [--rounds 21] [--variant simd]
 */
import { loadavg } from 'node:os';
import { createEngine } from '../src/engine/engine.js';
import { Model, type LayerSpec } from '../src/model/model.js';
import { convLayers } from '../src/bench/conv-nets.js';
import { mnistNetwork } from '../src/experiments/mnist.js';
import { blobImages } from './peers/conv-nets.js';
import { argument, writeResults, type Row } from './timing.js';

const rounds = Number(argument('rounds', '21'));
const variant = argument('variant', 'relaxed') as 'simd' | 'relaxed';
const NETS: { net: string; size: number; layers: LayerSpec[] }[] = [
  { net: 'convnetjs-mnist', size: 24, layers: convLayers('convnetjs-mnist') },
  { net: 'lenet5', size: 28, layers: convLayers('lenet5') },
  { net: 'e7-network', size: 28, layers: mnistNetwork('softmax') },
];

const engine = await createEngine({ variant });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const time = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

const rows: Row[] = [];
const loads = [loadavg()[0]!];
for (const { net, size, layers } of NETS) {
  const x = blobImages(256, size, 2).x;
  const spec = { inputs: { channels: 1, height: size, width: size }, layers, seed: 1 };
  const winograd = Model.create(engine, spec), direct = Model.create(engine, spec);
  // The choice is read when the prediction plan is built (first predict): turn it off before.
  let switched = 0;
  for (const layer of direct.layers) {
    if ((layer as unknown as { winogradPrediction?: boolean }).winogradPrediction) {
      Object.defineProperty(layer, 'winogradPrediction', { get: () => false });
      switched++;
    }
  }
  const pw = winograd.predict(x), pd = direct.predict(x);
  if (pw.some((v, i) => !(Math.abs(v - pd[i]!) <= 1e-4))) throw new Error(`${net}: the two paths predict differently`);
  for (let i = 0; i < 3; i++) { winograd.predict(x); direct.predict(x); }
  const tw: number[] = [], td: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const w = () => tw.push(time(() => winograd.predict(x))), d = () => td.push(time(() => direct.predict(x)));
    if (r % 2 === 0) { w(); d(); } else { d(); w(); }
  }
  loads.push(loadavg()[0]!);
  const row = { net, layers: switched, direct: 256 / (median(td) / 1000), winograd: 256 / (median(tw) / 1000), ratio: median(td) / median(tw) };
  console.log(JSON.stringify(row));
  rows.push(row);
  winograd.dispose();
  direct.dispose();
}

console.log(writeResults(`inference-winograd-ab-${variant}`, rows, [
  'net', { key: 'layers', title: 'Winograd layers' }, { key: 'direct', title: 'direct ex/s', digits: 0 },
  { key: 'winograd', title: 'Winograd ex/s', digits: 0 }, { key: 'ratio', title: 'Winograd × direct', digits: 2 },
], [
  `inference of 256 synthetic images (one call), ${variant} build, one thread, one engine; median of ${rounds} calls per side, taking turns, each round led by the other side`,
  `load average (1 min) while it ran: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on 2 cores shared with other work`,
  `command: node --experimental-wasm-relaxed-simd --import tsx bench/inference-winograd-ab.ts --rounds ${rounds} --variant ${variant}`,
]));
