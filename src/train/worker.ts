/**
 * A training thread (a Node worker thread or a module Web Worker; see
 * src/threads/). It lives across runs: for each data-parallel run it builds an
 * engine from the kernels the coordinator compiled, a copy of the model from
 * its JSON and a Trainer on its part of every batch (through a
 * SharedGradientExchange), answers that run's requests — an epoch, the
 * learning rate, the weights, a snapshot — and frees it all on 'release'.
 * Between runs it predicts parts of large batches. Errors go back as replies;
 * a training error aborts the exchange first so that no other thread waits for
 * this one forever.
 */
import { createEngine, type Engine } from '../engine/engine.js';
import type { WasmVariant } from '../engine/features.js';
import { Model } from '../model/model.js';
import { SharedGradientExchange } from './exchange.js';
import { Trainer, TrainingDivergedError } from './trainer.js';
import type { TrainSetup, WorkerReply, WorkerRequest } from './worker-messages.js';
import { connectToParent } from '../threads/spawn.js';

interface Run {
  setup: TrainSetup;
  model: Model;
  trainer: Trainer;
}

const parent = await connectToParent();
const reply = (message: WorkerReply, transfer?: Transferable[]) => parent.post(message, transfer);
let run: Run | null = null;
/** One engine per variant for predictions, kept (with its memory) between requests. */
const predictEngines = new Map<WasmVariant, Promise<Engine>>();

function fail(error: unknown): void {
  // Divergence happens in every thread at the same step (they share one gradient),
  // so the others are not waiting for this one; any other failure releases them.
  if (!(error instanceof TrainingDivergedError) && run?.setup.shared) SharedGradientExchange.abort(run.setup.shared);
  const e = error instanceof Error ? error : new Error(String(error));
  reply({
    type: 'error', name: e.name, message: e.message,
    ...(e instanceof TrainingDivergedError ? { epoch: e.epoch, step: e.step } : {}),
  });
}

async function startRun(setup: TrainSetup): Promise<void> {
  endRun();
  const engine = await createEngine({ variant: setup.variant, wasm: setup.module });
  const model = Model.fromJSON(engine, setup.model);
  const exchange = setup.shared ? new SharedGradientExchange(setup.shared, setup.index, setup.parts, model.paramCount) : undefined;
  run = { setup, model, trainer: new Trainer(model, setup.data, setup.options, exchange) };
}

function endRun(): void {
  run?.trainer.dispose();
  run?.model.dispose();
  run = null; // the engine and its memory go with the last reference
}

function current(): Run {
  if (!run) throw new Error('no training run in this thread');
  return run;
}

async function predict(request: Extract<WorkerRequest, { type: 'predict' }>): Promise<Float32Array> {
  let engine = predictEngines.get(request.variant);
  if (!engine) {
    engine = createEngine({ variant: request.variant, wasm: request.module });
    predictEngines.set(request.variant, engine);
  }
  const model = Model.fromJSON(await engine, request.model);
  try {
    return model.predict(request.x);
  } finally {
    model.dispose();
  }
}

async function answer(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'train':
      await startRun(request.setup);
      return reply({ type: 'ready' });
    case 'epoch': {
      const { trainer } = current();
      const report = trainer.epoch();
      return reply({ type: 'epoch', ...trainer.lastEpochStats, steps: report.steps, ms: report.ms });
    }
    case 'learningRate':
      current().trainer.setLearningRate(request.value);
      return reply({ type: 'done' });
    case 'snapshot':
      return reply({ type: 'snapshot', snapshot: current().trainer.snapshot() });
    case 'parameters':
      return reply({ type: 'parameters', values: current().model.getParameters() });
    case 'release':
      endRun();
      return reply({ type: 'done' });
    case 'predict': {
      const values = await predict(request);
      return reply({ type: 'predicted', values }, [values.buffer]);
    }
  }
}

// Requests are answered one at a time, in order, even those that wait for an engine.
let queue = Promise.resolve();
parent.onMessage((message) => {
  queue = queue.then(() => answer(message as WorkerRequest)).catch(fail);
});
reply({ type: 'ready' });
