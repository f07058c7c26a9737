/**
 * Flattening 3-D (or wider) representations to the page: an orthographic
 * orbit view (yaw about z, then pitch) or the first two principal components.
 * A projector maps each point to screen (u, v), v up, and a depth (larger is
 * farther from the viewer), by which points are drawn back to front.
 */
import type { Projection } from './types.js';
import { symmetricEigen } from '../export/linalg.js';

export interface Projector {
  /** Input width. */
  dim: number;
  /** Rows u, v, depth of the (orthonormal) projection, each `dim` long. */
  basis: [Float64Array, Float64Array, Float64Array];
  /** Subtracted before projecting (the PCA mean; zero for orbits). */
  centre: Float64Array;
  /** Names of the screen axes. */
  axisNames: [string, string];
  /** Fraction of the variance each screen axis explains (PCA only). */
  explained?: [number, number];
}

/**
 * The projector for `projection`. `sample` (n × dim points) is needed for PCA,
 * which takes its components from those points; orbits need dim = 3.
 */
export function makeProjector(projection: Projection, dim: number, sample?: Float32Array): Projector {
  if (projection.kind === 'orbit') {
    if (dim !== 3) throw new Error(`projection: an orbit view needs 3-D points, got ${dim}-D (use { kind: 'pca' })`);
    const { yaw, pitch } = projection;
    const cy = Math.cos(yaw), sy = Math.sin(yaw), cp = Math.cos(pitch), sp = Math.sin(pitch);
    // After the yaw x1 = cy·x − sy·y, y1 = sy·x + cy·y. The viewer stands on the
    // −y1 side, raised by `pitch`, looking along (0, cp, −sp) in (x1, y1, z):
    // x1 is to the right, farther points show higher up when looking down.
    const u = Float64Array.of(cy, -sy, 0);
    const v = Float64Array.of(sp * sy, sp * cy, cp);
    const depth = Float64Array.of(cp * sy, cp * cy, -sp);
    return { dim, basis: [u, v, depth], centre: new Float64Array(3), axisNames: ['u', 'v'] };
  }
  if (!sample) throw new Error('projection: PCA needs the points to take components from');
  if (dim < 2) throw new Error(`projection: PCA needs at least 2-D points, got ${dim}-D`);
  const n = Math.floor(sample.length / dim);
  const mean = new Float64Array(dim);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!rowFinite(sample, i, dim)) continue;
    for (let d = 0; d < dim; d++) mean[d]! += sample[i * dim + d]!;
    count++;
  }
  if (count === 0) throw new Error('projection: PCA needs at least one finite point');
  for (let d = 0; d < dim; d++) mean[d]! /= count;
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) {
    if (!rowFinite(sample, i, dim)) continue;
    for (let a = 0; a < dim; a++) {
      const da = sample[i * dim + a]! - mean[a]!;
      for (let b = a; b < dim; b++) cov[a * dim + b]! += da * (sample[i * dim + b]! - mean[b]!);
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a]!;
  const { values, vectors } = symmetricEigen(cov, dim);
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  const comp = (k: number) => {
    const out = new Float64Array(dim);
    if (k >= dim) return out;
    for (let d = 0; d < dim; d++) out[d] = vectors[d * dim + order[k]!]!;
    // Sign convention: the largest entry is positive, so a projection does not flip between runs.
    let big = 0;
    for (let d = 1; d < dim; d++) if (Math.abs(out[d]!) > Math.abs(out[big]!)) big = d;
    if (out[big]! < 0) for (let d = 0; d < dim; d++) out[d] = -out[d]!;
    return out;
  };
  const total = values.reduce((s, v) => s + Math.max(0, v), 0) || 1;
  const ex = (k: number) => (k < dim ? Math.max(0, values[order[k]!]!) / total : 0);
  return { dim, basis: [comp(0), comp(1), comp(2)], centre: mean, axisNames: ['PC1', 'PC2'], explained: [ex(0), ex(1)] };
}

function rowFinite(a: Float32Array, i: number, dim: number): boolean {
  for (let d = 0; d < dim; d++) if (!Number.isFinite(a[i * dim + d]!)) return false;
  return true;
}

/** Screen coordinates (u, v pairs) and depths of n × dim points. */
export function projectPoints(p: Projector, xs: Float32Array): { uv: Float32Array; depth: Float32Array } {
  const dim = p.dim, n = Math.floor(xs.length / dim);
  const uv = new Float32Array(2 * n), depth = new Float32Array(n);
  const [bu, bv, bd] = p.basis;
  for (let i = 0; i < n; i++) {
    let u = 0, v = 0, w = 0;
    for (let d = 0; d < dim; d++) {
      const x = xs[i * dim + d]! - p.centre[d]!;
      u += bu[d]! * x; v += bv[d]! * x; w += bd[d]! * x;
    }
    uv[2 * i] = u; uv[2 * i + 1] = v; depth[i] = w;
  }
  return { uv, depth };
}

/** The same Jacobi eigen-solver the export uses (tested against ml-matrix there). */
export { symmetricEigen };
