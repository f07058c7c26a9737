/**
 * How the explorer trains: a small interface shaped like the worker training
 * API (start → a run that streams epoch reports, pauses, resumes, steps,
 * answers snapshots between steps, stops with the final model), and the
 * in-page implementation behind it — a Trainer run in slices of a few
 * milliseconds with a turn of the event loop between them, so the page keeps
 * drawing while it trains. A worker-backed implementation can replace it
 * without the page changing.
 */
import type { Dataset } from '../data/dataset.js';
import type { Engine } from '../engine/engine.js';
import { Model, type ModelSpec } from '../model/model.js';
import type { ModelJSON } from '../model/model-json.js';
import { yieldToEventLoop } from '../train/fit-async.js';
import type { EpochReport, FitOptions } from '../train/options.js';
import { Trainer } from '../train/trainer.js';

/** Fit options a run takes: everything but the callbacks and what the run sets itself. */
export type RunFitOptions = Omit<FitOptions, 'onEpoch' | 'signal' | 'validation' | 'resume'>;

/** What to train: a new model (spec) or a saved one to continue (JSON), on data, scored each epoch on `test`. */
export interface TrainingRequest {
  model: ModelSpec | ModelJSON;
  data: Dataset;
  test?: Dataset;
  fit: RunFitOptions;
  /** Start paused: nothing trains until resume() or step() (default false). */
  paused?: boolean;
}

/** One epoch as a run reports it. */
export interface RunReport {
  epoch: number;
  loss: number;
  accuracy?: number;
  testLoss?: number;
  testAccuracy?: number;
  steps: number;
  ms: number;
}

/** What a snapshot carries: the current weights (a copy), at the epoch and step it was taken. */
export interface RunSnapshot {
  weights?: Float32Array;
  epoch: number;
  steps: number;
}

export type RunStatus = 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

/** A training run in progress (the worker API's shape). */
export interface TrainingRun {
  readonly status: RunStatus;
  on(event: 'epoch', listener: (report: RunReport) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** While paused: n steps (default: the rest of the current epoch); resolves with the last epoch's report. */
  step(n?: number): Promise<RunReport | null>;
  snapshot(request: { weights?: boolean }): Promise<RunSnapshot>;
  /** Ends the run; resolves with the trained model (owned by the caller). */
  stop(): Promise<Model>;
  readonly done: Promise<{ model: Model; history: RunReport[] }>;
}

/** Starts a run (the in-page trainer here; a worker elsewhere). */
export type StartTraining = (request: TrainingRequest) => Promise<TrainingRun>;

const isJson = (m: ModelSpec | ModelJSON): m is ModelJSON => 'format' in m;

function toRunReport(r: EpochReport, test: Dataset | undefined, model: Model, knn: boolean): RunReport {
  const out: RunReport = { epoch: r.epoch, loss: r.loss, steps: r.steps, ms: r.ms };
  if (Number.isFinite(r.accuracy)) out.accuracy = r.accuracy;
  if (test && !knn) {
    const e = model.evaluate(test);
    out.testLoss = e.loss;
    if (Number.isFinite(e.accuracy)) out.testAccuracy = e.accuracy;
  }
  return out;
}

/**
 * Where the in-page trainer waits between slices: in a page, until the next
 * frame has been drawn (a stream of back-to-back tasks would starve the
 * page's drawing: measured, 11 frames/s instead of 30+); elsewhere one turn of
 * the event loop.
 */
function afterNextFrame(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return yieldToEventLoop();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * The in-page implementation: one Trainer on the page's engine, run `sliceMs`
 * per frame. `epochs` in the fit options bounds the run (default: until stopped).
 */
export function inPageTraining(engine: Engine, sliceMs = 6): StartTraining {
  return async (request) => {
    const model = isJson(request.model) ? Model.fromJSON(engine, request.model) : Model.create(engine, request.model);
    const epochs = request.fit.epochs ?? 1_000_000;
    let trainer: Trainer;
    try {
      trainer = new Trainer(model, request.data, { ...request.fit, epochs });
    } catch (error) {
      model.dispose();
      throw error;
    }
    const run = new InPageRun(model, trainer, request.test, request.fit.loss === 'knn', epochs, sliceMs);
    if (request.paused) await run.pause();
    return run;
  };
}

class InPageRun implements TrainingRun {
  status: RunStatus = 'running';
  private readonly epochListeners: ((r: RunReport) => void)[] = [];
  private readonly errorListeners: ((e: Error) => void)[] = [];
  private readonly history: RunReport[] = [];
  private steps = 0;
  private wake: (() => void) | null = null;
  private settle!: { ok: (v: { model: Model; history: RunReport[] }) => void; fail: (e: Error) => void };
  readonly done: Promise<{ model: Model; history: RunReport[] }>;

  constructor(
    private readonly model: Model,
    private readonly trainer: Trainer,
    private readonly test: Dataset | undefined,
    private readonly knn: boolean,
    private readonly epochs: number,
    private readonly sliceMs: number,
  ) {
    this.done = new Promise((ok, fail) => { this.settle = { ok, fail }; });
    this.done.catch(() => {}); // failures reach listeners and step(); an unobserved rejection is no error
    void this.loop();
  }

  on(event: 'epoch' | 'error', listener: ((r: RunReport) => void) | ((e: Error) => void)): void {
    if (event === 'epoch') this.epochListeners.push(listener as (r: RunReport) => void);
    else this.errorListeners.push(listener as (e: Error) => void);
  }

  async pause(): Promise<void> {
    if (this.status === 'running') this.status = 'paused';
  }

  async resume(): Promise<void> {
    if (this.status !== 'paused') return;
    this.status = 'running';
    this.wake?.();
  }

  async step(n?: number): Promise<RunReport | null> {
    if (this.status !== 'paused') throw new Error(`step: the run is ${this.status}, not paused`);
    let last: RunReport | null = null;
    const count = n ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const r = this.oneStep();
      if (r) { last = r; if (n === undefined) break; }
      if (this.status !== 'paused') break;
    }
    return last;
  }

  async snapshot(request: { weights?: boolean }): Promise<RunSnapshot> {
    const out: RunSnapshot = { epoch: this.trainer.epochs, steps: this.steps };
    if (request.weights) out.weights = this.model.getParameters();
    return out;
  }

  async stop(): Promise<Model> {
    if (this.status === 'running' || this.status === 'paused') this.finish('stopped');
    return (await this.done).model;
  }

  /** One optimiser step; the epoch's report when it ended one. Failures end the run. */
  private oneStep(): RunReport | null {
    try {
      const r = this.trainer.step();
      this.steps++;
      if (!r) return null;
      const report = toRunReport(r, this.test, this.model, this.knn);
      this.history.push(report);
      for (const f of this.epochListeners) f(report);
      if (this.trainer.epochs >= this.epochs) this.finish('finished');
      return report;
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      this.status = 'failed';
      this.trainer.dispose();
      for (const f of this.errorListeners) f(e);
      this.settle.fail(e);
      return null;
    }
  }

  private finish(status: 'finished' | 'stopped'): void {
    this.status = status;
    this.trainer.dispose();
    this.wake?.();
    this.settle.ok({ model: this.model, history: this.history });
  }

  private async loop(): Promise<void> {
    const now = () => performance.now();
    // The caller gets the run before any step, so listeners and a pause() take effect from step 1.
    await yieldToEventLoop();
    for (;;) {
      if (this.status === 'paused') await new Promise<void>((ok) => { this.wake = ok; });
      this.wake = null;
      if (this.status !== 'running') return;
      const end = now() + this.sliceMs;
      while (this.status === 'running' && now() < end) this.oneStep();
      await afterNextFrame();
    }
  }
}
