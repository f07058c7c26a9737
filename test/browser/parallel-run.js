/**
 * The data-parallel runs the threads test compares across runtimes: loaded by a
 * blank page (with dist/untangle.browser.js and dist/parallel.browser.js) and by
 * the test in Node (with the sources). A small convnet on synthetic 1×12×12
 * images, two epochs of fitParallel; and the epoch time of a bigger convnet on
 * 1 and 2 threads of a warm pool. Plain JavaScript so the page can import it as is.
 */
import { hashBits } from './spirals-run.js';

export const PARALLEL_RUN = {
  image: { channels: 1, height: 12, width: 12 },
  n: 300,
  layers: [
    { type: 'conv2d', filters: 4, kernel: 3, padding: 1, activation: 'relu' }, { type: 'maxpool', size: 2 },
    { type: 'dense', units: 16, activation: 'tanh' }, { type: 'dense', units: 3 },
  ],
  fit: { epochs: 2, batchSize: 20, optimizer: 'adam', learningRate: 0.01, seed: 4 },
};

/** A convnet with enough work per step for threads to pay: LeNet-like on 1×28×28, batch 64. */
export const SPEED_RUN = {
  image: { channels: 1, height: 28, width: 28 },
  n: 1024,
  layers: [
    { type: 'conv2d', filters: 8, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 2 },
    { type: 'conv2d', filters: 16, kernel: 5, activation: 'relu' }, { type: 'maxpool', size: 2 },
    { type: 'dense', units: 64, activation: 'relu' }, { type: 'dense', units: 10 },
  ],
  fit: { batchSize: 64, optimizer: 'adam', learningRate: 0.001, seed: 1 },
};

/** Deterministic images in [0, 1) and labels 0 … classes−1 (an LCG: the same numbers in every runtime). */
export function images(n, image, classes) {
  const dim = image.channels * image.height * image.width;
  let s = 12345;
  const x = new Float32Array(n * dim);
  for (let i = 0; i < x.length; i++) x[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const y = Int32Array.from({ length: n }, (_, i) => i % classes);
  return { name: 'synthetic', x, y, n, dim, classes, domain: { min: [0], max: [1] }, params: {} };
}

/** fitParallel of PARALLEL_RUN on `workers` threads; the final parameters' hash and what the runtime allowed. */
export async function parallelRun(lib, parallel, variant, workers) {
  const engine = await lib.createEngine({ variant });
  const model = lib.Model.create(engine, { inputs: PARALLEL_RUN.image, layers: PARALLEL_RUN.layers, seed: 3 });
  const data = images(PARALLEL_RUN.n, PARALLEL_RUN.image, 3);
  const { history } = await parallel.fitParallel(model, data, { ...PARALLEL_RUN.fit, workers });
  return { variant: engine.variant, params: hashBits(model.getParameters()), loss: history.at(-1).loss, shared: parallel.sharedMemoryAvailable() };
}

/**
 * Epoch times (ms) of SPEED_RUN on 1 and 2 threads of one warm pool, alternating,
 * `rounds` epochs each after a first unmeasured one; and the start-up (create → first
 * step done) of a run with threads of its own (cold) and on the warm pool.
 */
export async function speedRun(lib, parallel, variant, rounds) {
  const engine = await lib.createEngine({ variant });
  const data = images(SPEED_RUN.n, SPEED_RUN.image, 10);
  const pool = await parallel.createWorkerPool({ workers: 2 });
  const now = () => performance.now();
  try {
    const trainers = [];
    for (const workers of [1, 2]) {
      const model = lib.Model.create(engine, { inputs: SPEED_RUN.image, layers: SPEED_RUN.layers, seed: 1 });
      trainers.push({ workers, model, ms: [] });
    }
    for (let r = 0; r <= rounds; r++) {
      for (const t of trainers) {
        const trainer = await parallel.ParallelTrainer.create(t.model, data, { ...SPEED_RUN.fit, workers: t.workers, pool });
        const t0 = now();
        await trainer.epoch();
        if (r > 0) t.ms.push(now() - t0);
        await trainer.dispose();
      }
    }
    const startUp = async (withPool) => {
      const small = images(64, SPEED_RUN.image, 10);
      const model = lib.Model.create(engine, { inputs: SPEED_RUN.image, layers: SPEED_RUN.layers, seed: 1 });
      const t0 = now();
      const trainer = await parallel.ParallelTrainer.create(model, small, { ...SPEED_RUN.fit, workers: 2, ...(withPool ? { pool } : {}) });
      await trainer.epoch();
      const ms = now() - t0;
      await trainer.dispose();
      return ms;
    };
    const cold = [], warm = [];
    for (let r = 0; r < rounds; r++) {
      cold.push(await startUp(false));
      warm.push(await startUp(true));
    }
    return { one: trainers[0].ms, two: trainers[1].ms, cold, warm };
  } finally {
    await pool.dispose();
  }
}
