/**
 * The classifier a representation sees: when every layer after representation r
 * is linear, logits = A·h + c is one affine map, and for two classes its
 * decision boundary is the hyperplane where the two logits are equal — the
 * essay's "final classification line".
 */
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { Box } from './schema.js';

/**
 * The rest of a network from one representation on, when it is a single affine
 * map and a softmax: its weights and bias, so a picture can draw the class
 * boundary in that representation (see {@link classifierAfter}).
 */
export interface Classifier {
  /** The representation index it reads (0 = input, i = output of model layer i − 1). */
  layer: number;
  width: number;
  classes: number;
  /** A, classes × width row-major: logits = A·h + c. */
  weights: Float64Array;
  /** c, one per class. */
  bias: Float64Array;
  /**
   * Two classes: normal·h + offset = 0 where the logits are equal (normal = A₁ − A₀,
   * offset = c₁ − c₀); class 1 wins where normal·h + offset > 0. null otherwise.
   */
  boundary: { normal: Float64Array; offset: number } | null;
}

/**
 * The affine map from representation `layer` to the logits, or null when any
 * layer after it is not a dense layer with the linear activation (then no single
 * hyperplane exists, or none this code composes).
 */
export function classifierAfter(model: Model, layer: number): Classifier | null {
  const L = model.layers.length;
  if (!(Number.isInteger(layer) && layer >= 0 && layer <= L)) throw new OptionError(`representation ${layer} does not exist (0…${L})`);
  for (let i = layer; i < L; i++) {
    const l = model.layers[i]!;
    if (l.type !== 'dense' || l.activation !== 'linear') return null;
  }
  const width = model.widths[layer]!;
  // Start from the identity on representation `layer` and push it through.
  let rows = width;
  let a = new Float64Array(width * width);
  for (let i = 0; i < width; i++) a[i * width + i] = 1;
  let c = new Float64Array(width);
  for (let i = layer; i < L; i++) {
    const { weights, bias } = model.layerParameters(i);
    const units = model.layers[i]!.units;
    const next = new Float64Array(units * width);
    const nextC = new Float64Array(units);
    for (let u = 0; u < units; u++) {
      let cu = bias[u]!;
      for (let k = 0; k < rows; k++) {
        const wuk = weights[u * rows + k]!;
        cu += wuk * c[k]!;
        for (let j = 0; j < width; j++) next[u * width + j]! += wuk * a[k * width + j]!;
      }
      nextC[u] = cu;
    }
    a = next;
    c = nextC;
    rows = units;
  }
  const classes = rows;
  const boundary = classes === 2
    ? { normal: Float64Array.from({ length: width }, (_, j) => a[width + j]! - a[j]!), offset: c[1]! - c[0]! }
    : null;
  return { layer, width, classes, weights: a, bias: c, boundary };
}

/**
 * Where the 2-D line normal·h + offset = 0 crosses the box: [x0, y0, x1, y1],
 * or null when it misses the box or the normal is zero.
 */
export function boundarySegment(boundary: { normal: ArrayLike<number>; offset: number }, box: Box): Float64Array | null {
  const [nx, ny] = [boundary.normal[0]!, boundary.normal[1]!];
  if (boundary.normal.length !== 2 || (nx === 0 && ny === 0)) return null;
  const [x0, y0] = [box.min[0]!, box.min[1]!];
  const [x1, y1] = [box.max[0]!, box.max[1]!];
  const hits: number[][] = [];
  const add = (x: number, y: number) => {
    const eps = 1e-12 * (1 + Math.abs(x1 - x0) + Math.abs(y1 - y0));
    if (x < x0 - eps || x > x1 + eps || y < y0 - eps || y > y1 + eps) return;
    if (hits.some(([hx, hy]) => Math.abs(hx! - x) <= eps && Math.abs(hy! - y) <= eps)) return;
    hits.push([x, y]);
  };
  if (ny !== 0) {
    add(x0, -(boundary.offset + nx * x0) / ny);
    add(x1, -(boundary.offset + nx * x1) / ny);
  }
  if (nx !== 0) {
    add(-(boundary.offset + ny * y0) / nx, y0);
    add(-(boundary.offset + ny * y1) / nx, y1);
  }
  if (hits.length < 2) return null;
  return Float64Array.of(hits[0]![0]!, hits[0]![1]!, hits[1]![0]!, hits[1]![1]!);
}
