/**
 * ConvNetJS 0.3 as a benchmark peer: the classic pure-JS library a user picks for small nets in the
 * browser (its classify2d demo is our product in miniature).
 *
 * Why it is written this way:
 * - ConvNetJS trains one example at a time (`Trainer.train(vol, label)`: forward, backward,
 *   gradients summed) and updates the weights every `batch_size` examples with the summed
 *   gradient / batch_size. That is mini-batch SGD on the mean loss, the same math as the tfjs
 *   trainer; a `step` here is `batch` such calls, the cost a user of ConvNetJS pays.
 * - Momentum and weight decay are set to 0 (ConvNetJS defaults to momentum 0.9), and the weights
 *   ConvNetJS drew at random are overwritten with the shared initial weights, so its losses can
 *   be checked against the other peers'.
 * - Its arithmetic is float64 (Float64Array): that is the library as users get it.
 * - GEMM is not applicable: ConvNetJS has no matrix product of its own.
 * - It ships no types; the few members used are typed below and the CommonJS module is loaded
 *   with `createRequire`, so this file works whether the project is CommonJS or ESM.
 */
import { createRequire } from 'node:module';
import { type DenseSpec, type DenseTrainer, batchCount, initialWeights, resolveSpec } from './common';

/** The part of a ConvNetJS volume we touch: values `w` (length sx·sy·depth). */
interface ConvVol {
  w: Float64Array;
}

interface ConvLayer {
  layer_type: string;
  /** fc layers: one filter volume per output, each with `num_inputs` weights. */
  filters?: ConvVol[];
  biases?: ConvVol;
  num_inputs?: number;
  out_depth: number;
}

interface ConvNet {
  layers: ConvLayer[];
  makeLayers(defs: Record<string, unknown>[]): void;
  forward(v: ConvVol, isTraining?: boolean): ConvVol;
}

interface ConvTrainer {
  train(x: ConvVol, y: number): { cost_loss: number };
}

interface ConvnetjsModule {
  Net: new () => ConvNet;
  Vol: new (sx: number, sy: number, depth: number, c?: number) => ConvVol;
  Trainer: new (net: ConvNet, options: Record<string, unknown>) => ConvTrainer;
}

let cached: ConvnetjsModule | undefined;

function convnetjs(): ConvnetjsModule {
  cached ??= createRequire(import.meta.url)('convnetjs') as ConvnetjsModule;
  return cached;
}

/**
 * The dense classifier of `spec` as a ConvNetJS net: input → (fc + activation)… → fc → softmax,
 * trained by ConvNetJS's own `Trainer` (sgd, batch_size = batch, momentum 0, no decay).
 * Same data, order and initial weights as every peer.
 */
export async function convnetjsDenseTrainer(spec: DenseSpec): Promise<DenseTrainer> {
  const { data, seed } = resolveSpec(spec);
  const cn = convnetjs();
  const { layers, batch } = spec;

  const defs: Record<string, unknown>[] = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: layers[0] }];
  for (let l = 1; l + 1 < layers.length; l++) defs.push({ type: 'fc', num_neurons: layers[l], activation: spec.activation });
  defs.push({ type: 'softmax', num_classes: layers[layers.length - 1] });
  const net = new cn.Net();
  net.makeLayers(defs);

  // Overwrite ConvNetJS's random init with the shared weights: filter o holds column o of W.
  const fcs = net.layers.filter((layer) => layer.layer_type === 'fc');
  const weights = initialWeights(layers, seed);
  if (fcs.length !== weights.length) throw new Error(`convnetjs: expected ${weights.length} fc layers, got ${fcs.length}`);
  fcs.forEach((fc, l) => {
    const w = weights[l]!;
    if (fc.num_inputs !== w.in || fc.out_depth !== w.out) {
      throw new Error(`convnetjs: fc layer ${l} is ${fc.num_inputs}→${fc.out_depth}, expected ${w.in}→${w.out}`);
    }
    for (let o = 0; o < w.out; o++) {
      const filter = fc.filters![o]!.w;
      for (let i = 0; i < w.in; i++) filter[i] = w.W[i * w.out + o]!;
      fc.biases!.w[o] = w.b[o]!;
    }
  });

  const trainer = new cn.Trainer(net, {
    method: 'sgd',
    learning_rate: spec.lr,
    batch_size: batch,
    momentum: 0,
    l1_decay: 0,
    l2_decay: 0,
  });

  // One volume per example, made once.
  const vols: ConvVol[] = Array.from({ length: data.n }, (_, r) => {
    const v = new cn.Vol(1, 1, data.dim, 0);
    for (let d = 0; d < data.dim; d++) v.w[d] = data.x[r * data.dim + d]!;
    return v;
  });
  const rowsUsed = batchCount(data, batch) * batch;
  let next = 0;

  return {
    label: 'convnetjs',
    batch,
    step() {
      // ConvNetJS updates after every batch_size-th call; `next` stays a multiple of batch here.
      for (let i = 0; i < batch; i++) trainer.train(vols[next + i]!, data.y[next + i]!);
      next += batch;
      if (next === rowsUsed) next = 0;
    },
    loss() {
      let sum = 0;
      for (let r = 0; r < data.n; r++) sum -= Math.log(net.forward(vols[r]!, false).w[data.y[r]!]!);
      return sum / data.n;
    },
    dispose() {
      vols.length = 0;
    },
  };
}
