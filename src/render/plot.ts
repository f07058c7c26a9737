/**
 * The frame around every picture: where the plot area sits inside the image,
 * the data box it shows, tick values, and drawing of axes, ticks, labels and
 * title. Text sizes follow the picture size (font scale 2 from 300 px up).
 */
import { INK, hex, type Color } from './color.js';
import { textWidth } from './font.js';
import { fitAspect, formatTick, niceTicks } from './geometry.js';
import { capHeight, type Rect, type Surface } from './surface.js';
import type { Labels, ViewBox } from './types.js';

/** How the data box meets the plot area: grow the box (square pixels), shrink the area (square pixels), or stretch. */
export type AspectMode = 'expand-view' | 'shrink-plot' | 'stretch';

export interface PlotSpec extends Labels {
  width: number;
  height: number;
  /** The data box to show (before the aspect adjustment). */
  view: ViewBox;
  aspect: AspectMode;
  /** Font scale (default: 2 when the smaller side is at least 300 px, else 1). */
  font?: number;
  /** Draw numeric ticks on the axes (default true). */
  xTicks?: boolean;
  yTicks?: boolean;
  /** Fixed y tick values (instead of automatic ones). */
  yTickValues?: number[];
}

export interface PlotLayout {
  width: number;
  height: number;
  plot: Rect;
  view: ViewBox;
  font: number;
  xTicks: number[];
  yTicks: number[];
}

export const TICK_LENGTH = 5;
export const FRAME_COLOR: Color = hex('#555555');
export const TICK_TEXT: Color = hex('#333333');

export function defaultFont(width: number, height: number): number {
  const m = Math.min(width, height);
  return m >= 900 ? 3 : m >= 300 ? 2 : 1;
}

/**
 * Text that fits `maxWidth` pixels: the same size if it fits, else smaller but
 * never below 70 % of `size` (nor 1), and only then cut with an ellipsis.
 */
export function fitText(text: string, maxWidth: number, size: number): { text: string; size: number } {
  const width = textWidth(text);
  if (width * size <= maxWidth) return { text, size };
  const s = Math.max(1, 0.7 * size, Math.min(size, maxWidth / width));
  if (width * s <= maxWidth) return { text, size: s };
  const chars = [...text];
  while (chars.length > 1 && textWidth(chars.join('') + '…') * s > maxWidth) chars.pop();
  return { text: chars.join('') + '…', size: s };
}

const ticksFor = (lo: number, hi: number, px: number) => niceTicks(lo, hi, Math.max(2, Math.min(8, Math.round(px / 70))));

function step(ticks: number[]): number {
  return ticks.length > 1 ? ticks[1]! - ticks[0]! : Math.abs(ticks[0] ?? 1) || 1;
}

export function tickLabels(ticks: number[]): string[] {
  const s = step(ticks);
  return ticks.map((v) => formatTick(v, s));
}

/** Places the plot area and settles the data box it shows. */
export function layoutPlot(spec: PlotSpec): PlotLayout {
  const { width, height } = spec;
  const f = spec.font ?? defaultFont(width, height);
  const cap = capHeight(f);
  const showX = spec.xTicks !== false, showY = spec.yTicks !== false;
  const top = spec.title ? 10 + cap + 12 : 12;
  const bottom = 10 + (showX ? TICK_LENGTH + 5 + cap : 0) + (spec.xLabel ? 8 + cap : 0);
  const right = 14 + (showX ? Math.ceil(cap) : 0);
  const leftFor = (yt: number[]) =>
    10 + (spec.yLabel ? cap + 8 : 0) + (showY ? Math.max(0, ...tickLabels(yt).map((s) => textWidth(s) * f)) + 5 + TICK_LENGTH : 0);

  let left = 10;
  let layout: PlotLayout | null = null;
  for (let pass = 0; pass < 3; pass++) {
    let plot: Rect = { x: left, y: top, w: Math.max(10, width - left - right), h: Math.max(10, height - top - bottom) };
    let view = spec.view;
    if (spec.aspect === 'expand-view') view = fitAspect(view, plot.w / plot.h);
    else if (spec.aspect === 'shrink-plot') {
      const a = (view.xmax - view.xmin) / (view.ymax - view.ymin);
      if (plot.w / plot.h > a) { const w = plot.h * a; plot = { ...plot, x: plot.x + (plot.w - w) / 2, w }; }
      else { const h = plot.w / a; plot = { ...plot, y: plot.y + (plot.h - h) / 2, h }; }
    }
    const yTicks = showY ? spec.yTickValues ?? ticksFor(view.ymin, view.ymax, plot.h) : [];
    const xTicks = showX ? ticksFor(view.xmin, view.xmax, plot.w) : [];
    layout = { width, height, plot, view, font: f, xTicks, yTicks };
    const need = leftFor(yTicks);
    if (need <= plot.x) break;
    left = need;
  }
  return layout!;
}

/** Data → pixel mapping of a layout. */
export function mapper(l: PlotLayout): { px: (x: number) => number; py: (y: number) => number } {
  const { plot, view } = l;
  const sx = plot.w / (view.xmax - view.xmin), sy = plot.h / (view.ymax - view.ymin);
  return { px: (x) => plot.x + (x - view.xmin) * sx, py: (y) => plot.y + plot.h - (y - view.ymin) * sy };
}

/** Pixel coordinates of a polyline (dim 2 data pairs). */
export function toPixels(l: PlotLayout, xy: Float32Array): Float32Array {
  const { px, py } = mapper(l);
  const out = new Float32Array(xy.length);
  for (let i = 0; i + 1 < xy.length; i += 2) { out[i] = px(xy[i]!); out[i + 1] = py(xy[i + 1]!); }
  return out;
}

/** Frame, ticks, tick labels, axis labels and title. */
export function drawAxes(s: Surface, l: PlotLayout, labels: Labels): void {
  const { plot, font: f } = l;
  const { px, py } = mapper(l);
  const cap = capHeight(f);
  s.setClip(null);
  s.strokeRect(plot.x, plot.y, plot.w, plot.h, FRAME_COLOR, 1, 'frame');
  const tickPaths: Float32Array[] = [];
  const xl = tickLabels(l.xTicks), yl = tickLabels(l.yTicks);
  l.xTicks.forEach((v, i) => {
    const x = Math.round(px(v)) + 0.5;
    tickPaths.push(Float32Array.of(x, plot.y + plot.h, x, plot.y + plot.h + TICK_LENGTH));
    s.text(xl[i]!, x, plot.y + plot.h + TICK_LENGTH + 5, { size: f, color: TICK_TEXT, anchor: 'middle', baseline: 'top' }, 'tick');
  });
  l.yTicks.forEach((v, i) => {
    const y = Math.round(py(v)) + 0.5;
    tickPaths.push(Float32Array.of(plot.x - TICK_LENGTH, y, plot.x, y));
    s.text(yl[i]!, plot.x - TICK_LENGTH - 5, y, { size: f, color: TICK_TEXT, anchor: 'end', baseline: 'middle' }, 'tick');
  });
  if (tickPaths.length) s.polylines(tickPaths, 1, FRAME_COLOR, 'tick');
  if (labels.xLabel) {
    const y = plot.y + plot.h + (l.xTicks.length ? TICK_LENGTH + 5 + cap : 0) + 8;
    const t = fitText(labels.xLabel, l.width - 12, f);
    s.text(t.text, plot.x + plot.w / 2, y, { size: t.size, color: INK, anchor: 'middle', baseline: 'top' }, 'label');
  }
  if (labels.yLabel) {
    // Centred on the plot, so it has twice the room from the plot's middle to the nearer picture edge.
    const room = 2 * Math.min(plot.y + plot.h / 2, l.height - plot.y - plot.h / 2) - 8;
    const t = fitText(labels.yLabel, room, f);
    s.text(t.text, 10, plot.y + plot.h / 2, { size: t.size, color: INK, anchor: 'middle', baseline: 'top', rotate: -90 }, 'label');
  }
  if (labels.title) {
    const t = fitText(labels.title, l.width - 12, f);
    s.text(t.text, l.width / 2, 10, { size: t.size, color: INK, anchor: 'middle', baseline: 'top', bold: true }, 'title');
  }
}
