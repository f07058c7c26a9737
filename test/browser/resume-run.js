/**
 * The run the determinism test compares across runtimes: loaded by a blank page
 * (with dist/untangle.browser.js) and by node-resume.js (with dist/index.js).
 * A 2-16-16-2 tanh network on spirals, Adam, six epochs with fitAsync: whole, or
 * stopped after `stopAfter` steps into a checkpoint, or finished from one.
 * Plain JavaScript so the page can import it as is.
 */
import { hashBits } from './spirals-run.js';

export const RESUME_RUN = {
  data: { n: 500, turns: 1, seed: 2 },
  layers: [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'tanh' }, { units: 2 }],
  modelSeed: 5,
  fit: { epochs: 6, batchSize: 24, optimizer: 'adam', learningRate: 0.01, seed: 8 },
  /** Steps before the checkpoint: inside epoch 3 (21 steps per epoch). */
  stopAfter: 50,
};

function setup(lib, engine) {
  const data = lib.spirals(RESUME_RUN.data);
  const model = lib.Model.create(engine, { inputs: 2, layers: RESUME_RUN.layers, seed: RESUME_RUN.modelSeed });
  return { data, model };
}

/** Trains the whole run; returns the hash of the final parameters. */
export async function wholeRun(lib, variant) {
  const engine = await lib.createEngine({ variant });
  const { data, model } = setup(lib, engine);
  await lib.fitAsync(model, data, RESUME_RUN.fit);
  return { variant: engine.variant, params: hashBits(model.getParameters()) };
}

/** Trains `stopAfter` steps with a Trainer and returns its checkpoint (a plain object). */
export async function firstPart(lib, variant) {
  const engine = await lib.createEngine({ variant });
  const { data, model } = setup(lib, engine);
  const trainer = new lib.Trainer(model, data, RESUME_RUN.fit);
  for (let i = 0; i < RESUME_RUN.stopAfter; i++) trainer.step();
  const checkpoint = trainer.checkpoint();
  trainer.dispose();
  return checkpoint;
}

/** Finishes the run from a checkpoint on a model with other initial weights; returns the final hash. */
export async function finish(lib, variant, checkpoint) {
  const engine = await lib.createEngine({ variant });
  const data = lib.spirals(RESUME_RUN.data);
  const model = lib.Model.create(engine, { inputs: 2, layers: RESUME_RUN.layers, seed: RESUME_RUN.modelSeed + 1 });
  await lib.fitAsync(model, data, { ...RESUME_RUN.fit, resume: checkpoint });
  return { variant: engine.variant, params: hashBits(model.getParameters()) };
}

/** What `auto` picks here. */
export async function autoVariant(lib) {
  return (await lib.createEngine()).variant;
}
