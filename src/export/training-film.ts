/**
 * A training film (the essay's "watch it struggle"): while a Trainer runs, every
 * k steps, one representation of the data and of a coordinate grid, with the
 * classifier that reads it — for two classes the line (hyperplane) where the
 * logits are equal, when only linear layers follow.
 */
import type { Dataset } from '../data/dataset.js';
import type { ActivationName } from '../model/activation.js';
import type { Model } from '../model/model.js';
import { resolveFitOptions, type EpochReport, type FitOptions } from '../train/options.js';
import { Trainer, TrainingDivergedError } from '../train/trainer.js';
import { boundarySegment, classifierAfter, type Classifier } from './classifier.js';
import { checkCount, domainBox, gridLines, widenBox, type GridOptions } from './grid.js';
import { emptyGrid, pushThrough, type GridLayout } from './representations.js';
import { header, type Box, type ExportHeader } from './schema.js';

/** Options of {@link recordTrainingFilm}. */
export interface FilmOptions extends GridOptions {
  /**
   * Representation to film: 0 = input, i = output of model layer i − 1.
   * Default: the last hidden layer (model.layers.length − 1).
   */
  layer?: number;
  /**
   * Steps between frames, evenly. Default: none — frames at log-spaced steps
   * (0, 1, 2, 3, 5, 8, …, the last), dense early where the representation
   * changes fastest and sparse late where it settles.
   */
  every?: number;
  /** At most this many frames (default 100); training stops when the film is full. */
  maxFrames?: number;
  /** Include the deformed grid (default true; none for inputs wider than 3). */
  grid?: boolean;
}

/** One frame of a training film: a representation of the data and its classification line after some steps. */
export interface FilmFrame {
  /** Optimiser steps taken before this frame (0 = the initial weights). */
  step: number;
  /** step / stepsPerEpoch. */
  epoch: number;
  /** Mean cross-entropy over the whole data set with this frame's weights. */
  loss: number;
  /** Fraction of the data set classified right with this frame's weights. */
  accuracy: number;
  /** n × width, row-major. */
  points: Float32Array;
  /** (lines·pointsPerLine) × width, row-major. */
  grid: Float32Array;
  /** Bounding box of points and grid in this frame. */
  bounds: Box;
  /** The affine map from this representation to the logits, or null if a non-linear layer follows. */
  classifier: Classifier | null;
  /** Width 2, two classes: the boundary line clipped to `bounds`, [x0, y0, x1, y1]; else null. */
  boundarySegment: Float64Array | null;
}

/** Why a training film ended. */
export type FilmStop = 'completed' | 'max-frames' | 'callback' | 'aborted' | 'diverged';

/** What {@link recordTrainingFilm} returns: one layer's representation of the data filmed while the network trains. */
export interface TrainingFilm extends ExportHeader<'training-film'> {
  layer: number;
  width: number;
  /** null when filming the input. */
  activation: ActivationName | null;
  dataset: string;
  n: number;
  classes: number;
  labels: Int32Array;
  /** Box the grid spans. */
  domain: Box;
  grid: GridLayout;
  stepsPerEpoch: number;
  /** 'even': a frame every `every` steps; 'log': log-spaced steps (`every` is 0). */
  spacing: 'even' | 'log';
  /** Steps between frames ('even'), or 0 ('log'). */
  every: number;
  /** Steps the fit options asked for (epochs × stepsPerEpoch). */
  plannedSteps: number;
  stopped: FilmStop;
  /** The TrainingDivergedError message when stopped is 'diverged', else null. */
  error: string | null;
  /** The Trainer's report of every finished epoch. */
  history: EpochReport[];
  frames: FilmFrame[];
}

/**
 * Trains `model` in place on `data` (as fit would, with `fitOptions`) and films
 * representation `film.layer`: a frame at step 0, then every `every` steps and at
 * the last step. onEpoch and signal in fitOptions are honoured.
 */
export function recordTrainingFilm(model: Model, data: Dataset, fitOptions: FitOptions = {}, film: FilmOptions = {}): TrainingFilm {
  const what = 'recordTrainingFilm';
  model.checkData(data, what);
  const fit = resolveFitOptions(fitOptions);
  const L = model.layers.length;
  const layer = checkCount(film.layer ?? L - 1, 0, L, 'layer', what);
  const maxFrames = checkCount(film.maxFrames ?? 100, 1, 100_000, 'maxFrames', what);
  const stepsPerEpoch = Math.ceil(data.n / Math.min(fit.batchSize, data.n));
  const plannedSteps = fit.epochs * stepsPerEpoch;
  const every = film.every === undefined ? 0 : checkCount(film.every, 1, 1e9, 'every', what);
  const filmed = every > 0 ? (step: number) => step % every === 0 : logSteps(plannedSteps, maxFrames);
  const box = widenBox(domainBox(data, what), film.margin ?? 0, what);
  const lines = film.grid === false ? emptyGrid(data.dim) : gridLines(domainBox(data, what), film, what);

  const frames: FilmFrame[] = [];
  const snapshot = (step: number) => {
    const views = pushThrough(model, data.x, lines.points);
    const points = views.points[layer]!, grid = views.grid[layer]!;
    const { loss, accuracy } = model.evaluate(data);
    const bounds = boundsOf([points, grid], model.widths[layer]!);
    const classifier = classifierAfter(model, layer);
    const segment = classifier?.boundary && classifier.width === 2 ? boundarySegment(classifier.boundary, bounds) : null;
    frames.push({ step, epoch: step / stepsPerEpoch, loss, accuracy, points, grid, bounds, classifier, boundarySegment: segment });
  };

  const history: EpochReport[] = [];
  let stopped: FilmStop = 'completed';
  let error: string | null = null;
  const trainer = new Trainer(model, data, fitOptions);
  try {
    snapshot(0);
    let step = 0;
    while (step < plannedSteps) {
      if (frames.length >= maxFrames) {
        stopped = 'max-frames';
        break;
      }
      if (fit.signal?.aborted) {
        stopped = 'aborted';
        break;
      }
      let report: EpochReport | null;
      try {
        report = trainer.step();
      } catch (e) {
        if (!(e instanceof TrainingDivergedError)) throw e;
        stopped = 'diverged';
        error = e.message;
        break;
      }
      step++;
      if (report) {
        history.push(report);
        if (fit.onEpoch?.(report) === false) stopped = 'callback';
      }
      const last = step === plannedSteps || stopped === 'callback';
      if (filmed(step) || last) snapshot(step);
      if (stopped === 'callback') break;
    }
  } finally {
    trainer.dispose();
  }

  return {
    ...header('training-film'),
    layer, width: model.widths[layer]!, activation: layer === 0 ? null : model.layers[layer - 1]!.activation,
    dataset: data.name, n: data.n, classes: data.classes, labels: data.y.slice(), domain: box,
    grid: { lines: lines.lines, pointsPerLine: lines.pointsPerLine, axis: lines.axis },
    stepsPerEpoch, spacing: every > 0 ? 'even' : 'log', every, plannedSteps, stopped, error, history, frames,
  };
}

/**
 * Which steps a log-spaced film keeps: `frames` steps from 0 to `steps`, as
 * round(steps^(k / (frames − 1))) made strictly increasing (so the first ones
 * are 0, 1, 2, 3, … until the geometric spacing overtakes one step).
 */
export function logSteps(steps: number, frames: number): (step: number) => boolean {
  const kept = new Set<number>([0]);
  let prev = 0;
  for (let k = 1; k < frames && prev < steps; k++) {
    // Spread what is left geometrically over the frames that are left.
    const left = frames - k;
    const next = Math.max(prev + 1, Math.round(prev * Math.pow(steps / Math.max(1, prev), 1 / left)));
    prev = Math.min(steps, next);
    kept.add(prev);
  }
  return (step) => kept.has(step);
}

function boundsOf(arrays: Float32Array[], width: number): Box {
  const min = new Array<number>(width).fill(Infinity), max = new Array<number>(width).fill(-Infinity);
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const d = i % width;
      if (a[i]! < min[d]!) min[d] = a[i]!;
      if (a[i]! > max[d]!) max[d] = a[i]!;
    }
  }
  return { min, max };
}
