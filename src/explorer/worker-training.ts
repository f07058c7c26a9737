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

/** Resolves after the page's next frame (a timer where there are no frames). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => resolve()) : setTimeout(resolve, 16)));
}

/** Epochs a turn trains: each is a report the page reads, and a curve needs no more than a few dozen a frame. */
const EPOCHS_PER_TURN = 20;
/** Examples a turn trains at most (large data sets: a turn stays short, so a pause is quick). */
const EXAMPLES_PER_TURN = 50_000;

/**
 * A worker's run seen through the explorer's TrainingRun, paced by the page:
 * the worker stays paused and trains a batch of steps per frame. A small data
 * set finishes thousands of epochs a second, and a free-running worker's report
 * for each of them would queue up faster than a busy page reads them (measured:
 * two explorers on one page stopped answering within 20 s); asking per frame
 * lets the page set the pace: EPOCHS_PER_TURN epochs a frame, or fewer steps
 * on a large data set. (Sizing the turns by their time failed: under load the
 * round trip alone took longer than the target, and the turns shrank to a step.)
 */
class WorkerBackedRun implements TrainingRun {
  readonly done: TrainingRun['done'];
  private pacing = false;
  private turn: Promise<void> = Promise.resolve();
  constructor(private readonly run: WorkerRun, private readonly stepsPerTurn: number) {
    this.done = run.done.then(({ model, history }) => ({ model, history: history.map(toRunReport) }));
    this.done.catch(() => {});
  }

  get status(): RunStatus {
    const s = this.run.status;
    return s === 'paused' && this.pacing ? 'running' : s;
  }

  on(event: 'epoch' | 'error', listener: ((r: RunReport) => void) | ((e: Error) => void)): void {
    if (event === 'epoch') this.run.on('epoch', (r) => (listener as (r: RunReport) => void)(toRunReport(r)));
    else this.run.done.catch((e: Error) => (listener as (e: Error) => void)(e));
  }

  async pause(): Promise<void> {
    this.pacing = false;
    await this.turn;
  }

  async resume(): Promise<void> {
    if (this.pacing || this.run.status !== 'paused') return;
    this.pacing = true;
    this.turn = this.pace();
  }

  private async pace(): Promise<void> {
    while (this.pacing && this.run.status === 'paused') {
      try {
        await this.run.step(this.stepsPerTurn);
      } catch {
        this.pacing = false; // the run failed or was stopped: done says how
        return;
      }
      await nextFrame();
    }
  }

  async step(n?: number): Promise<RunReport | null> {
    await this.pause();
    const r = await this.run.step(n);
    const last = r.reports.at(-1);
    return last ? toRunReport(last) : null;
  }

  snapshot(request: { weights?: boolean }): Promise<RunSnapshot> {
    return this.run.snapshot({ weights: request.weights });
  }

  async stop(): ReturnType<TrainingRun['stop']> {
    await this.pause();
    return this.run.stop();
  }
}

/** Runs in one warm worker training on the engine's wasm build; final models come back on `engine`. */
export function workerTraining(engine: Engine): StartTraining {
  const pool = createTrainingPool({ size: 1, variant: engine.variant });
  pool.warm();
  return async (request) => {
    const batch = Math.min(request.fit.batchSize ?? 32, request.data.n);
    const steps = Math.max(1, Math.min(EPOCHS_PER_TURN * Math.ceil(request.data.n / batch), Math.floor(EXAMPLES_PER_TURN / batch)));
    const run = new WorkerBackedRun(await pool.startTraining({ ...request, engine, variant: engine.variant, paused: true }), steps);
    if (!request.paused) await run.resume();
    return run;
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
