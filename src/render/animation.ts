/**
 * Animations (a layer's continuous deformation, a training film): frames of
 * one labelled point set with grid polylines and a classification line,
 * rendered as PNG frames or as one self-contained offline HTML player.
 *
 * View box (`fit`): 'near' (default) fits each frame to the frames around it,
 * a zoom that follows the data smoothly (NEAR_FRAMES each side, box sizes
 * averaged on a log scale, never cutting the frame's own points), so the first
 * frame is drawn at its own scale and the axes never jump; 'global' shows every frame in one box, the union
 * of all frames' content, so motion and scaling read as they are; 'phase' gives
 * each phase (frames sharing `phase`) its own box, for layers whose linear
 * phase stretches the data far beyond what the activation later squashes it
 * to; 'frame' fits every frame on its own (the axes' numbers then carry the
 * scale). 3-D and wider frames use one projection for the whole sequence
 * (orbit as given, or PCA of all frames' points pooled), so the camera is still.
 *
 * The player carries the frames as data, not images: points, grid lines and
 * the line already in canvas pixels (quarter-pixel Int16, packed with the rest
 * of its data into one deflated block by frame-stream.ts), drawn by a few lines
 * of inline JS on a <canvas>; it has no external URL.
 */
import { encodePng } from './png-encode.js';
import { FrameStream, UNPACK_JS } from './frame-stream.js';
import { INK, classColors, toHex, type ClassColors } from './color.js';
import { clipLine, unionBox } from './geometry.js';
import { FRAME_COLOR, TICK_LENGTH, TICK_TEXT, mapper, tickLabels, toPixels, type PlotLayout } from './plot.js';
import { drawSceneWithAxes, rasterize, sceneLayout, sceneView, type Picture, type PictureOptions } from './pictures.js';
import { makeProjector, type Projector } from './projection.js';
import { DEFAULT_ORBIT, GRID_COLOR, autoRadius, buildScene, checkSource, gizmoArms, type Scene } from './scene.js';
import { capHeight } from './surface.js';
import { escapeXml } from './svg.js';
import type { Frame, FrameSequence, Labels, ViewBox } from './types.js';

export type FitMode = 'near' | 'global' | 'phase' | 'frame';

export interface AnimationOptions extends Omit<PictureOptions, 'view' | 'caption'> {
  /** How the view box follows the frames (default 'near'). */
  fit?: FitMode;
  /** One view box for every frame (overrides `fit`). */
  view?: ViewBox;
  /** Player speed in frames per second (default 12). */
  fps?: number;
}

/** The text shown with a frame: its phase and t, and its caption. */
export function frameLabel(f: Frame, index: number, count: number): string {
  const parts: string[] = [];
  if (f.phase !== undefined) parts.push(f.phase);
  if (f.t !== undefined) parts.push(`t = ${f.t.toFixed(2)}`);
  if (f.caption) parts.push(f.caption);
  return parts.length ? parts.join('  ') : `frame ${index + 1}/${count}`;
}

interface PreparedSequence {
  width: number;
  height: number;
  labels: Labels;
  colors: ClassColors;
  scenes: Scene[];
  views: ViewBox[];
  projector: Projector | null;
}

const MAX_PCA_SAMPLE = 20000;

function prepare(seq: FrameSequence, options: AnimationOptions, what: string): PreparedSequence {
  const width = options.width ?? 600, height = options.height ?? 600;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 40 && height >= 40 && width <= 8192 && height <= 8192)) {
    throw new Error(`${what}: image sides must be integers in 40…8192, got ${width}×${height}`);
  }
  if (seq.frames.length === 0) throw new Error(`${what}: the sequence has no frames`);
  const { dim, labels, classes } = seq;
  seq.frames.forEach((f, i) => checkSource({ dim, coords: f.points, labels, classes, grid: f.polylines, hyperplane: f.hyperplane }, `${what}: frame ${i}`));
  let projector: Projector | null = null;
  if (dim >= 3) {
    const p = options.projection ?? (dim === 3 ? DEFAULT_ORBIT : { kind: 'pca' as const });
    if (p.kind === 'pca') {
      // Pool the frames' points (evenly thinned) so one set of components serves the whole film.
      const n = labels.length, F = seq.frames.length;
      const every = Math.max(1, Math.ceil((n * F) / MAX_PCA_SAMPLE));
      const rows: number[] = [];
      for (let k = 0, j = 0; k < F; k++) {
        for (let i = 0; i < n; i++, j++) {
          if (j % every) continue;
          for (let d = 0; d < dim; d++) rows.push(seq.frames[k]!.points[i * dim + d]!);
        }
      }
      projector = makeProjector(p, dim, Float32Array.from(rows));
    } else {
      projector = makeProjector(p, dim);
    }
  }
  const scenes = seq.frames.map((f) => buildScene({ dim, coords: f.points, labels, classes, grid: f.polylines, hyperplane: f.hyperplane }, projector));
  const margin = options.margin ?? 0.06;
  const fitted = (b: ViewBox) => sceneView({ ...scenes[0]!, bounds: b }, { margin });
  let views: ViewBox[];
  if (options.view) views = scenes.map(() => options.view!);
  else if ((options.fit ?? 'near') === 'near') views = nearViews(scenes.map((s) => s.bounds)).map(fitted);
  else if (options.fit === 'frame') views = scenes.map((s) => fitted(s.bounds));
  else if (options.fit === 'phase') {
    const byPhase = new Map<string, ViewBox>();
    seq.frames.forEach((f, i) => {
      const key = f.phase ?? '';
      const b = byPhase.get(key);
      byPhase.set(key, b ? unionBox(b, scenes[i]!.bounds) : scenes[i]!.bounds);
    });
    views = seq.frames.map((f) => fitted(byPhase.get(f.phase ?? '')!));
  } else {
    const all = scenes.slice(1).reduce((b, s) => unionBox(b, s.bounds), scenes[0]!.bounds);
    views = scenes.map(() => fitted(all));
  }
  return { width, height, labels: { title: seq.title, xLabel: seq.xLabel, yLabel: seq.yLabel }, colors: classColors(classes, options.palette), scenes, views, projector };
}

/** Frames on each side whose boxes a frame's view averages ('near'). */
const NEAR_FRAMES = 2;

/**
 * Views that follow the frames smoothly: each frame's box centre and the log of
 * its half-sizes averaged over NEAR_FRAMES on each side, then widened to hold
 * the frame's own box. Log sizes make a zoom by ×10 over a phase read as even steps.
 */
export function nearViews(boxes: readonly ViewBox[]): ViewBox[] {
  const tiny = 1e-9;
  const stats = boxes.map((b) => ({
    cx: (b.xmin + b.xmax) / 2, cy: (b.ymin + b.ymax) / 2,
    lx: Math.log(Math.max(tiny, (b.xmax - b.xmin) / 2)), ly: Math.log(Math.max(tiny, (b.ymax - b.ymin) / 2)),
  }));
  return boxes.map((own, i) => {
    const lo = Math.max(0, i - NEAR_FRAMES), hi = Math.min(boxes.length - 1, i + NEAR_FRAMES);
    let cx = 0, cy = 0, lx = 0, ly = 0;
    for (let j = lo; j <= hi; j++) { cx += stats[j]!.cx; cy += stats[j]!.cy; lx += stats[j]!.lx; ly += stats[j]!.ly; }
    const n = hi - lo + 1, hx = Math.exp(lx / n), hy = Math.exp(ly / n);
    return unionBox({ xmin: cx / n - hx, xmax: cx / n + hx, ymin: cy / n - hy, ymax: cy / n + hy }, own);
  });
}

function framePictureOf(p: PreparedSequence, seq: FrameSequence, i: number, options: AnimationOptions): Picture {
  const caption = frameLabel(seq.frames[i]!, i, seq.frames.length);
  return {
    width: p.width, height: p.height,
    draw: (s) => void drawSceneWithAxes(s, p.width, p.height, p.scenes[i]!, p.views[i]!, p.labels, { ...options, view: undefined, caption }),
  };
}

/** Frame `index` of a sequence as a picture (same view box rules as the whole sequence). */
export function framePicture(seq: FrameSequence, index: number, options: AnimationOptions = {}): Picture {
  if (!(Number.isInteger(index) && index >= 0 && index < seq.frames.length)) throw new Error(`framePicture: index ${index} is outside 0…${seq.frames.length - 1}`);
  return framePictureOf(prepare(seq, options, 'framePicture'), seq, index, options);
}

/** Every frame of a sequence as PNG bytes. */
export function animationPngFrames(seq: FrameSequence, options: AnimationOptions = {}): Uint8Array[] {
  const p = prepare(seq, options, 'animationPngFrames');
  return seq.frames.map((_, i) => {
    const c = rasterize(framePictureOf(p, seq, i, options));
    return encodePng(c.width, c.height, c.data);
  });
}

interface LayoutJson {
  plot: [number, number, number, number];
  xt: [number, string][];
  yt: [number, string][];
  xl?: string;
  yl?: string;
  gizmo?: [number, number, number, number, string | null, number, number][];
}

function layoutJson(l: PlotLayout, names: Labels, projector: Projector | null): LayoutJson {
  const { px, py } = mapper(l);
  const xl = tickLabels(l.xTicks), yl = tickLabels(l.yTicks);
  const r = (v: number) => Math.round(v * 100) / 100;
  const out: LayoutJson = {
    plot: [r(l.plot.x), r(l.plot.y), r(l.plot.w), r(l.plot.h)],
    xt: l.xTicks.map((v, i) => [r(px(v)), xl[i]!]),
    yt: l.yTicks.map((v, i) => [r(py(v)), yl[i]!]),
  };
  if (names.xLabel) out.xl = names.xLabel;
  if (names.yLabel) out.yl = names.yLabel;
  if (projector && projector.axisNames[0] === 'u') out.gizmo = gizmoArms(l, projector).map((a) => [r(a.x0), r(a.y0), r(a.x1), r(a.y1), a.label, r(a.lx), r(a.ly)]);
  return out;
}

/**
 * One self-contained HTML file that plays the sequence: play/pause, a frame
 * slider, the frame's phase and t (or caption) beside it; space and the arrow
 * keys work too. No external URL, no external script or font.
 */
export function animationHtml(seq: FrameSequence, options: AnimationOptions = {}): string {
  const p = prepare(seq, options, 'animationHtml');
  const fps = options.fps ?? 12;
  if (!(fps > 0 && fps <= 120)) throw new Error(`animationHtml: fps must be in (0, 120], got ${fps}`);
  const n = seq.labels.length;
  if (n > 32767) throw new Error(`animationHtml: at most 32767 points, got ${n}`);
  const font = options.font;
  const stream = new FrameStream();
  const layouts: LayoutJson[] = [];
  const layoutKeys = new Map<string, number>();
  const frames = p.scenes.map((scene, i) => {
    const { layout, names } = sceneLayout(p.width, p.height, scene, p.views[i]!, p.labels, font);
    const lj = layoutJson(layout, names, p.projector);
    const key = JSON.stringify(lj);
    let L = layoutKeys.get(key);
    if (L === undefined) { L = layouts.length; layouts.push(lj); layoutKeys.set(key, L); }
    const { px, py } = mapper(layout);
    const pts = stream.length;
    for (let k = 0; k < n; k++) { stream.push(px(scene.xy[2 * k]!)); stream.push(py(scene.xy[2 * k + 1]!)); }
    const lines = [...scene.boxEdges, ...scene.lines].map((e) => toPixels(layout, e));
    const grid = stream.length;
    const lens = lines.map((line) => { for (const v of line) stream.push(v); return line.length / 2; });
    let order = -1, fog = -1;
    if (scene.order && scene.far) {
      order = stream.length;
      stream.pushOrder(scene.order);
      fog = stream.length;
      for (const f of scene.far) stream.pushInt(Math.round(f * 255));
    }
    let line: number[] | null = null;
    const h = scene.hyperplane;
    if (h && scene.dim === 2) {
      const seg = clipLine(h, layout.view);
      if (seg) line = Array.from(toPixels(layout, Float32Array.from(seg)), (v) => Math.round(v * 100) / 100);
    } else if (h && scene.dim === 1 && h.w[0]) {
      const x = px(-h.b / h.w[0]);
      line = [x, layout.plot.y, x, layout.plot.y + layout.plot.h].map((v) => Math.round(v * 100) / 100);
    }
    const plane = scene.plane ? Array.from(toPixels(layout, scene.plane), (v) => Math.round(v * 100) / 100) : null;
    return { L, pts, grid, lens, order, fog, line, plane, label: frameLabel(seq.frames[i]!, i, seq.frames.length), d: 0 };
  });
  stream.predict(frames);
  const l0 = sceneLayout(p.width, p.height, p.scenes[0]!, p.views[0]!, p.labels, font).layout;
  const radius = options.pointRadius ?? autoRadius(l0.plot.w, l0.plot.h, n);
  const labelBytes = new Uint8Array(n);
  seq.labels.forEach((k, i) => (labelBytes[i] = k));
  let labelBin = '';
  for (const b of labelBytes) labelBin += String.fromCharCode(b);
  const data = {
    w: p.width, h: p.height, n, fps, radius,
    font: l0.font, cap: capHeight(l0.font), tick: TICK_LENGTH,
    solid: p.colors.solid.map(toHex), outline: p.colors.outline.map(toHex),
    grid: `rgba(${GRID_COLOR.r},${GRID_COLOR.g},${GRID_COLOR.b},${GRID_COLOR.a})`,
    frame: toHex(FRAME_COLOR), tickText: toHex(TICK_TEXT), ink: toHex(INK),
    gridWidth: l0.font >= 2 ? 1.1 : 0.9,
    title: p.labels.title ?? '',
    layouts, frames, labels: btoa(labelBin),
  };
  const title = escapeXml(seq.title ?? 'Untangle animation');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>
body{font-family:system-ui,sans-serif;color:#222;margin:16px}
.untangle-player{display:inline-block}
.untangle-player canvas{display:block;border:1px solid #ddd}
.untangle-player .bar{display:flex;gap:10px;align-items:center;margin-top:8px}
.untangle-player input[type=range]{flex:1}
.untangle-player .label{font-variant-numeric:tabular-nums;min-width:16em}
</style></head>
<body>
<div class="untangle-player" data-frames="${frames.length}">
<canvas width="${p.width}" height="${p.height}"></canvas>
<div class="bar"><button type="button" class="play">Play</button>
<input class="slider" type="range" min="0" max="${frames.length - 1}" value="0" step="1" aria-label="frame">
<span class="label"></span></div>
<div class="count">${frames.length} frames</div>
</div>
<script id="untangle-data" type="application/octet-stream">${stream.pack(data)}</script>
<script>
${PLAYER_JS}
</script>
</body></html>
`;
}

/** The player: decodes the data once, draws frame i on the canvas. Browser-only, no dependencies. */
const PLAYER_JS = String.raw`(function () {
  var root = document.querySelector('.untangle-player');
  ${UNPACK_JS}
  return unpack(document.getElementById('untangle-data').textContent).then(function (unpacked) {
  var D = unpacked.D, Q = unpacked.Q;
  var lb = atob(D.labels), labels = new Uint8Array(lb.length);
  for (var i = 0; i < lb.length; i++) labels[i] = lb.charCodeAt(i);
  var canvas = root.querySelector('canvas'), ctx = canvas.getContext('2d');
  var slider = root.querySelector('.slider'), button = root.querySelector('.play'), label = root.querySelector('.label');
  var px = function (k) { return Q[k] === -32768 ? NaN : Q[k] / 4; };
  var fontPx = D.cap / 0.72;
  function hexToRgb(h) { var v = parseInt(h.slice(1), 16); return [(v >> 16) & 255, (v >> 8) & 255, v & 255]; }
  function fade(h, f) { var c = hexToRgb(h); return 'rgb(' + c.map(function (v) { return Math.round(v + (255 - v) * f); }).join(',') + ')'; }
  function text(s, x, y, align, base, color) {
    ctx.fillStyle = color; ctx.textAlign = align; ctx.textBaseline = base; ctx.fillText(s, x, y);
  }
  // Text that must fit maxW pixels: a smaller font when needed (the page never cuts a label).
  function fitted(s, x, y, align, base, color, maxW) {
    var w = ctx.measureText(s).width;
    if (w > maxW) { ctx.save(); ctx.font = ctx.font.replace(/[\d.]+px/, (fontPx * maxW / w) + 'px'); text(s, x, y, align, base, color); ctx.restore(); }
    else text(s, x, y, align, base, color);
    return Math.min(w, maxW);
  }
  function draw(i) {
    var F = D.frames[i], L = D.layouts[F.L], P = L.plot;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, D.w, D.h);
    ctx.font = fontPx + 'px system-ui, sans-serif';
    ctx.save(); ctx.beginPath(); ctx.rect(P[0], P[1], P[2], P[3]); ctx.clip();
    ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    if (F.plane) {
      ctx.beginPath();
      for (var k = 0; k < F.plane.length; k += 2) ctx[k ? 'lineTo' : 'moveTo'](F.plane[k], F.plane[k + 1]);
      ctx.closePath(); ctx.fillStyle = 'rgba(34,34,34,0.07)'; ctx.fill();
      ctx.strokeStyle = 'rgba(34,34,34,0.45)'; ctx.lineWidth = 1.2; ctx.stroke();
    }
    ctx.beginPath();
    var o = F.grid;
    for (var l = 0; l < F.lens.length; l++) {
      var pen = false;
      for (var k = 0; k < F.lens[l]; k++, o += 2) {
        var x = px(o), y = px(o + 1);
        if (x !== x || y !== y) { pen = false; continue; }
        if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        pen = true;
      }
    }
    ctx.strokeStyle = D.grid; ctx.lineWidth = D.gridWidth; ctx.stroke();
    if (F.line) {
      ctx.beginPath(); ctx.moveTo(F.line[0], F.line[1]); ctx.lineTo(F.line[2], F.line[3]);
      ctx.strokeStyle = D.ink; ctx.lineWidth = 2.2; ctx.stroke();
    }
    var r = D.radius, sw = r >= 2.5 ? Math.max(0.7, r * 0.28) : 0;
    ctx.lineWidth = sw;
    for (var j = 0; j < D.n; j++) {
      var p = F.order >= 0 ? Q[F.order + j] : j;
      var x = px(F.pts + 2 * p), y = px(F.pts + 2 * p + 1);
      if (x !== x || y !== y) continue;
      var f = F.fog >= 0 ? 0.5 * Q[F.fog + p] / 255 : 0, c = labels[p];
      ctx.beginPath(); ctx.arc(x, y, r - sw / 2, 0, 2 * Math.PI);
      ctx.fillStyle = fade(D.solid[c], f); ctx.fill();
      if (sw > 0) { ctx.strokeStyle = fade(D.outline[c], f); ctx.stroke(); }
    }
    if (L.gizmo) {
      ctx.beginPath();
      L.gizmo.forEach(function (a) { ctx.moveTo(a[0], a[1]); ctx.lineTo(a[2], a[3]); });
      ctx.strokeStyle = '#444'; ctx.lineWidth = 1.4; ctx.stroke();
      L.gizmo.forEach(function (a) { if (a[4]) text(a[4], a[5], a[6], 'center', 'middle', '#444'); });
    }
    var tw = Math.min(ctx.measureText(F.label).width, P[2] - 12);
    ctx.fillStyle = 'rgba(255,255,255,0.8)'; ctx.fillRect(P[0] + 3, P[1] + 3, tw + 6, fontPx * 1.25 + 6);
    fitted(F.label, P[0] + 6, P[1] + 6, 'left', 'top', D.ink, P[2] - 12);
    ctx.restore();
    ctx.strokeStyle = D.frame; ctx.lineWidth = 1; ctx.strokeRect(P[0] + 0.5, P[1] + 0.5, P[2] - 1, P[3] - 1);
    ctx.beginPath();
    L.xt.forEach(function (t) { ctx.moveTo(t[0], P[1] + P[3]); ctx.lineTo(t[0], P[1] + P[3] + D.tick); });
    L.yt.forEach(function (t) { ctx.moveTo(P[0] - D.tick, t[0]); ctx.lineTo(P[0], t[0]); });
    ctx.stroke();
    L.xt.forEach(function (t) { text(t[1], t[0], P[1] + P[3] + D.tick + 5, 'center', 'top', D.tickText); });
    L.yt.forEach(function (t) { text(t[1], P[0] - D.tick - 5, t[0], 'right', 'middle', D.tickText); });
    if (L.xl) fitted(L.xl, P[0] + P[2] / 2, P[1] + P[3] + (L.xt.length ? D.tick + 5 + D.cap : 0) + 8, 'center', 'top', D.ink, D.w - 12);
    if (L.yl) { ctx.save(); ctx.translate(10, P[1] + P[3] / 2); ctx.rotate(-Math.PI / 2); fitted(L.yl, 0, 0, 'center', 'top', D.ink, D.h - 12); ctx.restore(); }
    if (D.title) { ctx.save(); ctx.font = 'bold ' + ctx.font; fitted(D.title, D.w / 2, 10, 'center', 'top', D.ink, D.w - 12); ctx.restore(); }
    label.textContent = F.label + '  (' + (i + 1) + '/' + D.frames.length + ')';
    slider.value = String(i);
  }
  var current = 0, playing = false, last = 0;
  function tick(now) {
    if (!playing) return;
    if (now - last >= 1000 / D.fps) { last = now; current = (current + 1) % D.frames.length; draw(current); }
    requestAnimationFrame(tick);
  }
  function setPlaying(on) {
    playing = on; button.textContent = on ? 'Pause' : 'Play';
    if (on) { last = performance.now(); requestAnimationFrame(tick); }
  }
  button.addEventListener('click', function () { setPlaying(!playing); });
  slider.addEventListener('input', function () { setPlaying(false); current = +slider.value; draw(current); });
  document.addEventListener('keydown', function (e) {
    if (e.key === ' ') { e.preventDefault(); setPlaying(!playing); }
    else if (e.key === 'ArrowRight') { setPlaying(false); current = Math.min(D.frames.length - 1, current + 1); draw(current); }
    else if (e.key === 'ArrowLeft') { setPlaying(false); current = Math.max(0, current - 1); draw(current); }
  });
  draw(0);
  });
})();`;
