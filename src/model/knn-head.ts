/**
 * A k-nearest-neighbour classification head (the essay's k-NN layer at test
 * time): stores reference representations with their labels in wasm memory
 * and classifies new representations by their k nearest references, each
 * voting with weight 1/(distance + ε). Distances come from GEMM blocks and
 * the k smallest are kept with a SIMD threshold scan (assembly/kernels/knn.ts).
 */
import { DataError, OptionError, StateError } from '../errors.js';
import type { Block } from '../engine/arena.js';
import type { Engine } from '../engine/engine.js';
import { argmaxRows } from './model.js';

/** How a {@link KnnHead} votes. */
export interface KnnHeadOptions {
  /** Neighbours that vote (default 5). */
  k?: number;
  /** ε in the weight 1/(d + ε) (default 1e-6). */
  epsilon?: number;
}

/** Queries per kernel call. */
const QUERY_CHUNK = 512;

/**
 * A k-nearest-neighbour classifier over representations (e.g. a model's
 * penultimate layer, or the embedding a `loss: 'knn'` model learnt): each query
 * takes the class with the most weight among its k nearest references, each
 * voting with weight 1/(distance + ε).
 *
 * @example
 * ```ts
 * const refs = model.layerOutput(train.x, model.layers.length - 2);
 * const head = new KnnHead(engine, refs, train.y, 8, train.classes, { k: 5 });
 * const predicted = head.classify(model.layerOutput(test.x, model.layers.length - 2));
 * head.dispose();
 * ```
 */
export class KnnHead {
  readonly k: number;
  readonly epsilon: number;
  private readonly blocks: Block[] = [];
  private readonly refs: number;
  private readonly norms: number;
  private readonly labels: number;
  private readonly queries: number;
  private readonly stage: number;
  private readonly scores: number;
  private readonly work: number;
  private readonly scratch: number;
  private disposed = false;

  /**
   * @param references n × dim row-major representations of the reference set
   * @param referenceLabels their classes, 0 … classes−1
   */
  constructor(
    readonly engine: Engine,
    references: Float32Array,
    referenceLabels: ArrayLike<number>,
    readonly dim: number,
    readonly classes: number,
    options: KnnHeadOptions = {},
  ) {
    this.k = options.k ?? 5;
    this.epsilon = options.epsilon ?? 1e-6;
    const n = referenceLabels.length;
    if (!(Number.isInteger(dim) && dim >= 1)) throw new OptionError(`k-NN head: dim must be a positive integer, got ${dim}`);
    if (n < 1) throw new DataError('k-NN head: no reference points');
    if (references.length !== n * dim) throw new DataError(`k-NN head: ${references.length} values for ${n} references of width ${dim}`);
    if (!(Number.isInteger(this.k) && this.k >= 1 && this.k <= 256)) throw new OptionError(`k-NN head: k must be an integer in 1…256, got ${this.k}`);
    if (!(this.epsilon > 0 && Number.isFinite(this.epsilon))) throw new OptionError(`k-NN head: epsilon must be > 0, got ${this.epsilon}`);
    for (let i = 0; i < n; i++) {
      const c = referenceLabels[i]!;
      if (!(Number.isInteger(c) && c >= 0 && c < classes)) throw new DataError(`k-NN head: label ${c} of reference ${i} is outside 0…${classes - 1}`);
    }
    for (let i = 0; i < references.length; i++) {
      if (!Number.isFinite(references[i]!)) throw new DataError(`k-NN head: reference ${Math.floor(i / dim)} has a non-finite value`);
    }
    const k = engine.kernels;
    const alloc = (bytes: number) => {
      const b = engine.alloc(bytes);
      this.blocks.push(b);
      return b.ptr;
    };
    this.refs = alloc(n * dim * 4);
    this.norms = alloc(n * 4);
    this.labels = alloc(n * 4);
    this.queries = alloc(QUERY_CHUNK * dim * 4);
    this.stage = alloc(QUERY_CHUNK * dim * 4);
    this.scores = alloc(QUERY_CHUNK * classes * 4);
    this.work = alloc(k.knn_work_floats(QUERY_CHUNK, this.k) * 4);
    this.scratch = alloc(k.gemm_f32_scratch_floats(QUERY_CHUNK, 1024, dim) * 4);
    const stage = engine.alloc(n * dim * 4);
    engine.f32(stage.ptr, n * dim).set(references);
    k.knn_pack_f32(this.refs, stage.ptr, dim, n); // blocks of feature-major columns
    k.knn_norms_f32(this.norms, stage.ptr, dim, n);
    engine.release(stage);
    engine.i32(this.labels, n).set(Int32Array.from(referenceLabels));
    this.n = n;
  }

  readonly n: number;

  /** Normalised vote of each class for m queries (m × dim row-major): m × classes. */
  scoresOf(queries: Float32Array): Float32Array {
    if (this.disposed) throw new StateError('this k-NN head was disposed');
    const m = queries.length / this.dim;
    if (!Number.isInteger(m)) throw new DataError(`k-NN head: ${queries.length} values is not a whole number of queries of width ${this.dim}`);
    const out = new Float32Array(m * this.classes);
    const e = this.engine;
    for (let start = 0; start < m; start += QUERY_CHUNK) {
      const B = Math.min(QUERY_CHUNK, m - start);
      e.f32(this.stage, B * this.dim).set(queries.subarray(start * this.dim, (start + B) * this.dim));
      e.kernels.transpose_f32(this.queries, this.stage, B, this.dim);
      e.kernels.knn_classify_f32(this.scores, this.queries, this.refs, this.norms, this.labels, this.dim, B, this.n, this.k, this.classes, this.epsilon, this.work, this.scratch);
      out.set(e.f32(this.scores, B * this.classes), start * this.classes);
    }
    return out;
  }

  /** Most voted class of each query. */
  classify(queries: Float32Array): Int32Array {
    return argmaxRows(this.scoresOf(queries), this.classes);
  }

  /** Frees the references' memory in the engine; the head cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.blocks.splice(0)) this.engine.release(b);
  }
}
