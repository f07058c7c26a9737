/**
 * A training thread (a Node worker thread or a module Web Worker; see
 * src/threads/). It lives across runs: for each data-parallel run it builds an
 * engine from the kernels the coordinator compiled, a copy of the model from
 * its JSON and a Trainer on its part of every batch (through a
 * SharedGradientExchange), answers that run's requests — an epoch, the
 * learning rate, the weights, a snapshot — and frees it all on 'release'. The
 * engine (and its grown memory) stays for the next run or prediction.
 * Between runs it predicts parts of large batches, on a model it keeps. Errors go back as replies;
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
import { ResidentPredictor } from '../threads/resident-predictor.js';

interface Run {
  setup: TrainSetup;
  model: Model;
  trainer: Trainer;
}

const parent = await connectToParent();
const reply = (message: WorkerReply, transfer?: Transferable[]) => parent.post(message, transfer);
let run: Run | null = null;
/** One engine per variant, kept with its memory between runs and predictions. */
const engines = new Map<WasmVariant, Promise<Engine>>();

function engineFor(variant: WasmVariant, module: WebAssembly.Module): Promise<Engine> {
  let engine = engines.get(variant);
  if (!engine) {
    engine = createEngine({ variant, wasm: module });
    engines.set(variant, engine);
    engine.catch(() => engines.delete(variant));
  }
  return engine;
}

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
  const model = Model.fromJSON(await engineFor(setup.variant, setup.module), setup.model);
  try {
    const exchange = setup.shared ? new SharedGradientExchange(setup.shared, setup.index, setup.parts, model.paramCount) : undefined;
    run = { setup, model, trainer: new Trainer(model, setup.data, setup.options, exchange) };
  } catch (error) {
    model.dispose(); // the engine lives on: leave nothing of this run in its memory
    throw error;
  }
}

function endRun(): void {
  run?.trainer.dispose();
  run?.model.dispose();
  run = null;
}

function current(): Run {
  if (!run) throw new Error('no training run in this thread');
  return run;
}

/** The model predictions run on, kept between calls (see threads/resident-model.ts). */
const resident = new ResidentPredictor();

async function predict(request: Extract<WorkerRequest, { type: 'predict' }>): Promise<Float32Array> {
  return resident.predict(await engineFor(request.variant, request.module), request.update, request.x);
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
