/**
 * Threads in Node, everything measured in one process (ratios, not absolute
 * figures, are what survive a shared machine):
 *  - start-up: create a data-parallel run and finish its first step, on threads
 *    started for the run (cold) and on a warm pool;
 *  - a 3-epoch run on two threads (cold and warm) against `fit` on this thread;
 *  - training throughput, one epoch: fit vs fitParallel on 2 warm threads;
 *  - prediction of a large batch: model.predict vs predictParallel on 2 warm
 *    threads, after checking the bits are the same.
 * Nets: LeNet-5-like and E7's network on synthetic 1×28×28 images.
 * The threads run dist/train-worker.js: `npm run build:js` first.
 *
 *   node --import tsx bench/parallel.ts [--rounds 3] [--predict 2048]
 */
import { createEngine } from '../src/engine/engine.js';
import { Model } from '../src/model/model.js';
import type { LayerSpec } from '../src/model/model.js';
import type { Dataset } from '../src/data/dataset.js';
import { fit } from '../src/train/trainer.js';
import { fitParallel, ParallelTrainer } from '../src/train/parallel.js';
import { predictParallel } from '../src/train/predict-parallel.js';
import { createWorkerPool, type WorkerPool } from '../src/threads/pool.js';
import { mnistNetwork } from '../src/experiments/mnist.js';
import { argument, writeResults, type Row } from './timing.js';

const rounds = Number(argument('rounds', '3'));
const predictN = Number(argument('predict', '2048'));

const NETS: { name: string; layers: LayerSpec[] }[] = [
  {
    name: 'LeNet-5-like',
    layers: [
      { type: 'conv2d', filters: 6, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 16, kernel: 5, activation: 'relu' }, { type: 'maxpool', size: 2 },
      { type: 'dense', units: 120, activation: 'relu' }, { type: 'dense', units: 84, activation: 'relu' }, { type: 'dense', units: 10 },
    ],
  },
  { name: "E7's network", layers: mnistNetwork('softmax') },
];
const image = { channels: 1, height: 28, width: 28 };

function images(n: number): Dataset {
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const x = new Float32Array(n * 784).map(() => next());
  const y = Int32Array.from({ length: n }, (_, i) => i % 10);
  return { name: 'synthetic', x, y, n, dim: 784, classes: 10, domain: { min: [0], max: [1] }, params: {} };
}

const now = () => performance.now();
const best = (xs: number[]) => Math.min(...xs);

/** ms from asking for a run to the end of its first step (one batch of 64). */
async function startUp(model: Model, pool: WorkerPool | undefined): Promise<number> {
  const data = images(64);
  const t0 = now();
  const trainer = await ParallelTrainer.create(model, data, { batchSize: 64, epochs: 1, seed: 1, workers: 2, ...(pool ? { pool } : {}) });
  await trainer.epoch();
  const ms = now() - t0;
  await trainer.dispose();
  return ms;
}

async function main(): Promise<void> {
  const engine = await createEngine({ variant: 'simd' });
  const pool = await createWorkerPool({ workers: 2 });
  const rows: Row[] = [];
  try {
    for (const net of NETS) {
      const model = Model.create(engine, { inputs: image, layers: net.layers, seed: 1 });
      // Start-up, cold and warm, alternating.
      const cold: number[] = [], warm: number[] = [];
      for (let r = 0; r < rounds; r++) {
        cold.push(await startUp(model, undefined));
        warm.push(await startUp(model, pool));
      }
      rows.push({ net: net.name, measure: 'start-up → first step, 2 threads (ms)', one: null, cold: best(cold), warm: best(warm), ratio: best(cold) / best(warm) });

      // A short run: 3 epochs of 1,024 images, batch 64.
      const data = images(1024);
      const options = { epochs: 3, batchSize: 64, seed: 2, learningRate: 0.001 };
      const one: number[] = [], parCold: number[] = [], parWarm: number[] = [];
      for (let r = 0; r < rounds; r++) {
        let m = Model.create(engine, { inputs: image, layers: net.layers, seed: 1 });
        let t0 = now(); fit(m, data, options); one.push(now() - t0); m.dispose();
        m = Model.create(engine, { inputs: image, layers: net.layers, seed: 1 });
        t0 = now(); await fitParallel(m, data, { ...options, workers: 2 }); parCold.push(now() - t0); m.dispose();
        m = Model.create(engine, { inputs: image, layers: net.layers, seed: 1 });
        t0 = now(); await fitParallel(m, data, { ...options, pool }); parWarm.push(now() - t0); m.dispose();
      }
      rows.push({ net: net.name, measure: '3 epochs × 1,024 images, batch 64 (ms)', one: best(one), cold: best(parCold), warm: best(parWarm), ratio: best(one) / best(parWarm) });

      // Prediction of a large batch.
      const x = images(predictN).x;
      const expected = model.predict(x);
      const got = await predictParallel(model, x, { pool });
      if (!Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))) throw new Error(`${net.name}: predictParallel differs from predict`);
      const serial: number[] = [], parallel: number[] = [];
      for (let r = 0; r < rounds; r++) {
        let t0 = now(); model.predict(x); serial.push(now() - t0);
        t0 = now(); await predictParallel(model, x, { pool }); parallel.push(now() - t0);
      }
      rows.push({ net: net.name, measure: `predict ${predictN} images (ms)`, one: best(serial), cold: null, warm: best(parallel), ratio: best(serial) / best(parallel) });
      model.dispose();
      console.log(rows.slice(-3).map((r) => JSON.stringify(r)).join('\n'));
    }
  } finally {
    await pool.dispose();
  }
  const table = writeResults('parallel', rows, [
    'net', 'measure',
    { key: 'one', title: 'this thread', digits: 0 }, { key: 'cold', title: '2 threads, cold', digits: 0 },
    { key: 'warm', title: '2 threads, warm pool', digits: 0 }, { key: 'ratio', title: 'ratio', digits: 2 },
  ], [
    `best of ${rounds} rounds, alternating sides; wasm simd; ratio = cold/warm for start-up, this thread / warm pool otherwise`,
    'cold: threads started for the run (fitParallel without a pool); warm: a pool created once (createWorkerPool)',
  ]);
  console.log(table);
}

await main();
