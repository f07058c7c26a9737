/**
 * Sampling a data set's domain box: evenly spaced values and the coordinate grid
 * lines whose deformation the pictures draw.
 */
import { OptionError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import type { Box } from './schema.js';

/** How the coordinate grid of the input box is drawn (and then deformed by the layers). */
export interface GridOptions {
  /**
   * Grid lines per axis: each line runs along one axis with the other
   * coordinates on a lattice of this many values. Default 21 in 2-D, 7 in 3-D;
   * ignored in 1-D (one line, the input interval).
   */
  linesPerAxis?: number;
  /** Samples along each line, both ends included (default 101; 201 in 1-D). */
  pointsPerLine?: number;
  /** Widen the box by this fraction of its size on every side (default 0). */
  margin?: number;
}

/**
 * Grid lines in input space: `lines` polylines of `pointsPerLine` points each,
 * line k = points [k·pointsPerLine, (k+1)·pointsPerLine) of `points`
 * (row-major, dim values per point).
 */
export interface GridLines {
  dim: number;
  lines: number;
  pointsPerLine: number;
  /** The input axis each line runs along. */
  axis: Uint8Array;
  points: Float32Array;
}

const MAX_GRID_POINTS = 1 << 22;

/** The domain box of a data set, or a box checked for shape and finiteness. */
export function domainBox(source: Dataset | Box, what: string): Box {
  const box = 'domain' in source ? source.domain : source;
  const min = [...box.min], max = [...box.max];
  if (min.length === 0 || min.length !== max.length) throw new OptionError(`${what}: domain box needs min and max of one length ≥ 1, got ${min.length} and ${max.length}`);
  for (let d = 0; d < min.length; d++) {
    if (!(Number.isFinite(min[d]!) && Number.isFinite(max[d]!) && min[d]! <= max[d]!)) {
      throw new OptionError(`${what}: domain axis ${d} is [${min[d]}, ${max[d]}] (needs finite min ≤ max)`);
    }
  }
  return { min, max };
}

/** The box widened by `margin` × its size on every side. */
export function widenBox(box: Box, margin: number, what: string): Box {
  if (!(Number.isFinite(margin) && margin >= 0 && margin <= 10)) throw new OptionError(`${what}: margin must be in [0, 10], got ${margin}`);
  return {
    min: box.min.map((lo, d) => lo - margin * (box.max[d]! - lo)),
    max: box.max.map((hi, d) => hi + margin * (hi - box.min[d]!)),
  };
}

/** n values from lo to hi, both included (n = 1: the midpoint). */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  if (n === 1) return Float64Array.of((lo + hi) / 2);
  // lo + i·h drifts at the top end; interpolate from both ends instead.
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
}

export function checkCount(value: number, lo: number, hi: number, name: string, what: string): number {
  if (!(Number.isInteger(value) && value >= lo && value <= hi)) throw new OptionError(`${what}: ${name} must be an integer in ${lo}…${hi}, got ${value}`);
  return value;
}

/**
 * Coordinate grid lines over a 1-, 2- or 3-D box (none for more dimensions):
 * for each axis a in order, one line along a for every lattice point of the
 * other axes (lexicographic, lower axes varying slowest).
 */
export function gridLines(box: Box, options: GridOptions = {}, what = 'grid'): GridLines {
  const dim = box.min.length;
  const b = widenBox(box, options.margin ?? 0, what);
  if (dim > 3) return { dim, lines: 0, pointsPerLine: 0, axis: new Uint8Array(0), points: new Float32Array(0) };
  const per = checkCount(options.pointsPerLine ?? (dim === 1 ? 201 : 101), 2, 100_000, 'pointsPerLine', what);
  const L = dim === 1 ? 1 : checkCount(options.linesPerAxis ?? (dim === 2 ? 21 : 7), 1, 1000, 'linesPerAxis', what);
  const lattice = b.min.map((lo, d) => linspace(lo, b.max[d]!, L));
  const along = b.min.map((lo, d) => linspace(lo, b.max[d]!, per));
  const linesPer = L ** (dim - 1);
  const lines = dim * linesPer;
  if (lines * per > MAX_GRID_POINTS) throw new OptionError(`${what}: ${lines} lines × ${per} points is more than ${MAX_GRID_POINTS} grid points`);
  const points = new Float32Array(lines * per * dim);
  const axis = new Uint8Array(lines);
  let line = 0;
  for (let a = 0; a < dim; a++) {
    const others = [0, 1, 2].slice(0, dim).filter((d) => d !== a);
    for (let k = 0; k < linesPer; k++) {
      axis[line] = a;
      // Lattice index of each other axis: k in base L, first other axis slowest.
      const fixed = others.map((d, o) => lattice[d]![Math.floor(k / L ** (others.length - 1 - o)) % L]!);
      for (let j = 0; j < per; j++) {
        const p = (line * per + j) * dim;
        points[p + a] = along[a]![j]!;
        others.forEach((d, o) => (points[p + d] = fixed[o]!));
      }
      line++;
    }
  }
  return { dim, lines, pointsPerLine: per, axis, points };
}
