/**
 * The explorer's pictures, made by the render module from the export data of
 * the model as it is now: the decision regions (or the regression's fit) in
 * input space, one layer's representation, and a layer's animation. Each
 * comes with the data → pixel mapping where the page needs it (clicks add
 * points there; test points are drawn over it as rings).
 */
import type { Dataset } from '../data/dataset.js';
import { decisionRegions } from '../export/decision-regions.js';
import { animateLayer } from '../export/layer-animation.js';
import { predictionGrid } from '../export/prediction-grid.js';
import { classifierAfter } from '../export/classifier.js';
import { domainBox, gridLines } from '../export/grid.js';
import { pushThrough } from '../export/representations.js';
import type { Model } from '../model/model.js';
import { KnnHead } from '../model/knn-head.js';
import { classColors, hex, WHITE } from '../render/color.js';
import { networkAnimationFrames } from '../render/figures.js';
import { gridPolylines, hyperplaneOf, pointSetOf, probabilityCurve, probabilityGrid } from '../render/from-export.js';
import { decisionCurvePicture, decisionRegionsPicture, representationPicture, sceneView, type Picture } from '../render/pictures.js';
import { buildScene, projectorFor } from '../render/scene.js';
import { layoutPlot, mapper } from '../render/plot.js';
import { predictionPicture } from '../render/prediction-picture.js';
import type { Surface } from '../render/surface.js';
import type { FrameSequence, ProbabilityGrid, Projection, Representation, ViewBox } from '../render/types.js';
import type { ExplorerData } from './data.js';

/** A picture of input space and how its pixels map to input coordinates (2-D only). */
export interface InputPicture {
  picture: Picture;
  /** Pixel → input coordinates, for clicks (null when the picture is not a 2-D plane of the input). */
  toInput: ((x: number, y: number) => [number, number] | null) | null;
}

export interface InputPictureOptions {
  width: number;
  height: number;
  discrete: boolean;
  showTest: boolean;
  knn: boolean;
  /** Samples per axis of a 2-D (or sliced 3-D) decision-region grid (default 48); the canvas scales them up smoothly. */
  resolution?: number;
}

const axis = (a: number) => `x${'₁₂₃'[a] ?? a + 1}`;

/** One-hot probabilities: every sample shows only its most likely class. */
function discretise(probs: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(probs.length);
  for (let i = 0; i < probs.length; i += classes) {
    let k = 0;
    for (let j = 1; j < classes; j++) if (probs[i + j]! > probs[i + k]!) k = j;
    out[i + k] = 1;
  }
  return out;
}

/** Class votes of a k-NN head (on the training data's embedding) over a grid of input points. */
function knnProbabilities(model: Model, train: Dataset, points: Float32Array): Float32Array {
  const last = model.layers.length - 1;
  const head = new KnnHead(model.engine, model.layerOutput(train.x, last), train.y, model.widths[last + 1]!, train.classes, { k: 5 });
  try {
    return head.scoresOf(model.layerOutput(points, last));
  } finally {
    head.dispose();
  }
}

function gridPoints(g: ProbabilityGrid): Float32Array {
  const out = new Float32Array(g.nx * g.ny * 2);
  for (let r = 0; r < g.ny; r++) {
    for (let c = 0; c < g.nx; c++) {
      const i = r * g.nx + c;
      out[2 * i] = g.box.xmin + ((g.box.xmax - g.box.xmin) * c) / (g.nx - 1);
      out[2 * i + 1] = g.box.ymax - ((g.box.ymax - g.box.ymin) * r) / (g.ny - 1);
    }
  }
  return out;
}

/** Test points as rings over a picture drawn in a plot layout. */
function testOverlay(base: Picture, test: Dataset, project: (i: number) => [number, number]): Picture {
  const colors = classColors(Math.max(test.classes, 2));
  return {
    width: base.width, height: base.height,
    draw(s: Surface) {
      base.draw(s);
      for (let i = 0; i < test.n; i++) {
        const [x, y] = project(i);
        s.circle(x, y, 3.6, WHITE, colors.solid[test.y[i]!]!, 1.8, 'test-point');
      }
    },
  };
}

/** Input space: decision regions (1-, 2-D; a slice of 3-D), or a regression's fitted curve or surface. */
export function inputPicture(model: Model, data: ExplorerData, o: InputPictureOptions): InputPicture | null {
  const { all, train, test } = data;
  const size = { width: o.width, height: o.height };
  if (data.regression) {
    if (all.dim > 2) return null;
    const g = predictionGrid(model, train, { resolution: all.dim === 1 ? 201 : 48 });
    return { picture: predictionPicture({ ...g, title: 'prediction' }, size), toInput: null };
  }
  if (all.dim > 3) return null;
  if (all.dim === 1) {
    if (o.knn) return null;
    const regions = decisionRegions(model, all, { resolution: 200 });
    const curve = probabilityCurve(regions);
    if (o.discrete) curve.probs = discretise(curve.probs, curve.classes);
    const picture = decisionCurvePicture({ curve, points: pointSetOf(train), title: 'prediction along the line', xLabel: 'x' }, size);
    return { picture, toInput: null };
  }
  const regions = decisionRegions(model, all, { resolution: o.resolution ?? 48, slices: 3 });
  const grid = probabilityGrid(regions);
  if (o.knn) grid.probs = knnProbabilities(model, train, all.dim === 2 ? gridPoints(grid) : sliceGridPoints(regions.domain, grid));
  if (o.discrete) grid.probs = discretise(grid.probs, grid.classes);
  const labels = { title: all.dim === 3 ? `middle slice (${axis(2)} = ${regions.slices[1]!.toPrecision(2)})` : 'decision regions', xLabel: axis(0), yLabel: axis(1) };
  const points = all.dim === 2 ? pointSetOf(train) : undefined;
  let picture = decisionRegionsPicture({ grid, points, ...labels }, size);
  const layout = layoutPlot({ ...size, view: grid.box, ...labels, aspect: 'shrink-plot' });
  const { px, py } = mapper(layout);
  if (o.showTest && test && all.dim === 2) picture = testOverlay(picture, test, (i) => [px(test.x[2 * i]!), py(test.x[2 * i + 1]!)]);
  const toInput = all.dim !== 2 ? null : (x: number, y: number): [number, number] | null => {
    const { plot, view } = layout;
    if (x < plot.x || x > plot.x + plot.w || y < plot.y || y > plot.y + plot.h) return null;
    return [view.xmin + ((x - plot.x) / plot.w) * (view.xmax - view.xmin), view.ymax - ((y - plot.y) / plot.h) * (view.ymax - view.ymin)];
  };
  return { picture, toInput };
}

/** Grid points of a 3-D domain's middle z-slice. */
function sliceGridPoints(domain: { min: readonly number[]; max: readonly number[] }, g: ProbabilityGrid): Float32Array {
  const xy = gridPoints(g);
  const z = (domain.min[2]! + domain.max[2]!) / 2;
  const out = new Float32Array((xy.length / 2) * 3);
  for (let i = 0; i < xy.length / 2; i++) { out[3 * i] = xy[2 * i]!; out[3 * i + 1] = xy[2 * i + 1]!; out[3 * i + 2] = z; }
  return out;
}

/** What a layer's panel is called, e.g. 'layer 2 · 8 tanh'. */
export function layerTitle(model: Model, layer: number): string {
  if (layer === 0) return 'input';
  const l = model.layers[layer - 1]!;
  const what = l.type === 'dense' ? `${model.widths[layer]} ${l.activation}` : `${model.widths[layer]}-D vector field`;
  return `layer ${layer} · ${what}${layer === model.layers.length ? ' (output)' : ''}`;
}

/**
 * Layer `layer`'s view of the data (train and test), with the input grid carried
 * through and the final classifier where only linear layers follow.
 */
export function layerPicture(model: Model, data: ExplorerData, layer: number, o: { width: number; height: number; projection?: Projection; knn: boolean; view?: (fitted: ViewBox) => ViewBox }): Picture {
  const shown = data.all;
  const width = model.widths[layer]!;
  // Only the grid a ≤ 3-D picture can show, and only this layer's classifier: this runs every frame.
  const lines = shown.dim <= 3 && width <= 3
    ? gridLines(domainBox(shown, 'layerPicture'), shown.dim <= 2 ? { linesPerAxis: 13, pointsPerLine: 41 } : { linesPerAxis: 5, pointsPerLine: 21 })
    : null;
  const views = pushThrough(model, shown.x, lines?.points ?? new Float32Array(0));
  const classifier = width <= 3 && !o.knn && !data.regression ? classifierAfter(model, layer) : null;
  const rep: Representation = {
    title: layerTitle(model, layer),
    points: { dim: width, coords: views.points[layer]!, labels: shown.y, classes: Math.max(1, shown.classes) },
    grid: lines ? gridPolylines(views.grid[layer]!, lines, width) : undefined,
    hyperplane: hyperplaneOf(classifier?.boundary),
  };
  const projection = width === 3 ? o.projection : undefined;
  let view: ViewBox | undefined;
  if (o.view) {
    // The box the picture would fit to its points, so the caller can smooth it from frame to frame.
    const src = { dim: width, coords: rep.points.coords, labels: rep.points.labels, classes: rep.points.classes, grid: rep.grid, hyperplane: rep.hyperplane };
    view = o.view(sceneView(buildScene(src, projectorFor(width, projection, src.coords)), {}));
  }
  return representationPicture(rep, { width: o.width, height: o.height, projection, view });
}

/** The continuous animation of one layer (from representation `layer` to `layer + 1`) as frames. */
export function layerAnimation(model: Model, data: ExplorerData, layer: number): FrameSequence {
  const shown = data.all;
  const anim = animateLayer(model, layer, shown, {
    framesPerPhase: 16, grid: shown.dim <= 3, linesPerAxis: shown.dim === 2 ? 11 : 5, pointsPerLine: shown.dim === 2 ? 31 : 17,
  });
  return networkAnimationFrames(anim, { title: `${layerTitle(model, layer)} → ${layerTitle(model, layer + 1)}`, classes: Math.max(1, shown.classes) });
}

/** A blank picture with one line of text (what to show where there is nothing to draw). */
export function notePicture(width: number, height: number, text: string): Picture {
  return {
    width, height,
    draw(s) {
      s.text(text, width / 2, height / 2, { size: 1.6, color: hex('#666666'), anchor: 'middle', baseline: 'middle' });
    },
  };
}
