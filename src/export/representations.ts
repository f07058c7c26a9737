/**
 * Representations: the data points and a deformed coordinate grid as every
 * layer sees them, input included as representation 0. Data and grid go
 * through the network in one layerOutputs call.
 */
import type { Dataset } from '../data/dataset.js';
import type { ActivationName } from '../model/activation.js';
import type { Model } from '../model/model.js';
import { classifierAfter, type Classifier } from './classifier.js';
import { domainBox, gridLines, widenBox, type GridLines, type GridOptions } from './grid.js';
import { header, type Box, type ExportHeader } from './schema.js';

/** Options of {@link representations}. */
export interface RepresentationOptions extends GridOptions {
  /** Include the deformed grid (default true; there is none for inputs wider than 3). */
  grid?: boolean;
}

/** The grid's shape, shared by every representation of it. */
export interface GridLayout {
  lines: number;
  pointsPerLine: number;
  /** Input axis each line runs along. */
  axis: Uint8Array;
}

/** The data (and the deformed grid) as one layer sees it: n points of `width` coordinates, row-major. */
export interface LayerRepresentation {
  /** 0 = input, i = output of model layer i − 1 (after its activation; the last is the logits). */
  layer: number;
  width: number;
  /** The layer type that produced it ('dense', 'vectorfield', 'conv2d', 'maxpool'); null for the input. */
  type: string | null;
  /** null for the input. */
  activation: ActivationName | null;
  /** n × width, row-major, in data order. */
  points: Float32Array;
  /** (lines·pointsPerLine) × width, row-major, line after line. */
  grid: Float32Array;
  /** The affine map to the logits when only linear layers follow, else null. */
  classifier: Classifier | null;
}

/**
 * What {@link representations} returns: the data after every layer, from the input to the logits.
 *
 * @example
 * ```ts
 * const reps = representations(model, test);
 * for (const r of reps.layers) console.log(r.layer, r.width); // r.points: n × width, row-major
 * ```
 */
export interface Representations extends ExportHeader<'representations'> {
  dataset: string;
  n: number;
  classes: number;
  /** Class of each point. */
  labels: Int32Array;
  /** The box the grid spans (after the margin). */
  domain: Box;
  grid: GridLayout;
  layers: LayerRepresentation[];
}

/** Every layer's view of the data set and of a coordinate grid over its domain. */
export function representations(model: Model, data: Dataset, options: RepresentationOptions = {}): Representations {
  model.checkData(data, 'representations');
  const lines = options.grid === false ? emptyGrid(data.dim) : gridLines(domainBox(data, 'representations'), options, 'representations');
  const box = widenBox(domainBox(data, 'representations'), options.margin ?? 0, 'representations');
  const views = pushThrough(model, data.x, lines.points);
  return {
    ...header('representations'),
    dataset: data.name, n: data.n, classes: data.classes, labels: data.y.slice(), domain: box,
    grid: { lines: lines.lines, pointsPerLine: lines.pointsPerLine, axis: lines.axis },
    layers: views.points.map((points, i) => ({
      layer: i,
      width: model.widths[i]!,
      type: i === 0 ? null : model.layers[i - 1]!.type,
      activation: i === 0 ? null : model.layers[i - 1]!.activation,
      points,
      grid: views.grid[i]!,
      classifier: classifierAfter(model, i),
    })),
  };
}

/**
 * Representations 0…L of row-major points `x` and `grid` (both model.inputs
 * wide; grid may be empty), from one forward pass over both.
 */
export function pushThrough(model: Model, x: Float32Array, grid: Float32Array): { points: Float32Array[]; grid: Float32Array[] } {
  const D = model.inputs;
  const n = x.length / D;
  const all = new Float32Array(x.length + grid.length);
  all.set(x);
  all.set(grid, x.length);
  const outs = model.layerOutputs(all);
  const widths = model.widths;
  return {
    points: [x.slice(), ...outs.map((o, i) => o.slice(0, n * widths[i + 1]!))],
    grid: [grid.slice(), ...outs.map((o, i) => o.slice(n * widths[i + 1]!))],
  };
}

export function emptyGrid(dim: number): GridLines {
  return { dim, lines: 0, pointsPerLine: 0, axis: new Uint8Array(0), points: new Float32Array(0) };
}
