/**
 * Data-parallel training on several threads (Node worker_threads, or Web
 * Workers on a cross-origin isolated page; src/threads/): each
 * worker holds its own engine and copy of the model and trains its part of
 * every batch; the workers exchange gradients through shared memory
 * (exchange.ts) and apply the same update, so their weights stay identical.
 * This thread only coordinates epochs and copies the weights back into the
 * model. The k-NN loss is not supported (it compares the examples of a whole
 * batch). Results match one-thread training up to the order of the gradient
 * sums; the same seed and worker count give the same bits.
 */
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import { checkDataParallel, resolveFitOptions, type EpochReport, type FitOptions } from './options.js';
import { SharedGradientExchange, sharedExchangeBytes } from './exchange.js';
import { TrainingDivergedError, type FitResult } from './trainer.js';
import { AbortedError, OptionError, StateError } from '../errors.js';
import { checkpointContext, makeCheckpoint, type Checkpoint } from './checkpoint.js';
import type { TrainSetup, WorkerReply } from './worker-messages.js';
import { checkWorkerCount, WorkerPool } from '../threads/pool.js';
import { usableThreads } from '../threads/spawn.js';
import { sharedDataset } from '../threads/shared-data.js';
import { allReplies, type ThreadHandle } from '../threads/thread-handle.js';

/** Options of {@link fitParallel} and {@link ParallelTrainer.create}, on top of the training options. */
export interface ParallelOptions {
  /**
   * Threads to train on (default 2, or the pool's size; 1 still runs in a worker). In a
   * browser page that is not cross-origin isolated, 1 (said once on the console).
   */
  workers?: number;
  /** Warm threads to train on (see createWorkerPool); without one, threads are started for this run and stopped after it. */
  pool?: WorkerPool;
}

/**
 * Trains a model data-parallel on worker threads (Node) or Web Workers (a
 * cross-origin isolated page), one epoch at a time, like `Trainer`. Build one
 * with {@link ParallelTrainer.create}; call `dispose()` when done, or the
 * threads keep the process alive (with a pool, they go back to the pool).
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

  /** @internal The threads of this run, part i of every batch on thread i. */
  readonly threads: ThreadHandle[] = [];
  /** Set when a worker failed other than by divergence: the workers are no longer in step. */
  private broken: Error | null = null;

  private constructor(
    readonly model: Model,
    readonly data: Dataset,
    readonly options: FitOptions,
    private readonly shared: SharedArrayBuffer | null,
    private readonly pool: WorkerPool,
    private readonly ownPool: boolean,
  ) {}

  /** Starts the workers (or takes them from `options.pool`); each builds its engine and model copy before this resolves. */
  static async create(model: Model, data: Dataset, options: FitOptions & ParallelOptions = {}): Promise<ParallelTrainer> {
    const requested = options.workers ?? options.pool?.size ?? 2;
    checkWorkerCount(requested);
    const resolved = resolveFitOptions(options);
    checkDataParallel(resolved); // before any worker starts
    model.checkData(data, 'fit', true);
    if (options.validation) model.checkData(options.validation, 'fit (validation data)', true);
    // Anchors are placed from the data before the weights are shared, so every copy starts equal.
    model.initialiseAnchors(data, resolved.seed);
    const { onEpoch: _onEpoch, signal: _signal, validation: _validation, workers: _workers, pool: _pool, ...plain } = options;
    const workers = usableThreads(requested);
    const pool = options.pool ?? (await WorkerPool.create({ workers }));
    let threads: ThreadHandle[];
    try {
      threads = pool.claim(workers);
    } catch (error) {
      if (!options.pool) await pool.dispose();
      throw error;
    }
    // One thread needs no exchange: it trains exactly like fit.
    const shared = workers > 1 ? new SharedArrayBuffer(sharedExchangeBytes(workers, model.paramCount)) : null;
    const trainer = new ParallelTrainer(model, data, options, shared, pool, !options.pool);
    trainer.threads.push(...threads);
    try {
      const module = await pool.module(model.engine.variant);
      const modelJSON = model.toJSON();
      // With several threads the data goes to all of them: share it instead of copying it N times.
      const sent = shared ? sharedDataset(data) : data;
      const asks = threads.map((thread, index) => {
        // A thread that dies cannot reach the barrier: release the others from it.
        thread.onDeath = () => { if (shared) SharedGradientExchange.abort(shared); };
        const setup: TrainSetup = { variant: model.engine.variant, module, model: modelJSON, data: sent, options: plain, shared, index, parts: workers };
        return thread.ask({ type: 'train', setup });
      });
      await allReplies(asks);
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
      replies = await allReplies(this.threads.map((h) => h.ask({ type: 'epoch' })));
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
      await allReplies(this.threads.map((h) => h.ask({ type: 'learningRate', value: lr })));
    });
  }

  /**
   * The workers' state as one checkpoint (taken between epochs, so at an epoch
   * boundary); resume it with `fitParallel(…, { resume })` on as many workers.
   */
  async checkpoint(): Promise<Checkpoint> {
    return this.exclusive(async () => {
      const replies = (await allReplies(this.threads.map((h) => h.ask({ type: 'snapshot' })))) as Extract<WorkerReply, { type: 'snapshot' }>[];
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
    const reply = await this.threads[0]!.ask({ type: 'parameters' });
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

  /**
   * Ends the run: the threads free their memory and go back to the pool (or stop, when
   * the run started its own). The model keeps its trained weights.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.shared) SharedGradientExchange.abort(this.shared); // no worker stays in a barrier
    for (const thread of this.threads) thread.onDeath = null;
    if (this.ownPool) {
      await this.pool.dispose();
      return;
    }
    await Promise.allSettled(this.threads.map((h) => h.ask({ type: 'release' })));
    this.pool.release();
  }
}

/** `fit` on several threads (see ParallelTrainer); the same options plus `workers` and `pool`. */
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
