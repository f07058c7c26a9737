/**
 * Mini-batch training. Everything one step needs is built once here: the data
 * set copied into wasm memory, the shuffled index list, the optimiser state and
 * a plan that gathers the batch, runs forward, loss, backward, checks the
 * gradient for NaN/∞ and updates the weights — one wasm call per step.
 *
 * Divergence: if a gradient is not finite the update is skipped and training
 * stops with TrainingDivergedError, leaving the weights of the last step whose
 * loss was finite (the step before: the current weights already gave NaN/∞,
 * and finite weights can still overflow every prediction). If an update itself
 * overflows, the weights from the start of the epoch are put back.
 */
import { BATCH, OP } from '../engine/abi.js';
import type { Block } from '../engine/arena.js';
import { seedState } from '../engine/random.js';
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import { PlanBuilder, type Plan } from '../model/plan-builder.js';
import { createLoss, type Loss } from '../loss/index.js';
import { Workspace } from '../model/workspace.js';
import { checkDataParallel, resolveFitOptions, type EpochReport, type FitOptions, type ResolvedFitOptions } from './options.js';
import { contractiveOps } from './contractive.js';
import { trainableRanges } from '../model/layer.js';
import type { GradientExchange } from './exchange.js';
import { InternalError, OptionError, StateError, TrainingDivergedError } from '../errors.js';
import { scheduledRate } from './schedule.js';
import { checkpointContext, makeCheckpoint, readCheckpoint, type Checkpoint, type CheckpointContext, type TrainerSnapshot } from './checkpoint.js';

export { TrainingDivergedError };

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Trains a model one epoch at a time: the data copied into wasm memory once,
 * a shuffled order per epoch, and one wasm call per step (gather, forward, loss,
 * backward, update). Use it instead of {@link fit} to drive training from an
 * animation loop or to change the learning rate between epochs.
 *
 * @example
 * ```ts
 * const trainer = new Trainer(model, train, { optimizer: 'adam', learningRate: 0.01 });
 * function frame() {
 *   const report = trainer.step(); // one epoch, or null when all epochs are done
 *   if (report) { draw(model); requestAnimationFrame(frame); } else trainer.dispose();
 * }
 * requestAnimationFrame(frame);
 * ```
 */
export class Trainer {
  readonly options: ResolvedFitOptions;
  /** The loss the plan emits and the epoch reports (src/loss/). */
  readonly loss: Loss;
  private readonly ws: Workspace;
  /** Examples scored per step (the last step of an epoch may score fewer). */
  private readonly batch: number;
  /** 2 when a second batch of references rides along each step (knn.secondBatch), else 1. */
  private readonly columnsPerExample: 1 | 2;
  private readonly plan: Plan;
  private readonly blocks: Block[] = [];
  private readonly x: number;
  private readonly y: number;
  private readonly order: number;
  private readonly rng: number;
  private readonly hyper: number;
  /** One hyper-parameter block per optimiser op (each op counts Adam's step t itself). */
  private readonly hypers: number[] = [];
  private readonly backup: number;
  /** The weights before each of the last two steps (alternating), to go back one step on divergence. */
  private readonly stepBackups: [number, number] = [0, 0];
  /** Steps run by this trainer (selects the step backup). */
  private stepsRun = 0;
  /** Momentum's velocity or Adam's first moment, and Adam's second moment (0 when unused). */
  private readonly state1: number;
  private readonly state2: number;
  private context?: CheckpointContext;
  private readonly gradGuard: number;
  private readonly paramGuard: number;
  /** Summed loss and correct count of the last finished epoch (this part's examples only when data-parallel). */
  lastEpochStats = { lossSum: 0, correct: 0 };
  private epochsDone = 0;
  /** Index into the shuffled order where the next step starts (0 = epoch boundary). */
  private cursor = 0;
  private epochSteps = 0;
  private epochMs = 0;
  private disposed = false;

  /**
   * @param exchange data-parallel training (src/train/parallel.ts): this
   * trainer computes the gradient of its part of every batch, the exchange
   * turns it into the whole batch's, and every part applies the same update.
   */
  constructor(readonly model: Model, readonly data: Dataset, options: FitOptions = {}, private readonly exchange?: GradientExchange) {
    this.options = resolveFitOptions(options);
    if (exchange) checkDataParallel(this.options);
    const loss = (this.loss = createLoss(this.options.loss, this.options.knn));
    const units = model.layers[model.layers.length - 1]!.units;
    model.checkData(data, 'fit', false);
    loss.checkData(data, units, 'fit');
    if (this.options.validation) {
      if (loss.evaluates === 'knn-head') throw new OptionError('fit: validation scoring is not defined for the k-NN loss (score a k-NN-trained model with a KnnHead)', 'validation');
      model.checkData(this.options.validation, 'fit (validation data)', false);
      loss.checkData(this.options.validation, units, 'fit (validation data)');
    }
    model.initialiseAnchors(data, this.options.seed);
    const engine = model.engine;
    const o = this.options;
    const P = model.paramCount;
    const alloc = (bytes: number) => {
      const b = engine.alloc(bytes);
      this.blocks.push(b);
      return b.ptr;
    };
    this.batch = Math.min(o.batchSize, data.n);
    this.columnsPerExample = o.loss === 'knn' && o.knn.secondBatch ? 2 : 1;
    if (this.columnsPerExample === 2 && data.n < 2 * this.batch) {
      throw new OptionError(`fit: knn.secondBatch needs at least 2 × batchSize = ${2 * this.batch} examples, got ${data.n}`);
    }
    // With a second batch the network runs on 2b columns: the b scored examples
    // and the next b of the shuffled order, read from a copy of the order's
    // first `batch` entries placed after its end (so the last step wraps).
    this.ws = new Workspace(engine, model.layers, this.batch * this.columnsPerExample);
    try {
      this.x = alloc(data.x.byteLength);
      this.y = alloc(data.n * 4);
      const targets = loss.needs === 'targets' ? alloc(data.targets!.byteLength) : 0;
      if (targets) engine.f32(targets, data.targets!.length).set(data.targets!);
      this.order = alloc((data.n + (this.columnsPerExample - 1) * this.batch) * 4);
      this.rng = alloc(16);
      this.hyper = alloc(32);
      this.backup = alloc(P * 4);
      this.stepBackups[0] = alloc(P * 4);
      this.stepBackups[1] = alloc(P * 4);
      const state1 = this.state1 = o.optimizer === 'sgd' ? 0 : alloc(P * 4);
      const state2 = this.state2 = o.optimizer === 'adam' ? alloc(P * 4) : 0;
      engine.f32(this.x, data.x.length).set(data.x);
      engine.i32(this.y, data.n).set(data.y);
      engine.i32(this.rng, 4).set(seedState(o.seed));
      if (state1) engine.f32(state1, P).fill(0);
      if (state2) engine.f32(state2, P).fill(0);
      engine.f32(this.hyper, 8).set([o.learningRate, o.optimizer === 'adam' ? o.beta1 : o.momentum, o.beta2, o.epsilon, o.weightDecay, 0, 0, 0]);

      const ws = this.ws;
      const last = ws.layers[ws.layers.length - 1]!;
      const plan = new PlanBuilder();
      plan.op(OP.GATHER_COLS, ws.x, this.x, this.order, model.inputs, BATCH);
      if (targets) plan.op(OP.GATHER_COLS, ws.targets, targets, this.order, units, BATCH);
      else plan.op(OP.GATHER_I32, ws.labels, this.y, this.order, BATCH);
      model.emitForward(plan, ws);
      loss.emit(plan, {
        y: last.y, dy: last.dy, labels: ws.labels, targets: ws.targets, stats: ws.stats, units,
        capacity: ws.capacity, classes: data.classes, engine, alloc,
      });
      model.emitBackward(plan, ws, o.contractive ? contractiveOps(plan, model, ws, o.contractive, alloc) : undefined);
      this.gradGuard = plan.length;
      plan.op(OP.GUARD_FINITE, model.grads.ptr, P);
      // Frozen parameters (e.g. unlearnt anchors) are skipped, so weight decay does not move them either.
      const p = model.params.ptr, g = model.grads.ptr;
      trainableRanges(model.layers, P).forEach(([start, end], r) => {
        const hyper = r === 0 ? this.hyper : alloc(32);
        if (r > 0) engine.f32(hyper, 8).set(engine.f32(this.hyper, 8));
        this.hypers.push(hyper);
        const at = (base: number) => base + start * 4, n = end - start;
        if (o.optimizer === 'sgd') plan.op(OP.SGD, at(p), at(g), n, hyper);
        else if (o.optimizer === 'momentum') plan.op(OP.MOMENTUM, at(p), at(g), at(state1), n, hyper);
        else plan.op(OP.ADAM, at(p), at(g), at(state1), at(state2), n, hyper);
      });
      this.paramGuard = plan.length;
      plan.op(OP.GUARD_FINITE, p, P);
      this.plan = plan.build(engine);
      model.trainedLoss = loss.name;
      if (options.resume) this.restore(options.resume);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  get epochs(): number {
    return this.epochsDone;
  }

  /** Changes the learning rate from the next step on (for schedules of your own; StateError when the `schedule` option sets it). */
  setLearningRate(lr: number): void {
    if (this.options.schedule) throw new StateError('this trainer follows its learning-rate schedule; setLearningRate would be overwritten at the next step');
    if (!(Number.isFinite(lr) && lr > 0 && lr <= 100)) throw new OptionError(`learningRate must be in (0, 100], got ${lr}`, 'learningRate');
    this.writeLearningRate(lr);
  }

  private writeLearningRate(lr: number): void {
    for (const hyper of this.hypers) this.model.engine.f32(hyper, 1)[0] = lr;
  }

  /** The schedule's rate for the step about to run, counted from the start of training (so a resumed run gets the same rates). */
  private followSchedule(): void {
    const o = this.options;
    const stepsPerEpoch = Math.ceil(this.data.n / this.batch);
    const s = this.epochsDone * stepsPerEpoch + this.epochSteps;
    this.writeLearningRate(scheduledRate(o.schedule!, o.learningRate, s, o.epochs * stepsPerEpoch));
  }

  /**
   * One optimiser step on the next batch of the current epoch; the first step
   * of an epoch draws a fresh shuffled order. Returns the epoch's report when
   * this step finished an epoch, otherwise null.
   */
  step(): EpochReport | null {
    if (this.disposed) throw new StateError('this trainer was disposed');
    this.model.check();
    const engine = this.model.engine;
    const n = this.data.n;
    if (this.cursor === 0) {
      engine.kernels.random_i32_permute(this.order, n, this.rng);
      if (this.columnsPerExample === 2) engine.i32(this.order + n * 4, this.batch).set(engine.i32(this.order, this.batch));
      const P = this.model.paramCount;
      engine.f32(this.backup, P).set(engine.f32(this.model.params.ptr, P));
      this.ws.resetStats();
      this.epochSteps = 0;
      this.epochMs = 0;
    }
    if (this.options.schedule) this.followSchedule();
    const P = this.model.paramCount;
    engine.f32(this.stepBackups[this.stepsRun & 1]!, P).set(engine.f32(this.model.params.ptr, P)); // a copy, no allocation
    const start = now();
    const b = Math.min(this.batch, n - this.cursor);
    const status = this.exchange ? this.sharedStep(b) : this.plan.run(b * this.columnsPerExample, this.cursor);
    this.epochMs += now() - start;
    this.epochSteps++;
    if (status !== 0) this.fail(status, this.epochsDone + 1, this.epochSteps);
    this.stepsRun++;
    this.cursor += this.batch;
    if (this.cursor < n) return null;
    this.cursor = 0;
    this.epochsDone++;
    const { lossSum, correct } = this.ws.readStats();
    this.lastEpochStats = { lossSum, correct };
    const report: EpochReport = {
      // Every loss op adds its batch size times the loss it differentiates: the sum / n is
      // the mean of the batch losses (for the k-NN loss, each the mean over its counted examples).
      epoch: this.epochsDone, loss: lossSum / n, accuracy: this.loss.evaluates === 'regression' ? NaN : correct / n,
      steps: this.epochSteps, examples: n, ms: this.epochMs,
    };
    if (this.options.validation) {
      const v = this.model.evaluate(this.options.validation);
      report.validationLoss = v.loss;
      report.validationAccuracy = v.accuracy;
    }
    return report;
  }

  /**
   * One data-parallel step on a batch of b examples: this part's slice of it
   * forward and backward (the plan up to the gradient guard), the exchange
   * for the whole batch's mean gradient, then the guard and the update —
   * the same in every part, so the weights stay identical.
   */
  private sharedStep(b: number): number {
    const { index, parts } = this.exchange!;
    const lo = Math.floor((b * index) / parts), hi = Math.floor((b * (index + 1)) / parts);
    const status = hi > lo ? this.plan.run(hi - lo, this.cursor + lo, 0, this.gradGuard) : 0;
    if (status !== 0) return status;
    const P = this.model.paramCount;
    this.exchange!.reduce(this.model.engine.f32(this.model.grads.ptr, P), hi - lo, b);
    // The same batch size in every worker, so the update ops can never differ between them.
    return this.plan.run(b, this.cursor, this.gradGuard);
  }

  /** Runs the rest of the current epoch (a whole one from a boundary) and returns its report. */
  epoch(): EpochReport {
    for (;;) {
      const report = this.step();
      if (report) return report;
    }
  }

  private fail(status: number, epoch: number, step: number): never {
    const engine = this.model.engine;
    const lr = this.options.learningRate;
    if (status - 1 === this.gradGuard) {
      // These weights gave a NaN/∞ gradient; those of the step before gave a finite one.
      const back = this.stepsRun > 0;
      if (back) {
        const P = this.model.paramCount;
        engine.f32(this.model.params.ptr, P).set(engine.f32(this.stepBackups[(this.stepsRun - 1) & 1]!, P));
      }
      throw new TrainingDivergedError(
        `training diverged at epoch ${epoch}, step ${step}: the loss gradient became NaN/Infinity ` +
          `(learning rate ${lr} may be too high); the weights are ${back ? "those of the last step whose loss was finite, one step back" : 'the initial ones'}`,
        epoch, step,
      );
    }
    if (status - 1 === this.paramGuard) {
      const P = this.model.paramCount;
      engine.f32(this.model.params.ptr, P).set(engine.f32(this.backup, P));
      throw new TrainingDivergedError(
        `training diverged at epoch ${epoch}, step ${step}: a weight overflowed to Infinity ` +
          `(learning rate ${lr} may be too high); the weights were reset to those at the start of epoch ${epoch}`,
        epoch, step,
      );
    }
    throw new InternalError(`training plan stopped with status ${status}`);
  }

  /**
   * Everything needed to go on from here with exactly the bits of an
   * uninterrupted run, as a plain JSON-serialisable object (see checkpoint.ts):
   * pass it as `resume` to a new Trainer, `fit` or `fitAsync`.
   */
  checkpoint(): Checkpoint {
    if (this.disposed) throw new StateError('this trainer was disposed');
    this.model.check();
    return makeCheckpoint(this.checkpointContext(), this.snapshot());
  }

  /** @internal This trainer's state as host copies; data-parallel parts are merged by ParallelTrainer. */
  snapshot(): TrainerSnapshot {
    const engine = this.model.engine;
    const P = this.model.paramCount;
    const { lossSum, correct } = this.ws.readStats();
    const hyper = new Float32Array(this.hypers.length * 8);
    this.hypers.forEach((h, i) => hyper.set(engine.f32(h, 8), i * 8));
    return {
      epoch: this.epochsDone,
      step: this.epochSteps,
      cursor: this.cursor,
      rng: new Uint32Array(engine.memory.buffer, this.rng, 4).slice(),
      layerState: this.ws.readState(),
      order: this.cursor === 0 ? null : engine.i32(this.order, this.orderLength).slice(),
      stats: [this.cursor === 0 ? { lossSum: 0, correct: 0 } : { lossSum, correct }],
      parameters: engine.f32(this.model.params.ptr, P).slice(),
      hyper,
      moments: [this.state1, this.state2].filter((b) => b !== 0).map((b) => engine.f32(b, P).slice()),
      workers: this.exchange?.parts ?? 1,
    };
  }

  private checkpointContext(): CheckpointContext {
    this.context ??= checkpointContext(this.model, this.data, this.options);
    return this.context;
  }

  private get orderLength(): number {
    return this.data.n + (this.columnsPerExample - 1) * this.batch;
  }

  /** Puts a checkpoint's state into this trainer's memory (CheckpointError if it does not fit). */
  private restore(checkpoint: Checkpoint): void {
    const P = this.model.paramCount;
    const workers = this.exchange?.parts ?? 1;
    const s = readCheckpoint(checkpoint, this.checkpointContext(), {
      paramCount: P, hyperFloats: this.hypers.length * 8, moments: [this.state1, this.state2].filter((b) => b !== 0).length,
      workers, orderLength: this.orderLength, layerState: this.ws.readState().length,
    });
    const engine = this.model.engine;
    engine.f32(this.model.params.ptr, P).set(s.parameters);
    this.hypers.forEach((h, i) => engine.f32(h, 8).set(s.hyper.subarray(i * 8, i * 8 + 8)));
    [this.state1, this.state2].filter((b) => b !== 0).forEach((b, i) => engine.f32(b, P).set(s.moments[i]!));
    new Uint32Array(engine.memory.buffer, this.rng, 4).set(s.rng);
    this.ws.writeState(s.layerState);
    if (s.order) engine.i32(this.order, this.orderLength).set(s.order);
    const stats = s.stats[this.exchange?.index ?? 0]!;
    engine.f64(this.ws.stats, 1)[0] = stats.lossSum;
    engine.i32(this.ws.stats + 8, 1)[0] = stats.correct;
    // Divergence inside this epoch falls back to the weights at the checkpoint, not at the epoch's start.
    engine.f32(this.backup, P).set(s.parameters);
    this.epochsDone = s.epoch;
    this.cursor = s.cursor;
    this.epochSteps = s.step;
  }

  /** Frees the trainer's data, order and optimiser state in the engine (the model stays). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.plan?.release();
    this.ws.release();
    for (const b of this.blocks.splice(0)) this.model.engine.release(b);
  }
}

/** What {@link fit} returns: one report per epoch trained, and why it stopped. */
export interface FitResult {
  history: EpochReport[];
  /** Why training ended. */
  stopped: 'completed' | 'callback' | 'aborted';
}

/**
 * Trains `model` on `data`; see FitOptions. Synchronous: an AbortSignal is
 * only seen between epochs and cannot fire from a timer while this runs — use
 * `fitAsync` (fit-async.ts) to stop training from outside.
 */
export function fit(model: Model, data: Dataset, options: FitOptions = {}): FitResult {
  const trainer = new Trainer(model, data, options);
  const history: EpochReport[] = [];
  try {
    // `epochs` counts from the start of training, so a resumed run stops where an uninterrupted one would.
    while (trainer.epochs < trainer.options.epochs) {
      if (trainer.options.signal?.aborted) return { history, stopped: 'aborted' };
      const report = trainer.epoch();
      history.push(report);
      if (trainer.options.onEpoch?.(report) === false) return { history, stopped: 'callback' };
    }
    return { history, stopped: 'completed' };
  } finally {
    trainer.dispose();
  }
}
