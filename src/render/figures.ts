/**
 * Pictures in one call from what the export functions return:
 *
 *   regionsPicture(decisionRegions(model, data), { data, title })   decision regions (1-, 2-D; a slice of 3-D)
 *   representationStrip(representations(model, data), { title })    every layer's view of the data, side by side
 *   networkAnimationHtml(animateNetwork(model, data), { title })     the layer animation as an offline HTML player
 *   trainingFilmHtml(recordTrainingFilm(model, data, fit), { title }) the training film as an offline HTML player
 *
 * Then toPng / toSvg (pictures) or write the HTML string to a file. The report
 * and the command line use these same helpers.
 */
import { OptionError } from '../errors.js';
import type { DecisionRegions } from '../export/decision-regions.js';
import type { LayerAnimation, NetworkAnimation } from '../export/layer-animation.js';
import type { Representations } from '../export/representations.js';
import type { TrainingFilm } from '../export/training-film.js';
import { animationHtml, type AnimationOptions } from './animation.js';
import { gridPolylines, hyperplaneOf, pointSetOf, probabilityCurve, probabilityGrid, type LabelledData } from './from-export.js';
import { decisionCurvePicture, decisionRegionsPicture, stripPicture, toPng, type Picture, type PictureOptions, type StripOptions } from './pictures.js';
import type { Frame, FrameSequence, Representation } from './types.js';

export interface RegionsPictureOptions extends PictureOptions {
  title?: string;
  /** The data to draw over the regions (1-D and 2-D exports); a `Dataset` fits. */
  data?: LabelledData;
  /** 3-D exports: which slice to draw (default: the middle one). */
  slice?: number;
}

/** Decision regions (2-D), the probability curve (1-D), or one slice (3-D) of a decisionRegions() export. */
export function regionsPicture(regions: DecisionRegions, options: RegionsPictureOptions = {}): Picture {
  const { title, data, slice, ...picture } = options;
  if (data && data.dim !== regions.dim) throw new OptionError(`regionsPicture: the data is ${data.dim}-D, the regions ${regions.dim}-D`, 'data');
  const points = data && regions.dim < 3 ? pointSetOf(data) : undefined;
  const axis = (a: number) => `x${'₁₂₃'[a] ?? a + 1}`;
  if (regions.dim === 1) {
    return decisionCurvePicture({ curve: probabilityCurve(regions), points, title, xLabel: axis(regions.columnAxis) }, picture);
  }
  const grid = probabilityGrid(regions, slice);
  let sliceTitle = title;
  if (regions.dim === 3) {
    const k = slice ?? Math.floor((regions.slices.length - 1) / 2);
    const at = `${axis(regions.sliceAxis!)} = ${regions.slices[k]!.toPrecision(3)}`;
    sliceTitle = title ? `${title} (${at})` : at;
  }
  return decisionRegionsPicture({ grid, points, title: sliceTitle, xLabel: axis(regions.columnAxis), yLabel: axis(regions.rowAxis!) }, picture);
}

/** The title of one representation's panel, e.g. 'input', 'layer 2 (tanh)', 'layer 3 (dense, 10-D)'. */
function panelTitle(l: Representations['layers'][number]): string {
  if (l.layer === 0) return 'input';
  const kind = l.type === 'dense' ? l.activation : l.type;
  return `layer ${l.layer} (${kind}${l.width > 3 ? `, ${l.width}-D` : ''})`;
}

/**
 * Input and every layer's representation side by side (a representations()
 * export): grids deformed, and the class line where the rest of the network is
 * linear. Layers wider than 3 are shown by their principal components, without grid.
 */
export function representationStrip(reps: Representations, options: StripOptions = {}): Picture {
  const panels: Representation[] = reps.layers.map((l) => ({
    title: panelTitle(l),
    points: { dim: l.width, coords: l.points, labels: reps.labels, classes: reps.classes },
    grid: l.width <= 3 && reps.grid.lines > 0 ? gridPolylines(l.grid, reps.grid, l.width) : undefined,
    hyperplane: l.width <= 3 ? hyperplaneOf(l.classifier?.boundary) : undefined,
  }));
  return stripPicture(panels, options);
}

export interface SequenceOptions {
  title?: string;
  /** Number of classes (default: the largest label + 1). */
  classes?: number;
}

const classCount = (labels: Int32Array) => labels.reduce((m, v) => Math.max(m, v + 1), 1);

/**
 * The frames of an animateNetwork() (or animateLayer()) export, every layer's
 * phases one after the other. All layers must have the same width (one player
 * shows one space); OptionError otherwise.
 */
export function networkAnimationFrames(anim: NetworkAnimation | LayerAnimation, options: SequenceOptions = {}): FrameSequence {
  const layers = anim.kind === 'layer-animation' ? [anim] : anim.layers;
  const width = layers[0]?.width ?? 0;
  if (layers.length === 0) throw new OptionError('networkAnimationFrames: the animation has no layers', 'anim');
  if (layers.some((l) => l.width !== width)) {
    throw new OptionError(`networkAnimationFrames: one player shows one space, but the layers' widths differ (${layers.map((l) => l.width).join(', ')}); animate one layer at a time (animateLayer)`, 'anim');
  }
  const frames: Frame[] = layers.flatMap((layer) =>
    layer.frames.map((f) => ({
      points: f.points,
      polylines: layer.grid.lines > 0 ? gridPolylines(f.grid, layer.grid, layer.width) : undefined,
      phase: `layer ${layer.layer + 1}: ${f.phase}`,
      t: f.t,
    })),
  );
  const labels = anim.labels ?? new Int32Array(anim.count);
  return { title: options.title, dim: width, labels, classes: options.classes ?? classCount(labels), frames };
}

/** An animateNetwork() (or animateLayer()) export as a self-contained HTML player (default 420 × 420, 20 fps, view following the frames near each one). */
export function networkAnimationHtml(anim: NetworkAnimation | LayerAnimation, options: SequenceOptions & AnimationOptions = {}): string {
  const { title, classes, ...player } = options;
  return animationHtml(networkAnimationFrames(anim, { title, classes }), { width: 420, height: 420, fps: 20, ...player });
}

/** The frames of a recordTrainingFilm() export, each captioned with its epoch, step, loss and accuracy. */
export function trainingFilmFrames(film: TrainingFilm, options: SequenceOptions = {}): FrameSequence {
  return {
    title: options.title,
    dim: film.width,
    labels: film.labels,
    classes: options.classes ?? film.classes,
    frames: film.frames.map((f) => ({
      points: f.points,
      polylines: film.width <= 3 && film.grid.lines > 0 ? gridPolylines(f.grid, film.grid, film.width) : undefined,
      hyperplane: hyperplaneOf(f.classifier?.boundary),
      caption: `step ${f.step} · epoch ${Number(f.epoch.toFixed(1))} · loss ${f.loss.toFixed(3)} · acc. ${(100 * f.accuracy).toFixed(1)} %`,
    })),
  };
}

/** A recordTrainingFilm() export as a self-contained HTML player (default 420 × 420, 10 fps, view following the frames near each one). */
export function trainingFilmHtml(film: TrainingFilm, options: SequenceOptions & AnimationOptions = {}): string {
  const { title, classes, ...player } = options;
  return animationHtml(trainingFilmFrames(film, { title, classes }), { width: 420, height: 420, fps: 10, ...player });
}

/** A picture as a `data:image/png;base64,…` URI, for an <img> or a self-contained HTML page. */
export function pngDataUri(picture: Picture): string {
  const png = toPng(picture);
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}
