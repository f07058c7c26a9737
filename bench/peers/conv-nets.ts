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
import { Random } from '../../src/engine/random';

export interface ConvNetSpec {
  name: 'convnetjs-mnist' | 'lenet5';
  size: number;
  batch: number;
  lr: number;
}

export const CONV_NETS: ConvNetSpec[] = [
  { name: 'convnetjs-mnist', size: 24, batch: 20, lr: 0.01 },
  { name: 'lenet5', size: 28, batch: 64, lr: 0.01 },
];

export interface ImageSet {
  x: Float32Array; // n × size² in [0, 1]
  y: Int32Array;
  n: number;
  size: number;
}

/** n noisy images with a bright 4×4 blob at one of 10 positions (the class). */
export function blobImages(n: number, size: number, seed = 1): ImageSet {
  const r = new Random(seed);
  const x = new Float32Array(n * size * size);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    y[i] = c;
    const cy = 2 + Math.floor((c / 5) * (size / 2 - 2)) + (c >= 5 ? size / 2 - 4 : 0);
    const cx = 2 + (c % 5) * Math.floor((size - 6) / 5);
    for (let p = 0; p < size * size; p++) x[i * size * size + p] = 0.2 * r.uniform();
    for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) x[i * size * size + (cy + dy) * size + cx + dx] = 1;
  }
  return { x, y, n, size };
}

export interface ConvTrainer {
  label: string;
  batch: number;
  step(): void;
  /** Mean cross-entropy over the first `m` images. */
  loss(m: number): number;
  /** Forward pass of 256 images (inference speed). */
  infer256(): void;
  dispose(): void;
}

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
  const model = tf.sequential();
  if (spec.name === 'convnetjs-mnist') {
    model.add(tf.layers.conv2d({ inputShape: [s, s, 1], kernelSize: 5, filters: 8, padding: 'same', activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    model.add(tf.layers.conv2d({ kernelSize: 5, filters: 16, padding: 'same', activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 3, strides: 3 }));
  } else {
    model.add(tf.layers.conv2d({ inputShape: [s, s, 1], kernelSize: 5, filters: 20 }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    model.add(tf.layers.conv2d({ kernelSize: 5, filters: 50 }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  }
  model.add(tf.layers.flatten());
  if (spec.name === 'lenet5') model.add(tf.layers.dense({ units: 500, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10 }));
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
