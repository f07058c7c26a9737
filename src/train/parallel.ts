/**
 * Data-parallel training on several threads (Node worker_threads): each
 * worker holds its own engine and copy of the model and trains its part of
 * every batch; the workers exchange gradients through shared memory
 * (exchange.ts) and apply the same update, so their weights stay identical.
 * This thread only coordinates epochs and copies the weights back into the
 * model. The k-NN loss is not supported (it compares the examples of a whole
 * batch). Results match one-thread training up to the order of the gradient
 * sums; the same seed and worker count give the same bits.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import { checkDataParallel, resolveFitOptions, type EpochReport, type FitOptions } from './options.js';
import { SharedGradientExchange, sharedExchangeBytes } from './exchange.js';
import { TrainingDivergedError, type FitResult } from './trainer.js';
import { AbortedError, CheckpointError, OptionError, StateError } from '../errors.js';
import { checkpointContext, makeCheckpoint, type Checkpoint } from './checkpoint.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker.js';

/** Options of {@link fitParallel} and {@link ParallelTrainer.create}, on top of the training options. */
export interface ParallelOptions {
  /** Threads to train on (default 2; 1 still runs in a worker). */
  workers?: number;
}

/** The bundled worker script: beside this module in dist/, or the built one when running from source. */
function workerScript(): URL {
  const candidates = [new URL('./train-worker.js', import.meta.url), new URL('../../dist/train-worker.js', import.meta.url)];
  const found = candidates.find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`cannot find the training worker; looked at ${candidates.map((u) => u.href).join(', ')} (run \`npm run build\`)`);
  return found;
}

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };

/**
 * One worker and its replies. A worker answers every message exactly once (the
 * setup with 'ready' or 'error', each request with its result or 'error'), so
 * replies are matched to requests first in, first out — a late error can never
 * answer a later request.
 */
class WorkerHandle {
  private readonly pending: Pending[] = [];
  private failure: Error | null = null;

  /** `onDeath` runs when the thread itself fails or exits (not for an error it reports). */
  constructor(readonly worker: Worker, onDeath: () => void) {
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.shift();
      if (!waiting) return;
      if (reply.type === 'error') waiting.reject(replyError(reply));
      else waiting.resolve(reply);
    });
    const die = (error: Error) => {
      this.failure ??= error;
      for (const waiting of this.pending.splice(0)) waiting.reject(error);
      onDeath();
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`a training worker exited (code ${code})`)));
  }

  /** The reply to the oldest unanswered message. */
  next(): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  ask(request: WorkerRequest): Promise<WorkerReply> {
    const reply = this.next();
    if (!this.failure) this.worker.postMessage(request);
    return reply;
  }
}

function replyError(reply: Extract<WorkerReply, { type: 'error' }>): Error {
  if (reply.name === 'TrainingDivergedError') return new TrainingDivergedError(reply.message, reply.epoch ?? 0, reply.step ?? 0);
  if (reply.name === 'CheckpointError') return new CheckpointError(reply.message);
  if (reply.name === 'OptionError') return new OptionError(reply.message);
  return Object.assign(new Error(reply.message), { name: reply.name });
}

/**
 * Waits for every worker's reply (so none is left to answer a later request),
 * then throws the most telling failure: a worker's own error before another's
 * "aborted because a worker failed".
 */
async function allReplies(asks: Promise<WorkerReply>[]): Promise<WorkerReply[]> {
  const settled = await Promise.allSettled(asks);
  const errors = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (errors.length > 0) throw errors.find((e) => e.name !== 'ExchangeAbortedError') ?? errors[0]!;
  return settled.map((r) => (r as PromiseFulfilledResult<WorkerReply>).value);
}

/**
 * Trains a model data-parallel on worker threads, one epoch at a time, like
 * `Trainer` (Node only). Build one with {@link ParallelTrainer.create}; call
 * `dispose()` when done, or the threads keep the process alive.
 *
 * @example
 * ```ts
 * const trainer = await ParallelTrainer.create(model, train, { epochs: 10, workers: 2 });
 * try {
 *   for (let e = 0; e < 10; e++) console.log((await trainer.epoch()).loss);
 * } finally {
 *   await trainer.dispose();
 * }
 * ```
 */
export class ParallelTrainer {
  private epochsDone = 0;
  private disposed = false;
  /** Workers answer one request at a time; a second call while one runs is a caller's bug. */
  private busy = false;

  private readonly handles: WorkerHandle[] = [];
  /** Set when a worker failed other than by divergence: the workers are no longer in step. */
  private broken: Error | null = null;

  private constructor(
    readonly model: Model,
    readonly data: Dataset,
    readonly options: FitOptions,
    private readonly shared: SharedArrayBuffer,
  ) {}

  /** Starts the workers; each builds its engine and model copy before this resolves. */
  static async create(model: Model, data: Dataset, options: FitOptions & ParallelOptions = {}): Promise<ParallelTrainer> {
    const workers = options.workers ?? 2;
    if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64)) throw new OptionError(`workers must be an integer in 1…64, got ${workers}`, 'workers');
    const resolved = resolveFitOptions(options);
    checkDataParallel(resolved); // before any worker starts
    model.checkData(data, 'fit', true);
    if (options.validation) model.checkData(options.validation, 'fit (validation data)', true);
    // Anchors are placed from the data before the weights are shared, so every copy starts equal.
    model.initialiseAnchors(data, resolved.seed);
    const { onEpoch: _onEpoch, signal: _signal, validation: _validation, workers: _workers, ...plain } = options;
    const shared = new SharedArrayBuffer(sharedExchangeBytes(workers, model.paramCount));
    const script = workerScript();
    const trainer = new ParallelTrainer(model, data, options, shared);
    const modelJSON = model.toJSON();
    try {
      for (let index = 0; index < workers; index++) {
        const setup: WorkerSetup = { variant: model.engine.variant, model: modelJSON, data, options: plain, shared, index, parts: workers };
        // No inherited Node options: the worker is plain bundled JS, and some (--input-type, -e) are
        // refused in workers. V8's flags (e.g. --experimental-wasm-relaxed-simd) are per process.
        const worker = new Worker(script, { workerData: setup, execArgv: [] });
        // A thread that dies cannot reach the barrier: release the others from it.
        trainer.handles.push(new WorkerHandle(worker, () => SharedGradientExchange.abort(shared)));
      }
      await allReplies(trainer.handles.map((h) => h.next()));
      if (options.resume) {
        // The workers took the checkpoint's weights and position; so does the model here.
        trainer.epochsDone = options.resume.epoch;
        await trainer.copyParameters();
      }
    } catch (error) {
      await trainer.dispose();
      throw error;
    }
    return trainer;
  }

  get epochs(): number {
    return this.epochsDone;
  }

  /** One epoch on all workers; the model's weights are the workers' afterwards. */
  async epoch(): Promise<EpochReport> {
    return this.exclusive(() => this.runEpoch());
  }

  private async runEpoch(): Promise<EpochReport> {
    let replies: WorkerReply[];
    try {
      replies = await allReplies(this.handles.map((h) => h.ask({ type: 'epoch' })));
    } catch (error) {
      // Every worker sees the same averaged gradient, so all diverge at the same step and stay
      // in step; the model takes their last finite weights, as one-thread training keeps its own.
      if (error instanceof TrainingDivergedError) await this.copyParameters().catch(() => {});
      else this.broken = error as Error;
      throw error;
    }
    await this.copyParameters();
    this.epochsDone++;
    const parts = replies as Extract<WorkerReply, { type: 'epoch' }>[];
    const n = this.data.n;
    const report: EpochReport = {
      epoch: this.epochsDone,
      loss: parts.reduce((s, r) => s + r.lossSum, 0) / n,
      accuracy: parts.reduce((s, r) => s + r.correct, 0) / n,
      steps: parts[0]!.steps,
      examples: n,
      ms: Math.max(...parts.map((r) => r.ms)),
    };
    if (this.options.validation) {
      const v = this.model.evaluate(this.options.validation);
      report.validationLoss = v.loss;
      report.validationAccuracy = v.accuracy;
    }
    return report;
  }

  /** Changes the learning rate from the next step on, in every worker. */
  async setLearningRate(lr: number): Promise<void> {
    if (!(Number.isFinite(lr) && lr > 0 && lr <= 100)) throw new OptionError(`learningRate must be in (0, 100], got ${lr}`, 'learningRate');
    await this.exclusive(async () => {
      await allReplies(this.handles.map((h) => h.ask({ type: 'learningRate', value: lr })));
    });
  }

  /**
   * The workers' state as one checkpoint (taken between epochs, so at an epoch
   * boundary); resume it with `fitParallel(…, { resume })` on as many workers.
   */
  async checkpoint(): Promise<Checkpoint> {
    return this.exclusive(async () => {
      const replies = (await allReplies(this.handles.map((h) => h.ask({ type: 'snapshot' })))) as Extract<WorkerReply, { type: 'snapshot' }>[];
      const first = replies[0]!.snapshot;
      const snapshot = { ...first, stats: replies.map((r) => r.snapshot.stats[0]!), workers: replies.length };
      return makeCheckpoint(checkpointContext(this.model, this.data, resolveFitOptions(this.options)), snapshot);
    });
  }

  /** Copies the (identical) weights of the workers into the model. */
  async syncParameters(): Promise<void> {
    await this.exclusive(() => this.copyParameters());
  }

  private async copyParameters(): Promise<void> {
    const reply = await this.handles[0]!.ask({ type: 'parameters' });
    if (reply.type === 'parameters') this.model.setParameters(reply.values);
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.disposed) throw new StateError('this trainer was disposed');
    if (this.broken) throw new AbortedError(`this trainer stopped after a worker failed: ${this.broken.message}`);
    if (this.busy) throw new StateError('ParallelTrainer: wait for the previous epoch() or setLearningRate() to finish');
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  /** Stops the worker threads and frees their memory; the model keeps its trained weights. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    SharedGradientExchange.abort(this.shared); // no worker stays in a barrier
    await Promise.all(this.handles.map((h) => h.worker.terminate()));
  }
}

/** `fit` on several threads (see ParallelTrainer); the same options plus `workers`. */
export async function fitParallel(model: Model, data: Dataset, options: FitOptions & ParallelOptions = {}): Promise<FitResult> {
  const trainer = await ParallelTrainer.create(model, data, options);
  const history: EpochReport[] = [];
  const epochs = resolveFitOptions(options).epochs;
  try {
    // `epochs` counts from the start of training, also when resuming.
    while (trainer.epochs < epochs) {
      if (options.signal?.aborted) return { history, stopped: 'aborted' };
      const report = await trainer.epoch();
      history.push(report);
      if (options.onEpoch?.(report) === false) return { history, stopped: 'callback' };
    }
    return { history, stopped: 'completed' };
  } finally {
    await trainer.dispose();
  }
}
