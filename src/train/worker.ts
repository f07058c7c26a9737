/**
 * One data-parallel training worker (a Node worker thread; see parallel.ts).
 * It builds its own engine and a copy of the model from the model's JSON,
 * trains its part of every batch through a SharedGradientExchange, and answers
 * the coordinating thread's messages: run an epoch, set the learning rate,
 * send the weights. Errors go back as messages; the exchange is aborted first
 * so that no other worker waits for this one forever.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../engine/engine.js';
import type { WasmVariant } from '../engine/features.js';
import type { Dataset } from '../data/dataset.js';
import { Model } from '../model/model.js';
import type { ModelJSON } from '../model/model-json.js';
import type { FitOptions } from './options.js';
import { SharedGradientExchange } from './exchange.js';
import { Trainer, TrainingDivergedError } from './trainer.js';
import type { TrainerSnapshot } from './checkpoint.js';

export interface WorkerSetup {
  variant: WasmVariant;
  model: ModelJSON;
  data: Dataset;
  options: FitOptions;
  shared: SharedArrayBuffer;
  index: number;
  parts: number;
}

export type WorkerRequest = { type: 'epoch' } | { type: 'learningRate'; value: number } | { type: 'parameters' } | { type: 'snapshot' };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'epoch'; lossSum: number; correct: number; steps: number; ms: number }
  | { type: 'done' }
  | { type: 'parameters'; values: Float32Array }
  | { type: 'snapshot'; snapshot: TrainerSnapshot }
  | { type: 'error'; name: string; message: string; epoch?: number; step?: number };

const port = parentPort!;
const setup = workerData as WorkerSetup;
const reply = (message: WorkerReply) => port.postMessage(message);

function fail(error: unknown): void {
  // Divergence happens in every worker at the same step (they share one gradient),
  // so the others are not waiting for this one; any other failure releases them.
  if (!(error instanceof TrainingDivergedError)) SharedGradientExchange.abort(setup.shared);
  const e = error instanceof Error ? error : new Error(String(error));
  reply({
    type: 'error', name: e.name, message: e.message,
    ...(e instanceof TrainingDivergedError ? { epoch: e.epoch, step: e.step } : {}),
  });
}

try {
  const engine = await createEngine({ variant: setup.variant });
  const model = Model.fromJSON(engine, setup.model);
  const exchange = new SharedGradientExchange(setup.shared, setup.index, setup.parts, model.paramCount);
  const trainer = new Trainer(model, setup.data, setup.options, exchange);
  port.on('message', (request: WorkerRequest) => {
    try {
      if (request.type === 'epoch') {
        const report = trainer.epoch();
        reply({ type: 'epoch', ...trainer.lastEpochStats, steps: report.steps, ms: report.ms });
      } else if (request.type === 'learningRate') {
        trainer.setLearningRate(request.value);
        reply({ type: 'done' });
      } else if (request.type === 'snapshot') {
        reply({ type: 'snapshot', snapshot: trainer.snapshot() });
      } else {
        reply({ type: 'parameters', values: model.getParameters() });
      }
    } catch (error) {
      fail(error);
    }
  });
  reply({ type: 'ready' });
} catch (error) {
  fail(error);
}
