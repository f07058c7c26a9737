/**
 * What the coordinating thread and a training thread (worker.ts) say to each
 * other. A thread answers every request with exactly one reply, in order.
 */
import type { Dataset } from '../data/dataset.js';
import type { WasmVariant } from '../engine/features.js';
import type { ModelJSON } from '../model/model-json.js';
import type { ResidentUpdate } from '../threads/resident-model.js';
import type { TrainerSnapshot } from './checkpoint.js';
import type { FitOptions } from './options.js';

/** One thread's share of a data-parallel training run. */
export interface TrainSetup {
  variant: WasmVariant;
  /** The kernels, compiled once by the coordinator (no compiling in the thread). */
  module: WebAssembly.Module;
  model: ModelJSON;
  data: Dataset;
  options: FitOptions;
  /** The gradient exchange (exchange.ts); null for one thread, which needs no exchange. */
  shared: SharedArrayBuffer | null;
  index: number;
  parts: number;
}

export type WorkerRequest =
  | { type: 'train'; setup: TrainSetup }
  | { type: 'epoch' }
  | { type: 'learningRate'; value: number }
  | { type: 'parameters' }
  | { type: 'snapshot' }
  /** Ends the training run; the thread stays for the next one. */
  | { type: 'release' }
  /** Predicts x with the thread's resident model, first brought up to date by `update`. */
  | { type: 'predict'; variant: WasmVariant; module: WebAssembly.Module; update: ResidentUpdate; x: Float32Array };

export type WorkerReply =
  /** Sent once when the thread has started, and after a 'train' setup. */
  | { type: 'ready' }
  | { type: 'epoch'; lossSum: number; correct: number; steps: number; ms: number }
  | { type: 'done' }
  | { type: 'parameters'; values: Float32Array }
  | { type: 'snapshot'; snapshot: TrainerSnapshot }
  | { type: 'predicted'; values: Float32Array }
  | { type: 'error'; name: string; message: string; epoch?: number; step?: number };
