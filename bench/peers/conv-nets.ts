/**
 * The two convnets of the speed targets, as ConvNetJS and TensorFlow.js build
 * them, and a learnable synthetic image task so every trainer is checked to
 * learn before it is timed.
 *
 *   convnetjs-mnist: the ConvNetJS MNIST demo net on 24×24 crops — conv 5×5×8
 *     pad 2 relu, pool 2; conv 5×5×16 pad 2 relu, pool 3; fc 10; batch 20.
 *   lenet5: conv 5×5×20, pool 2, conv 5×5×50, pool 2, fc 500 relu, fc 10; batch 64.
 *
 * Why synthetic images: the benchmark measures speed, MNIST itself is the
 * experiments' business; a blob whose position encodes the class is learnt in
 * a few hundred steps by any correct trainer, which is the check we need.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import type { ConvNetSpec, ImageSet } from '../../src/bench/conv-nets.js';
import type { ConvTrainer } from '../../src/bench/workloads.js';
import { tfjsConvModel } from '../../src/bench/tfjs-peer.js';

export { CONV_NETS, blobImages, type ConvNetSpec, type ImageSet } from '../../src/bench/conv-nets.js';

export type { ConvTrainer } from '../../src/bench/workloads.js';

interface CnVol { w: Float64Array }
interface Cn {
  Net: new () => { makeLayers(d: unknown[]): void; forward(v: CnVol, training?: boolean): CnVol };
  Vol: new (sx: number, sy: number, d: number, c?: number) => CnVol;
  Trainer: new (net: unknown, o: Record<string, unknown>) => { train(x: CnVol, y: number): unknown };
}

function convnetjsLayers(spec: ConvNetSpec): unknown[] {
  const input = { type: 'input', out_sx: spec.size, out_sy: spec.size, out_depth: 1 };
  if (spec.name === 'convnetjs-mnist') {
    return [input,
      { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' }, { type: 'pool', sx: 2, stride: 2 },
      { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' }, { type: 'pool', sx: 3, stride: 3 },
      { type: 'softmax', num_classes: 10 }];
  }
  return [input,
    { type: 'conv', sx: 5, filters: 20, stride: 1, pad: 0 }, { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 50, stride: 1, pad: 0 }, { type: 'pool', sx: 2, stride: 2 },
    { type: 'fc', num_neurons: 500, activation: 'relu' }, { type: 'softmax', num_classes: 10 }];
}

export function convnetjsConvTrainer(spec: ConvNetSpec, data: ImageSet): ConvTrainer {
  const cn = createRequire(import.meta.url)('convnetjs') as Cn;
  const net = new cn.Net();
  net.makeLayers(convnetjsLayers(spec));
  const trainer = new cn.Trainer(net, { method: 'sgd', learning_rate: spec.lr, batch_size: spec.batch, momentum: 0.9, l2_decay: 0 });
  const vols = Array.from({ length: data.n }, (_, i) => {
    const v = new cn.Vol(spec.size, spec.size, 1, 0);
    for (let p = 0; p < spec.size * spec.size; p++) v.w[p] = data.x[i * spec.size * spec.size + p]!;
    return v;
  });
  let next = 0;
  return {
    label: 'convnetjs',
    batch: spec.batch,
    step() {
      for (let i = 0; i < spec.batch; i++) {
        trainer.train(vols[next]!, data.y[next]!);
        next = (next + 1) % data.n;
      }
    },
    loss(m) {
      let s = 0;
      for (let i = 0; i < m; i++) s -= Math.log(net.forward(vols[i]!, false).w[data.y[i]!]!);
      return s / m;
    },
    infer256() {
      for (let i = 0; i < 256; i++) net.forward(vols[i % data.n]!, false);
    },
    dispose() {},
  };
}

/** TensorFlow.js layers model on the active backend (cpu trains; wasm lacks Conv2DBackpropFilter). */
export function tfjsConvTrainer(spec: ConvNetSpec, data: ImageSet): ConvTrainer {
  const s = spec.size;
  const model = tfjsConvModel(tf, spec);
  const optimizer = tf.train.sgd(spec.lr);
  const xs = tf.tensor4d(data.x, [data.n, s, s, 1]);
  const ys = tf.oneHot(tf.tensor1d(data.y, 'int32'), 10).toFloat();
  let next = 0;
  const lossOf = (x: tf.Tensor, y: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar;
  return {
    label: `tfjs-${tf.getBackend()}`,
    batch: spec.batch,
    step() {
      const start = next;
      next = (next + spec.batch) % (data.n - spec.batch);
      tf.tidy(() => {
        const x = xs.slice([start, 0, 0, 0], [spec.batch, s, s, 1]);
        const y = ys.slice([start, 0], [spec.batch, 10]);
        optimizer.minimize(() => lossOf(x, y));
      });
    },
    loss(m) {
      return tf.tidy(() => lossOf(xs.slice([0, 0, 0, 0], [m, s, s, 1]), ys.slice([0, 0], [m, 10])).dataSync()[0]!);
    },
    infer256() {
      tf.tidy(() => (model.predict(xs.slice([0, 0, 0, 0], [Math.min(256, data.n), s, s, 1])) as tf.Tensor).dataSync());
    },
    dispose() {
      model.dispose();
      optimizer.dispose();
      tf.dispose([xs, ys]);
    },
  };
}
