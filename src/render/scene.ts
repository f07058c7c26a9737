/**
 * A representation made ready to draw: points (and grid, hyperplane) brought
 * to two screen dimensions — 1-D values get one row per class, 3-D and wider
 * points are projected — with their bounds, then drawn into a laid-out plot.
 */
import { INK, WHITE, hex, mix, withAlpha, type ClassColors, type Color } from './color.js';
import { boundsOf, clipLine, planeInBox, type Box3 } from './geometry.js';
import { fitText, mapper, toPixels, type PlotLayout } from './plot.js';
import { makeProjector, projectPoints, type Projector } from './projection.js';
import { textWidth } from './font.js';
import type { Surface } from './surface.js';
import type { Hyperplane, Polylines, Projection, ViewBox } from './types.js';

export const DEFAULT_ORBIT: Projection = { kind: 'orbit', yaw: -0.6, pitch: 0.45 };
export const GRID_COLOR: Color = hex('#6f6f6f', 0.55);

/** What a scene is made from (a representation or one animation frame). */
export interface SceneSource {
  dim: number;
  coords: Float32Array;
  labels: Int32Array;
  classes: number;
  grid?: Polylines;
  hyperplane?: Hyperplane;
}

export interface Scene {
  dim: number;
  n: number;
  labels: Int32Array;
  classes: number;
  /** n × 2 screen coordinates in data units. */
  xy: Float32Array;
  /** Drawing order, back to front (null: data order). */
  order: Int32Array | null;
  /** 0 (near) … 1 (far) per point, for depth fading (null in 1-D and 2-D). */
  far: Float32Array | null;
  /** Grid polylines in screen coordinates; in 1-D, short ticks at the grid vertices. */
  lines: Float32Array[];
  /** 1-D and 2-D: the hyperplane, clipped when drawn. */
  hyperplane: Hyperplane | null;
  /** 3-D: the plane inside the data's box, projected (x, y pairs). */
  plane: Float32Array | null;
  /** 3-D without a grid: the data box's edges, projected. */
  boxEdges: Float32Array[];
  projector: Projector | null;
  /** Bounds of everything drawn. */
  bounds: ViewBox;
}

/** 1-D layout: class k's row sits at rowY(k) (between −0.5 and 0.5), grid ticks near the bottom. */
export const ROWS_1D = { lo: -1, hi: 1, ticksFrom: -0.95, ticksTo: -0.78 };

function rowY(k: number, classes: number): number {
  return classes <= 1 ? 0 : 0.5 - k / (classes - 1);
}

/** A stable pseudo-random jitter in [−1, 1] for point i. */
function jitter(i: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return ((h ^ (h >>> 13)) >>> 0) / 2 ** 31 - 1;
}

/** The projector a source of this width needs (null for 1-D and 2-D). */
export function projectorFor(dim: number, projection: Projection | undefined, sample: Float32Array): Projector | null {
  if (dim <= 2) return null;
  const p = projection ?? (dim === 3 ? DEFAULT_ORBIT : { kind: 'pca' as const });
  return makeProjector(p, dim, sample);
}

export function checkSource(src: SceneSource, what: string): void {
  const { dim, coords, labels, classes } = src;
  if (!(Number.isInteger(dim) && dim >= 1)) throw new Error(`${what}: dim must be a positive integer, got ${dim}`);
  if (coords.length !== labels.length * dim) throw new Error(`${what}: ${labels.length} labels need ${labels.length * dim} coordinates (dim ${dim}), got ${coords.length}`);
  if (!(Number.isInteger(classes) && classes >= 1)) throw new Error(`${what}: classes must be a positive integer, got ${classes}`);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (!(y >= 0 && y < classes)) throw new Error(`${what}: label ${y} of point ${i} is outside 0…${classes - 1}`);
  }
  for (const [k, line] of (src.grid ?? []).entries()) {
    if (line.length % dim !== 0) throw new Error(`${what}: grid polyline ${k} has ${line.length} values, not a multiple of dim ${dim}`);
  }
  if (src.hyperplane && src.hyperplane.w.length !== dim) throw new Error(`${what}: the hyperplane has ${src.hyperplane.w.length} weights for ${dim}-D points`);
}

/** Brings a source to screen coordinates (`projector` is required for dim ≥ 3). */
export function buildScene(src: SceneSource, projector: Projector | null): Scene {
  const { dim, coords, labels, classes } = src;
  const n = labels.length;
  const grid = src.grid ?? [];
  let xy: Float32Array, order: Int32Array | null = null, far: Float32Array | null = null;
  let lines: Float32Array[] = [], plane: Float32Array | null = null, boxEdges: Float32Array[] = [];
  let hyperplane: Hyperplane | null = src.hyperplane ?? null;
  if (dim === 1) {
    xy = new Float32Array(2 * n);
    const spread = classes <= 1 ? 0.35 : Math.min(0.35, 0.45 / (classes - 1));
    for (let i = 0; i < n; i++) { xy[2 * i] = coords[i]!; xy[2 * i + 1] = rowY(labels[i]!, classes) + spread * 0.5 * jitter(i); }
    for (const line of grid) {
      const stepBy = Math.max(1, Math.ceil(line.length / 60));
      for (let j = 0; j < line.length; j += stepBy) lines.push(Float32Array.of(line[j]!, ROWS_1D.ticksFrom, line[j]!, ROWS_1D.ticksTo));
    }
  } else if (dim === 2) {
    xy = coords;
    lines = grid.slice();
  } else {
    if (!projector) throw new Error('scene: 3-D and wider points need a projector');
    const pr = projectPoints(projector, coords);
    xy = pr.uv;
    order = Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => pr.depth[b]! - pr.depth[a]!));
    let dmin = Infinity, dmax = -Infinity;
    for (const d of pr.depth) { if (d < dmin) dmin = d; if (d > dmax) dmax = d; }
    far = pr.depth.map((d) => (dmax > dmin ? (d - dmin) / (dmax - dmin) : 0));
    lines = grid.map((line) => projectPoints(projector, line).uv);
    hyperplane = null;
    if (dim === 3) {
      const box = box3Of(coords);
      if (src.hyperplane && box) {
        const poly = planeInBox(src.hyperplane, box);
        if (poly.length) plane = projectPoints(projector, poly).uv;
      }
      if (grid.length === 0 && box) boxEdges = boxEdgeLines(box).map((e) => projectPoints(projector, e).uv);
    }
  }
  const parts = [xy, ...lines, ...boxEdges];
  if (plane) parts.push(plane);
  let bounds = boundsOf(parts) ?? { xmin: -1, xmax: 1, ymin: -1, ymax: 1 };
  if (dim === 1) bounds = { ...bounds, ymin: ROWS_1D.lo, ymax: ROWS_1D.hi };
  return { dim, n, labels, classes, xy, order, far, lines, hyperplane, plane, boxEdges, projector, bounds };
}

function box3Of(coords: Float32Array): Box3 | null {
  const min: [number, number, number] = [Infinity, Infinity, Infinity], max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 2 < coords.length; i += 3) {
    for (let d = 0; d < 3; d++) {
      const v = coords[i + d]!;
      if (!Number.isFinite(v)) continue;
      if (v < min[d]!) min[d] = v;
      if (v > max[d]!) max[d] = v;
    }
  }
  return min[0] <= max[0] ? { min, max } : null;
}

function boxEdgeLines(b: Box3): Float32Array[] {
  const c = (i: number) => [0, 1, 2].map((d) => ((i >> d) & 1 ? b.max[d]! : b.min[d]!));
  const out: Float32Array[] = [];
  for (let i = 0; i < 8; i++) for (let d = 0; d < 3; d++) if (!(i & (1 << d))) out.push(Float32Array.from([...c(i), ...c(i | (1 << d))]));
  return out;
}

export interface SceneStyle {
  colors: ClassColors;
  /** Point radius in pixels (default from the plot size and point count). */
  pointRadius?: number;
  /** Text drawn in the plot's top-left corner (e.g. the frame's phase and t). */
  caption?: string;
}

/** Default point radius for n points in a plot area. */
export function autoRadius(plotW: number, plotH: number, n: number): number {
  const base = Math.max(1.8, Math.min(4.5, Math.min(plotW, plotH) / 100));
  return n > 400 ? Math.max(base * 0.45, base * Math.sqrt(400 / n)) : base;
}

/** Width of a point's darker outline: none on small points, where it would swamp the colour. */
export function outlineWidth(r: number): number {
  return r >= 2.5 ? Math.max(0.7, r * 0.28) : 0;
}

/** Draws a scene's content inside the plot area (the axes are drawn separately). */
export function drawScene(s: Surface, l: PlotLayout, scene: Scene, style: SceneStyle): void {
  const { plot, view } = l;
  const { px, py } = mapper(l);
  s.setClip(plot);
  if (scene.plane) s.polygon(toPixels(l, scene.plane), withAlpha(INK, 0.07), withAlpha(INK, 0.45), 1.2, 'plane');
  if (scene.boxEdges.length) s.polylines(scene.boxEdges.map((e) => toPixels(l, e)), 1, hex('#9a9a9a', 0.6), 'box');
  if (scene.lines.length) s.polylines(scene.lines.map((e) => toPixels(l, e)), l.font >= 2 ? 1.1 : 0.9, GRID_COLOR, 'grid');
  const h = scene.hyperplane;
  if (h && scene.dim === 2) {
    const seg = clipLine(h, view);
    if (seg) s.polylines([toPixels(l, Float32Array.from(seg))], 2.2, INK, 'hyperplane');
  } else if (h && scene.dim === 1 && h.w[0]) {
    const x = -h.b / h.w[0];
    s.polylines([Float32Array.of(px(x), plot.y, px(x), plot.y + plot.h)], 2.2, INK, 'hyperplane');
  }
  const r = style.pointRadius ?? autoRadius(plot.w, scene.dim === 1 ? plot.w : plot.h, scene.n);
  const sw = outlineWidth(r);
  const { solid, outline } = style.colors;
  for (let j = 0; j < scene.n; j++) {
    const i = scene.order ? scene.order[j]! : j;
    const x = scene.xy[2 * i]!, y = scene.xy[2 * i + 1]!;
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    const k = scene.labels[i]!;
    let fill = solid[k]!, edge = outline[k]!;
    if (scene.far) {
      const fade = 0.5 * scene.far[i]!;
      fill = mix(fill, WHITE, fade); edge = mix(edge, WHITE, fade);
    }
    s.circle(px(x), py(y), r, fill, sw > 0 ? edge : undefined, sw, 'point');
  }
  if (scene.projector && scene.projector.axisNames[0] === 'u') drawGizmo(s, l, scene.projector);
  if (style.caption) drawCaption(s, l, style.caption);
  s.setClip(null);
}

/** Text in the plot's top-left corner on a pale backdrop, so it stays legible over data. */
export function drawCaption(s: Surface, l: PlotLayout, caption: string): void {
  const x = l.plot.x + 6, y = l.plot.y + 6, pad = 3;
  const t = fitText(caption, l.plot.w - 12, l.font);
  s.fillRect(x - pad, y - pad, textWidth(t.text) * t.size + 2 * pad, 9 * t.size + 2 * pad, withAlpha(WHITE, 0.8), 'caption-bg');
  s.text(t.text, x, y, { size: t.size, color: INK, anchor: 'start', baseline: 'top' }, 'caption');
}

export interface GizmoArm {
  /** Arm from (x0, y0) to (x1, y1) in pixels. */
  x0: number; y0: number; x1: number; y1: number;
  /** Axis name and where it goes (null when the arm points at the viewer). */
  label: string | null; lx: number; ly: number;
}

/** The x, y, z directions of an orbit view, placed in the plot's bottom-left corner. */
export function gizmoArms(l: PlotLayout, p: Projector): GizmoArm[] {
  const len = 9 * l.font + 8;
  const ox = l.plot.x + len + 10, oy = l.plot.y + l.plot.h - len - 10;
  return ['x₁', 'x₂', 'x₃'].map((name, d) => {
    const u = p.basis[0][d]!, v = p.basis[1][d]!;
    const reach = len + 4 + 3 * l.font;
    return { x0: ox, y0: oy, x1: ox + u * len, y1: oy - v * len, label: Math.hypot(u, v) > 0.2 ? name : null, lx: ox + u * reach, ly: oy - v * reach };
  });
}

export const GIZMO_COLOR: Color = hex('#444444');

function drawGizmo(s: Surface, l: PlotLayout, p: Projector): void {
  const arms = gizmoArms(l, p);
  s.polylines(arms.map((a) => Float32Array.of(a.x0, a.y0, a.x1, a.y1)), 1.4, GIZMO_COLOR, 'gizmo');
  for (const a of arms) if (a.label) s.text(a.label, a.lx, a.ly, { size: l.font, color: GIZMO_COLOR, anchor: 'middle', baseline: 'middle' }, 'gizmo');
}
