/**
 * The essay's continuous visualisation of a layer y = σ(W·x + b): an ambient
 * isotopy from the identity to the layer, in three phases of F frames each,
 * every frame a map x ↦ mix_a(σ)(p(t_l)·x + t_b·b) with
 *
 *   phase 1  linear       x ↦ p(t)·x           p a path in GL⁺(n) from I to W (gl-path.ts)
 *   phase 2  translation  x ↦ W·x + t·b
 *   phase 3  activation   x ↦ (1−t)·z + t·σ(z),  z = W·x + b
 *
 * Frames: phase 1 at t = 0, 1/F, …, 1, phases 2 and 3 at t = 1/F, …, 1 (their
 * t = 0 is the previous phase's end), 3F + 1 in all. Frame 0 is a copy of the
 * layer's input, the last frame a copy of model.layerOutputs (bit-equal);
 * frames between are computed in f64 from the same float32 inputs and weights
 * and rounded to float32, so the step into the last frame also carries the
 * kernel's rounding (≲ 1e-6 relative; tanh/sigmoid kernels err ≤ 4e-7).
 *
 * Width changes embed into n = max(inputs, units) (embedSquare): a wider layer
 * gets its input padded with zeros; a narrower one rotates in ℝ^inputs and the
 * extra coordinates are scaled to zero along phase 1 (p(t) = diag(1, …, 1−t, …)·P(t)),
 * so the frames stay n wide with zeros after the layer's units.
 *
 * A square layer with det W < 0 has two neurons swapped (gl-path.ts chooses
 * which); its frames then show the permuted representation, recorded in
 * `outputOrder`. animateNetwork carries that order into the next layer's input
 * (permuting its weight columns to match), so consecutive layers join up.
 */
import { DataError, OptionError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import { ACTIVATION_MATH, type ActivationName } from '../model/activation.js';
import type { Model } from '../model/model.js';
import { domainBox, gridLines, checkCount, type GridOptions, type GridLines } from './grid.js';
import { embedSquare, linearPath, type PathKind } from './gl-path.js';
import { det, type Mat } from './linalg.js';
import { emptyGrid, pushThrough, type GridLayout } from './representations.js';
import { header, type Box, type ExportHeader } from './schema.js';

/** Widest layer (after embedding) that can be animated. */
export const MAX_ANIMATION_WIDTH = 64;

/** The three phases of a dense layer; 'field' is the one phase of a vector-field layer. */
export type Phase = 'linear' | 'translation' | 'activation' | 'field';

/** One frame of a layer animation: the points (and grid) at one moment of one phase. */
export interface AnimationFrame {
  phase: Phase;
  /** Progress within the phase, 0…1. */
  t: number;
  /** Progress over the whole animation, (phase number + t)/3, 0…1. */
  time: number;
  /** The frame's linear part p, n×n row-major. */
  matrix: Float64Array;
  /** det p (> 0 while the frame is a homeomorphism; 0 at a collapse). */
  det: number;
  /** Fraction of the bias added, 0…1. */
  translation: number;
  /** Fraction of the activation mixed in, 0…1. */
  activation: number;
  /** Data points, count × width row-major. */
  points: Float32Array;
  /** Grid points, (lines·pointsPerLine) × width row-major. */
  grid: Float32Array;
}

/**
 * What {@link animateLayer} returns: one layer's map x ↦ σ(Wx + b) shown as a
 * continuous motion in three phases (the linear map along a path of invertible
 * matrices, the translation by b, the activation applied gradually), frame by frame.
 */
export interface LayerAnimation extends ExportHeader<'layer-animation'> {
  /** Model layer index: the animation goes from representation `layer` to `layer + 1`. */
  layer: number;
  inputs: number;
  units: number;
  /** Width of every frame: max(inputs, units). */
  width: number;
  activation: ActivationName;
  /** Whether the layer was padded to a square (inputs ≠ units). */
  embedded: boolean;
  /** Frame coordinate c < inputs of frame 0 holds neuron inputOrder[c] of the layer's input. */
  inputOrder: Int32Array;
  /** Frame coordinate c < units of the last frame holds neuron outputOrder[c] of the layer. */
  outputOrder: Int32Array;
  /** The two neurons (output coordinates) swapped to make det > 0, or null. */
  permutation: [number, number] | null;
  /** Whether every frame is a homeomorphism onto its image (the essay's theorem applies). */
  homeomorphism: boolean;
  /** Why not, one sentence each; empty when it is. */
  reasons: string[];
  /**
   * How phase 1's path was built: 'polar' (in GL⁺ on all of [0,1]), 'polar-singular'
   * (singular W: invertible for t < 1), 'polar-collapse' (narrower layer: invertible
   * for t < 1, projects at t = 1), 'straight' (1×1 negative weight, (1−t) + t·w),
   * 'field' (a vector-field layer: x ↦ x + t·F(x), no linear path).
   */
  path: PathKind | 'polar-collapse' | 'field';
  /** det of the square matrix before any swap. */
  det: number;
  /** Its singular values, descending. */
  singularValues: Float64Array;
  /** The square matrix phase 1 ends at, n×n row-major (padded, permuted, collapsed). */
  weights: Float64Array;
  /** The bias phase 2 adds, n entries (permuted, zero-padded). */
  bias: Float64Array;
  framesPerPhase: number;
  /** Number of data points. */
  count: number;
  /** Their classes, when a data set was given. */
  labels: Int32Array | null;
  grid: GridLayout;
  frames: AnimationFrame[];
}

/** What {@link animateNetwork} returns: the layer animations of every layer one after another. */
export interface NetworkAnimation extends ExportHeader<'network-animation'> {
  widths: number[];
  count: number;
  labels: Int32Array | null;
  grid: GridLayout;
  /** One animation per model layer, each starting where the previous ended. */
  layers: LayerAnimation[];
}

/** Options of {@link animateLayer} and {@link animateNetwork}. */
export interface AnimationOptions extends GridOptions {
  /** Frames per phase, F (default 30); 3F + 1 frames per layer. */
  framesPerPhase?: number;
  /** Include the deformed grid (default true; none for inputs wider than 3). */
  grid?: boolean;
  /** Box for the grid when plain points are given (default: their bounding box). */
  domain?: Box;
  /** animateLayer only: the order of the layer's input neurons (default identity). */
  inputOrder?: readonly number[];
}

/**
 * Frames of model layer `layer` acting on points given in the network's input
 * space (a data set, or row-major points model.inputs wide).
 */
export function animateLayer(model: Model, layer: number, source: Dataset | ArrayLike<number>, options: AnimationOptions = {}): LayerAnimation {
  const L = model.layers.length;
  if (!(Number.isInteger(layer) && layer >= 0 && layer < L)) throw new OptionError(`animateLayer: layer ${layer} does not exist (0…${L - 1})`);
  const input = prepare(model, source, options, 'animateLayer');
  const views = pushThrough(model, input.x, input.lines.points);
  const order = options.inputOrder ? checkOrder(options.inputOrder, model.widths[layer]!) : identityOrder(model.widths[layer]!);
  return animateFromViews(model, layer, views, order, input, options);
}

/** Every layer's animation, chained: each layer's first frame is the previous layer's last. */
export function animateNetwork(model: Model, source: Dataset | ArrayLike<number>, options: AnimationOptions = {}): NetworkAnimation {
  const input = prepare(model, source, options, 'animateNetwork');
  const views = pushThrough(model, input.x, input.lines.points);
  const layers: LayerAnimation[] = [];
  let order = identityOrder(model.inputs);
  for (let i = 0; i < model.layers.length; i++) {
    const anim = animateFromViews(model, i, views, order, input, options);
    layers.push(anim);
    order = anim.outputOrder;
  }
  return {
    ...header('network-animation'),
    widths: model.widths, count: input.count, labels: input.labels, grid: layout(input.lines), layers,
  };
}

interface Prepared {
  x: Float32Array;
  count: number;
  labels: Int32Array | null;
  lines: GridLines;
}

function prepare(model: Model, source: Dataset | ArrayLike<number>, options: AnimationOptions, what: string): Prepared {
  model.check();
  const D = model.inputs;
  let x: Float32Array, labels: Int32Array | null = null, box: Box | undefined = options.domain;
  if ('x' in source && 'domain' in source) {
    model.checkData(source, what);
    x = source.x;
    labels = source.y.slice();
    box ??= source.domain;
  } else {
    x = Float32Array.from(source as ArrayLike<number>);
    if (x.length === 0 || x.length % D !== 0) throw new DataError(`${what}: ${x.length} values is not a whole, non-zero number of points of width ${D}`);
    box ??= boundingBox(x, D);
  }
  const domain = domainBox(box!, what);
  if (domain.min.length !== D) throw new OptionError(`${what}: the domain box has ${domain.min.length} dimensions, the model takes ${D} inputs`);
  const lines = options.grid === false ? emptyGrid(D) : gridLines(domain, options, what);
  return { x, count: x.length / D, labels, lines };
}

function animateFromViews(
  model: Model,
  layer: number,
  views: { points: Float32Array[]; grid: Float32Array[] },
  inputOrder: Int32Array,
  input: Prepared,
  options: AnimationOptions,
): LayerAnimation {
  const F = checkCount(options.framesPerPhase ?? 30, 1, 1000, 'framesPerPhase', 'animation');
  const dense = model.layers[layer]!;
  if (dense.type !== 'dense' && dense.type !== 'vectorfield') {
    throw new OptionError(`animation: layer ${layer} is ${dense.type}; dense and vector-field layers can be animated`);
  }
  const m = dense.inputs, k = dense.units, n = Math.max(m, k);
  if (n > MAX_ANIMATION_WIDTH) throw new OptionError(`animation: layer ${layer} is ${m}→${k} wide; layers up to ${MAX_ANIMATION_WIDTH} units can be animated`);
  if (dense.type === 'vectorfield') return animateField(layer, views, inputOrder, input, F, n);
  const { weights, bias } = model.layerParameters(layer);

  // W with columns in the order the input frame presents them.
  const wIn = new Float64Array(k * m);
  for (let u = 0; u < k; u++) for (let c = 0; c < m; c++) wIn[u * m + c] = weights[u * m + inputOrder[c]!]!;
  const square = embedSquare(wIn, k, m);
  const path = linearPath(square.matrix, n);
  const outputOrder = identityOrder(k);
  if (path.swap) {
    const [a, b] = path.swap;
    outputOrder[a] = b;
    outputOrder[b] = a;
  }
  const collapse = square.collapse;
  const pAt = (t: number): Mat => {
    const p = path.at(t);
    if (collapse) for (let i = k; i < n; i++) for (let j = 0; j < n; j++) p[i * n + j]! *= 1 - t;
    return p;
  };
  const target = pAt(1);
  const b = new Float64Array(n);
  for (let c = 0; c < k; c++) b[c] = bias[outputOrder[c]!]!;

  const reasons: string[] = [];
  const s = path.singularValues;
  if (path.kind === 'polar-singular') reasons.push(`W is singular at float32 precision (smallest singular value ${s[n - 1]!.toPrecision(3)} of ${s[0]!.toPrecision(3)}): the last linear frame is not invertible`);
  if (path.kind === 'straight') reasons.push('a single unit with a negative weight reflects the line: no path in GL⁺(1) joins it to the identity (the theorem needs more than one unit)');
  if (collapse) reasons.push(`the layer narrows from ${m} to ${k} units: the last linear frame projects onto the first ${k} coordinates`);
  if (dense.activation === 'relu') reasons.push('relu is not injective: the last activation frame folds negative values onto 0');

  // Inputs in frame coordinates: the views reordered, zero-padded to n.
  const G = input.lines.lines * input.lines.pointsPerLine;
  const xs = [toFrame(views.points[layer]!, input.count, m, inputOrder, n), toFrame(views.grid[layer]!, G, m, inputOrder, n)];
  const ys = [toFrame(views.points[layer + 1]!, input.count, k, outputOrder, n), toFrame(views.grid[layer + 1]!, G, k, outputOrder, n)];
  const zs = xs.map((x) => linearMap(target, x, n));
  const sigma = activationFn(dense.activation);
  const detTarget = det(target, n);

  const frames: AnimationFrame[] = [];
  const push = (phase: Phase, t: number, matrix: Mat, detP: number, translation: number, mix: number, data: Float32Array[]) => {
    const index = phase === 'linear' ? 0 : phase === 'translation' ? 1 : 2;
    frames.push({ phase, t, time: (index + t) / 3, matrix, det: detP, translation, activation: mix, points: data[0]!, grid: data[1]! });
  };
  for (let f = 0; f <= F; f++) {
    const t = f / F;
    const p = f === F ? Float64Array.from(target) : pAt(t);
    const data = f === 0 ? xs.map((x) => x.slice()) : xs.map((x) => round(linearMap(p, x, n)));
    push('linear', t, p, f === F ? detTarget : det(p, n), 0, 0, data);
  }
  for (let f = 1; f <= F; f++) {
    const t = f / F;
    push('translation', t, Float64Array.from(target), detTarget, t, 0, zs.map((z) => round(translate(z, b, n, t))));
  }
  for (let f = 1; f <= F; f++) {
    const t = f / F;
    const data = f === F ? ys.map((y) => y.slice()) : zs.map((z) => round(mixActivation(translate(z, b, n, 1), n, k, t, sigma)));
    push('activation', t, Float64Array.from(target), detTarget, 1, t, data);
  }

  return {
    ...header('layer-animation'),
    layer, inputs: m, units: k, width: n, activation: dense.activation, embedded: square.embedded,
    inputOrder: Int32Array.from(inputOrder), outputOrder, permutation: path.swap,
    homeomorphism: reasons.length === 0, reasons, path: collapse ? 'polar-collapse' : path.kind, det: path.det, singularValues: s,
    weights: target, bias: b, framesPerPhase: F,
    count: input.count, labels: input.labels, grid: layout(input.lines), frames,
  };
}

/**
 * A vector-field layer y = x + F(x) (as wide out as in): one phase,
 * x ↦ x + t·F(x) = (1−t)·x + t·y over 3F + 1 frames, F(x) read off the layer's
 * input and output. Its order of neurons is the input's.
 */
function animateField(
  layer: number,
  views: { points: Float32Array[]; grid: Float32Array[] },
  order: Int32Array,
  input: Prepared,
  F: number,
  n: number,
): LayerAnimation {
  const G = input.lines.lines * input.lines.pointsPerLine;
  const xs = [toFrame(views.points[layer]!, input.count, n, order, n), toFrame(views.grid[layer]!, G, n, order, n)];
  const ys = [toFrame(views.points[layer + 1]!, input.count, n, order, n), toFrame(views.grid[layer + 1]!, G, n, order, n)];
  const eye = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
  const frames: AnimationFrame[] = [];
  const total = 3 * F;
  for (let f = 0; f <= total; f++) {
    const t = f / total;
    const data = f === 0 ? xs.map((x) => x.slice()) : f === total ? ys.map((y) => y.slice())
      : xs.map((x, j) => Float32Array.from(x, (v, i) => (1 - t) * v + t * ys[j]![i]!));
    frames.push({ phase: 'field', t, time: t, matrix: Float64Array.from(eye), det: 1, translation: 0, activation: 0, points: data[0]!, grid: data[1]! });
  }
  return {
    ...header('layer-animation'),
    layer, inputs: n, units: n, width: n, activation: 'linear', embedded: false,
    inputOrder: Int32Array.from(order), outputOrder: Int32Array.from(order), permutation: null,
    homeomorphism: false,
    reasons: ['a vector-field layer is animated as x ↦ x + t·F(x); whether every frame is injective is not checked'],
    path: 'field', det: 1, singularValues: new Float64Array(n).fill(1), weights: eye, bias: new Float64Array(n), framesPerPhase: F,
    count: input.count, labels: input.labels, grid: layout(input.lines), frames,
  };
}

function layout(lines: GridLines): GridLayout {
  return { lines: lines.lines, pointsPerLine: lines.pointsPerLine, axis: lines.axis };
}

function identityOrder(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

function checkOrder(order: readonly number[], n: number): Int32Array {
  const sorted = [...order].sort((a, b) => a - b);
  if (order.length !== n || sorted.some((v, i) => v !== i)) throw new OptionError(`inputOrder must be a permutation of 0…${n - 1}, got [${order.join(', ')}]`);
  return Int32Array.from(order);
}

/** Rows of width `w` reordered by `order` and zero-padded to n: out[r][c] = v[r][order[c]]. */
function toFrame(v: Float32Array, rows: number, w: number, order: Int32Array, n: number): Float32Array {
  const out = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) for (let c = 0; c < w; c++) out[r * n + c] = v[r * w + order[c]!]!;
  return out;
}

/** Each row x ↦ p·x, in f64. */
function linearMap(p: Mat, x: ArrayLike<number>, n: number): Float64Array {
  const rows = x.length / n;
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += p[i * n + j]! * x[r * n + j]!;
      out[r * n + i] = s;
    }
  }
  return out;
}

function translate(z: Float64Array, b: Float64Array, n: number, t: number): Float64Array {
  return z.map((v, i) => v + t * b[i % n]!);
}

/** (1−t)·z + t·σ(z) on the first k coordinates; the padding (zero) is left alone. */
function mixActivation(z: Float64Array, n: number, k: number, t: number, sigma: (v: number) => number): Float64Array {
  return z.map((v, i) => (i % n < k ? (1 - t) * v + t * sigma(v) : v));
}

function round(v: Float64Array): Float32Array {
  return Float32Array.from(v);
}

/** σ in f64, as the kernels define it (assembly/kernels/activation.ts). */
export function activationFn(name: ActivationName): (v: number) => number {
  return ACTIVATION_MATH[name].value;
}

function boundingBox(x: Float32Array, D: number): Box {
  const min = new Array<number>(D).fill(Infinity), max = new Array<number>(D).fill(-Infinity);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) throw new DataError(`animation: feature ${i % D} of point ${Math.floor(i / D)} is ${v}`);
    min[i % D] = Math.min(min[i % D]!, v);
    max[i % D] = Math.max(max[i % D]!, v);
  }
  return { min, max };
}
