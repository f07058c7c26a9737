/**
 * Training time per example of the MNIST networks (bench/mnist-networks.ts)
 * relative to 'baseline', one thread, in one process: each network trains
 * the same 6 400 images (100 steps of 64) in turn, for several rounds, and
 * the fastest round of each counts. On a shared machine a busy spell slows
 * every network alike, so the ratio holds where the seconds do not; times the
 * baseline's quiet-machine 44 s an epoch, it estimates a quiet epoch.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/mnist-epoch-ratio.ts [--rounds 3] [--batch 64] [names…]
 */
import { loadavg } from 'node:os';
import { createEngine } from '../src/engine/engine.js';
import { loadMnist } from '../src/data/mnist.js';
import { Model } from '../src/model/model.js';
import { Trainer } from '../src/train/trainer.js';
import { numberArgument } from './mnist-budget.js';
import { MNIST_NETWORKS, mnistNetwork } from './mnist-networks.js';
import { writeResults } from './timing.js';

/** Seconds of one quiet-machine epoch of 'baseline' (bench/results/mnist-residual.md, load 0.9). */
const BASELINE_QUIET_EPOCH_S = 44;

const rounds = numberArgument('rounds', 3);
const batchSize = numberArgument('batch', 64);
const names = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const chosen = ['baseline', ...(names.length ? names : Object.keys(MNIST_NETWORKS)).filter((n) => n !== 'baseline')];

const engine = await createEngine({ variant: 'relaxed' });
const data = await loadMnist({ split: 'train', limit: 6400 });
const trainers = chosen.map((name) => {
  const model = Model.create(engine, { inputs: { channels: 1, height: 28, width: 28 }, layers: mnistNetwork(name), seed: 1 });
  return new Trainer(model, data, { optimizer: 'adam', learningRate: 1e-3, batchSize, seed: 1 });
});
trainers.forEach((t) => t.epoch()); // warm-up: tier-up of the wasm and the JS around it
const best = chosen.map(() => Infinity);
const loads: string[] = [];
for (let round = 0; round < rounds; round++) {
  trainers.forEach((t, i) => {
    const t0 = performance.now();
    t.epoch();
    best[i] = Math.min(best[i]!, (performance.now() - t0) / 1000);
  });
  loads.push(loadavg()[0]!.toFixed(2));
  console.log(`round ${round + 1}: ${chosen.map((n, i) => `${n} ${best[i]!.toFixed(2)} s`).join(', ')}; load ${loads[loads.length - 1]}`);
}
trainers.forEach((t) => t.dispose());
const rows = chosen.map((name, i) => ({
  network: name, 'fastest round s': best[i]!, 'ratio to baseline': best[i]! / best[0]!,
  'quiet epoch s (est.)': (best[i]! / best[0]!) * BASELINE_QUIET_EPOCH_S, params: Model.create(engine, { inputs: { channels: 1, height: 28, width: 28 }, layers: mnistNetwork(name), seed: 1 }).paramCount,
}));
console.log(writeResults('mnist-epoch-ratio', rows, Object.keys(rows[0]!), [
  `one thread, relaxed SIMD; ${data.n} images a round, batch ${batchSize}, Adam; fastest of ${rounds} rounds taking turns; load after each round: ${loads.join(', ')}`,
  `quiet epoch s (est.): ratio × ${BASELINE_QUIET_EPOCH_S} s, the baseline's 60 000-image epoch on a quiet machine`,
]));
