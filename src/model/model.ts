/**
 * A sequential network of dense layers ending in softmax over `classes` units.
 *
 * All parameters live in one block of the engine's memory (layer after layer,
 * W then b) and all gradients in a second block of the same layout, so zeroing
 * is one fill and the optimiser is one loop. Inference runs through a plan on a
 * fixed-size workspace, `chunk` examples per call.
 */
import { BATCH, perBatch } from '../engine/abi.js';
import { DataError, NotFiniteError, OptionError, StateError } from '../errors.js';
import type { Block } from '../engine/arena.js';
import type { Engine } from '../engine/engine.js';
import { Random } from '../engine/random.js';
import type { Dataset } from '../data/dataset.js';
import { validateDataset } from '../data/dataset.js';
import type { DenseSpec } from './dense.js';
import type { Conv2DSpec } from './conv2d.js';
import type { MaxPoolSpec } from './maxpool.js';
import type { AvgPoolSpec, GlobalAvgPoolSpec } from './avgpool.js';
import type { DropoutSpec } from './dropout.js';
import type { BatchNormSpec } from './batchnorm.js';
import type { ResidualSpec } from './residual.js';
import { VectorField, defaultScale, type VectorFieldSpec } from './vector-field.js';
import { layerKind, LAYER_TYPES } from './layer-kinds.js';
import { flatShape, shapeSize, type Layer, type LayerJSON, type Shape } from './layer.js';
import { MAX_UNITS } from './spec-checks.js';
import { emitPenalty, type WeightPenalty } from './weight-penalty.js';
import { PlanBuilder, type Plan } from './plan-builder.js';
import { Workspace } from './workspace.js';
import { parseModelJSON, MODEL_FORMAT, MODEL_VERSION, type ModelJSON } from './model-json.js';
import { flatPoints, type Points } from './points.js';
import { Differentiator, copyColumnsToRows, type BackwardResult, type ForwardOptions, type ForwardResult } from './differentiate.js';
import type { LossName } from '../loss/loss.js';
import { rSquared } from '../loss/mse.js';

/** One layer of a {@link ModelSpec}: dense (the default when `type` is absent), conv2d, maxpool, avgpool, globalavgpool, dropout, batchnorm, residual or vectorfield. */
export type LayerSpec = DenseSpec | Conv2DSpec | MaxPoolSpec | VectorFieldSpec | AvgPoolSpec | GlobalAvgPoolSpec | DropoutSpec | BatchNormSpec | ResidualSpec;

/** What {@link Model.create} builds: the input width (or image shape) and the layers in order. */
export interface ModelSpec {
  /** Width of the input, or an image shape for convolutional networks. */
  inputs: number | Shape;
  /** Hidden layers and the output layer: a dense layer with one unit per class, per regression target, or per embedding feature. */
  layers: LayerSpec[];
  /** Seed for the initial weights (default 1). */
  seed?: number;
}

/**
 * Examples per inference call: 256 for small layers; fewer when a layer is wide
 * (convolutions: 12×28×28 values per example), so one chunk's buffers stay
 * near 2 MiB and in cache — 60 k MNIST forwards went 10.5 s → see the commit.
 */
function inferenceChunk(layers: readonly Layer[]): number {
  const widest = Math.max(...layers.map((l) => Math.max(l.inputs, l.units)));
  return Math.max(32, Math.min(256, 2 ** Math.floor(Math.log2((1 << 19) / widest))));
}

/** What {@link Model.evaluate} measures on a labelled data set. */
export interface Evaluation {
  /** Mean cross-entropy (classification) or mean squared error over every output (regression). */
  loss: number;
  /** Fraction classified right; NaN for regression. */
  accuracy: number;
  n: number;
  /** Regression only: 1 − Σ(y − t)² / Σ(t − t̄)², pooled over the outputs (t̄ per output). */
  r2?: number;
}

/**
 * A feed-forward network in an engine's memory: dense, convolutional, pooling
 * and vector-field layers, ending in a dense layer with one unit per class.
 * Build one from a spec with {@link Model.create} (or a saved model with
 * {@link Model.fromJSON}), train it with {@link fit} or {@link Trainer}, and
 * read it with `predict`, `classify`, `evaluate` and `layerOutputs`.
 *
 * @example
 * ```ts
 * const model = Model.create(engine, {
 *   inputs: 2,
 *   layers: [{ units: 8, activation: 'tanh' }, { units: 2 }],
 *   seed: 1,
 * });
 * fit(model, spirals(), { epochs: 100 });
 * const hidden = model.layerOutput(points, 0); // n × 8, row-major
 * ```
 */
export class Model {
  readonly layers: readonly Layer[];
  /** Number of trainable and frozen parameters, all layers together. */
  readonly paramCount: number;
  /** @internal The parameter block in engine memory (layers own slices of it). */
  readonly params: Block;
  /** @internal The gradient block, laid out like `params`. */
  readonly grads: Block;
  private inference?: { ws: Workspace; predict: Plan; score: Plan; gradient: Plan; regress: Plan; stage: Block; dxBlock: Block; dx: number };
  private differentiator?: Differentiator;
  /** x of the last `forward`, for `backward(dY)`. */
  private lastForward?: { x: ArrayLike<number>; n: number };
  private disposed = false;
  /**
   * The loss the model was last trained with (set by the trainer): a model
   * trained with the k-NN loss has no softmax output, so `evaluate` refuses it.
   */
  trainedLoss?: LossName;

  /** Features per input point (channels × height × width for images). */
  readonly inputs: number;
  /** @internal Points per inference call (see inferenceChunk). */
  readonly chunk: number;

  private constructor(readonly engine: Engine, readonly inputShape: Shape, layers: Layer[]) {
    this.inputs = shapeSize(inputShape);
    this.chunk = inferenceChunk(layers);
    this.layers = layers;
    this.paramCount = layers.reduce((n, l) => n + l.paramCount, 0);
    // No half-built model holding memory.
    [this.params, this.grads] = engine.transaction(() => [engine.alloc(this.paramCount * 4), engine.alloc(this.paramCount * 4)]);
    engine.f32(this.grads.ptr, this.paramCount).fill(0);
  }

  /** Builds a network with freshly initialised weights. */
  static create(engine: Engine, spec: ModelSpec): Model {
    const layers = buildLayers(spec.inputs, spec.layers);
    const model = new Model(engine, toShape(spec.inputs), layers);
    const params = engine.f32(model.params.ptr, model.paramCount);
    const random = new Random(spec.seed ?? 1);
    for (const layer of layers) layer.initialise(params, random);
    return model;
  }

  /** Rebuilds a model saved with `toJSON`; throws naming the first problem in the file. */
  static fromJSON(engine: Engine, json: unknown): Model {
    const parsed = parseModelJSON(json);
    const layers = buildLayers(parsed.inputShape, parsed.layers.map((l) => layerKind(l.type)!.specOf(l) as LayerSpec));
    const model = new Model(engine, parsed.inputShape, layers);
    const params = engine.f32(model.params.ptr, model.paramCount);
    parsed.layers.forEach((l, i) => layerKind(l.type)!.load(layers[i]!, params, l));
    return model;
  }

  get classes(): number {
    return this.layers[this.layers.length - 1]!.units;
  }

  /** Layer widths, input first: e.g. [2, 8, 8, 2]. */
  get widths(): number[] {
    return [this.inputs, ...this.layers.map((l) => l.units)];
  }

  /** A copy of all parameters (layer by layer, W row-major then b). */
  getParameters(): Float32Array {
    this.check();
    return this.engine.f32(this.params.ptr, this.paramCount).slice();
  }

  /** Overwrites all parameters, in the layout of {@link Model.getParameters}; values must be finite. */
  setParameters(values: ArrayLike<number>): void {
    this.check();
    if (values.length !== this.paramCount) throw new DataError(`setParameters: got ${values.length} values, the model has ${this.paramCount}`);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) throw new DataError(`setParameters: value ${i} is ${values[i]} (must be finite)`);
    }
    this.engine.f32(this.params.ptr, this.paramCount).set(values);
  }

  /** Weights (dense: units×inputs; conv: filters×(C·K·K); row-major) and bias of layer i, as copies. */
  layerParameters(i: number): { weights: Float32Array; bias: Float32Array } {
    const layer = this.layers[i];
    if (!layer) throw new OptionError(`layer ${i} does not exist (the model has ${this.layers.length})`);
    const p = this.engine.f32(this.params.ptr, this.paramCount);
    return {
      weights: p.slice(layer.offset, layer.offset + layer.weightCount),
      bias: p.slice(layer.biasOffset, layer.offset + layer.paramCount),
    };
  }

  /** Class probabilities, n × classes row-major, for n points given row-major (n × inputs). */
  predict(points: Points): Float32Array {
    const x = flatPoints(points, this.inputs, 'predict');
    const n = this.checkPoints(x, 'predict');
    const out = new Float32Array(n * this.classes);
    this.forEachChunk(x, n, null, (start, B, inf) => {
      if (inf.predict.run(B) !== 0) this.notFinite('predict', start, B, inf.ws.layers.length - 1);
      copyColumnsToRows(this.engine.f32(inf.ws.probs, this.classes * B), out, start, B, this.classes);
    });
    return out;
  }

  /** Most probable class of each point. */
  classify(x: Points): Int32Array {
    return argmaxRows(this.predict(x), this.classes);
  }

  /**
   * Every layer's output (after its activation) for n points: one n × units
   * row-major array per layer — the representations the pictures draw.
   */
  layerOutputs(x: Points): Float32Array[] {
    return this.outputsOf(x, this.layers.map((_, i) => i), 'layerOutputs');
  }

  /** Layer `index`'s output for n points (n × units), without copying the other layers'. */
  layerOutput(x: Points, index: number): Float32Array {
    if (!(Number.isInteger(index) && index >= 0 && index < this.layers.length)) {
      throw new OptionError(`layerOutput: layer ${index} does not exist (the model has ${this.layers.length})`);
    }
    return this.outputsOf(x, [index], 'layerOutput')[0]!;
  }

  /** The outputs of the layers listed (in that order) from one forward pass. */
  layerOutputsAt(x: Points, which: number[]): Float32Array[] {
    for (const i of which) {
      if (!(Number.isInteger(i) && i >= 0 && i < this.layers.length)) throw new OptionError(`layerOutputsAt: layer ${i} does not exist (the model has ${this.layers.length})`);
    }
    return this.outputsOf(x, which, 'layerOutputsAt');
  }

  private outputsOf(points: Points, which: number[], what: string): Float32Array[] {
    const x = flatPoints(points, this.inputs, what);
    const n = this.checkPoints(x, what);
    const outs = which.map((li) => new Float32Array(n * this.layers[li]!.units));
    this.forEachChunk(x, n, null, (start, B, inf) => {
      // The plan's guard on the logits is ignored here: only the layers asked for must be finite.
      inf.predict.run(B);
      which.forEach((li, k) => {
        const units = this.layers[li]!.units;
        if (this.engine.kernels.finite_f32_check(inf.ws.layers[li]!.y, units * B) === 0) this.notFinite(what, start, B, li);
        copyColumnsToRows(this.engine.f32(inf.ws.layers[li]!.y, units * B), outs[k]!, start, B, units);
      });
    });
    return outs;
  }

  /**
   * Places the anchors of every vector-field layer not yet initialised from data
   * (all of them with `force`) on K distinct training points, chosen with `seed`
   * and passed through the layers before it; unless the spec fixed the scale, sets
   * every s_k to the median nearest-neighbour distance between the anchors. The
   * trainer calls this once at construction. Returns how many layers it placed.
   */
  initialiseAnchors(data: Dataset, seed = 1, force = false): number {
    this.checkData(data, 'initialiseAnchors', false);
    let placed = 0;
    this.layers.forEach((layer, li) => {
      if (!(layer instanceof VectorField) || (layer.anchorsFromData && !force)) return;
      const K = layer.anchors, n = data.n, D = this.inputs;
      if (K > n) throw new DataError(`vectorfield layer ${li}: ${K} anchors but only ${n} training points to place them on`);
      // The first K of a seeded partial shuffle are the anchors; up to 64 more set the scale when K = 1.
      const random = new Random(seed);
      const m = Math.min(n, K === 1 ? 65 : K);
      const order = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < m; i++) {
        const j = i + random.int(n - i);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      const points = new Float32Array(m * D);
      for (let i = 0; i < m; i++) points.set(data.x.subarray(order[i]! * D, (order[i]! + 1) * D), i * D);
      const reps = li === 0 ? points : this.layerOutputs(points)[li - 1]!;
      const W = layer.inputs;
      const anchors = reps.subarray(0, K * W);
      layer.placeAnchors(this.engine.f32(this.params.ptr, this.paramCount), anchors, defaultScale(anchors, K, W, reps.subarray(K * W)));
      placed++;
    });
    return placed;
  }

  /**
   * Mean cross-entropy and accuracy on a labelled data set; mean squared error
   * and R² on a regression data set (one with targets). A model trained with
   * the k-NN loss has no softmax output: it is refused with a StateError —
   * score its embedding with a KnnHead fitted on reference data.
   */
  evaluate(data: Dataset): Evaluation {
    if (data.targets) {
      this.checkData(data, 'evaluate');
      return this.evaluateRegression(data);
    }
    if (this.trainedLoss === 'knn') {
      throw new StateError('evaluate: this model was trained with the k-NN loss, its output is an embedding, not class scores; score it with a KnnHead fitted on reference data (new KnnHead(engine, model.layerOutput(ref.x, last), ref.y, …))');
    }
    this.checkData(data, 'evaluate');
    const inf = this.inferenceState();
    inf.ws.resetStats();
    this.forEachChunk(data.x, data.n, data.y, (start, B, state) => {
      if (state.score.run(B) !== 0) this.notFinite('evaluate', start, B, state.ws.layers.length - 1);
    });
    const { lossSum, correct } = inf.ws.readStats();
    return { loss: lossSum / data.n, accuracy: correct / data.n, n: data.n };
  }

  private evaluateRegression(data: Dataset): Evaluation {
    const inf = this.inferenceState();
    inf.ws.resetStats();
    this.forEachChunk(data.x, data.n, null, (start, B, state) => {
      if (state.regress.run(B) !== 0) this.notFinite('evaluate', start, B, state.ws.layers.length - 1);
    }, data.targets);
    const mse = inf.ws.readStats().lossSum / data.n;
    return { loss: mse, accuracy: NaN, n: data.n, r2: rSquared(mse, data.targets!, data.targetDim!) };
  }

  /**
   * Every layer's output after its activation for n points (and, with
   * `preActivations`, before it), each n × units row-major. Remembers the
   * points for a following `backward(dY)`.
   */
  forward(points: Points, options: ForwardOptions = {}): ForwardResult {
    const x = flatPoints(points, this.inputs, 'forward');
    const n = this.checkPoints(x, 'forward');
    const result = this.differentiate().forward(x, n, options);
    this.lastForward = { x: x instanceof Float32Array ? x.slice() : Float32Array.from(x), n };
    return result;
  }

  /**
   * Back-propagates an output gradient dY = dLoss/doutput (n × units row-major)
   * through the network at the points of the last `forward` (or at `x` when
   * given as `backward(x, dY)`): the parameter gradient (layout of
   * getParameters) and the input gradient dX (n × inputs). Leaves the weights
   * unchanged. Any loss written in TypeScript trains the model this way.
   */
  backward(dY: ArrayLike<number>): BackwardResult;
  backward(x: Points, dY: ArrayLike<number>): BackwardResult;
  backward(a: Points | ArrayLike<number>, b?: ArrayLike<number>): BackwardResult {
    let x: ArrayLike<number>, n: number, dY: ArrayLike<number>;
    if (b === undefined) {
      this.check();
      if (!this.lastForward) throw new StateError('backward(dY): call forward on the points first, or pass them as backward(x, dY)');
      ({ x, n } = this.lastForward);
      dY = a as ArrayLike<number>;
    } else {
      x = flatPoints(a, this.inputs, 'backward');
      n = this.checkPoints(x, 'backward');
      dY = b;
    }
    const units = this.layers[this.layers.length - 1]!.units;
    if (dY.length !== n * units) throw new DataError(`backward: dY has ${dY.length} values, expected ${n} points × ${units} outputs`, 'dY');
    for (let i = 0; i < dY.length; i++) {
      if (!Number.isFinite(dY[i]!)) throw new DataError(`backward: dY value ${i % units} of point ${Math.floor(i / units)} is ${dY[i]}`, 'dY');
    }
    return this.differentiate().backward(x, n, dY);
  }

  private differentiate(): Differentiator {
    this.differentiator ??= new Differentiator(this);
    return this.differentiator;
  }

  /**
   * Mean cross-entropy of a batch of up to `chunk` labelled points, its exact
   * gradient w.r.t. all parameters (same layout as getParameters) and w.r.t.
   * the inputs (n × inputs). Leaves the weights unchanged: for gradient checks,
   * custom optimisers and input attributions.
   */
  lossAndGradient(points: Points, labels: ArrayLike<number>): { loss: number; gradient: Float32Array; inputGradient: Float32Array } {
    const x = flatPoints(points, this.inputs, 'lossAndGradient');
    const n = this.checkPoints(x, 'lossAndGradient');
    if (n > this.chunk) throw new DataError(`lossAndGradient: at most ${this.chunk} points per call, got ${n}`);
    if (labels.length !== n) throw new DataError(`lossAndGradient: ${labels.length} labels for ${n} points`);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      if (!(Number.isInteger(c) && c >= 0 && c < this.classes)) throw new DataError(`lossAndGradient: label ${c} of point ${i} is outside 0…${this.classes - 1}`);
    }
    const inf = this.inferenceState();
    inf.ws.resetStats();
    this.forEachChunk(x, n, Int32Array.from(labels), (_start, B, state) => {
      state.gradient.run(B);
    });
    const inputGradient = new Float32Array(n * this.inputs);
    copyColumnsToRows(this.engine.f32(inf.dx, this.inputs * n), inputGradient, 0, n, this.inputs);
    return { loss: inf.ws.readStats().lossSum / n, gradient: this.engine.f32(this.grads.ptr, this.paramCount).slice(), inputGradient };
  }

  /** The model as a versioned, documented JSON object (see docs/model-format.md). */
  toJSON(): ModelJSON {
    this.check();
    const p = this.engine.f32(this.params.ptr, this.paramCount);
    const json: ModelJSON = { format: MODEL_FORMAT, version: MODEL_VERSION, inputs: this.inputs, layers: this.layers.map((l) => l.toJSON(p)) };
    if (this.inputShape.height > 1 || this.inputShape.width > 1) json.inputShape = this.inputShape;
    return json;
  }

  /** Frees the model's memory in its engine; the model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    const inf = this.inference;
    if (inf) {
      inf.predict.release();
      inf.score.release();
      inf.gradient.release();
      inf.regress.release();
      inf.ws.release();
      this.engine.release(inf.stage);
      this.engine.release(inf.dxBlock);
    }
    this.differentiator?.release();
    this.lastForward = undefined;
    this.engine.release(this.params);
    this.engine.release(this.grads);
    this.disposed = true;
  }

  /** @internal Throws StateError when the model was disposed. */
  check(): void {
    if (this.disposed) throw new StateError('this model was disposed');
  }

  /**
   * Throws NotFiniteError naming the first point of the chunk whose layer `li`
   * output is NaN/∞ — finite weights can still overflow (e.g. the last finite
   * ones kept after TrainingDivergedError). Only runs once a guard has failed.
   */
  private notFinite(what: string, start: number, B: number, li: number): never {
    const units = this.layers[li]!.units;
    const y = this.engine.f32(this.inference!.ws.layers[li]!.y, units * B);
    let point = 0;
    while (point < B - 1 && Array.from({ length: units }, (_, d) => y[d * B + point]!).every(Number.isFinite)) point++;
    const layer = li === this.layers.length - 1 ? 'logits' : `layer ${li}'s outputs`;
    throw new NotFiniteError(
      `${what}: the ${layer} of point ${start + point} are not finite (NaN/Infinity): the weights overflow ` +
        '(as they can after TrainingDivergedError); retrain with a lower learning rate or load other weights',
    );
  }

  /** @internal Throws unless `data` is valid and fits this model's input width and classes. */
  checkData(data: Dataset, what: string, classesFromOutput = true): void {
    this.check();
    validateDataset(data);
    if (data.dim !== this.inputs) throw new DataError(`${what}: data set '${data.name}' has ${data.dim} features, the model expects ${this.inputs}`);
    if (classesFromOutput && data.targets && data.targetDim !== this.classes) {
      throw new DataError(`${what}: data set '${data.name}' has ${data.targetDim} targets per point, the model's output layer ${this.classes} units`, 'targets');
    }
    if (classesFromOutput && !data.targets && data.classes > this.classes) {
      throw new DataError(`${what}: data set '${data.name}' has ${data.classes} classes, the model's output layer only ${this.classes}`);
    }
  }

  private checkPoints(x: ArrayLike<number>, what: string): number {
    this.check();
    if (x.length === 0) throw new DataError(`${what}: no points given`, 'x');
    if (x.length % this.inputs !== 0) {
      throw new DataError(`${what}: ${x.length} values is not a whole number of points of width ${this.inputs}`, 'x');
    }
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i]!)) {
        throw new DataError(`${what}: feature ${i % this.inputs} of point ${Math.floor(i / this.inputs)} is ${x[i]} (NaN/Infinity not allowed)`, 'x');
      }
    }
    return x.length / this.inputs;
  }

  private inferenceState() {
    // Built on first use; a failure part-way (out of memory for a wide model) releases every block it took.
    if (!this.inference) this.inference = this.engine.transaction(() => this.buildInference());
    return this.inference;
  }

  private buildInference(): NonNullable<Model['inference']> {
    const ws = new Workspace(this.engine, this.layers, this.chunk);
    const units = this.layers[this.layers.length - 1]!.units;
    const stage = this.engine.alloc(this.chunk * Math.max(this.inputs, units) * 4);
    const dxBlock = this.engine.alloc(this.chunk * this.inputs * 4);
    const predict = new PlanBuilder();
    this.emitForward(predict, ws, true);
    const logits = ws.layers[ws.layers.length - 1]!.y;
    // One SIMD pass over the logits: finite logits give finite probabilities and losses.
    predict.guardFinite({ p: logits, n: perBatch(this.classes) });
    predict.softmaxXent({ probs: ws.probs, dlogits: 0, logits, labels: 0, C: this.classes, B: BATCH, stats: 0 });
    const score = new PlanBuilder();
    this.emitForward(score, ws, true);
    score.guardFinite({ p: logits, n: perBatch(this.classes) });
    score.softmaxXent({ probs: 0, dlogits: 0, logits, labels: ws.labels, C: this.classes, B: BATCH, stats: ws.stats });
    const gradient = new PlanBuilder();
    this.emitForward(gradient, ws);
    gradient.softmaxXent({ probs: 0, dlogits: ws.layers[ws.layers.length - 1]!.dy, logits, labels: ws.labels, C: this.classes, B: BATCH, stats: ws.stats });
    this.emitBackward(gradient, ws, undefined, dxBlock.ptr);
    const regress = new PlanBuilder();
    this.emitForward(regress, ws, true);
    regress.guardFinite({ p: logits, n: perBatch(units) });
    regress.mse({ dy: 0, y: logits, t: ws.targets, T: units, B: BATCH, stats: ws.stats });
    return {
      ws, stage, dxBlock, dx: dxBlock.ptr,
      regress: regress.build(this.engine),
      predict: predict.build(this.engine),
      score: score.build(this.engine),
      gradient: gradient.build(this.engine),
    };
  }

  /** Stages each chunk of points (and labels) into the workspace, feature-major. */
  private forEachChunk(
    x: ArrayLike<number>,
    n: number,
    labels: Int32Array | null,
    run: (start: number, B: number, inf: NonNullable<Model['inference']>) => void,
    targets?: Float32Array,
  ): void {
    const inf = this.inferenceState();
    const D = this.inputs;
    for (let start = 0; start < n; start += this.chunk) {
      const B = Math.min(this.chunk, n - start);
      const stage = this.engine.f32(inf.stage.ptr, B * D);
      if (x instanceof Float32Array) stage.set(x.subarray(start * D, (start + B) * D));
      else for (let i = 0; i < B * D; i++) stage[i] = x[start * D + i]!;
      this.engine.kernels.transpose_f32(inf.ws.x, inf.stage.ptr, B, D);
      if (labels) this.engine.i32(inf.ws.labels, B).set(labels.subarray(start, start + B));
      if (targets) {
        const T = this.classes;
        this.engine.f32(inf.stage.ptr, B * T).set(targets.subarray(start * T, (start + B) * T));
        this.engine.kernels.transpose_f32(inf.ws.targets, inf.stage.ptr, B, T);
      }
      run(start, B, inf);
    }
  }

  /** @internal Forward ops for all layers, from the workspace's input batch; `forwardOnly` when no backward follows. */
  emitForward(plan: PlanBuilder, ws: Workspace, forwardOnly = false): void {
    let x = ws.x;
    this.layers.forEach((layer, i) => {
      layer.emitForward(plan, x, ws.layers[i]!, this.params.ptr, ws.scratch, forwardOnly);
      x = ws.layers[i]!.y;
    });
  }

  /**
   * @internal
   * Backward ops for all layers; expects dLoss/dlogits in the last layer's dy.
   * `around` may add ops just before and just after layer i's own (e.g. a penalty);
   * `inputGradient` (inputs × B), when non-zero, receives dLoss/dX. Layers' weight
   * penalties add to the gradients and the stats unless `penalties` is false (the
   * gradient of an arbitrary output, which has no penalty term).
   */
  emitBackward(plan: PlanBuilder, ws: Workspace, around?: (i: number, when: 'before' | 'after') => void, inputGradient = 0, penalties = true): void {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      const input = i === 0 ? ws.x : ws.layers[i - 1]!.y;
      const dx = i === 0 ? inputGradient : ws.layers[i - 1]!.dy;
      around?.(i, 'before');
      layer.emitBackward(plan, input, ws.layers[i]!, dx, this.params.ptr, this.grads.ptr, ws.scratch);
      for (const l of layer.penalised ?? (layer.penalty ? [layer] : [])) {
        if (penalties) emitPenalty(plan, l as Layer & { penalty: WeightPenalty }, this.params.ptr, this.grads.ptr, ws.stats);
      }
      around?.(i, 'after');
    }
  }
}

function toShape(inputs: number | Shape): Shape {
  if (typeof inputs === 'number') {
    if (!(Number.isInteger(inputs) && inputs >= 1 && inputs <= MAX_UNITS)) {
      throw new OptionError(`model inputs must be an integer in 1…${MAX_UNITS}, got ${inputs}`);
    }
    return flatShape(inputs);
  }
  const { channels, height, width } = inputs ?? ({} as Shape);
  for (const [name, v] of [['channels', channels], ['height', height], ['width', width]] as const) {
    if (!(Number.isInteger(v) && v >= 1 && v <= 4096)) throw new OptionError(`model input ${name} must be an integer in 1…4096, got ${v}`);
  }
  return { channels, height, width };
}

function buildLayers(inputs: number | Shape, specs: readonly LayerSpec[]): Layer[] {
  let shape = toShape(inputs);
  if (!Array.isArray(specs) || specs.length === 0) throw new OptionError('a model needs at least one layer');
  let offset = 0;
  return specs.map((spec, i) => {
    const where = `layer ${i}`;
    const type = spec?.type ?? 'dense';
    const last = i === specs.length - 1;
    const kind = layerKind(type);
    if (!kind) throw new OptionError(`${where}: unknown layer type '${String(type)}' (known: ${LAYER_TYPES.join(', ')})`);
    const layer = kind.build(spec, shape, offset, where, last);
    if (last && layer.type !== 'dense') {
      throw new OptionError(`the output layer must be dense (one unit per class, regression target or embedding feature), got ${layer.type}`, `layers[${i}].type`);
    }
    offset += layer.paramCount;
    shape = layer.outputShape;
    return layer;
  });
}

/** Index of the largest of each row of `width` values (first on ties). */
export function argmaxRows(values: ArrayLike<number>, width: number): Int32Array {
  const out = new Int32Array(values.length / width);
  for (let i = 0; i < out.length; i++) {
    let best = 0;
    for (let c = 1; c < width; c++) if (values[i * width + c]! > values[i * width + best]!) best = c;
    out[i] = best;
  }
  return out;
}


