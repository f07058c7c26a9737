/**
 * predictParallel on a warm pool of 2 threads against model.predict on this
 * thread, for large batches of LeNet-5 and E7's network. One process, the two
 * sides alternating call by call, so both see the same load; the figure that
 * counts is the ratio of the medians. The bits are checked before timing.
 * The threads run dist/train-worker.js: `npm run build:js` first.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/predict-parallel.ts [--rounds 7] [--batches 1024,2048,4096]
 */
import { createEngine } from '../src/engine/engine.js';
import { Model, type LayerSpec } from '../src/model/model.js';
import { predictParallel } from '../src/train/predict-parallel.js';
import { createWorkerPool } from '../src/threads/pool.js';
import { mnistNetwork } from '../src/experiments/mnist.js';
import { convLayers, blobImages } from '../src/bench/conv-nets.js';
import { argument, writeResults, type Row } from './timing.js';
import { loadavg } from 'node:os';

const rounds = Number(argument('rounds', '7'));
const batches = argument('batches', '1024,2048,4096').split(',').map(Number);
const variant = argument('variant', 'relaxed') as 'simd' | 'relaxed';

const NETS: { name: string; size: number; layers: LayerSpec[] }[] = [
  { name: 'LeNet-5', size: 28, layers: convLayers('lenet5') },
  { name: "E7's network", size: 28, layers: mnistNetwork('softmax') },
];

const now = () => performance.now();
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const engine = await createEngine({ variant });
const pool = await createWorkerPool({ workers: 2 });
const rows: Row[] = [];
const loads: number[] = [loadavg()[0]!];
try {
  for (const net of NETS) {
    const model = Model.create(engine, { inputs: { channels: 1, height: net.size, width: net.size }, layers: net.layers, seed: 1 });
    for (const n of batches) {
      const { x } = blobImages(n, net.size, 3);
      const expected = model.predict(x);
      const got = await predictParallel(model, x, { pool });
      if (!Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))) throw new Error(`${net.name}: predictParallel differs from predict`);
      const one: number[] = [], two: number[] = [];
      // CPU time of the whole process (worker threads included): what the work costs whatever the load.
      const cpuOne: number[] = [], cpuTwo: number[] = [];
      for (let r = 0; r < rounds; r++) {
        let t0 = now(), c0 = cpuMs();
        model.predict(x);
        one.push(now() - t0);
        cpuOne.push(cpuMs() - c0);
        t0 = now();
        c0 = cpuMs();
        await predictParallel(model, x, { pool });
        two.push(now() - t0);
        cpuTwo.push(cpuMs() - c0);
      }
      const row = {
        net: net.name, batch: n, one: median(one), two: median(two), ratio: median(one) / median(two),
        cpu: median(cpuTwo) / median(cpuOne), bound: (2 * median(cpuOne)) / median(cpuTwo), load: loadavg()[0]!,
      };
      loads.push(row.load);
      console.log(JSON.stringify(row));
      rows.push(row);
    }
    model.dispose();
  }
} finally {
  await pool.dispose();
}

console.log(writeResults(`predict-parallel-${variant}`, rows, [
  'net', { key: 'batch' },
  { key: 'one', title: 'model.predict (ms)', digits: 1 },
  { key: 'two', title: 'predictParallel, 2 warm threads (ms)', digits: 1 },
  { key: 'ratio', title: '× one thread', digits: 2 },
  { key: 'cpu', title: 'CPU time, 2 threads / 1', digits: 2 },
  { key: 'bound', title: '× one thread with 2 free cores, at most', digits: 2 },
  { key: 'load', title: 'load (1 min)', digits: 2 },
], [
  `median of ${rounds} calls per side, the sides alternating call by call in one process; ${variant} build; seed-1 weights, blob images`,
  'ratio = median one-thread time / median two-thread time, from the same run',
  'CPU time: user + system of the whole process (its threads included) per call; 2 × one-thread CPU / two-thread CPU bounds the speed-up two free cores could give, since the work cannot spread wider than the CPU it takes',
  `command: node --experimental-wasm-relaxed-simd --import tsx bench/predict-parallel.ts --rounds ${rounds} --batches ${batches.join(',')} --variant ${variant}`,
  `load average (1 min) while it ran: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} on ${2} cores shared with other work`,
]));
