/**
 * Training checkpoints: everything a trainer needs to go on exactly where it
 * stopped — weights, optimiser state (momentum buffer or Adam's moments and
 * step counter, the current learning rate), the epoch and the position inside
 * it, the epoch's shuffled order, the shuffling generator's state, the
 * layers' step state (dropout's mask counters) and the epoch's running loss —
 * plus what must match for the continuation to give the bits of an
 * uninterrupted run: the network's layout, the data (size and a hash of its
 * values) and the options that shape the steps (a schedule with its epochs).
 *
 * A checkpoint is a plain JSON-serialisable object; buffers are base64 strings
 * of their little-endian bytes, so the bits survive JSON and structured clone.
 *
 *   const { stopped, checkpoint } = await fitAsync(model, data, { epochs: 100, signal });
 *   if (stopped === 'aborted') await saveCheckpoint(checkpoint!, 'run/checkpoint.json');
 *   …
 *   await fitAsync(model, data, { epochs: 100, resume: await loadCheckpoint('run/checkpoint.json') });
 */
import { CheckpointError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import type { ResolvedFitOptions } from './options.js';

export const CHECKPOINT_FORMAT = 'untangle-checkpoint';
/** 2 added the layers' step state and the learning-rate schedule; a version 1 checkpoint is read when neither matters. */
export const CHECKPOINT_VERSION = 2;

/** The options that shape every step; a checkpoint is refused when one differs. */
export const MATCHING_OPTIONS = ['loss', 'optimizer', 'learningRate', 'batchSize', 'seed', 'momentum', 'beta1', 'beta2', 'epsilon', 'weightDecay'] as const;
/** The values of {@link MATCHING_OPTIONS} a checkpoint records. */
export type MatchingOptions = { [K in (typeof MATCHING_OPTIONS)[number]]: ResolvedFitOptions[K] };

/**
 * Everything needed to resume training with exactly the bits of an uninterrupted run:
 * weights, optimiser state, position (epoch, step, shuffled order, PRNG state) and what
 * must match (network, data fingerprint, step-shaping options). Plain JSON.
 */
export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  /** The network's layout (layer types, widths, activations; no values). */
  model: string;
  data: { n: number; dim: number; classes: number; hash: string };
  /** `schedule`: the schedule and the epochs it spans as JSON, '' without one. */
  options: MatchingOptions & { knn: string; contractive: string; schedule: string };
  /** Threads the batches were split between (1: one-thread training); the sums' order depends on it. */
  workers: number;
  /** Epochs finished. */
  epoch: number;
  /** Steps done in the current epoch (0 at an epoch boundary). */
  step: number;
  /** Index into the shuffled order where the next step starts. */
  cursor: number;
  /** State of the shuffling generator (four 32-bit words). */
  rng: number[];
  /** The layers' step state in layer order (32-bit words: each dropout layer's mask counter). */
  layerState: number[];
  /** The current epoch's shuffled order (Int32, base64), or null at an epoch boundary. */
  order: string | null;
  /** Summed loss and correct count of the current epoch so far, one entry per worker. */
  stats: { lossSum: number; correct: number }[];
  /** All parameters (Float32, base64), as Model.getParameters. */
  parameters: string;
  /** Each optimiser op's hyper-parameter block (Float32 × 8: learning rate, …, Adam's step t), base64. */
  hyper: string;
  /** Momentum's velocity, or Adam's first and second moments (Float32, base64 each). */
  moments: string[];
}

/** What a trainer's memory holds, as host arrays (see Trainer.checkpoint). */
export interface TrainerSnapshot {
  epoch: number;
  step: number;
  cursor: number;
  rng: Uint32Array;
  layerState: number[];
  order: Int32Array | null;
  stats: { lossSum: number; correct: number }[];
  parameters: Float32Array;
  hyper: Float32Array;
  moments: Float32Array[];
  workers: number;
}

function toBase64(array: Float32Array | Int32Array): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: unknown, path: string): Uint8Array {
  if (typeof text !== 'string') throw new CheckpointError(`checkpoint ${path} must be a base64 string`, path);
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new CheckpointError(`checkpoint ${path} is not valid base64`, path);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function decodeF32(text: unknown, count: number, path: string): Float32Array {
  const bytes = fromBase64(text, path);
  if (bytes.length !== count * 4) throw new CheckpointError(`checkpoint ${path} holds ${bytes.length / 4} values, expected ${count}`, path);
  return new Float32Array(bytes.buffer);
}

export function decodeI32(text: unknown, count: number, path: string): Int32Array {
  const bytes = fromBase64(text, path);
  if (bytes.length !== count * 4) throw new CheckpointError(`checkpoint ${path} holds ${bytes.length / 4} values, expected ${count}`, path);
  return new Int32Array(bytes.buffer);
}

/** FNV-1a over 32-bit words of x then y: cheap enough for MNIST (47 M words), and any changed value shows. */
export function dataHash(data: Dataset): string {
  let h = 0x811c9dc5;
  for (const a of [data.x, data.y]) {
    const words = new Uint32Array(a.buffer, a.byteOffset, a.length);
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The model's layout without its values: two models with the same string take the same parameters. */
export function modelSignature(model: Model): string {
  const json = model.toJSON();
  return JSON.stringify({ inputs: model.inputs, inputShape: model.inputShape, layers: json.layers }, (key, value: unknown) =>
    key === 'anchorsFromData' || (Array.isArray(value) && typeof value[0] === 'number') ? undefined : value);
}

/** What a checkpoint must agree with: computed once per trainer (the data hash reads all of x and y). */
export interface CheckpointContext {
  model: string;
  data: Checkpoint['data'];
  options: Checkpoint['options'];
}

export function checkpointContext(model: Model, data: Dataset, o: ResolvedFitOptions): CheckpointContext {
  const options = Object.fromEntries(MATCHING_OPTIONS.map((k) => [k, o[k]])) as MatchingOptions;
  return {
    model: modelSignature(model),
    data: { n: data.n, dim: data.dim, classes: data.classes, hash: dataHash(data) },
    options: {
      ...options, knn: o.loss === 'knn' ? JSON.stringify(o.knn) : '', contractive: JSON.stringify(o.contractive ?? null),
      // A schedule spans the run, so the epochs then shape every step's rate.
      schedule: o.schedule ? JSON.stringify({ ...o.schedule, epochs: o.epochs }) : '',
    },
  };
}

export function makeCheckpoint(context: CheckpointContext, s: TrainerSnapshot): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: context.model,
    data: { ...context.data },
    options: { ...context.options },
    workers: s.workers,
    epoch: s.epoch,
    step: s.step,
    cursor: s.cursor,
    rng: Array.from(s.rng),
    layerState: [...s.layerState],
    order: s.order ? toBase64(s.order) : null,
    stats: s.stats.map((x) => ({ ...x })),
    parameters: toBase64(s.parameters),
    hyper: toBase64(s.hyper),
    moments: s.moments.map(toBase64),
  };
}

/**
 * Throws CheckpointError naming the first thing in `c` that does not fit this
 * trainer (`path` is e.g. `options.optimizer` or `data.hash`); returns the
 * decoded snapshot otherwise.
 */
export function readCheckpoint(
  c: unknown,
  context: CheckpointContext,
  shape: { paramCount: number; hyperFloats: number; moments: number; workers: number; orderLength: number; layerState: number },
): TrainerSnapshot {
  const fail = (message: string, path: string): never => {
    throw new CheckpointError(message, path);
  };
  if (typeof c !== 'object' || c === null) fail('a checkpoint must be an object', '');
  const k = c as Checkpoint;
  if (k.format !== CHECKPOINT_FORMAT) fail(`not an Untangle checkpoint (format is ${JSON.stringify(k.format)})`, 'format');
  if (k.version !== CHECKPOINT_VERSION && k.version !== 1) fail(`checkpoint version ${String(k.version)} is not supported (this version reads 1 and ${CHECKPOINT_VERSION})`, 'version');
  // Version 1 predates schedules (none was used) and step state (none was saved).
  const v1 = k.version === 1;
  if (v1 && shape.layerState > 0) {
    fail("a version 1 checkpoint holds no dropout step counters: resuming it would not draw an uninterrupted run's masks", 'layerState');
  }
  const options = v1 ? { ...k.options, schedule: '' } : k.options;
  if (k.model !== context.model) fail('the checkpoint was made for a different network (layer types, widths or activations differ)', 'model');
  for (const key of ['n', 'dim', 'classes', 'hash'] as const) {
    if (k.data?.[key] !== context.data[key]) {
      fail(`the checkpoint was made on different data: data.${key} is ${JSON.stringify(k.data?.[key])} in the checkpoint, ${JSON.stringify(context.data[key])} here`, `data.${key}`);
    }
  }
  for (const key of [...MATCHING_OPTIONS, 'knn', 'contractive', 'schedule'] as const) {
    if (options?.[key] !== context.options[key]) {
      fail(`the checkpoint was made with ${key} ${JSON.stringify(options?.[key])}, these options have ${JSON.stringify(context.options[key])}`, `options.${key}`);
    }
  }
  if (k.workers !== shape.workers) {
    fail(`the checkpoint was made on ${String(k.workers)} worker(s), this trainer runs on ${shape.workers} (the gradient sums would differ)`, 'workers');
  }
  const n = context.data.n;
  const int = (v: unknown, lo: number, hi: number, path: string) => {
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi)) fail(`checkpoint ${path} must be an integer in ${lo}…${hi}, got ${String(v)}`, path);
    return v as number;
  };
  int(k.epoch, 0, 1e7, 'epoch');
  int(k.step, 0, n, 'step');
  int(k.cursor, 0, n - 1, 'cursor');
  if (!Array.isArray(k.rng) || k.rng.length !== 4) fail('checkpoint rng must be four 32-bit words', 'rng');
  k.rng.forEach((w, i) => int(w, 0, 0xffffffff, `rng[${i}]`));
  const layerState = v1 ? [] : k.layerState;
  if (!Array.isArray(layerState) || layerState.length !== shape.layerState) fail(`checkpoint layerState must hold ${shape.layerState} word(s) for this network`, 'layerState');
  layerState.forEach((w, i) => int(w, 0, 0xffffffff, `layerState[${i}]`));
  if (!Array.isArray(k.stats) || k.stats.length !== shape.workers) fail(`checkpoint stats must have ${shape.workers} entries`, 'stats');
  k.stats.forEach((s, i) => {
    if (!(typeof s?.lossSum === 'number' && Number.isFinite(s.lossSum))) fail(`checkpoint stats[${i}].lossSum must be a finite number`, `stats[${i}].lossSum`);
    int(s.correct, 0, n, `stats[${i}].correct`);
  });
  if ((k.cursor === 0) !== (k.order === null)) fail('checkpoint order must be given inside an epoch and null at its boundary', 'order');
  if (!Array.isArray(k.moments) || k.moments.length !== shape.moments) fail(`checkpoint moments must hold ${shape.moments} buffer(s) for this optimiser`, 'moments');
  const parameters = decodeF32(k.parameters, shape.paramCount, 'parameters');
  for (let i = 0; i < parameters.length; i++) if (!Number.isFinite(parameters[i]!)) fail(`checkpoint parameter ${i} is ${parameters[i]}`, 'parameters');
  return {
    epoch: k.epoch,
    step: k.step,
    cursor: k.cursor,
    rng: Uint32Array.from(k.rng),
    layerState: [...layerState],
    order: k.order === null ? null : decodeI32(k.order, shape.orderLength, 'order'),
    stats: k.stats.map((s) => ({ lossSum: s.lossSum, correct: s.correct })),
    parameters,
    hyper: decodeF32(k.hyper, shape.hyperFloats, 'hyper'),
    moments: k.moments.map((m, i) => decodeF32(m, shape.paramCount, `moments[${i}]`)),
    workers: k.workers,
  };
}
