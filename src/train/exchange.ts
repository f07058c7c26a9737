/**
 * Gradient exchange for data-parallel training: N workers (threads), each with
 * its own engine and a copy of the model, train on parts of the same batches.
 * After its forward and backward pass a worker hands its part's mean gradient
 * to `reduce`, which waits for the others and returns the whole batch's mean
 * gradient, Σ_w (n_w / b)·g_w, summed in worker order — the same bits in every
 * worker, so the identical updates keep the weights identical with no copying
 * of weights at all.
 *
 * Everything lives in one SharedArrayBuffer: a control block (barrier and
 * abort flag) and, per step parity, one gradient slot per worker. Two parities
 * let a worker that leaves the barrier early write its next gradient while a
 * slower one still reads this step's: it cannot get further ahead, because the
 * next barrier waits for everyone.
 */
import { AbortedError } from '../errors.js';

/** What the trainer sees (src/train/trainer.ts). */
export interface GradientExchange {
  /** This trainer's part of every batch: part `index` of `parts`. */
  readonly index: number;
  readonly parts: number;
  /** Replaces `grads` (mean over this part's `count` of the batch's `batch` examples) with the whole batch's mean. */
  reduce(grads: Float32Array, count: number, batch: number): void;
}

const ARRIVED = 0;
const GENERATION = 1;
const ABORT = 2;
const CONTROL_INTS = 4;
/** A waiting worker looks at the abort flag this often (ms). */
const ABORT_POLL_MS = 100;

export function sharedExchangeBytes(parts: number, paramCount: number): number {
  return (CONTROL_INTS + 2 * parts) * 4 + 2 * parts * paramCount * 4;
}

export class SharedGradientExchange implements GradientExchange {
  private readonly control: Int32Array;
  private readonly counts: Int32Array;
  private readonly slots: Float32Array;
  private step = 0;

  constructor(readonly buffer: SharedArrayBuffer, readonly index: number, readonly parts: number, private readonly paramCount: number) {
    if (buffer.byteLength < sharedExchangeBytes(parts, paramCount)) throw new Error('gradient exchange: shared buffer too small');
    this.control = new Int32Array(buffer, 0, CONTROL_INTS);
    this.counts = new Int32Array(buffer, CONTROL_INTS * 4, 2 * parts);
    this.slots = new Float32Array(buffer, (CONTROL_INTS + 2 * parts) * 4, 2 * parts * paramCount);
  }

  /** Tells every worker waiting in (or arriving at) a barrier to give up. Safe from any thread. */
  static abort(buffer: SharedArrayBuffer): void {
    const control = new Int32Array(buffer, 0, CONTROL_INTS);
    Atomics.store(control, ABORT, 1);
    Atomics.notify(control, GENERATION);
  }

  reduce(grads: Float32Array, count: number, batch: number): void {
    const P = this.paramCount;
    const parity = this.step++ & 1;
    const base = parity * this.parts;
    this.counts[base + this.index] = count;
    if (count > 0) this.slots.set(grads, (base + this.index) * P);
    this.barrier();
    grads.fill(0);
    for (let w = 0; w < this.parts; w++) {
      const n = this.counts[base + w]!;
      if (n === 0) continue; // an empty part (a last batch smaller than the workers) holds stale values
      const weight = n / batch;
      const part = this.slots.subarray((base + w) * P, (base + w + 1) * P);
      for (let i = 0; i < P; i++) grads[i] = grads[i]! + weight * part[i]!;
    }
  }

  /** Returns when every worker has arrived; throws if training was aborted. */
  private barrier(): void {
    const c = this.control;
    if (Atomics.load(c, ABORT) !== 0) throw new ExchangeAbortedError();
    const generation = Atomics.load(c, GENERATION);
    if (Atomics.add(c, ARRIVED, 1) === this.parts - 1) {
      Atomics.store(c, ARRIVED, 0);
      Atomics.add(c, GENERATION, 1);
      Atomics.notify(c, GENERATION);
      return;
    }
    while (Atomics.load(c, GENERATION) === generation) {
      if (Atomics.load(c, ABORT) !== 0) throw new ExchangeAbortedError();
      Atomics.wait(c, GENERATION, generation, ABORT_POLL_MS);
    }
  }
}

export class ExchangeAbortedError extends AbortedError {
  constructor() {
    super('data-parallel training stopped: another worker failed');
    this.name = 'ExchangeAbortedError';
  }
}
