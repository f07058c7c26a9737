/**
 * The essay's still pictures, each written once against a Surface and
 * rendered to PNG (RasterCanvas) or SVG (SvgSurface):
 *   decision regions with the data (2-D), the probability curve (1-D),
 *   a layer's representation with its deformed grid and classification line
 *   (1-, 2-, 3-D and wider by projection), and a strip of representations.
 */
import { encodePng } from './png-encode.js';
import { INK, WHITE, classColors, hex, regionColor, withAlpha } from './color.js';
import { boundsOf, padBox, zeroContours } from './geometry.js';
import { drawAxes, fitText, layoutPlot, mapper, type PlotLayout } from './plot.js';
import { RasterCanvas } from './raster.js';
import { autoRadius, buildScene, checkSource, drawCaption, drawScene, outlineWidth, projectorFor, type Scene } from './scene.js';
import { capHeight, OffsetSurface, type Surface } from './surface.js';
import { classLegendWidth, classNames, drawClassLegend } from './legend.js';
import { SvgSurface } from './svg.js';
import type { DecisionRegions } from '../export/decision-regions.js';
import { isDecisionRegions, probabilityGrid } from './from-export.js';
import type { Hyperplane, Labels, PointSet, ProbabilityCurve, ProbabilityGrid, Projection, Representation, ViewBox } from './types.js';

/** A picture of a fixed size that can draw itself on any surface. */
export interface Picture {
  readonly width: number;
  readonly height: number;
  draw(surface: Surface): void;
}

export interface PictureOptions {
  /** Image size in pixels (default 600 × 600; the 1-D curve 640 × 400). */
  width?: number;
  height?: number;
  /** Class colours as hex strings (default: Okabe–Ito, blue and orange first). */
  palette?: readonly string[];
  /** Point radius in pixels (default: from the plot size and the number of points). */
  pointRadius?: number;
  /** Font scale: capitals are 7·font pixels tall (default 2 from 300 px up, else 1). */
  font?: number;
  /** The data box to show (default: fitted to the content, padded by `margin`). */
  view?: ViewBox;
  /** Padding around fitted content, as a fraction of its size (default 0.06). */
  margin?: number;
  /** How 3-D (and wider) points are flattened (default: orbit for 3-D, PCA wider). */
  projection?: Projection;
  /** Text in the plot's top-left corner. */
  caption?: string;
}

/** Decision regions over a 2-D input: the probability grid, optionally the data and a line. */
export interface DecisionRegionsInput extends Labels {
  /** The grid, or a 2-D decisionRegions() export as it comes (a 3-D one shows its middle slice). */
  grid: ProbabilityGrid | DecisionRegions;
  points?: PointSet;
  hyperplane?: Hyperplane;
}

/** Decision over a 1-D input: the probability curves, optionally the data and a threshold. */
export interface DecisionCurveInput extends Labels {
  curve: ProbabilityCurve;
  points?: PointSet;
  hyperplane?: Hyperplane;
}

export interface StripOptions extends PictureOptions {
  /** Size of each panel (default 300 × 300). */
  panelWidth?: number;
  panelHeight?: number;
  /** Title above the whole strip. */
  title?: string;
}

const size = (v: number | undefined, fallback: number, what: string) => {
  const s = v ?? fallback;
  if (!(Number.isInteger(s) && s >= 40 && s <= 8192)) throw new Error(`${what}: image sides must be integers in 40…8192, got ${s}`);
  return s;
};

/** Draws a picture into a new raster canvas (white background). */
export function rasterize(picture: Picture): RasterCanvas {
  const c = new RasterCanvas(picture.width, picture.height);
  c.clear(WHITE);
  picture.draw(c);
  return c;
}

/** A picture as PNG bytes (8-bit RGBA). */
export function toPng(picture: Picture): Uint8Array {
  const c = rasterize(picture);
  return encodePng(c.width, c.height, c.data);
}

/** A picture as a self-contained SVG document. `idPrefix` makes its internal ids unique on a shared page. */
export function toSvg(picture: Picture, idPrefix?: string): string {
  const s = new SvgSurface(picture.width, picture.height, idPrefix);
  s.fillRect(0, 0, picture.width, picture.height, WHITE, 'background');
  picture.draw(s);
  return s.toString();
}

/**
 * Axis names of a scene: the given ones, else the PCA components with their
 * share of the variance, else (when `generic`) 'dim 1', 'dim 2' / 'value'.
 */
function axisNames(scene: Scene, labels: Labels, generic = true): Labels {
  const p = scene.projector;
  let x = labels.xLabel, y = labels.yLabel;
  if (p && p.explained) {
    x ??= `PC1 (${Math.round(100 * p.explained[0])}%)`;
    y ??= `PC2 (${Math.round(100 * p.explained[1])}%)`;
  } else if (p && p.axisNames[0] === 'u') {
    // An orbit view: say which mix of the three coordinates each screen axis measures.
    x ??= screenAxisName(p.axisNames[0], p.basis[0]);
    y ??= screenAxisName(p.axisNames[1], p.basis[1]);
  } else if (generic && scene.dim === 2) {
    x ??= 'dim 1';
    y ??= 'dim 2';
  } else if (generic && scene.dim === 1) {
    x ??= 'value';
  }
  return { title: labels.title, xLabel: x, yLabel: y };
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

/** `u = 0.9x₁ − 0.5x₂`: a screen axis as a combination of the data's coordinates (one decimal: short enough for an axis). */
export function screenAxisName(name: string, direction: Float64Array): string {
  const terms: string[] = [];
  direction.forEach((c, d) => {
    if (Math.abs(c) < 0.05) return;
    const sign = c < 0 ? '−' : terms.length ? '+' : '';
    const mag = Math.abs(c) >= 0.95 ? '' : Math.abs(c).toFixed(1);
    terms.push(`${terms.length ? ` ${sign} ` : sign}${mag}x${[...String(d + 1)].map((k) => SUBSCRIPTS[Number(k)]).join('')}`);
  });
  return `${name} = ${terms.join('')}`;
}

/** The view a scene is shown in: the given one, or its bounds padded. */
export function sceneView(scene: Scene, options: PictureOptions): ViewBox {
  if (options.view) return options.view;
  const b = padBox(scene.bounds, options.margin ?? 0.06);
  return scene.dim === 1 ? { ...b, ymin: scene.bounds.ymin, ymax: scene.bounds.ymax } : b;
}

/** Where a scene's plot sits and which data box it shows, with its axis names. */
export function sceneLayout(width: number, height: number, scene: Scene, view: ViewBox, labels: Labels, font?: number, genericNames = true): { layout: PlotLayout; names: Labels } {
  const names = axisNames(scene, labels, genericNames);
  const layout = layoutPlot({
    width, height, view, ...names, font,
    aspect: scene.dim === 1 ? 'stretch' : 'expand-view', yTicks: scene.dim !== 1,
  });
  return { layout, names };
}

/** Lays out and draws a scene with its axes. */
export function drawSceneWithAxes(s: Surface, width: number, height: number, scene: Scene, view: ViewBox, labels: Labels, options: PictureOptions, genericNames = true): PlotLayout {
  const { layout: l, names } = sceneLayout(width, height, scene, view, labels, options.font, genericNames);
  drawScene(s, l, scene, { colors: classColors(scene.classes, options.palette), pointRadius: options.pointRadius, caption: options.caption });
  drawAxes(s, l, names);
  return l;
}

/**
 * One representation of the data: the points coloured by class, the deformed
 * coordinate grid, and the classification line (2-D) / plane (3-D) / threshold
 * (1-D) if given. 3-D and wider points are projected (`options.projection`)
 * and drawn back to front, farther points paler.
 */
export function representationPicture(rep: Representation, options: PictureOptions = {}): Picture {
  const width = size(options.width, 600, 'representationPicture'), height = size(options.height, 600, 'representationPicture');
  const src = { dim: rep.points.dim, coords: rep.points.coords, labels: rep.points.labels, classes: rep.points.classes, grid: rep.grid, hyperplane: rep.hyperplane };
  checkSource(src, 'representationPicture');
  const scene = buildScene(src, projectorFor(src.dim, options.projection, src.coords));
  const view = sceneView(scene, options);
  return { width, height, draw: (s) => void drawSceneWithAxes(s, width, height, scene, view, rep, options) };
}

function checkGrid(g: ProbabilityGrid, what: string): void {
  if (!(Number.isInteger(g.nx) && Number.isInteger(g.ny) && g.nx >= 2 && g.ny >= 2)) {
    throw new Error(`${what}: the grid needs nx, ny ≥ 2, got ${g.nx}×${g.ny} (pass a ProbabilityGrid or a decisionRegions() export)`);
  }
  if (g.probs.length !== g.nx * g.ny * g.classes) throw new Error(`${what}: ${g.nx}×${g.ny}×${g.classes} probabilities expected, got ${g.probs.length}`);
  const b = g.box;
  if (!(b.xmax > b.xmin && b.ymax > b.ymin)) throw new Error(`${what}: the grid box must have positive size`);
}

/** Region colours of a probability grid, RGBA bytes in the grid's order (row 0 on top). */
export function regionImage(g: ProbabilityGrid, palette?: readonly string[]): Uint8Array {
  const colors = classColors(g.classes, palette);
  const out = new Uint8Array(g.nx * g.ny * 4);
  for (let i = 0; i < g.nx * g.ny; i++) {
    const c = regionColor(g.probs, i * g.classes, g.classes, colors);
    out[4 * i] = Math.round(c.r); out[4 * i + 1] = Math.round(c.g); out[4 * i + 2] = Math.round(c.b); out[4 * i + 3] = 255;
  }
  return out;
}

/** Decision boundaries of a probability grid as polylines in grid units (column, row). */
export function boundaryContours(g: ProbabilityGrid): Float32Array[] {
  const { nx, ny, classes: C, probs } = g;
  const out: Float32Array[] = [];
  const field = new Float32Array(nx * ny);
  // Class k's region is where p_k beats every other class; with two classes one field is enough.
  for (let k = 0; k < (C <= 2 ? 1 : C); k++) {
    for (let i = 0; i < nx * ny; i++) {
      let other = -Infinity;
      for (let j = 0; j < C; j++) if (j !== k) other = Math.max(other, probs[i * C + j]!);
      field[i] = probs[i * C + k]! - (C === 1 ? 0.5 : other);
    }
    out.push(...zeroContours(field, nx, ny));
  }
  return out;
}

/**
 * Decision regions of a 2-D classifier: each region tinted by its class (pale
 * where the network is unsure, white at even odds), the boundaries as dark
 * lines, the data points on top. The plot shows the grid's box with square
 * pixels.
 */
export function decisionRegionsPicture(input: DecisionRegionsInput, options: PictureOptions = {}): Picture {
  const what = 'decisionRegionsPicture';
  const width = size(options.width, 600, what), height = size(options.height, 600, what);
  const g = isDecisionRegions(input.grid) ? probabilityGrid(input.grid) : input.grid;
  checkGrid(g, what);
  if (input.points && input.points.dim !== 2) throw new Error(`${what}: points must be 2-D, got ${input.points.dim}-D`);
  const pts = input.points;
  if (pts) checkSource({ ...pts, hyperplane: input.hyperplane }, what);
  const image = regionImage(g, options.palette);
  const contours = boundaryContours(g);
  const classes = Math.max(g.classes, pts?.classes ?? 0);
  const labels: Labels = { title: input.title, xLabel: input.xLabel ?? 'x1', yLabel: input.yLabel ?? 'x2' };
  const view = options.view ?? g.box;
  return {
    width, height,
    draw(s) {
      const l = layoutPlot({ width, height, view, ...labels, font: options.font, aspect: 'shrink-plot' });
      const { plot } = l;
      const { px, py } = mapper(l);
      s.setClip(plot);
      s.image(px(g.box.xmin), py(g.box.ymax), px(g.box.xmax) - px(g.box.xmin), py(g.box.ymin) - py(g.box.ymax), g.nx, g.ny, image, 'regions');
      const toPx = (c: Float32Array) => {
        const out = new Float32Array(c.length);
        for (let i = 0; i < c.length; i += 2) {
          out[i] = px(g.box.xmin + (c[i]! / (g.nx - 1)) * (g.box.xmax - g.box.xmin));
          out[i + 1] = py(g.box.ymax - (c[i + 1]! / (g.ny - 1)) * (g.box.ymax - g.box.ymin));
        }
        return out;
      };
      if (contours.length) s.polylines(contours.map(toPx), 1.6, hex('#333333', 0.85), 'boundary');
      s.setClip(null);
      if (pts || input.hyperplane) {
        const scene = buildScene({ dim: 2, coords: pts?.coords ?? new Float32Array(0), labels: pts?.labels ?? new Int32Array(0), classes, hyperplane: input.hyperplane }, null);
        drawScene(s, l, scene, { colors: classColors(classes, options.palette), pointRadius: options.pointRadius, caption: options.caption });
      }
      drawAxes(s, l, labels);
    },
  };
}

/**
 * The 1-D decision: each class's probability along the input axis (one curve
 * per class, in its colour) over the region tints, the data points in a band
 * under the curves, and the threshold (w·x + b = 0) if given.
 */
export function decisionCurvePicture(input: DecisionCurveInput, options: PictureOptions = {}): Picture {
  const what = 'decisionCurvePicture';
  const width = size(options.width, 640, what), height = size(options.height, 400, what);
  const { xs, probs, classes: C } = input.curve;
  if (xs.length < 2 || probs.length !== xs.length * C) throw new Error(`${what}: ${xs.length} samples × ${C} classes need ${xs.length * C} probabilities, got ${probs.length}`);
  const pts = input.points;
  if (pts) {
    if (pts.dim !== 1) throw new Error(`${what}: points must be 1-D, got ${pts.dim}-D`);
    checkSource(pts, what);
  }
  const classes = Math.max(C, pts?.classes ?? 0);
  const colors = classColors(classes, options.palette);
  const xr = boundsOf([Float32Array.from([...xs].flatMap((x) => [x, 0]))])!;
  const view: ViewBox = options.view ?? { xmin: xr.xmin, xmax: xr.xmax, ymin: -0.24, ymax: 1.06 };
  // Region tints resampled evenly (xs need not be evenly spaced).
  const M = 256;
  const band = new Uint8Array(M * 4);
  const p = new Float32Array(C);
  for (let m = 0; m < M; m++) {
    const x = view.xmin + ((view.xmax - view.xmin) * m) / (M - 1);
    interpolate(xs, probs, C, x, p);
    const c = regionColor(p, 0, C, colors);
    band.set([Math.round(c.r), Math.round(c.g), Math.round(c.b), 255], 4 * m);
  }
  const labels: Labels = { title: input.title, xLabel: input.xLabel ?? 'x', yLabel: input.yLabel ?? 'probability' };
  return {
    width, height,
    draw(s) {
      const l = layoutPlot({ width, height, view, ...labels, font: options.font, aspect: 'stretch', yTickValues: [0, 0.5, 1] });
      const { plot } = l;
      const { px, py } = mapper(l);
      s.setClip(plot);
      s.image(plot.x, plot.y, plot.w, plot.h, M, 1, band, 'regions');
      if (C === 2) s.polylines([Float32Array.of(plot.x, py(0.5), plot.x + plot.w, py(0.5))], 1, hex('#777777', 0.8), 'half', 5);
      s.polylines([Float32Array.of(plot.x, py(0), plot.x + plot.w, py(0))], 1, hex('#999999'), 'zero');
      for (let k = 0; k < C; k++) {
        const line = new Float32Array(2 * xs.length);
        for (let i = 0; i < xs.length; i++) { line[2 * i] = px(xs[i]!); line[2 * i + 1] = py(probs[i * C + k]!); }
        s.polylines([line], 5, withAlpha(WHITE, 0.8), 'halo');
        s.polylines([line], 2.6, colors.solid[k]!, 'curve');
      }
      const h = input.hyperplane;
      if (h && h.w[0]) {
        const x = -h.b / h.w[0];
        s.polylines([Float32Array.of(px(x), plot.y, px(x), plot.y + plot.h)], 2.2, INK, 'hyperplane');
      }
      if (pts) {
        const r = options.pointRadius ?? autoRadius(plot.w, plot.w, pts.labels.length);
        for (let i = 0; i < pts.labels.length; i++) {
          const k = pts.labels[i]!;
          const y = -0.12 + 0.075 * jitterOf(i);
          const sw = outlineWidth(r);
          s.circle(px(pts.coords[i]!), py(y), r, colors.solid[k]!, sw > 0 ? colors.outline[k]! : undefined, sw, 'point');
        }
      }
      if (options.caption) drawCaption(s, l, options.caption);
      s.setClip(null);
      drawAxes(s, l, labels);
    },
  };
}

function jitterOf(i: number): number {
  let h = Math.imul(i + 7, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return ((h ^ (h >>> 15)) >>> 0) / 2 ** 31 - 1;
}

/** Linear interpolation of the class probabilities at x (clamped to the ends). */
function interpolate(xs: Float32Array, probs: Float32Array, C: number, x: number, out: Float32Array): void {
  let lo = 0, hi = xs.length - 1;
  if (x <= xs[0]!) hi = 0;
  else if (x >= xs[hi]!) lo = hi;
  else {
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (xs[mid]! <= x) lo = mid; else hi = mid; }
  }
  const t = hi === lo ? 0 : (x - xs[lo]!) / (xs[hi]! - xs[lo]!);
  for (let k = 0; k < C; k++) out[k] = probs[lo * C + k]! + t * (probs[hi * C + k]! - probs[lo * C + k]!);
}

/**
 * Small multiples: every representation side by side (input first), each in
 * its own panel with its own axes and title, arrows between them.
 */
export function stripPicture(panels: readonly Representation[], options: StripOptions = {}): Picture {
  const what = 'stripPicture';
  if (panels.length === 0) throw new Error(`${what}: no panels`);
  const pw = size(options.panelWidth, 300, what), ph = size(options.panelHeight, 300, what);
  const font = options.font ?? (Math.min(pw, ph) >= 260 ? 2 : 1);
  const gap = 14 + 4 * font;
  const titleBand = 12 + capHeight(font) + 8;
  const width = panels.length * pw + (panels.length - 1) * gap;
  const height = ph + titleBand;
  size(width, 0, what); size(height, 0, what);
  const prepared = panels.map((rep, i) => {
    const src = { dim: rep.points.dim, coords: rep.points.coords, labels: rep.points.labels, classes: rep.points.classes, grid: rep.grid, hyperplane: rep.hyperplane };
    checkSource(src, `${what}: panel ${i}`);
    const scene = buildScene(src, projectorFor(src.dim, options.projection, src.coords));
    return { rep, scene, view: sceneView(scene, { ...options, view: undefined }) };
  });
  return {
    width, height,
    draw(s) {
      // The class legend sits at the right of the title band (a band of its own without a title).
      const names = classNames(prepared[0]!.scene.classes);
      const legendWidth = classLegendWidth(names, font);
      if (options.title) {
        const room = width - 12 - 2 * (legendWidth + 16);
        const t = fitText(options.title, room > width / 3 ? room : width - 12, font);
        s.text(t.text, width / 2, 10, { size: t.size, color: INK, anchor: 'middle', baseline: 'top', bold: true }, 'title');
      }
      drawClassLegend(s, width - 6, 10 + capHeight(font) / 2, names, classColors(prepared[0]!.scene.classes, options.palette), font);
      prepared.forEach(({ rep, scene, view }, i) => {
        const x0 = i * (pw + gap);
        const sub = new OffsetSurface(s, x0, titleBand, pw, ph);
        const labels: Labels = { title: rep.title, xLabel: rep.xLabel, yLabel: rep.yLabel };
        const l = drawSceneWithAxes(sub, pw, ph, scene, view, labels, { ...options, font, caption: undefined }, false);
        s.setClip(null);
        if (i + 1 < prepared.length) {
          const ay = titleBand + l.plot.y + l.plot.h / 2, ax0 = x0 + pw + 2, ax1 = x0 + pw + gap - 3;
          const head = Math.min(5, (ax1 - ax0) / 2);
          s.polylines([Float32Array.of(ax0, ay, ax1, ay), Float32Array.of(ax1 - head, ay - head, ax1, ay, ax1 - head, ay + head)], 1.6, hex('#666666'), 'arrow');
        }
      });
    },
  };
}
