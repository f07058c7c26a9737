/**
 * `untangle/parallel`: data-parallel training and parallel prediction on
 * threads — Node worker threads, or module Web Workers in a cross-origin
 * isolated page (served with Cross-Origin-Opener-Policy: same-origin and
 * Cross-Origin-Embedder-Policy: require-corp; elsewhere training falls back to
 * one worker). Each thread holds a copy of the model and trains its part of
 * every batch; the gradients are summed in shared memory, so all copies take
 * the same step (one worker gives exactly `fit`'s weights). A pool keeps the
 * threads warm across runs. Kept out of the main entry so that the main
 * bundle never loads worker code.
 *
 * @example
 * ```ts
 * import { createEngine, Model, spirals } from 'untangle';
 * import { createWorkerPool, fitParallel, predictParallel } from 'untangle/parallel';
 *
 * const engine = await createEngine();
 * const model = Model.create(engine, { inputs: 2, layers: [{ units: 32, activation: 'tanh' }, { units: 2 }] });
 * const pool = await createWorkerPool({ workers: 2 });
 * const { history } = await fitParallel(model, spirals({ n: 20_000 }), { epochs: 20, batchSize: 256, pool });
 * const probabilities = await predictParallel(model, spirals({ n: 20_000 }).x, { pool });
 * await pool.dispose();
 * ```
 *
 * @packageDocumentation
 */
export { ParallelTrainer, fitParallel, type ParallelOptions } from './train/parallel.js';
export { predictParallel, type PredictParallelOptions } from './train/predict-parallel.js';
export { WorkerPool, createWorkerPool, type WorkerPoolOptions } from './threads/pool.js';
export { sharedMemoryAvailable } from './threads/spawn.js';
