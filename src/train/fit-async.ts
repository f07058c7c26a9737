/**
 * `fitAsync`: `fit` that gives the event loop a turn every few milliseconds of
 * training, so an AbortSignal fired by a timer, a button or a request
 * (`AbortSignal.timeout(100)`) stops it before its next step, and a page stays
 * responsive. Yielding costs a macrotask per slice, not per step, so a small
 * net trains at nearly `fit`'s speed. An aborted run returns its history so far
 * and a checkpoint to go on from (`resume`), with exactly the bits of an
 * uninterrupted run.
 */
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import { OptionError } from '../errors.js';
import type { Checkpoint } from './checkpoint.js';
import type { EpochReport, FitOptions } from './options.js';
import { Trainer, type FitResult } from './trainer.js';

export interface FitAsyncOptions extends FitOptions {
  /** Milliseconds of training between turns of the event loop (default 15). */
  sliceMs?: number;
}

export interface FitAsyncResult extends FitResult {
  /** Where training stopped when it was aborted or stopped by onEpoch: pass it as `resume` to go on. */
  checkpoint?: Checkpoint;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * A macrotask turn: setImmediate in Node (timers run in the same loop turn), a
 * MessageChannel message in browsers (setTimeout(0) is clamped to 4 ms there).
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Trains like `fit` (same options, same bits) without blocking the event loop; see the file's comment. */
export async function fitAsync(model: Model, data: Dataset, options: FitAsyncOptions = {}): Promise<FitAsyncResult> {
  const sliceMs = options.sliceMs ?? 15;
  if (!(Number.isFinite(sliceMs) && sliceMs >= 0)) throw new OptionError(`sliceMs must be a number ≥ 0, got ${sliceMs}`, 'sliceMs');
  const trainer = new Trainer(model, data, options);
  const { epochs, signal, onEpoch } = trainer.options;
  const history: EpochReport[] = [];
  try {
    let sliceStart = now();
    while (trainer.epochs < epochs) {
      if (signal?.aborted) return { history, stopped: 'aborted', checkpoint: trainer.checkpoint() };
      const report = trainer.step();
      if (report) {
        history.push(report);
        if (onEpoch?.(report) === false) return { history, stopped: 'callback', checkpoint: trainer.checkpoint() };
      }
      if (now() - sliceStart >= sliceMs) {
        await yieldToEventLoop();
        sliceStart = now();
      }
    }
    return { history, stopped: 'completed' };
  } finally {
    trainer.dispose();
  }
}
