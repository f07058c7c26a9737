/**
 * `untangle/parallel`: data-parallel training on Node worker threads. Kept out
 * of the main entry so that the browser bundle never imports node:worker_threads.
 */
export { ParallelTrainer, fitParallel, type ParallelOptions } from './train/parallel.js';
