/**
 * From a trained model to the essay's pictures: the export module computes
 * what to draw (decision regions, every layer's representation with its
 * deformed grid and classification line, the layer animation, the training
 * film) and the render module draws it. This file only translates between the
 * two shapes of data.
 */
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import type { FitOptions } from '../train/options.js';
import { decisionRegions } from '../export/decision-regions.js';
import { representations, type GridLayout } from '../export/representations.js';
import { animateNetwork } from '../export/layer-animation.js';
import { recordTrainingFilm } from '../export/training-film.js';
import {
  animationHtml, decisionCurvePicture, decisionRegionsPicture, stripPicture, toPng,
  type Frame, type FrameSequence, type Hyperplane, type Picture, type Representation,
} from '../render/index.js';

/** Splits a grid block (lines × pointsPerLine × width) into polylines. */
function polylines(grid: Float32Array, layout: GridLayout, width: number): Float32Array[] {
  const per = layout.pointsPerLine * width;
  return Array.from({ length: layout.lines }, (_, i) => grid.subarray(i * per, (i + 1) * per));
}

function hyperplaneOf(boundary: { normal: ArrayLike<number>; offset: number } | null | undefined): Hyperplane | undefined {
  return boundary ? { w: Array.from(boundary.normal), b: boundary.offset } : undefined;
}

export function pngDataUri(picture: Picture): string {
  const png = toPng(picture);
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}

/** Decision regions (2-D), or the probability curve (1-D), with the data. */
export function regionsPicture(model: Model, data: Dataset, title: string): Picture | null {
  if (data.dim > 2) return null;
  const r = decisionRegions(model, data, { resolution: 150 });
  const points = { dim: data.dim, coords: data.x, labels: data.y, classes: data.classes };
  if (data.dim === 1) {
    return decisionCurvePicture({ curve: { xs: r.columns, classes: r.classes, probs: r.probabilities }, points, title, xLabel: 'x' }, { width: 520, height: 340 });
  }
  const box = { xmin: r.domain.min[0]!, xmax: r.domain.max[0]!, ymin: r.domain.min[1]!, ymax: r.domain.max[1]! };
  return decisionRegionsPicture(
    { grid: { nx: r.columns.length, ny: r.rows.length, classes: r.classes, box, probs: r.probabilities }, points, title, xLabel: 'x₁', yLabel: 'x₂' },
    { width: 420, height: 420 },
  );
}

/** Input and every layer's representation side by side, grids deformed, class line where the rest is linear. */
export function representationStrip(model: Model, data: Dataset, title: string): Picture {
  const reps = representations(model, data, { linesPerAxis: data.dim === 3 ? 7 : 15, pointsPerLine: 60 });
  const panels: Representation[] = reps.layers.map((l) => ({
    title: l.layer === 0 ? 'input' : `layer ${l.layer} (${l.type === 'dense' ? l.activation : l.type}${l.width > 3 ? `, ${l.width}-D` : ''})`,
    points: { dim: l.width, coords: l.points, labels: reps.labels, classes: reps.classes },
    grid: l.width <= 3 ? polylines(l.grid, reps.grid, l.width) : undefined,
    hyperplane: l.width <= 3 ? hyperplaneOf(l.classifier?.boundary) : undefined,
  }));
  return stripPicture(panels, { title, panelWidth: 260, panelHeight: 260 });
}

/** The ambient isotopy of the whole network as frames (null when a width exceeds 3 or widths differ). */
export function networkAnimationFrames(model: Model, data: Dataset, title: string): FrameSequence | null {
  if (model.widths.some((w) => w > 3)) return null;
  const anim = animateNetwork(model, data, { framesPerPhase: 8, linesPerAxis: 11, pointsPerLine: 40 });
  const frames: Frame[] = anim.layers.flatMap((layer) =>
    layer.frames.map((f) => ({
      points: f.points,
      polylines: polylines(f.grid, anim.grid, layer.width),
      phase: `layer ${layer.layer + 1}: ${f.phase}`,
      t: f.t,
    })),
  );
  const width = Math.max(...anim.layers.map((l) => l.width));
  if (anim.layers.some((l) => l.width !== width)) return null; // frames of one player share a dimension
  return { title, dim: width, labels: anim.labels ?? data.y, classes: data.classes, frames };
}

/** The ambient isotopy of the whole network as a self-contained HTML player. */
export function networkAnimationHtml(model: Model, data: Dataset, title: string): string | null {
  const seq = networkAnimationFrames(model, data, title);
  return seq && animationHtml(seq, { width: 420, height: 420, fps: 20, fit: 'phase' });
}

/** The essay's "watch it struggle": a layer's representation and the class line while training. */
export function trainingFilmHtml(model: Model, data: Dataset, fit: FitOptions, layer: number, title: string): string {
  const film = recordTrainingFilm(model, data, fit, { layer, maxFrames: 60 });
  const seq: FrameSequence = {
    title, dim: film.width, labels: film.labels, classes: film.classes,
    frames: film.frames.map((f) => ({
      points: f.points,
      polylines: film.width <= 3 ? polylines(f.grid, film.grid, film.width) : undefined,
      hyperplane: hyperplaneOf(f.classifier?.boundary),
      caption: `epoch ${f.epoch} · step ${f.step} · loss ${f.loss.toFixed(3)} · accuracy ${(100 * f.accuracy).toFixed(1)} %`,
    })),
  };
  return animationHtml(seq, { width: 420, height: 420, fps: 10, fit: 'frame' });
}
