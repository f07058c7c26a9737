/**
 * Prediction of a large batch on several threads: the points are cut into
 * consecutive parts of whole inference chunks (`model.chunk` points), each
 * thread predicts one part on its own copy of the model, and the parts are put
 * back in order. Every chunk is the same computation `model.predict` runs, so
 * the probabilities are the same bits. The copies stay in a pool's threads
 * between calls; a call sends a thread only what it lacks (threads/resident-model.ts).
 */
import type { Model } from '../model/model.js';
import { flatPoints, type Points } from '../model/points.js';
import { checkWorkerCount, WorkerPool } from '../threads/pool.js';
import { allReplies } from '../threads/thread-handle.js';
import { residentUpdates } from '../threads/resident-model.js';
import type { WorkerReply } from './worker-messages.js';

/** Options of {@link predictParallel}. */
export interface PredictParallelOptions {
  /** Threads to predict on (default 2, or the pool's size). */
  workers?: number;
  /** Warm threads (see createWorkerPool); without one, threads are started for this call and stopped after it. */
  pool?: WorkerPool;
}

/** [first, end) point ranges for `parts` threads, each a whole number of chunks (the last may be short). */
export function predictionParts(n: number, chunk: number, parts: number): [number, number][] {
  const chunks = Math.ceil(n / chunk);
  const ranges: [number, number][] = [];
  for (let p = 0, first = 0; p < parts && first < n; p++) {
    const take = Math.ceil((chunks - first / chunk) / (parts - p));
    const end = Math.min(n, first + take * chunk);
    ranges.push([first, end]);
    first = end;
  }
  return ranges;
}

/**
 * `model.predict(points)` on several threads: class probabilities, n × classes
 * row-major, the same bits as `model.predict`. Worth it for large batches (a
 * thousand points and more through a convnet); a batch of one chunk or less is
 * predicted on this thread. Bad points throw what `model.predict` throws.
 */
export async function predictParallel(model: Model, points: Points, options: PredictParallelOptions = {}): Promise<Float32Array> {
  const workers = options.workers ?? options.pool?.size ?? 2;
  checkWorkerCount(workers);
  const x = flatPoints(points, model.inputs, 'predict');
  const D = model.inputs;
  const n = x.length / D;
  const ranges = Number.isInteger(n) ? predictionParts(n, model.chunk, workers) : [];
  if (ranges.length < 2) return model.predict(x);
  const pool = options.pool ?? (await WorkerPool.create({ workers: ranges.length }));
  const threads = pool.claim(ranges.length);
  try {
    const variant = model.engine.variant;
    const module = await pool.module(variant);
    const weights = model.getParameters();
    const updates = residentUpdates(threads.map((t) => t.resident), model, weights);
    const asks = threads.map((thread, p) => {
      const [first, end] = ranges[p]!;
      const part = slice(x, first * D, end * D);
      return thread.ask({ type: 'predict', variant, module, update: updates[p]!, x: part }, [part.buffer]);
    });
    let replies: WorkerReply[];
    try {
      replies = await allReplies(asks);
    } catch {
      // What a thread holds after a failure is unknown: the next call sends the whole model.
      for (const thread of threads) thread.resident = null;
      // A bad point (NaN, an overflow): predict here, so the error names the point as predict's does.
      return model.predict(x);
    }
    for (const thread of threads) thread.resident = { id: updates[0]!.modelId, weights };
    const out = new Float32Array(n * model.classes);
    replies.forEach((reply, p) => {
      if (reply.type === 'predicted') out.set(reply.values, ranges[p]![0] * model.classes);
    });
    return out;
  } finally {
    pool.release();
    if (!options.pool) await pool.dispose();
  }
}

/** Points [from, to) as a Float32Array of their own, to be moved to a thread. */
function slice(x: ArrayLike<number>, from: number, to: number): Float32Array {
  if (x instanceof Float32Array) return x.slice(from, to);
  return Float32Array.from(Array.isArray(x) ? x.slice(from, to) : (Array.prototype.slice.call(x, from, to) as number[]));
}
