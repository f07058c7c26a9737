/**
 * `untangle/worker`: training off the main thread. `startTraining` runs `fit`'s
 * steps in a worker — a module Web Worker in browsers, a worker thread in Node,
 * with the same API — and returns a {@link TrainingRun}: epoch reports stream
 * back, the run can be paused, stepped, looked at (weights, predictions on a
 * grid, a layer's representation) and stopped without waiting for an epoch,
 * and the trained model comes back as a `Model`. The same model, data,
 * options, seed and wasm variant give exactly `fit`'s bits.
 *
 * @example
 * ```ts
 * import { spirals } from 'untangle';
 * import { startTraining } from 'untangle/worker';
 *
 * const run = await startTraining({
 *   model: { inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 2 }] },
 *   data: spirals({ turns: 1 }),
 *   fit: { epochs: 500, learningRate: 0.01, seed: 1 },
 *   variant: 'simd',
 * });
 * run.on('epoch', (r) => console.log(r.epoch, r.loss));
 * const { grid } = await run.snapshot({ grid: { box: { min: [-1, -1], max: [1, 1] }, nx: 64, ny: 64 } });
 * const model = await run.stop();
 * ```
 *
 * @packageDocumentation
 */
export { startTraining, createTrainingPool, TrainingPool, type StartTrainingOptions, type TrainingPoolOptions } from './pool.js';
export { TrainingRun, type RunStatus, type TrainingResult } from './run.js';
export { gridPoints, type Snapshot, type SnapshotRequest, type StepResult, type WorkerEpochReport, type WorkerFitOptions } from './protocol.js';
