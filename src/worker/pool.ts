/**
 * Starting runs: `createTrainingPool` keeps workers warm (thread started,
 * kernels compiled) so a run starts in a few milliseconds; `startTraining`
 * uses a pool of one that is made on first use. A worker trains one run at a
 * time; when every pooled worker is busy a new one is started, and a worker
 * that comes back to a full pool is closed.
 */
import { DataError, OptionError, StateError, type Dataset, type Engine, type FitOptions, type ModelJSON, type ModelSpec, type WasmVariant } from '../index.js';
import { openChannel } from './channel.js';
import { WorkerLink } from './link.js';
import type { StartMessage, Started, WorkerFitOptions } from './protocol.js';
import { TrainingRun } from './run.js';

/** What {@link startTraining} trains, and how. */
export interface StartTrainingOptions {
  /** A network to build with fresh weights (`ModelSpec`), or a saved model (`model.toJSON()`) to go on training. */
  model: ModelSpec | ModelJSON;
  /** The training set; sent to the worker once (see `transferData`). */
  data: Dataset;
  /** Scored after every epoch into the report's testLoss / testAccuracy (fit's `validation`). */
  test?: Dataset;
  /** `fit`'s options, without callbacks (listen with `run.on('epoch')`, stop with `run.stop()`). */
  fit?: WorkerFitOptions;
  /**
   * The wasm build to train with. The same variant, model, data and options give
   * exactly `fit`'s bits; default: the engine's variant when `engine` is given, else 'auto'.
   */
  variant?: WasmVariant | 'auto';
  /** The engine the trained model is rebuilt on (default: one the library makes, of the worker's variant). */
  engine?: Engine;
  /**
   * false (default): the data's arrays are copied into the message and the app
   * keeps its own. true: their buffers move to the worker without a copy and are
   * left detached (empty) here — for large data the app no longer needs. Arrays
   * that view part of a larger buffer are always copied.
   */
  transferData?: boolean;
  /** Start paused: nothing trains until resume() or step() (default false). */
  paused?: boolean;
  /** Milliseconds of training between looks at the message queue (default 10): the longest a pause or snapshot waits. */
  sliceMs?: number;
  /**
   * Bounds the rate of epoch messages: reports wait in the worker and cross
   * together at most once per `ms` milliseconds (`on('epoch')` still hears each
   * one, in order, and `history` stays complete). Default: one message per epoch,
   * which on small data is thousands a second — more than a page that also draws
   * can read; `{ ms: 50 }` suits a page.
   */
  reportEvery?: { ms: number };
}

/** Options of {@link createTrainingPool}. */
export interface TrainingPoolOptions {
  /** Workers kept warm (default 1). */
  size?: number;
  /** The wasm build the pool's workers compile ahead (default 'auto'); a run of another variant compiles its own on first use. */
  variant?: WasmVariant | 'auto';
  /** Where the worker script is served, when not beside this module (`worker-thread.js` in the package's dist/). */
  workerUrl?: URL | string;
}

/** The arrays' buffers to move, when moving them detaches nothing else (a view of part of a buffer is copied instead). */
function movableBuffers(sets: (Dataset | undefined)[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const set of sets) {
    for (const a of [set?.x, set?.y, set?.targets]) {
      if (a && a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) buffers.add(a.buffer);
    }
  }
  return [...buffers];
}

/** fit's options as they can cross to a worker: callbacks refused, `validation` read as the test set. */
function workerFitOptions(options: StartTrainingOptions): { fit: WorkerFitOptions; test?: Dataset } {
  const { onEpoch, signal, validation, ...fit } = (options.fit ?? {}) as FitOptions;
  if (onEpoch !== undefined || signal !== undefined) {
    throw new OptionError(`startTraining: fit.${onEpoch !== undefined ? 'onEpoch' : 'signal'} cannot cross to a worker; use run.on('epoch', …) and run.stop()`, onEpoch !== undefined ? 'fit.onEpoch' : 'fit.signal');
  }
  return { fit, test: options.test ?? validation };
}

/** A duration option, checked: a finite number ≥ 0. */
function milliseconds(value: number, name: string): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new OptionError(`${name} must be a number ≥ 0, got ${value}`, name);
  return value;
}

/** A set of warm workers that runs are started on. */
export class TrainingPool {
  private readonly idle: Promise<WorkerLink>[] = [];
  private readonly busy = new Set<WorkerLink>();
  private closed = false;
  readonly size: number;
  private readonly variant: WasmVariant | 'auto';

  /** @internal Made by {@link createTrainingPool}. */
  constructor(private readonly options: TrainingPoolOptions = {}) {
    const size = options.size ?? 1;
    if (!(Number.isInteger(size) && size >= 0 && size <= 64)) throw new OptionError(`size must be an integer in 0…64, got ${size}`, 'size');
    this.size = size;
    this.variant = options.variant ?? 'auto';
  }

  /** Starts `size` workers and compiles their kernels, so that the next runs start at once. */
  warm(): void {
    while (this.idle.length < this.size) {
      const link = this.spawn(true);
      link.catch(() => {}); // a worker that cannot start reports it to the run that takes it
      this.idle.push(link);
    }
  }

  private async spawn(warm: boolean): Promise<WorkerLink> {
    const link = new WorkerLink(await openChannel(this.options.workerUrl));
    link.channel.keepAlive(false);
    // Compiling ahead is an optimisation: a failure shows again, with its error, when a run starts.
    if (warm) await link.ask<Started>({ type: 'warm', variant: this.variant }).catch(() => {});
    return link;
  }

  /** Trains in one of the pool's workers; resolves once the worker has built the model and the trainer. */
  async startTraining(options: StartTrainingOptions): Promise<TrainingRun> {
    if (this.closed) throw new StateError('startTraining: this pool was closed');
    const { fit, test } = workerFitOptions(options);
    const sliceMs = milliseconds(options.sliceMs ?? 10, 'sliceMs');
    const variant = options.variant ?? options.engine?.variant ?? 'auto';
    const reportMs = milliseconds(options.reportEvery?.ms ?? 0, 'reportEvery.ms');
    const start: StartMessage = { model: options.model, data: { ...options.data }, test: test && { ...test }, fit, variant, sliceMs, paused: options.paused ?? false, reportMs };
    let link = await (this.idle.shift() ?? this.spawn(false));
    if (link.failure) link = await this.spawn(false);
    this.busy.add(link);
    link.channel.keepAlive(true);
    let started: Started;
    try {
      started = await link.ask<Started>({ type: 'start', start }, options.transferData ? movableBuffers([start.data, start.test]) : []);
    } catch (error) {
      this.release(link);
      if ((error as Error).name === 'DataCloneError') throw new DataError(`startTraining: the data cannot be sent to a worker (${(error as Error).message})`, 'data');
      throw error;
    }
    return new TrainingRun(link, started.variant, start.paused, options.engine, () => this.release(link));
  }

  /** A worker back from a run: kept warm while the pool has room, else closed. */
  private release(link: WorkerLink): void {
    if (!this.busy.delete(link)) return;
    link.onEvent = () => {};
    if (!this.closed && !link.failure && this.idle.length < this.size) {
      link.channel.keepAlive(false);
      this.idle.push(Promise.resolve(link));
    } else void link.channel.terminate();
  }

  /** Ends every worker, idle or training (their runs fail with AbortedError). */
  async close(): Promise<void> {
    this.closed = true;
    const links = [...(await Promise.all(this.idle.splice(0).map((l) => l.catch(() => null)))), ...this.busy];
    await Promise.all(links.map((l) => l?.channel.terminate()));
  }
}

/**
 * A pool of warm training workers: `pool.startTraining(…)` starts a run without
 * waiting for a thread or for the kernels to compile. Close it when done
 * (idle workers do not keep Node's process alive).
 */
export function createTrainingPool(options: TrainingPoolOptions = {}): TrainingPool {
  const pool = new TrainingPool(options);
  pool.warm();
  return pool;
}

let defaultPool: TrainingPool | undefined;

/**
 * Trains a model in a worker (a module Web Worker in browsers, a worker thread
 * in Node) and returns a handle on the run once the worker has built it; see
 * {@link TrainingRun}. Runs started this way share one worker that stays warm
 * between them; use {@link createTrainingPool} for several at a time.
 *
 * @example
 * ```ts
 * import { spirals } from 'untangle';
 * import { startTraining } from 'untangle/worker';
 *
 * const run = await startTraining({
 *   model: { inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 2 }] },
 *   data: spirals({ turns: 1 }),
 *   fit: { epochs: 200, optimizer: 'adam', learningRate: 0.01, seed: 1 },
 * });
 * run.on('epoch', (r) => console.log(r.epoch, r.loss));
 * const { model, history } = await run.done;
 * ```
 */
export function startTraining(options: StartTrainingOptions): Promise<TrainingRun> {
  defaultPool ??= new TrainingPool({ size: 1 });
  return defaultPool.startTraining(options);
}
