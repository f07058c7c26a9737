/**
 * The report's and the command line's pictures of a trained model: the export
 * module computes what to draw, with this report's choices of resolution and
 * size, and the render module's figure helpers (src/render/figures.ts, the
 * same ones `untangle/render` offers) draw it.
 */
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import type { FitOptions } from '../train/options.js';
import { decisionRegions } from '../export/decision-regions.js';
import { representations } from '../export/representations.js';
import { animateNetwork } from '../export/layer-animation.js';
import { recordTrainingFilm } from '../export/training-film.js';
import * as render from '../render/index.js';
import type { FrameSequence, Picture } from '../render/index.js';
import { rasterize } from '../render/pictures.js';
import { zlibSync } from 'fflate';
import { encodePng } from '../render/png-encode.js';
import { PAGE_WIDTH } from './html.js';
import { fitWidth } from './scaled-picture.js';

/**
 * A picture as a `data:image/png;base64,…` URI the report inlines: pictures of
 * more than 256 colours (shading, anti-aliased edges) are quantised to a
 * 256-colour palette, which halves the report's pictures for a colour error
 * of a few levels (test/report/budget.test.ts holds both). A picture wider
 * than the page (a strip of five or six layers) is drawn at the page's width,
 * the size the browser shows it at.
 */
export function pngDataUri(picture: Picture): string {
  const c = rasterize(fitWidth(picture, PAGE_WIDTH));
  const png = encodePng(c.width, c.height, c.data, { maxColors: 256, deflate: deflateTight });
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}

/**
 * Deflate at level 9: Node's zlib where there is one (without importing it, so
 * the module still loads in a browser), else fflate. On the essay report's
 * pictures: fflate at 6 (encodePng's default) 1.52 MB, fflate at 9 1.49 MB, zlib
 * at 9 1.44 MB in half fflate's time at 9.
 */
const deflateTight: (rows: Uint8Array) => Uint8Array = (() => {
  const zlib = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:zlib') as typeof import('node:zlib') | undefined;
  return zlib ? (rows) => zlib.deflateSync(rows, { level: 9, memLevel: 9 }) : (rows) => zlibSync(rows, { level: 9 });
})();

/** Decision regions (2-D), or the probability curve (1-D), with the data; null for wider inputs. */
export function regionsPicture(model: Model, data: Dataset, title: string): Picture | null {
  if (data.dim > 2) return null;
  const size = data.dim === 1 ? { width: 520, height: 340 } : { width: 420, height: 420 };
  return render.regionsPicture(decisionRegions(model, data, { resolution: 150 }), { data, title, ...size });
}

/** Input and every layer's representation side by side, grids deformed, class line where the rest is linear. */
export function representationStrip(model: Model, data: Dataset, title: string): Picture {
  // In 3-D a 5-line lattice: with 7 the tori were lost behind 147 grid lines.
  const reps = representations(model, data, { linesPerAxis: data.dim === 3 ? 5 : 15, pointsPerLine: 60 });
  return render.representationStrip(reps, { title, panelWidth: 260, panelHeight: 260 });
}

/** The ambient isotopy of the whole network as frames (null when a width exceeds 3 or widths differ). */
export function networkAnimationFrames(model: Model, data: Dataset, title: string): FrameSequence | null {
  if (model.widths.some((w) => w > 3)) return null;
  const grid = model.widths.some((w) => w === 3) ? { linesPerAxis: 5, pointsPerLine: 25 } : { linesPerAxis: 11, pointsPerLine: 40 };
  const anim = animateNetwork(model, data, { framesPerPhase: 8, ...grid });
  if (anim.layers.some((l) => l.width !== anim.layers[0]!.width)) return null; // frames of one player share a dimension
  return render.networkAnimationFrames(anim, { title, classes: data.classes });
}

/** The ambient isotopy of the whole network as a self-contained HTML player. */
export function networkAnimationHtml(model: Model, data: Dataset, title: string): string | null {
  const seq = networkAnimationFrames(model, data, title);
  return seq && render.animationHtml(seq, { width: 420, height: 420, fps: 20 });
}

/** The essay's "watch it struggle": a layer's representation and the class line while training. */
export function trainingFilmHtml(model: Model, data: Dataset, fit: FitOptions, layer: number, title: string): string {
  return render.trainingFilmHtml(recordTrainingFilm(model, data, fit, { layer, maxFrames: 60 }), { title });
}
