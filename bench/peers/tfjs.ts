/**
 * TensorFlow.js 4.22 as a benchmark peer, on its pure-JS `cpu` backend and its `wasm` backend
 * (XNNPACK, SIMD build). These are what a user of a browser/Node ML library picks when no GPU is
 * there; `@tensorflow/tfjs-node` is not a peer because it downloads a native binary at install.
 *
 * Why it is written this way:
 * - The trainer uses the core API (variables, ops, `tf.train.sgd().minimize`) rather than
 *   `tf.layers` + `fit`/`trainOnBatch`: that is TensorFlow.js's fastest idiomatic path, so the ratio
 *   to it is the fair (least flattering) one for Untangle.
 * - The wasm binaries are loaded from node_modules by file path, so nothing is fetched; in Node the
 *   backend runs one thread (its multithread flag is off for Node), and we also set one thread
 *   explicitly so a later tfjs cannot change what is measured.
 * - tfjs has one global engine: a runner belongs to the backend that was active when it was made,
 *   and its `run`/`step` throw if another backend is active (tensors would be silently copied).
 * - Batches are made into tensors once, so a step times the peer's training, not our data copies.
 */
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Random } from '../../src/engine/random';
import {
  type DenseSpec,
  type DenseTrainer,
  type GemmRunner,
  batchCount,
  checkGemm,
  initialWeights,
  randomMatrix,
  resolveSpec,
} from './common';

export type TfjsBackend = 'cpu' | 'wasm';

/** What `setupTfjs` found: the backend actually running and, for wasm, its build. */
export interface TfjsInfo {
  backend: TfjsBackend;
  version: string;
  /** wasm only: whether the SIMD binary was chosen. */
  simd?: boolean;
  /** wasm only: threads the backend runs. */
  threads?: number;
}

let wasmPathsSet = false;

/** The folder holding tfjs-backend-wasm's .wasm files, with a trailing slash. */
function wasmFolder(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return `${join(dirname(pkg), 'dist')}/`;
}

/**
 * Makes `backend` the active tfjs backend and waits until it is ready.
 * Call it before building runners for that backend; switching later leaves earlier runners unusable.
 */
export async function setupTfjs(backend: TfjsBackend): Promise<TfjsInfo> {
  if (backend === 'wasm' && !wasmPathsSet) {
    // A plain path prefix: Emscripten's Node loader reads it with fs, nothing is fetched.
    setWasmPaths(wasmFolder());
    setThreadsCount(1);
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) {
    throw new Error(`tfjs: could not activate backend '${backend}' (active: ${tf.getBackend()})`);
  }
  const info: TfjsInfo = { backend, version: tf.version.tfjs };
  if (backend === 'wasm') {
    info.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    const be = tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount?: () => number } } };
    info.threads = be.wasm?.tfjs?.getThreadsCount?.() ?? 1;
  }
  return info;
}

function assertBackend(label: string, backend: string): void {
  if (tf.getBackend() !== backend) {
    throw new Error(`${label}: made on backend '${backend}' but '${tf.getBackend()}' is active`);
  }
}

/**
 * Square float32 GEMM C = A·B with `tf.matMul` on the active backend, checked against an f64
 * reference before it is returned. `run` computes one product (tfjs cpu and wasm execute eagerly
 * and synchronously, so no read-back is needed) and frees it.
 */
export async function tfjsGemm(n: number, seed = 1): Promise<GemmRunner> {
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`tfjsGemm: n must be a positive integer, got ${n}`);
  const backend = tf.getBackend();
  const label = `tfjs-${backend}`;
  const rng = new Random(seed);
  const A = randomMatrix(n, n, rng);
  const B = randomMatrix(n, n, rng);
  const a = tf.tensor2d(A, [n, n]);
  const b = tf.tensor2d(B, [n, n]);
  const c = tf.matMul(a, b);
  const C = (await c.data()) as Float32Array;
  c.dispose();
  try {
    checkGemm(label, n, A, B, C);
  } catch (e) {
    a.dispose();
    b.dispose();
    throw e;
  }
  return {
    label,
    n,
    flops: 2 * n * n * n,
    run() {
      assertBackend(label, backend);
      tf.matMul(a, b).dispose();
    },
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

/** A trainable variable holding `t`'s values; `t` itself is freed. */
function toVariable<R extends tf.Rank>(t: tf.Tensor<R>): tf.Variable<R> {
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/**
 * The dense classifier of `spec` in TensorFlow.js core ops on the active backend:
 * logits = (act(act(x·W₀+b₀)·W₁+b₁)…)·Wₗ+bₗ, loss = mean softmax cross-entropy,
 * one `tf.train.sgd(lr).minimize` per step. Same data, order and initial weights as every peer.
 */
export async function tfjsDenseTrainer(spec: DenseSpec): Promise<DenseTrainer> {
  const { data, seed } = resolveSpec(spec);
  const backend = tf.getBackend();
  const label = `tfjs-${backend}`;
  const act = { tanh: tf.tanh, relu: tf.relu, sigmoid: tf.sigmoid }[spec.activation];
  if (!act) throw new Error(`tfjsDenseTrainer: unknown activation '${spec.activation}'`);

  const params = initialWeights(spec.layers, seed).map((w) => ({
    W: toVariable(tf.tensor2d(w.W, [w.in, w.out])),
    b: toVariable(tf.tensor1d(w.b)),
  }));
  const varList = params.flatMap((p) => [p.W, p.b]);

  const { batch } = spec;
  const classes = data.classes;
  const batches = Array.from({ length: batchCount(data, batch) }, (_, k) => {
    const rows = data.x.subarray(k * batch * data.dim, (k + 1) * batch * data.dim);
    const labels = data.y.subarray(k * batch, (k + 1) * batch);
    return {
      x: tf.tensor2d(rows, [batch, data.dim]),
      y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat()) as tf.Tensor2D,
    };
  });
  const all = {
    x: tf.tensor2d(data.x, [data.n, data.dim]),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(data.y, 'int32'), classes).toFloat()) as tf.Tensor2D,
  };

  const logits = (x: tf.Tensor2D): tf.Tensor2D => {
    let h: tf.Tensor2D = x;
    params.forEach((p, l) => {
      h = tf.add(tf.matMul(h, p.W), p.b);
      if (l + 1 < params.length) h = act(h);
    });
    return h;
  };
  const lossOf = (x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar => tf.losses.softmaxCrossEntropy(y, logits(x)) as tf.Scalar;

  const optimizer = tf.train.sgd(spec.lr);
  let next = 0;
  return {
    label,
    batch,
    step() {
      assertBackend(label, backend);
      const b = batches[next]!;
      next = next + 1 === batches.length ? 0 : next + 1;
      tf.tidy(() => {
        optimizer.minimize(() => lossOf(b.x, b.y), false, varList);
      });
    },
    loss() {
      assertBackend(label, backend);
      return tf.tidy(() => lossOf(all.x, all.y).dataSync()[0]!);
    },
    dispose() {
      optimizer.dispose();
      for (const v of varList) v.dispose();
      for (const b of batches) tf.dispose([b.x, b.y]);
      tf.dispose([all.x, all.y]);
    },
  };
}
