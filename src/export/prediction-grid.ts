/**
 * The predicted surface or curve of a regression model: its outputs on a
 * regular grid over the domain box (1-D: a curve of N samples; 2-D: an N × N
 * image), with the data's samples alongside — what a regression picture draws
 * instead of decision regions. One forward pass over all grid points.
 */
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import { DataError } from '../errors.js';
import { checkCount, domainBox, linspace, widenBox } from './grid.js';
import { header, type Box, type ExportHeader } from './schema.js';

/** Options of {@link predictionGrid}. */
export interface PredictionGridOptions {
  /** Samples per axis, both box edges included (default 200 in 2-D, 401 in 1-D). */
  resolution?: number;
  /** Widen the box by this fraction of its size on every side (default 0). */
  margin?: number;
}

/**
 * Layout: `values` is row-major with `shape` [N, T] (1-D) or [N, N, T] (2-D:
 * row, column, output). Column c sits at `columns[c]` on axis 0 (ascending);
 * row r at `rows[r]` on axis 1, descending (row 0 is the top of an image).
 * `samples` are the data's inputs (n × dim) and `targets` theirs (n × T).
 */
export interface PredictionGrid extends ExportHeader<'prediction-grid'> {
  dim: 1 | 2;
  /** T: outputs per point. */
  outputs: number;
  resolution: number;
  domain: Box;
  columns: Float32Array;
  /** Empty in 1-D. */
  rows: Float32Array;
  shape: number[];
  values: Float32Array;
  samples: Float32Array;
  targets: Float32Array;
}

/** The outputs of a regression `model` over the domain of a (1-D or 2-D) regression data set. */
export function predictionGrid(model: Model, data: Dataset, options: PredictionGridOptions = {}): PredictionGrid {
  const what = 'predictionGrid';
  if (!data.targets) throw new DataError(`${what}: data set '${data.name}' has no regression targets`, 'targets');
  if (data.dim !== 1 && data.dim !== 2) throw new DataError(`${what}: pictures of a ${data.dim}-D input need dim 1 or 2`, 'x');
  model.checkData(data, what);
  const dim = data.dim as 1 | 2;
  const N = checkCount(options.resolution ?? (dim === 1 ? 401 : 200), 2, 2000, 'resolution', what);
  const box = widenBox(domainBox(data, what), options.margin ?? 0, what);
  const columns = Float32Array.from(linspace(box.min[0]!, box.max[0]!, N));
  const rows = dim === 2 ? Float32Array.from(linspace(box.min[1]!, box.max[1]!, N)).reverse() : new Float32Array(0);
  const points = new Float32Array(dim === 1 ? N : N * N * 2);
  if (dim === 1) points.set(columns);
  else {
    for (let r = 0; r < N; r++) {
      for (let c = 0; c < N; c++) {
        points[(r * N + c) * 2] = columns[c]!;
        points[(r * N + c) * 2 + 1] = rows[r]!;
      }
    }
  }
  const T = data.targetDim!;
  return {
    ...header('prediction-grid'),
    dim, outputs: T, resolution: N, domain: box, columns, rows,
    shape: dim === 1 ? [N, T] : [N, N, T],
    values: model.forward(points).output,
    samples: data.x.slice(),
    targets: data.targets.slice(),
  };
}
