/**
 * `untangle/parallel`: data-parallel training on Node worker threads. Each
 * thread holds a copy of the model and trains its part of every batch; the
 * gradients are summed in shared memory, so all copies take the same step (one
 * worker gives exactly `fit`'s weights). Kept out of the main entry so that the
 * browser bundle never imports node:worker_threads.
 *
 * @example
 * ```ts
 * import { createEngine, Model, spirals } from 'untangle';
 * import { fitParallel } from 'untangle/parallel';
 *
 * const engine = await createEngine();
 * const model = Model.create(engine, { inputs: 2, layers: [{ units: 32, activation: 'tanh' }, { units: 2 }] });
 * const { history } = await fitParallel(model, spirals({ n: 20_000 }), { epochs: 20, batchSize: 256, workers: 2 });
 * ```
 *
 * @packageDocumentation
 */
export { ParallelTrainer, fitParallel, type ParallelOptions } from './train/parallel.js';
