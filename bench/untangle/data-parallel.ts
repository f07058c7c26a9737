/**
 * Data-parallel training against one thread: E7's network (two convolutions,
 * src/experiments/mnist.ts) on synthetic 28×28 images, batch 64, Adam — the
 * examples/s of whole epochs on one thread (`Trainer`) and on 1 and 2 worker
 * threads (`ParallelTrainer`). The only benchmark here that uses both cores.
 */
import type { Engine } from '../../src/engine/engine.js';
import { mnistNetwork } from '../../src/experiments/mnist.js';
import { Model } from '../../src/model/model.js';
import { Trainer } from '../../src/train/trainer.js';
import { ParallelTrainer } from '../../src/train/parallel.js';
import type { EpochReport } from '../../src/train/options.js';
import { blobImages } from '../peers/conv-nets.js';

export interface DataParallelRate {
  label: string;
  threads: number;
  /** Median and best examples/s over the timed epochs. */
  median: number;
  best: number;
}

interface EpochRunner {
  epoch(): EpochReport | Promise<EpochReport>;
  dispose(): void | Promise<void>;
}

export async function benchDataParallel(engine: Engine, n: number, epochs: number): Promise<DataParallelRate[]> {
  const images = blobImages(n, 28);
  const data = { name: 'blobs', x: images.x, y: images.y, n, dim: 28 * 28, classes: 10, domain: { min: [0], max: [1] }, params: {} };
  const options = { batchSize: 64, optimizer: 'adam' as const, learningRate: 1e-3, seed: 1 };
  const name = `untangle-${engine.variant}`;
  const runners: [string, number, (model: Model) => Promise<EpochRunner>][] = [
    [`${name}, one thread`, 1, async (m) => new Trainer(m, data, options)],
    [`${name}, 1 worker`, 1, (m) => ParallelTrainer.create(m, data, { ...options, workers: 1 })],
    [`${name}, 2 workers`, 2, (m) => ParallelTrainer.create(m, data, { ...options, workers: 2 })],
  ];
  const rates: DataParallelRate[] = [];
  for (const [label, threads, make] of runners) {
    const model = Model.create(engine, { inputs: { channels: 1, height: 28, width: 28 }, layers: mnistNetwork('softmax'), seed: 1 });
    const trainer = await make(model);
    try {
      const first = await trainer.epoch(); // warm-up (tier-up of the wasm code)
      const perEpoch: number[] = [];
      let last = first;
      for (let e = 0; e < epochs; e++) {
        const t0 = performance.now();
        last = await trainer.epoch();
        perEpoch.push(performance.now() - t0);
      }
      if (!(last.loss < first.loss)) throw new Error(`${label}: loss ${first.loss} → ${last.loss}; it does not learn`);
      perEpoch.sort((a, b) => a - b);
      rates.push({ label, threads, median: n / (perEpoch[Math.floor(perEpoch.length / 2)]! / 1000), best: n / (perEpoch[0]! / 1000) });
    } finally {
      await trainer.dispose();
      model.dispose();
    }
  }
  return rates;
}
