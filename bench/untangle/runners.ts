/**
 * Untangle's side of the benchmarks, with the same runner shapes as the peers
 * (bench/peers/common.ts) so one table can put them side by side.
 */
import type { Engine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { Trainer } from '../../src/train/trainer.js';
import { gemmOp, type GemmForm } from '../../src/bench/workloads.js';
import { initialWeights, resolveSpec, type DenseSpec, type DenseTrainer, type GemmRunner } from '../peers/common.js';

export type { GemmForm } from '../../src/bench/workloads.js';

/** C = op(A)·op(B) on n×n matrices, checked against an f64 reference (via the A·B form) before timing. */
export function untangleGemm(engine: Engine, n: number, form: GemmForm, seed = 1): GemmRunner {
  return { label: `untangle-${engine.variant}`, n, flops: 2 * n * n * n, ...gemmOp(engine, n, form, seed) };
}

/**
 * The peers' dense benchmark on Untangle: same data, same initial weights, plain
 * SGD. One `step` is one wasm call running gather, forward, loss, backward,
 * NaN guard and update. (Untangle reshuffles every epoch; the peers cycle in a
 * fixed order; the shuffle costs one permutation of the data per epoch.)
 */
export function untangleDenseTrainer(engine: Engine, spec: DenseSpec): DenseTrainer {
  const { data, seed } = resolveSpec(spec);
  const widths = spec.layers;
  const model = Model.create(engine, {
    inputs: widths[0]!,
    layers: widths.slice(1).map((units, i) => ({ units, activation: i === widths.length - 2 ? 'linear' as const : spec.activation })),
    seed,
  });
  const weights = initialWeights(widths, seed);
  const params = new Float32Array(model.paramCount);
  model.layers.forEach((layer, i) => {
    const w = weights[i]!; // stored in×out; Untangle keeps W as out×in
    for (let o = 0; o < w.out; o++) for (let k = 0; k < w.in; k++) params[layer.offset + o * w.in + k] = w.W[k * w.out + o]!;
    params.set(w.b, layer.biasOffset);
  });
  model.setParameters(params);
  const dataset = { name: 'spiral-points', ...data, domain: { min: [-1, -1], max: [1, 1] }, params: {} };
  const trainer = new Trainer(model, dataset, { optimizer: 'sgd', learningRate: spec.lr, batchSize: spec.batch, seed });
  return {
    label: `untangle-${engine.variant}`,
    batch: spec.batch,
    step: () => { trainer.step(); },
    loss: () => model.evaluate(dataset).loss,
    dispose: () => { trainer.dispose(); model.dispose(); },
  };
}
