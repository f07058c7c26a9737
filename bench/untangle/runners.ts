/**
 * Untangle's side of the benchmarks, with the same runner shapes as the peers
 * (bench/peers/common.ts) so one table can put them side by side.
 */
import type { Engine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { Trainer } from '../../src/train/trainer.js';
import { Random } from '../../src/engine/random.js';
import { checkGemm, initialWeights, resolveSpec, type DenseSpec, type DenseTrainer, type GemmRunner } from '../peers/common.js';

export type GemmForm = 'nn' | 'tn' | 'nt';

/** C = op(A)·op(B) on n×n matrices, checked against an f64 reference (via the A·B form) before timing. */
export function untangleGemm(engine: Engine, n: number, form: GemmForm, seed = 1): GemmRunner {
  const rng = new Random(seed);
  const A = new Float32Array(n * n).map(() => rng.range(-1, 1));
  const B = new Float32Array(n * n).map(() => rng.range(-1, 1));
  const transpose = (m: Float32Array) => {
    const t = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = m[i * n + j]!;
    return t;
  };
  // Store the operands so that op(A)·op(B) is always the same product A·B.
  const a = engine.upload(form === 'tn' ? transpose(A) : A);
  const b = engine.upload(form === 'nt' ? transpose(B) : B);
  const c = engine.alloc(n * n * 4);
  const scratch = engine.alloc(engine.kernels.gemm_f32_scratch_floats(n, n, n) * 4);
  const kernel = engine.kernels[`gemm_f32_${form}`];
  kernel(c.ptr, a.ptr, b.ptr, n, n, n, 0, scratch.ptr);
  checkGemm(`untangle-${engine.variant} ${form}`, n, A, B, engine.f32(c.ptr, n * n).slice());
  return {
    label: `untangle-${engine.variant}`,
    n,
    flops: 2 * n * n * n,
    run: () => kernel(c.ptr, a.ptr, b.ptr, n, n, n, 0, scratch.ptr),
    dispose: () => [a, b, c, scratch].forEach((blk) => engine.release(blk)),
  };
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
