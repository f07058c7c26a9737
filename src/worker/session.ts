/**
 * The worker's side of a training run, free of any one runtime: the thread
 * script (worker-thread.ts) hands it every message and a way to post back.
 *
 * Training runs in slices: `Trainer.step()` until a few milliseconds have
 * passed, then one turn of the event loop, in which queued messages are
 * answered — pause, snapshot and stop wait at most one slice, never an epoch.
 * The steps are the Trainer's, in fit's order, so epoch reports and weights
 * are `fit`'s bits for the same model, data, options and wasm variant.
 *
 * One engine per variant lives as long as the worker, so a second run on a
 * warm worker skips compiling the kernels; each run's model and trainer are
 * freed when it ends.
 */
import { createEngine, type Engine } from '../engine/engine.js';
import type { WasmVariant } from '../engine/features.js';
import { Model } from '../model/model.js';
import { MODEL_FORMAT, type ModelJSON } from '../model/model-json.js';
import type { ModelSpec } from '../model/model.js';
import { Trainer } from '../train/trainer.js';
import { yieldToEventLoop } from '../train/fit-async.js';
import type { EpochReport } from '../train/options.js';
import { OptionError, StateError } from '../errors.js';
import { serializeError } from './error-transfer.js';
import { ReportBatch } from './report-batch.js';
import {
  gridPoints, type FinalModel, type Reply, type Request, type Snapshot, type SnapshotRequest, type StartMessage, type Started, type StepResult,
  type WorkerEpochReport,
} from './protocol.js';

/** Posts a message to the app's thread, moving the listed buffers instead of copying them. */
export type Post = (message: Reply, transfer?: Transferable[]) => void;

const now = () => performance.now();

/** An answer and the buffers it moves; `undefined` when the answer is posted later (step). */
type Answer = { result: unknown; transfer?: Transferable[]; after?: () => void } | undefined;

function isModelJSON(model: ModelSpec | ModelJSON): model is ModelJSON {
  return (model as ModelJSON).format === MODEL_FORMAT;
}

/** A worker: its engines, and the run it is training (one at a time). */
export class WorkerSession {
  private readonly engines = new Map<string, Promise<Engine>>();
  private run?: ActiveRun;

  constructor(private readonly post: Post) {}

  /** Answers one request from the app's thread (errors go back as the same class; see error-transfer.ts). */
  async handle(request: Request): Promise<void> {
    try {
      const answer = await this.answer(request);
      if (!answer) return;
      // Every report of an epoch finished before this answer reaches the app before it.
      this.run?.reports.flush();
      this.post({ type: 'reply', id: request.id, result: answer.result }, answer.transfer);
      answer.after?.();
    } catch (error) {
      this.run?.reports.flush();
      this.post({ type: 'error', id: request.id, error: serializeError(error) });
    }
  }

  private async answer(request: Request): Promise<Answer> {
    if (request.type === 'warm') {
      const started = now();
      const engine = await this.engine(request.variant);
      return { result: { variant: engine.variant, setupMs: now() - started } satisfies Started };
    }
    if (request.type === 'start') return this.start(request.start);
    const run = this.run;
    if (!run) throw new StateError(`${request.type}: no training run in this worker`);
    if (request.type === 'pause') return { result: run.pause() };
    if (request.type === 'resume') return { result: run.resume() };
    if (request.type === 'step') return run.step(request.id, request.steps);
    if (request.type === 'checkpoint') return { result: run.checkpoint() };
    if (request.type === 'snapshot') {
      const snapshot = run.snapshot(request.request);
      return { result: snapshot, transfer: [snapshot.weights, snapshot.grid?.values, snapshot.layer?.values].flatMap((a) => (a ? [a.buffer] : [])) };
    }
    return { result: run.stop() };
  }

  private engine(variant: WasmVariant | 'auto'): Promise<Engine> {
    let engine = this.engines.get(variant);
    if (!engine) {
      engine = createEngine({ variant });
      this.engines.set(variant, engine);
      engine.catch(() => this.engines.delete(variant));
    }
    return engine;
  }

  private async start(start: StartMessage): Promise<Answer> {
    if (this.run && !this.run.ended) throw new StateError('this worker is already training a run');
    const started = now();
    const engine = await this.engine(start.variant);
    const model = isModelJSON(start.model) ? Model.fromJSON(engine, start.model) : Model.create(engine, start.model);
    let trainer: Trainer;
    try {
      trainer = new Trainer(model, start.data, { ...start.fit, validation: start.test });
    } catch (error) {
      model.dispose();
      throw error;
    }
    const run = (this.run = new ActiveRun(model, trainer, start, this.post));
    const result: Started = { variant: engine.variant, setupMs: now() - started };
    // The loop starts after the answer is posted, so the app hears 'started' before any epoch.
    return { result, after: () => void run.loop() };
  }
}

/** A step() call being served: how many steps it asked for ('epoch': to the end of the current epoch). */
interface PendingStep {
  id: number;
  want: number | 'epoch';
  steps: number;
  reports: WorkerEpochReport[];
}

/** One run: its model and trainer, whether it is paused, and the loop that trains it in slices. */
class ActiveRun {
  ended = false;
  readonly reports: ReportBatch;
  private paused: boolean;
  private stepsRun = 0;
  private pending?: PendingStep;
  /** Resolves the paused loop's wait (resume, step, stop). */
  private wake?: () => void;
  private readonly epochs: number;

  constructor(
    private readonly model: Model,
    private readonly trainer: Trainer,
    private readonly start: StartMessage,
    private readonly post: Post,
  ) {
    this.paused = start.paused;
    this.reports = new ReportBatch(post, start.reportMs);
    this.epochs = trainer.options.epochs;
  }

  async loop(): Promise<void> {
    let sliceStart = now();
    while (!this.ended) {
      if (this.trainer.epochs >= this.epochs) return this.finish();
      if (this.paused && !this.pending) {
        this.reports.flush();
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        sliceStart = now();
        continue;
      }
      let report: EpochReport | null;
      try {
        report = this.trainer.step();
      } catch (error) {
        return this.fail(error);
      }
      this.stepsRun++;
      const sent = report ? this.report(report) : null;
      if (this.pending) this.advanceStep(sent);
      else this.reports.sendIfDue();
      if (now() - sliceStart >= this.start.sliceMs) {
        await yieldToEventLoop();
        sliceStart = now();
      }
    }
  }

  private report(report: EpochReport): WorkerEpochReport {
    const sent: WorkerEpochReport = this.start.test ? { ...report, testLoss: report.validationLoss, testAccuracy: report.validationAccuracy } : report;
    this.reports.add(sent);
    return sent;
  }

  /** Counts a step toward the step() being served and answers it when done. */
  private advanceStep(report: WorkerEpochReport | null): void {
    const p = this.pending!;
    p.steps++;
    if (report) p.reports.push(report);
    const finished = this.trainer.epochs >= this.epochs;
    if (finished || (p.want === 'epoch' ? report !== null : p.steps >= p.want)) this.answerStep(finished);
  }

  private answerStep(finished: boolean): void {
    const p = this.pending!;
    this.pending = undefined;
    this.reports.flush();
    const result: StepResult = { steps: p.steps, epoch: this.trainer.epochs, reports: p.reports, finished };
    this.post({ type: 'reply', id: p.id, result });
  }

  pause(): { epoch: number; steps: number } {
    this.checkLive('pause');
    this.paused = true;
    return { epoch: this.trainer.epochs, steps: this.stepsRun };
  }

  resume(): { epoch: number; steps: number } {
    this.checkLive('resume');
    this.paused = false;
    this.wake?.();
    return { epoch: this.trainer.epochs, steps: this.stepsRun };
  }

  step(id: number, steps: number | undefined): Answer {
    this.checkLive('step');
    if (!this.paused) throw new StateError('step: the run is training; pause() it first');
    if (this.pending) throw new StateError('step: the previous step() has not finished');
    if (steps !== undefined && !(Number.isInteger(steps) && steps >= 1)) throw new OptionError(`steps must be an integer ≥ 1, got ${steps}`, 'steps');
    this.pending = { id, want: steps ?? 'epoch', steps: 0, reports: [] };
    this.wake?.();
    return undefined;
  }

  checkpoint() {
    this.checkLive('checkpoint');
    return this.trainer.checkpoint();
  }

  snapshot(request: SnapshotRequest): Snapshot {
    this.checkLive('snapshot');
    const model = this.model;
    const snapshot: Snapshot = { epoch: this.trainer.epochs, steps: this.stepsRun };
    if (request.weights) snapshot.weights = model.getParameters();
    if (request.grid) {
      const { box, nx, ny } = request.grid;
      for (const [name, n] of [['nx', nx], ['ny', ny]] as const) {
        if (!(Number.isInteger(n) && n >= 1 && n <= 4096)) throw new OptionError(`snapshot: grid.${name} must be an integer in 1…4096, got ${n}`, `grid.${name}`);
      }
      if (model.inputs !== 2) throw new OptionError(`snapshot: a grid needs a model with 2 inputs, this one has ${model.inputs}`, 'grid');
      const values = model.predict(gridPoints(box, nx, ny));
      snapshot.grid = { nx, ny, outputs: model.classes, values };
    }
    if (request.layer) {
      const { index, points } = request.layer;
      const values = model.layerOutput(Float32Array.from(points), index);
      snapshot.layer = { index, width: model.layers[index]!.units, values };
    }
    return snapshot;
  }

  /** Ends the run between two steps; the model (and a checkpoint to go on from) go back to the app. */
  stop(): FinalModel {
    this.checkLive('stop');
    const final: FinalModel = { model: this.model.toJSON(), loss: this.trainer.loss.name };
    if (this.trainer.epochs < this.epochs) final.checkpoint = this.trainer.checkpoint();
    if (this.pending) this.answerStep(false);
    this.end();
    return final;
  }

  private finish(): void {
    if (this.pending) this.answerStep(true);
    const final: FinalModel = { model: this.model.toJSON(), loss: this.trainer.loss.name };
    this.end();
    this.reports.flush();
    this.post({ type: 'finished', final });
  }

  private fail(error: unknown): void {
    const sent = serializeError(error);
    this.reports.flush();
    if (this.pending) {
      this.post({ type: 'error', id: this.pending.id, error: sent });
      this.pending = undefined;
    }
    this.end();
    this.post({ type: 'failed', error: sent });
  }

  private end(): void {
    this.ended = true;
    this.trainer.dispose();
    this.model.dispose();
    this.wake?.();
  }

  private checkLive(what: string): void {
    if (this.ended) throw new StateError(`${what}: the run has ended`);
  }
}
