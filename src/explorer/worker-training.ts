/**
 * The explorer's training runs in a Web Worker (`untangle/worker`), so the
 * page's thread only draws; and the choice between it and the in-page trainer:
 * the worker where the browser has one, the page when it has none or the
 * worker cannot start (its script not served beside the explorer, say).
 */
import type { Engine } from '../engine/engine.js';
import { createTrainingPool } from '../worker/pool.js';
import type { WorkerEpochReport } from '../worker/protocol.js';
import type { TrainingRun as WorkerRun } from '../worker/run.js';
import { inPageTraining, type RunReport, type RunSnapshot, type RunStatus, type StartTraining, type TrainingRun } from './training-client.js';

function toRunReport(r: WorkerEpochReport): RunReport {
  const out: RunReport = { epoch: r.epoch, loss: r.loss, steps: r.steps, ms: r.ms };
  if (Number.isFinite(r.accuracy)) out.accuracy = r.accuracy;
  if (r.testLoss !== undefined) out.testLoss = r.testLoss;
  if (r.testAccuracy !== undefined && Number.isFinite(r.testAccuracy)) out.testAccuracy = r.testAccuracy;
  return out;
}

/**
 * Milliseconds between two messages of epoch reports. A small data set
 * finishes thousands of epochs a second, and one message each queued up
 * faster than a busy page read them (measured: two explorers on one page
 * stopped answering within 20 s); batched, the page reads ~20 messages a
 * second whatever the pace, and the worker trains free-running.
 */
const REPORT_EVERY_MS = 50;

/** A worker's run seen through the explorer's TrainingRun. */
class WorkerBackedRun implements TrainingRun {
  readonly done: TrainingRun['done'];
  constructor(private readonly run: WorkerRun) {
    this.done = run.done.then(({ model, history }) => ({ model, history: history.map(toRunReport) }));
    this.done.catch(() => {});
  }

  get status(): RunStatus {
    return this.run.status;
  }

  on(event: 'epoch' | 'error', listener: ((r: RunReport) => void) | ((e: Error) => void)): void {
    if (event === 'epoch') this.run.on('epoch', (r) => (listener as (r: RunReport) => void)(toRunReport(r)));
    else this.run.done.catch((e: Error) => (listener as (e: Error) => void)(e));
  }

  pause(): Promise<void> {
    return this.run.pause();
  }

  resume(): Promise<void> {
    return this.run.resume();
  }

  async step(n?: number): Promise<RunReport | null> {
    await this.run.pause();
    const r = await this.run.step(n);
    const last = r.reports.at(-1);
    return last ? toRunReport(last) : null;
  }

  snapshot(request: { weights?: boolean }): Promise<RunSnapshot> {
    return this.run.snapshot({ weights: request.weights });
  }

  stop(): ReturnType<TrainingRun['stop']> {
    return this.run.stop();
  }
}

/** Runs in one warm worker training on the engine's wasm build; final models come back on `engine`. */
export function workerTraining(engine: Engine): StartTraining {
  const pool = createTrainingPool({ size: 1, variant: engine.variant });
  pool.warm();
  return async (request) => {
    const run = await pool.startTraining({ ...request, engine, variant: engine.variant, reportEvery: { ms: REPORT_EVERY_MS } });
    return new WorkerBackedRun(run);
  };
}

/**
 * The worker where there is one; the page's own trainer where there is none,
 * or from the first time the worker fails to start on.
 */
export function bestTraining(engine: Engine): { start: StartTraining; where: () => 'worker' | 'page' } {
  const inPage = inPageTraining(engine);
  if (typeof Worker !== 'function') return { start: inPage, where: () => 'page' };
  const inWorker = workerTraining(engine);
  let useWorker = true;
  return {
    where: () => (useWorker ? 'worker' : 'page'),
    async start(request) {
      if (useWorker) {
        try {
          return await inWorker(request);
        } catch (error) {
          // Bad options fail the same way in the page; only a worker that cannot run falls back.
          if ((error as Error).name !== 'AbortedError') throw error;
          useWorker = false;
        }
      }
      return inPage(request);
    },
  };
}
