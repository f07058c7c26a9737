/**
 * A regression's picture: the predicted curve over the samples (1-D input), or
 * the predicted surface as a colour map with level lines and the samples
 * coloured by their targets on the same scale (2-D input). Drawn from the
 * prediction-grid export's fields, so it renders to PNG and SVG like the others.
 */
import { DataError } from '../errors.js';
import { INK, WHITE, hex, mix, withAlpha, type Color } from './color.js';
import { niceTicks, zeroContours } from './geometry.js';
import { drawAxes, layoutPlot, mapper } from './plot.js';
import { autoRadius, outlineWidth } from './scene.js';
import type { Picture, PictureOptions } from './pictures.js';
import type { Labels, ViewBox } from './types.js';

/** The prediction grid's fields a picture needs (see docs/export-schema.md, prediction-grid). */
export interface PredictionInput extends Labels {
  dim: 1 | 2;
  /** Samples per axis. */
  resolution: number;
  /** N values on axis 0, ascending. */
  columns: Float32Array;
  /** 2-D: N values on axis 1, descending (row 0 on top). */
  rows: Float32Array;
  /** The first output on the grid: N (1-D) or N × N row-major (2-D) — or with T outputs, every T-th value is used. */
  values: Float32Array;
  /** Outputs per grid point (default 1); the picture shows output 0. */
  outputs?: number;
  samples: Float32Array;
  targets: Float32Array;
}

const LOW = hex('#0072B2'), HIGH = hex('#E69F00');

/** Colour of value v on a scale from lo (blue) through the middle (white) to hi (orange). */
export function valueColor(v: number, lo: number, hi: number): Color {
  const t = hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5;
  // Paler than the end colours in the middle, so level lines and points stay readable.
  return t < 0.5 ? mix(LOW, WHITE, t / 0.5) : mix(WHITE, HIGH, (t - 0.5) / 0.5);
}

function range(...arrays: Float32Array[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) for (const v of a) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5];
}

export function predictionPicture(input: PredictionInput, options: PictureOptions = {}): Picture {
  const T = input.outputs ?? 1, N = input.resolution;
  const first = Float32Array.from({ length: input.values.length / T }, (_, i) => input.values[i * T]!);
  const targets = Float32Array.from({ length: input.targets.length / T }, (_, i) => input.targets[i * T]!);
  if (first.length !== (input.dim === 1 ? N : N * N)) throw new DataError(`predictionPicture: ${first.length} values for a ${input.dim}-D grid of ${N} per axis`, 'values');
  return input.dim === 1 ? curvePicture(input, first, targets, options) : surfacePicture(input, first, targets, options);
}

function curvePicture(input: PredictionInput, values: Float32Array, targets: Float32Array, options: PictureOptions): Picture {
  const width = options.width ?? 640, height = options.height ?? 400;
  const [lo, hi] = range(values, targets);
  const pad = 0.08 * (hi - lo);
  const xs = input.columns;
  const view: ViewBox = options.view ?? { xmin: xs[0]!, xmax: xs[xs.length - 1]!, ymin: lo - pad, ymax: hi + pad };
  const labels: Labels = { title: input.title, xLabel: input.xLabel ?? 'x', yLabel: input.yLabel ?? 'y' };
  return {
    width, height,
    draw(s) {
      const l = layoutPlot({ width, height, view, ...labels, font: options.font, aspect: 'stretch' });
      const { px, py } = mapper(l);
      s.setClip(l.plot);
      const n = targets.length, r = options.pointRadius ?? autoRadius(l.plot.w, l.plot.h, n);
      for (let i = 0; i < n; i++) s.circle(px(input.samples[i]!), py(targets[i]!), r, withAlpha(LOW, 0.75), undefined, 0, 'point');
      const line = new Float32Array(2 * xs.length);
      for (let i = 0; i < xs.length; i++) { line[2 * i] = px(xs[i]!); line[2 * i + 1] = py(values[i]!); }
      s.polylines([line], 5, withAlpha(WHITE, 0.8), 'halo');
      s.polylines([line], 2.6, HIGH, 'curve');
      s.setClip(null);
      drawAxes(s, l, labels);
    },
  };
}

function surfacePicture(input: PredictionInput, values: Float32Array, targets: Float32Array, options: PictureOptions): Picture {
  const width = options.width ?? 600, height = options.height ?? 600;
  const N = input.resolution;
  const [lo, hi] = range(values, targets);
  const image = new Uint8Array(N * N * 4);
  for (let i = 0; i < N * N; i++) {
    const c = valueColor(values[i]!, lo, hi);
    image.set([Math.round(c.r), Math.round(c.g), Math.round(c.b), 255], 4 * i);
  }
  // Level lines at round values: zero contours of (value − level) in grid units (column, row).
  const levels = niceTicks(lo, hi, 8).filter((v) => v > lo && v < hi);
  const contours = levels.flatMap((level) => zeroContours(values.map((v) => v - level), N, N));
  const box = { xmin: input.columns[0]!, xmax: input.columns[N - 1]!, ymin: input.rows[N - 1]!, ymax: input.rows[0]! };
  const view = options.view ?? box;
  const labels: Labels = { title: input.title, xLabel: input.xLabel ?? 'x₁', yLabel: input.yLabel ?? 'x₂' };
  return {
    width, height,
    draw(s) {
      const l = layoutPlot({ width, height, view, ...labels, font: options.font, aspect: 'shrink-plot' });
      const { px, py } = mapper(l);
      s.setClip(l.plot);
      s.image(px(box.xmin), py(box.ymax), px(box.xmax) - px(box.xmin), py(box.ymin) - py(box.ymax), N, N, image, 'surface');
      const toPx = (c: Float32Array) => c.map((v, i) => (i % 2 === 0
        ? px(box.xmin + (v / (N - 1)) * (box.xmax - box.xmin))
        : py(box.ymax - (v / (N - 1)) * (box.ymax - box.ymin))));
      if (contours.length) s.polylines(contours.map(toPx), 1.2, hex('#333333', 0.6), 'level');
      const n = targets.length, r = options.pointRadius ?? autoRadius(l.plot.w, l.plot.h, n);
      const sw = Math.max(0.7, outlineWidth(r));
      for (let i = 0; i < n; i++) {
        s.circle(px(input.samples[2 * i]!), py(input.samples[2 * i + 1]!), r, valueColor(targets[i]!, lo, hi), INK, sw, 'point');
      }
      s.setClip(null);
      drawAxes(s, l, labels);
    },
  };
}
