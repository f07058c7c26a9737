/**
 * The app's handle on a training run in a worker: epoch reports as they come,
 * pause / resume / step, snapshots and checkpoints between steps, and the
 * trained model rebuilt on the app's engine at the end. Every method sends one
 * message and resolves with the worker's answer; errors thrown in the worker
 * reject with the same class, code and message.
 */
// The library's own entry, so that the browser build of untangle/worker can
// import it from untangle.browser.js and hand back the app's own Model class.
import { Model, StateError, createEngine, type Checkpoint, type Engine, type WasmVariant } from '../index.js';
import { rebuildError } from './error-rebuild.js';
import type { WorkerLink, WorkerEvent } from './link.js';
import type { FinalModel, Snapshot, SnapshotRequest, StepResult, WorkerEpochReport } from './protocol.js';

/** Where a run is: training, paused, or ended (all epochs done, stopped by the app, or failed). */
export type RunStatus = 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

/** What a run ends with (`run.done`). */
export interface TrainingResult {
  /** The trained model, on the app's engine (the one passed to startTraining, or one of the worker's variant). */
  model: Model;
  /** Every epoch's report, as `fit` returns them. */
  history: WorkerEpochReport[];
  /** When stopped before the last epoch: where training stood, to go on with `fit: { resume: checkpoint }`. */
  checkpoint?: Checkpoint;
}

/** One engine per variant for the models of runs started without an engine. */
const ownEngines = new Map<WasmVariant, Promise<Engine>>();

function engineFor(variant: WasmVariant): Promise<Engine> {
  let engine = ownEngines.get(variant);
  if (!engine) ownEngines.set(variant, (engine = createEngine({ variant })));
  return engine;
}

/**
 * A training run in a worker (see {@link startTraining}). Listen with
 * `on('epoch', …)`, steer it with pause / resume / step / stop, look at it with
 * snapshot, and await `done` for the model and the history.
 */
export class TrainingRun {
  private state: RunStatus;
  /** Every epoch report received so far. */
  readonly history: WorkerEpochReport[] = [];
  /** Settles when the run ends: finished or stopped (the model and history), or failed (the worker's error). */
  readonly done: Promise<TrainingResult>;
  private readonly listeners = new Set<(report: WorkerEpochReport) => void>();
  private settle!: { resolve: (result: TrainingResult) => void; reject: (error: Error) => void };

  /** @internal Runs are started by startTraining or a TrainingPool. */
  constructor(
    private readonly link: WorkerLink,
    /** The wasm build the worker trains with (the same as `fit` on an engine of this variant gives the same bits). */
    readonly variant: WasmVariant,
    paused: boolean,
    private readonly engine: Engine | undefined,
    private readonly onEnd: () => void,
  ) {
    this.state = paused ? 'paused' : 'running';
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // A run nobody awaits must not report an unhandled rejection; awaiting `done` still throws.
    this.done.catch(() => {});
    link.onEvent = (event) => this.receive(event);
  }

  /** 'running', 'paused', or how it ended: 'finished', 'stopped', 'failed'. */
  get status(): RunStatus {
    return this.state;
  }

  private get ended(): boolean {
    return this.state === 'finished' || this.state === 'stopped' || this.state === 'failed';
  }

  /** Calls `listener` with each epoch's report as it arrives; returns a function that stops listening. */
  on(event: 'epoch', listener: (report: WorkerEpochReport) => void): () => void {
    if (event !== 'epoch') throw new StateError(`TrainingRun.on: unknown event '${String(event)}' (known: epoch)`);
    this.listeners.add(listener);
    return () => this.off(event, listener);
  }

  /** Removes a listener added with {@link TrainingRun.on}. */
  off(_event: 'epoch', listener: (report: WorkerEpochReport) => void): void {
    this.listeners.delete(listener);
  }

  /** Pauses between two steps; once this resolves no epoch report arrives until resume() or step(). A no-op on an ended run. */
  async pause(): Promise<void> {
    if (this.ended) return;
    await this.link.ask({ type: 'pause' }).catch((error: Error) => this.unlessEnded(error));
    if (!this.ended) this.state = 'paused';
  }

  /** Goes on training after pause(). A no-op on an ended run. */
  async resume(): Promise<void> {
    if (this.ended) return;
    await this.link.ask({ type: 'resume' }).catch((error: Error) => this.unlessEnded(error));
    if (!this.ended) this.state = 'running';
  }

  /**
   * While paused: runs `steps` optimiser steps (default: to the end of the
   * current epoch) and resolves with what they did; the run stays paused.
   */
  async step(steps?: number): Promise<StepResult> {
    this.checkLive('step');
    return this.link.ask<StepResult>({ type: 'step', steps });
  }

  /** The parts asked for, computed between two steps from the current weights; training goes on meanwhile. */
  async snapshot(request: SnapshotRequest): Promise<Snapshot> {
    this.checkLive('snapshot');
    const points = request.layer ? Float32Array.from(request.layer.points) : undefined;
    const sent = points ? { ...request, layer: { ...request.layer!, points } } : request;
    return this.link.ask<Snapshot>({ type: 'snapshot', request: sent }, points ? [points.buffer] : []);
  }

  /** A checkpoint of the run as it is now (between two steps), to resume with `fit` or another run. */
  async checkpoint(): Promise<Checkpoint> {
    this.checkLive('checkpoint');
    return this.link.ask<Checkpoint>({ type: 'checkpoint' });
  }

  /**
   * Stops between two steps and resolves with the model as it is then (also
   * `done`'s, with a checkpoint to go on from). On a finished run: its model.
   */
  async stop(): Promise<Model> {
    if (this.state === 'failed' || this.state === 'finished') return (await this.done).model;
    if (this.state === 'stopped') return (await this.done).model;
    let final: FinalModel;
    try {
      final = await this.link.ask<FinalModel>({ type: 'stop' });
    } catch (error) {
      // The run finished or failed while the request was on its way.
      if (this.ended) return (await this.done).model;
      throw error;
    }
    this.state = 'stopped';
    await this.end(final);
    return (await this.done).model;
  }

  private receive(event: WorkerEvent): void {
    if (event.type === 'epoch') this.heard(event.report);
    else if (event.type === 'epochs') for (const report of event.reports) this.heard(report);
    else if (event.type === 'finished') {
      if (this.ended) return;
      this.state = 'finished';
      void this.end(event.final);
    } else if (!this.ended) {
      this.state = 'failed';
      this.settle.reject(rebuildError(event.error));
      this.onEnd();
    }
  }

  private heard(report: WorkerEpochReport): void {
    this.history.push(report);
    for (const listener of this.listeners) {
      try {
        listener(report);
      } catch (error) {
        // One failing listener neither stops the others nor the run; the error still shows.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  private async end(final: FinalModel): Promise<void> {
    this.onEnd();
    try {
      const model = Model.fromJSON(this.engine ?? (await engineFor(this.variant)), final.model);
      model.trainedLoss = final.loss;
      this.settle.resolve({ model, history: this.history.slice(), ...(final.checkpoint ? { checkpoint: final.checkpoint } : {}) });
    } catch (error) {
      this.settle.reject(error as Error);
    }
  }

  private unlessEnded(error: Error): void {
    if (!this.ended) throw error;
  }

  private checkLive(what: string): void {
    if (this.ended) throw new StateError(`${what}: the run has ${this.state}`);
  }
}
