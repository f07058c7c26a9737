/**
 * A pool of warm training threads. Starting a thread (loading its script) and
 * compiling the kernels cost most of a data-parallel run's start-up; a pool
 * pays that once and serves many runs: training (`fitParallel`,
 * `ParallelTrainer`) and prediction (`predictParallel`). The kernels are
 * compiled once here and the `WebAssembly.Module` is sent to the threads, which
 * only instantiate it. A pool runs one job at a time.
 */
import type { WasmVariant } from '../engine/features.js';
import { readWasm } from '../engine/wasm-source.js';
import { AbortedError, OptionError, StateError } from '../errors.js';
import { spawnThread } from './spawn.js';
import { allReplies, ThreadHandle } from './thread-handle.js';

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  /** Threads to keep (default 2). */
  workers?: number;
}

/** Throws OptionError unless `workers` is an integer in 1…64. */
export function checkWorkerCount(workers: number): void {
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64)) throw new OptionError(`workers must be an integer in 1…64, got ${workers}`, 'workers');
}

/**
 * Training threads kept alive between runs; pass it as `{ pool }` to
 * `fitParallel`, `ParallelTrainer.create` and `predictParallel`. Call
 * `dispose()` when done, or the threads keep a Node process alive.
 */
export class WorkerPool {
  private disposed = false;
  private busy = false;
  private readonly modules = new Map<WasmVariant, Promise<WebAssembly.Module>>();

  private constructor(
    /** @internal The threads, in order. */
    readonly threads: readonly ThreadHandle[],
  ) {}

  /** The same as {@link createWorkerPool}. */
  static async create(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
    const workers = options.workers ?? 2;
    checkWorkerCount(workers);
    const threads: ThreadHandle[] = [];
    try {
      for (let i = 0; i < workers; i++) threads.push(new ThreadHandle(await spawnThread()));
      await allReplies(threads.map((t) => t.next())); // each says 'ready' once its script has loaded
    } catch (error) {
      await Promise.all(threads.map((t) => t.port.terminate()));
      throw error;
    }
    return new WorkerPool(threads);
  }

  /** How many threads the pool holds. */
  get size(): number {
    return this.threads.length;
  }

  /** @internal The kernels of `variant`, compiled once for all the pool's threads. */
  module(variant: WasmVariant): Promise<WebAssembly.Module> {
    let module = this.modules.get(variant);
    if (!module) {
      module = readWasm(variant).then((bytes) => WebAssembly.compile(bytes as BufferSource));
      this.modules.set(variant, module);
      module.catch(() => this.modules.delete(variant));
    }
    return module;
  }

  /** @internal The first `count` threads, for one job; `release()` when it ends. */
  claim(count: number): ThreadHandle[] {
    if (this.disposed) throw new StateError('this worker pool was disposed');
    const failed = this.threads.find((t) => t.failure);
    if (failed) throw new AbortedError(`a thread of this worker pool failed (${failed.failure!.message}); create a new pool`);
    if (this.busy) throw new StateError('this worker pool is running another job: wait for it to finish');
    if (count > this.size) throw new OptionError(`workers (${count}) must not exceed the pool's size (${this.size})`, 'workers');
    this.busy = true;
    return this.threads.slice(0, count);
  }

  /** @internal Ends the job that `claim` started. */
  release(): void {
    this.busy = false;
  }

  /** Stops the threads. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.threads) t.onDeath = null;
    await Promise.all(this.threads.map((t) => t.port.terminate()));
  }
}

/**
 * Starts `workers` training threads and keeps them warm for many runs.
 *
 * @example
 * ```ts
 * const pool = await createWorkerPool({ workers: 2 });
 * try {
 *   await fitParallel(model, data, { epochs: 3, pool });
 *   const probabilities = await predictParallel(model, points, { pool });
 * } finally {
 *   await pool.dispose();
 * }
 * ```
 */
export function createWorkerPool(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
  return WorkerPool.create(options);
}
