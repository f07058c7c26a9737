// Loads a saved model and classifies new points.
//   node load-and-predict.mjs [model.json] [x y]...
// Prints one line of JSON: each point's class probabilities and class.
import { createEngine, loadModel } from 'untangle';

const [file = 'spirals-model.json', ...coords] = process.argv.slice(2);
const points = coords.length > 0 ? coords.map(Number) : [0.1, 0.1, -0.5, 0.5, 0.8, -0.2];
const engine = await createEngine();
const model = await loadModel(engine, file);
const probabilities = model.predict(points); // n × classes, row-major
const classes = model.classify(points);
const n = points.length / model.inputs;
console.log(JSON.stringify({
  inputs: model.inputs,
  predictions: Array.from({ length: n }, (_, i) => ({
    point: points.slice(i * model.inputs, (i + 1) * model.inputs),
    probabilities: Array.from(probabilities.subarray(i * model.classes, (i + 1) * model.classes)),
    class: classes[i],
  })),
}));
