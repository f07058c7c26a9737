/** Untangle's side of the convnet benchmark: the same two nets, plain SGD with momentum as ConvNetJS. */
import type { Engine } from '../../src/engine/engine.js';
import { Model, type LayerSpec } from '../../src/model/model.js';
import { Trainer } from '../../src/train/trainer.js';
import type { ConvNetSpec, ConvTrainer, ImageSet } from '../peers/conv-nets.js';

export function convLayers(name: ConvNetSpec['name']): LayerSpec[] {
  if (name === 'convnetjs-mnist') {
    return [
      { type: 'conv2d', filters: 8, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 16, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 3 },
      { type: 'dense', units: 10 },
    ];
  }
  return [
    { type: 'conv2d', filters: 20, kernel: 5, activation: 'linear' }, { type: 'maxpool', size: 2 },
    { type: 'conv2d', filters: 50, kernel: 5, activation: 'linear' }, { type: 'maxpool', size: 2 },
    { type: 'dense', units: 500, activation: 'relu' }, { type: 'dense', units: 10 },
  ];
}

export function untangleConvTrainer(engine: Engine, spec: ConvNetSpec, data: ImageSet): ConvTrainer {
  const dim = spec.size * spec.size;
  // Whole batches only: a step is timed as `batch` examples, so an epoch's short
  // last step would count as a full one and inflate the best rate (LeNet-5's read
  // 12,072 examples/s against a median near 3,000).
  const n = Math.floor(data.n / spec.batch) * spec.batch;
  if (n === 0) throw new Error(`untangleConvTrainer: ${data.n} images are fewer than one batch of ${spec.batch}`);
  const model = Model.create(engine, { inputs: { channels: 1, height: spec.size, width: spec.size }, layers: convLayers(spec.name), seed: 1 });
  const dataset = { name: 'blobs', x: data.x.subarray(0, n * dim), y: data.y.subarray(0, n), n, dim, classes: 10, domain: { min: [0], max: [1] }, params: {} };
  const trainer = new Trainer(model, dataset, { optimizer: 'momentum', momentum: 0.9, learningRate: spec.lr, batchSize: spec.batch });
  const probe = data.x.subarray(0, 256 * dim);
  return {
    label: `untangle-${engine.variant}`,
    batch: spec.batch,
    step: () => { trainer.step(); },
    loss(m) {
      const sub = { ...dataset, x: data.x.subarray(0, m * dim), y: data.y.subarray(0, m), n: m };
      return model.evaluate(sub).loss;
    },
    infer256: () => { model.predict(probe); },
    dispose: () => { trainer.dispose(); model.dispose(); },
  };
}
