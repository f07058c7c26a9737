/**
 * TensorFlow.js on its wasm backend (XNNPACK, one thread) as the peer of
 * `untangle bench`, loaded only when the user has installed it: Untangle does
 * not depend on it. Node only (it finds the backend's .wasm files with
 * require.resolve, so nothing is fetched).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Tf from '@tensorflow/tfjs';
import { InternalError } from '../errors.js';
import { Random } from '../engine/random.js';
import { checkGemm, randomMatrix } from './checks.js';
import type { ConvNetSpec, ImageSet } from './conv-nets.js';
import type { BenchPeer } from './suite.js';

type TfModule = typeof Tf;
interface TfWasmModule {
  setWasmPaths(prefix: string): void;
  setThreadsCount(n: number): void;
}

/** A benchmark convnet as a TensorFlow.js layers model (NHWC input), random weights. */
export function tfjsConvModel(tf: TfModule, spec: ConvNetSpec): Tf.Sequential {
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
  return model;
}

/** Loads a module only if it is installed; the name is a variable so bundlers leave the import alone. */
async function optionalImport<T>(name: string): Promise<T | null> {
  try {
    return (await import(name)) as T;
  } catch {
    return null;
  }
}

/**
 * The tfjs-wasm peer, or a sentence saying why there is none (not installed,
 * or its backend would not start).
 */
export async function loadTfjsWasmPeer(): Promise<BenchPeer | string> {
  const tf = await optionalImport<TfModule>('@tensorflow/tfjs');
  const wasm = await optionalImport<TfWasmModule>('@tensorflow/tfjs-backend-wasm');
  if (!tf || !wasm) return 'tfjs-wasm: not installed (npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm to compare)';
  try {
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
    wasm.setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) return 'tfjs-wasm: its backend did not start';
    await tf.ready();
  } catch (error) {
    return `tfjs-wasm: ${(error as Error).message}`;
  }
  const label = `tfjs-wasm ${tf.version.tfjs}`;
  return {
    label,
    async gemm(n) {
      const rng = new Random(n);
      const A = randomMatrix(n, n, rng);
      const B = randomMatrix(n, n, rng);
      const [a, b] = [tf.tensor2d(A, [n, n]), tf.tensor2d(B, [n, n])];
      const c = tf.matMul(a, b);
      const C = (await c.data()) as Float32Array;
      c.dispose();
      checkGemm(label, n, A, B, C);
      return { run: () => tf.matMul(a, b).dispose(), dispose: () => tf.dispose([a, b]) };
    },
    async convInference(net: ConvNetSpec, images: ImageSet) {
      const model = tfjsConvModel(tf, net);
      const x = tf.tensor4d(images.x.subarray(0, 256 * net.size * net.size), [256, net.size, net.size, 1]);
      const logits = (model.predict(x) as Tf.Tensor).dataSync();
      if (logits.length !== 2560 || !logits.every(Number.isFinite)) throw new InternalError(`${label} ${net.name}: inference gave ${logits.length} values, not 256 × 10 finite ones`);
      return {
        run: () => tf.tidy(() => (model.predict(x) as Tf.Tensor).dataSync()),
        dispose: () => { model.dispose(); x.dispose(); },
      };
    },
    dispose: () => undefined,
  };
}
