// Trains a small network on two spirals and saves it.
//   node train-and-save.mjs [model.json]
// Prints one line of JSON: the test accuracy and where the model went.
import { createEngine, Model, fit, saveModel, spirals, splitDataset } from 'untangle';

const file = process.argv[2] ?? 'spirals-model.json';
const engine = await createEngine();
const { train, test } = splitDataset(spirals({ n: 600, turns: 1, seed: 7 }), { testFraction: 0.25, seed: 7 });
const model = Model.create(engine, {
  inputs: 2,
  layers: [{ units: 12, activation: 'tanh' }, { units: 12, activation: 'tanh' }, { units: 2 }],
  seed: 1,
});
fit(model, train, { epochs: 150, batchSize: 32, optimizer: 'adam', learningRate: 0.02, seed: 1 });
const { accuracy, loss } = model.evaluate(test);
await saveModel(model, file);
console.log(JSON.stringify({ variant: engine.variant, accuracy, loss, file }));
