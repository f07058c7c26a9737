/**
 * Decision regions: the model's class probabilities on a regular grid over the
 * domain box — an image in 2-D, a curve in 1-D, a stack of axis-aligned slices
 * in 3-D. One model.predict call over all grid points (wasm, 256 per chunk).
 */
import { OptionError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import { checkCount, domainBox, linspace, widenBox } from './grid.js';
import { header, type Box, type ExportHeader } from './schema.js';

/** Options of {@link decisionRegions}. */
export interface DecisionRegionOptions {
  /** Samples per axis, both box edges included (default 200). */
  resolution?: number;
  /** 3-D only: number of slices (default 5), evenly spaced over the slice axis, edges included. */
  slices?: number;
  /** 3-D only: the axis held constant on each slice (default 2, z = const). */
  sliceAxis?: number;
  /** Widen the box by this fraction of its size on every side (default 0). */
  margin?: number;
}

/**
 * Layout: `probabilities` is row-major with `shape` [N, C] (1-D), [N, N, C]
 * (2-D: row, column, class) or [K, N, N, C] (3-D: slice, row, column, class).
 * Column c sits at `columns[c]` on `columnAxis` (ascending); row r at `rows[r]`
 * on `rowAxis`, descending — row 0 is the top of an image (largest value), as
 * in canvas ImageData; slice k at `slices[k]` on `sliceAxis`.
 */
export interface DecisionRegions extends ExportHeader<'decision-regions'> {
  dim: 1 | 2 | 3;
  classes: number;
  /** N: samples per axis. */
  resolution: number;
  /** The box sampled (after the margin). */
  domain: Box;
  columnAxis: number;
  /** null in 1-D. */
  rowAxis: number | null;
  /** null unless 3-D. */
  sliceAxis: number | null;
  columns: Float32Array;
  /** Empty in 1-D. */
  rows: Float32Array;
  /** Empty unless 3-D. */
  slices: Float32Array;
  shape: number[];
  probabilities: Float32Array;
}

/** Class probabilities of `model` over the domain of a data set (or a box). */
export function decisionRegions(model: Model, source: Dataset | Box, options: DecisionRegionOptions = {}): DecisionRegions {
  const what = 'decisionRegions';
  const box = widenBox(domainBox(source, what), options.margin ?? 0, what);
  const dim = box.min.length;
  if (dim !== model.inputs) throw new OptionError(`${what}: the domain has ${dim} dimensions, the model takes ${model.inputs} inputs`);
  if (dim > 3) throw new OptionError(`${what}: decision regions are drawn for 1-, 2- or 3-D inputs, the model takes ${dim}`);
  const N = checkCount(options.resolution ?? 200, 2, 4096, 'resolution', what);
  const K = dim === 3 ? checkCount(options.slices ?? 5, 1, 1024, 'slices', what) : 1;
  const sliceAxis = dim === 3 ? checkCount(options.sliceAxis ?? 2, 0, 2, 'sliceAxis', what) : null;
  const plane = dim === 3 ? [0, 1, 2].filter((a) => a !== sliceAxis) : [0, 1];
  const columnAxis = plane[0]!;
  const rowAxis = dim >= 2 ? plane[1]! : null;
  const axisValues = (a: number) => Float32Array.from(linspace(box.min[a]!, box.max[a]!, N));
  const columns = axisValues(columnAxis);
  const rows = rowAxis === null ? new Float32Array(0) : axisValues(rowAxis).reverse();
  const slices = sliceAxis === null ? new Float32Array(0) : Float32Array.from(linspace(box.min[sliceAxis]!, box.max[sliceAxis]!, K));

  const R = rowAxis === null ? 1 : N;
  const x = new Float32Array(K * R * N * dim);
  let p = 0;
  for (let k = 0; k < K; k++) {
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < N; c++, p += dim) {
        x[p + columnAxis] = columns[c]!;
        if (rowAxis !== null) x[p + rowAxis] = rows[r]!;
        if (sliceAxis !== null) x[p + sliceAxis] = slices[k]!;
      }
    }
  }
  const C = model.classes;
  const shape = dim === 1 ? [N, C] : dim === 2 ? [N, N, C] : [K, N, N, C];
  return {
    ...header('decision-regions'),
    dim: dim as 1 | 2 | 3, classes: C, resolution: N, domain: box,
    columnAxis, rowAxis, sliceAxis, columns, rows, slices, shape,
    probabilities: model.predict(x),
  };
}
