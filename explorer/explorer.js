/**
 * Untangle explorer: trains a small network in the page (wasm SIMD core, via
 * the browser bundle) and draws, live, the decision regions in input space and
 * any layer's representation of the data with its deformed coordinate grid and
 * the final classification line; below, per-layer topology facts.
 *
 * Plain ES module, no build step: open explorer/index.html over HTTP with
 * dist/ beside explorer/ (the bundle fetches its wasm relative to itself).
 */
import * as U from '../dist/untangle.browser.js';

// ---------------------------------------------------------------------------
// Constants

/** Class colours (the report's palette: blue, orange, …). */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9'];
const PALETTE_RGB = PALETTE.map(hexToRgb);
const INK = '#222';
const FRAME = '#888';
const GRID_INK = 'rgba(70, 70, 70, 0.42)';
const BOUNDARY_INK = '#1d1d1d';
const CANVAS_SIZE = 440;
const MARGIN = { left: 46, right: 12, top: 16, bottom: 42 }; // a square plot area
/** Samples per axis of the decision-region image (predicted every frame). */
const REGION_RES = 64;
/** Samples of the 1-D probability curve. */
const CURVE_RES = 240;
/** Milliseconds of training per animation frame at most (keeps the page responsive). */
const STEP_BUDGET_MS = 14;
/** Betti numbers: at most this many points per class, and how often while training. */
const BETTI_POINTS = 250;
const FACTS_EVERY_MS = 1000;

const PRESETS = [
  { label: 'Two curves · 2', dataset: 'curves', layers: '2', activation: 'tanh', view: 1,
    note: 'The essay\'s first example: one tanh layer of two units bends the plane until a line separates the curves.' },
  { label: 'Spirals, 1 turn · 2,2,2,2', dataset: 'spirals', turns: 1, layers: '2,2,2,2', activation: 'tanh', view: 4,
    note: 'Slightly entangled spirals: four 2-unit tanh layers pull them apart until a line separates them.' },
  { label: 'Spirals, 2 turns · 2,2,2,2', dataset: 'spirals', turns: 2, layers: '2,2,2,2', activation: 'tanh', view: 4,
    note: 'More entangled spirals: the same narrow network struggles and usually fails.' },
  { label: 'Disk in annulus · 2', dataset: 'disk-annulus', layers: '2', activation: 'tanh', view: 1,
    note: 'A 2-unit tanh layer is a homeomorphism of the plane: the ring still surrounds the disk, so no line separates them.' },
  { label: 'Disk in annulus · 3', dataset: 'disk-annulus', layers: '3', activation: 'tanh', view: 1,
    note: 'A third dimension lets the layer lift the disk out of the ring; a plane then separates them (drag to rotate).' },
  { label: 'Intervals (1-D) · 1', dataset: 'intervals-1d', layers: '1', activation: 'tanh', view: 1,
    note: 'One unit is monotone along the line: it cannot put the middle interval on one side and both ends on the other.' },
  { label: 'Intervals (1-D) · 2', dataset: 'intervals-1d', layers: '2', activation: 'tanh', view: 1,
    note: 'Two units bend the line into a curve in the plane, and a straight line cuts the middle off.' },
  { label: 'Spirals, 1 turn · 8,8', dataset: 'spirals', turns: 1, layers: '8,8', activation: 'tanh', view: 2,
    note: 'Wider layers make the task easy.' },
];

// ---------------------------------------------------------------------------
// DOM

const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`explorer: #${id} is missing from the page`);
  return el;
};
const ui = {
  presets: $('presets'), dataset: $('dataset'), turns: $('turns'), turnsValue: $('turns-value'), turnsRow: $('turns-row'),
  layers: $('layers'), activation: $('activation'), seed: $('seed'), lr: $('lr'), batch: $('batch'), speed: $('speed'),
  error: $('error'), train: $('train'), step: $('step'), reset: $('reset'),
  epoch: $('epoch'), loss: $('loss'), accuracy: $('accuracy'), status: $('status'),
  regions: $('regions'), regionsTitle: $('regions-title'), regionsCaption: $('regions-caption'),
  rep: $('rep-canvas'), view: $('view'), repCaption: $('rep-caption'),
  layerTable: $('layer-table'), repFacts: $('rep-facts'), footer: $('footer'), note: $('note'),
};

// ---------------------------------------------------------------------------
// State

const state = {
  engine: null,
  /** The settings the current model was built from. */
  built: null,
  data: null,
  model: null,
  trainer: null,
  /** Epochs trained by earlier trainers of this model (a batch-size change makes a new one). */
  epochOffset: 0,
  running: false,
  failed: null,
  /** Representation index the user picked, or null for the default (the last hidden layer). */
  chosenView: null,
  reps: null,
  regionGrid: null,
  /** Smoothed view box of the representation canvas, per view key. */
  viewBox: null,
  viewKey: '',
  /** Previous PCA basis, to keep its signs from flipping between frames. */
  pca: null,
  /** 3-D view angles (radians). */
  azimuth: -0.6,
  elevation: 0.45,
  factsAt: -Infinity,
  factsSlow: false,
  lastEval: null,
  frames: 0,
  rebuildTimer: 0,
};

// ---------------------------------------------------------------------------
// Settings

function readSettings() {
  const dataset = ui.dataset.value;
  const turns = Number(ui.turns.value);
  const text = ui.layers.value.trim();
  const hidden = text === '' ? [] : text.split(/[\s,]+/).filter((s) => s !== '').map(Number);
  if (hidden.some((u) => !Number.isInteger(u) || u < 1 || u > 256)) {
    throw new Error('hidden layers: whole numbers from 1 to 256, separated by commas');
  }
  if (hidden.length > 12) throw new Error('hidden layers: at most 12');
  const activation = ui.activation.value;
  const seed = Number(ui.seed.value);
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new Error('seed: a whole number ≥ 0');
  const learningRate = Number(ui.lr.value);
  if (!(Number.isFinite(learningRate) && learningRate > 0 && learningRate <= 10)) throw new Error('learning rate: a number in (0, 10]');
  const batchSize = Number(ui.batch.value);
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 4096)) throw new Error('batch size: a whole number from 1 to 4096');
  return { dataset, turns, hidden, activation, seed, learningRate, batchSize };
}

/** What the model and data depend on; learning rate and batch size can change under a live model. */
function modelKey(s) {
  return JSON.stringify([s.dataset, s.dataset === 'spirals' ? s.turns : null, s.hidden, s.activation, s.seed]);
}

function makeData(s) {
  switch (s.dataset) {
    case 'spirals': return U.spirals({ turns: s.turns, n: 500, seed: s.seed });
    case 'disk-annulus': return U.diskAnnulus({ seed: s.seed });
    case 'curves': return U.curves({ seed: s.seed });
    case 'intervals-1d': return U.intervals1d({ seed: s.seed });
    default: throw new Error(`unknown data set ${s.dataset}`);
  }
}

function showError(message) {
  ui.error.textContent = message ?? '';
}

// ---------------------------------------------------------------------------
// Building and training

function build(settings) {
  disposeModel();
  const data = makeData(settings);
  const model = U.Model.create(state.engine, {
    inputs: data.dim,
    layers: [...settings.hidden.map((units) => ({ units, activation: settings.activation })), { units: data.classes }],
    seed: settings.seed,
  });
  state.data = data;
  state.model = model;
  state.built = settings;
  state.epochOffset = 0;
  state.failed = null;
  state.trainer = newTrainer(settings);
  state.regionGrid = regionGrid(data);
  state.viewBox = null;
  state.pca = null;
  state.factsAt = -Infinity;
  state.factsSlow = false;
  fillViewSelect();
  renderAll(true);
}

function newTrainer(settings) {
  return new U.Trainer(state.model, state.data, {
    optimizer: 'adam', learningRate: settings.learningRate, batchSize: settings.batchSize, seed: settings.seed,
  });
}

function disposeModel() {
  state.trainer?.dispose();
  state.model?.dispose();
  state.trainer = null;
  state.model = null;
}

/** Brings the model in line with the controls; returns false when they are invalid. */
function sync() {
  let settings;
  try {
    settings = readSettings();
  } catch (e) {
    showError(e.message);
    return false;
  }
  showError('');
  if (!state.built || modelKey(settings) !== modelKey(state.built)) {
    build(settings);
    return true;
  }
  if (settings.batchSize !== state.built.batchSize) {
    state.epochOffset += state.trainer.epochs;
    state.trainer.dispose();
    state.built = settings;
    state.trainer = newTrainer(settings);
  } else if (settings.learningRate !== state.built.learningRate) {
    state.trainer.setLearningRate(settings.learningRate);
    state.built = settings;
  }
  return true;
}

function epochs() {
  return state.epochOffset + (state.trainer ? state.trainer.epochs : 0);
}

/** Runs optimiser steps; false when training failed (diverged). */
function trainSteps(count, budgetMs) {
  const end = performance.now() + budgetMs;
  try {
    for (let i = 0; i < count; i++) {
      state.trainer.step();
      if (performance.now() > end) break;
    }
    return true;
  } catch (e) {
    state.failed = e instanceof U.TrainingDivergedError
      ? `${e.message}. Lower the learning rate and press Reset.`
      : `training stopped: ${e.message}`;
    setRunning(false);
    return false;
  }
}

function setRunning(on) {
  state.running = on;
  ui.train.textContent = on ? 'Pause' : 'Train';
  document.body.dataset.state = on ? 'training' : 'paused';
  if (on) requestAnimationFrame(loop);
  else renderAll(true);
}

function loop() {
  if (!state.running) return;
  trainSteps(Number(ui.speed.value), STEP_BUDGET_MS);
  state.frames++;
  renderAll(false);
  if (state.running) requestAnimationFrame(loop);
}

// ---------------------------------------------------------------------------
// Rendering: the whole page

function renderAll(settled) {
  if (!state.model) return;
  const evaluation = state.model.evaluate(state.data);
  state.lastEval = evaluation;
  ui.epoch.textContent = String(epochs());
  ui.loss.textContent = Number.isFinite(evaluation.loss) ? evaluation.loss.toFixed(4) : '–';
  ui.accuracy.textContent = evaluation.accuracy.toFixed(3);
  if (state.failed) {
    ui.status.textContent = state.failed;
    ui.status.className = 'bad';
  } else {
    ui.status.textContent = state.running ? 'training…' : epochs() === 0 ? 'ready: press Train' : 'paused';
    ui.status.className = '';
  }
  drawRegions();
  state.reps = U.representations(state.model, state.data, state.data.dim === 1 ? { pointsPerLine: 161 } : { linesPerAxis: 17, pointsPerLine: 61 });
  drawRepresentation();
  if (settled || state.frames % 12 === 0) renderLayerTable();
  const now = performance.now();
  if (settled || (!state.factsSlow && now - state.factsAt > FACTS_EVERY_MS)) renderRepFacts();
}

// ---------------------------------------------------------------------------
// Plot geometry

function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function prepareCanvas(canvas) {
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const px = Math.round(CANVAS_SIZE * dpr);
  if (canvas.width !== px || canvas.height !== px) {
    canvas.width = px;
    canvas.height = px;
    canvas.style.width = `${CANVAS_SIZE}px`;
    canvas.style.height = `${CANVAS_SIZE}px`;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
  return ctx;
}

/** The plot rectangle and the data → pixel maps for a box; `equal` keeps one unit the same length on both axes. */
function plotMap(xmin, xmax, ymin, ymax, equal) {
  const rect = { x: MARGIN.left, y: MARGIN.top, w: CANVAS_SIZE - MARGIN.left - MARGIN.right, h: CANVAS_SIZE - MARGIN.top - MARGIN.bottom };
  if (!(xmax > xmin)) { xmin -= 0.5; xmax += 0.5; }
  if (!(ymax > ymin)) { ymin -= 0.5; ymax += 0.5; }
  if (equal) {
    const sx = (xmax - xmin) / rect.w, sy = (ymax - ymin) / rect.h;
    if (sx > sy) {
      const extra = (sx * rect.h - (ymax - ymin)) / 2;
      ymin -= extra; ymax += extra;
    } else {
      const extra = (sy * rect.w - (xmax - xmin)) / 2;
      xmin -= extra; xmax += extra;
    }
  }
  return {
    rect, xmin, xmax, ymin, ymax,
    X: (v) => rect.x + ((v - xmin) / (xmax - xmin)) * rect.w,
    Y: (v) => rect.y + (1 - (v - ymin) / (ymax - ymin)) * rect.h,
  };
}

function niceTicks(lo, hi, target = 5) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => span / s <= target + 0.5) ?? 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * span; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

/** v with the fewest decimals (≤ 4) that write every tick exactly. */
function tickLabel(v, ticks) {
  const scale = Math.max(...ticks.map(Math.abs), 1e-12);
  let digits = 0;
  while (digits < 4 && ticks.some((t) => Math.abs(Number(t.toFixed(digits)) - t) > 1e-9 * scale)) digits++;
  return (Math.abs(v) < 1e-9 * scale ? 0 : v).toFixed(digits).replace('-', '−');
}

/** Frame, ticks and axis names; `yTicks: false` leaves the y axis bare. */
function drawAxes(ctx, m, { xName = '', yName = '', xTicks = true, yTicks = true, yTickValues } = {}) {
  const { rect } = m;
  ctx.save();
  ctx.strokeStyle = FRAME;
  ctx.lineWidth = 1;
  ctx.strokeRect(rect.x + 0.5, rect.y + 0.5, rect.w - 1, rect.h - 1);
  ctx.fillStyle = '#444';
  ctx.font = '11px system-ui, sans-serif';
  ctx.beginPath();
  if (xTicks) {
    const ticks = niceTicks(m.xmin, m.xmax, 6);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of ticks) {
      const x = Math.round(m.X(t)) + 0.5;
      ctx.moveTo(x, rect.y + rect.h);
      ctx.lineTo(x, rect.y + rect.h + 4);
      ctx.fillText(tickLabel(t, ticks), x, rect.y + rect.h + 6);
    }
  }
  if (yTicks) {
    const ticks = yTickValues ?? niceTicks(m.ymin, m.ymax, 6);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks) {
      const y = Math.round(m.Y(t)) + 0.5;
      ctx.moveTo(rect.x, y);
      ctx.lineTo(rect.x - 4, y);
      ctx.fillText(tickLabel(t, ticks), rect.x - 6, y);
    }
  }
  ctx.stroke();
  ctx.fillStyle = '#333';
  ctx.font = 'italic 12px system-ui, sans-serif';
  if (xName) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xName, rect.x + rect.w, CANVAS_SIZE - 2);
  }
  if (yName) {
    ctx.save();
    ctx.translate(11, rect.y);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(yName, 0, 0);
    ctx.restore();
  }
  ctx.restore();
}

function clipToPlot(ctx, m) {
  ctx.beginPath();
  ctx.rect(m.rect.x, m.rect.y, m.rect.w, m.rect.h);
  ctx.clip();
}

function drawPoints(ctx, xy, labels, X, Y, radius = 3) {
  ctx.lineWidth = 0.8;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
  // Draw class by class, the later ones on top, interleaved enough to not hide a class.
  for (let i = 0; i < labels.length; i++) {
    ctx.beginPath();
    ctx.arc(X(xy[2 * i]), Y(xy[2 * i + 1]), radius, 0, 2 * Math.PI);
    ctx.fillStyle = PALETTE[labels[i] % PALETTE.length];
    ctx.fill();
    ctx.stroke();
  }
}

/** A small offscreen canvas holding an RGBA image of `n`×`n` pixels. */
function offscreen(n) {
  const c = document.createElement('canvas');
  c.width = n;
  c.height = n;
  return c;
}

/** Light tint of class k's colour: a = 0 is white, a = 1 the full colour. */
function tint(k, a) {
  const [r, g, b] = PALETTE_RGB[k % PALETTE_RGB.length];
  return [255 + (r - 255) * a, 255 + (g - 255) * a, 255 + (b - 255) * a];
}

// ---------------------------------------------------------------------------
// Decision regions (input space)

/** Sample points at the centres of an N×N grid of cells over the domain (row 0 at the top), or along the 1-D domain. */
function regionGrid(data) {
  const { min, max } = data.domain;
  if (data.dim === 1) {
    const x = new Float32Array(CURVE_RES);
    for (let i = 0; i < CURVE_RES; i++) x[i] = min[0] + ((max[0] - min[0]) * i) / (CURVE_RES - 1);
    return { x };
  }
  const N = REGION_RES;
  const x = new Float32Array(N * N * 2);
  for (let r = 0; r < N; r++) {
    for (let c = 0; c < N; c++) {
      const i = r * N + c;
      x[2 * i] = min[0] + ((max[0] - min[0]) * (c + 0.5)) / N;
      x[2 * i + 1] = max[1] - ((max[1] - min[1]) * (r + 0.5)) / N;
    }
  }
  return { x, image: offscreen(N) };
}

function drawRegions() {
  const ctx = prepareCanvas(ui.regions);
  if (state.data.dim === 1) drawCurve1d(ctx);
  else drawRegions2d(ctx);
}

function drawRegions2d(ctx) {
  const { data, model, regionGrid: grid } = state;
  const C = model.classes;
  const N = REGION_RES;
  const probs = model.predict(grid.x);
  const { min, max } = data.domain;
  const m = plotMap(min[0], max[0], min[1], max[1], true);
  // Region colours: the predicted class, stronger where the network is surer.
  const imgCtx = grid.image.getContext('2d');
  const img = imgCtx.createImageData(N, N);
  for (let i = 0; i < N * N; i++) {
    let k = 0;
    for (let j = 1; j < C; j++) if (probs[i * C + j] > probs[i * C + k]) k = j;
    const sure = (probs[i * C + k] - 1 / C) / (1 - 1 / C);
    const [r, g, b] = tint(k, 0.1 + 0.3 * sure);
    img.data.set([r, g, b, 255], 4 * i);
  }
  imgCtx.putImageData(img, 0, 0);
  const x0 = m.X(min[0]), x1 = m.X(max[0]), y0 = m.Y(max[1]), y1 = m.Y(min[1]);
  ctx.save();
  clipToPlot(ctx, m);
  ctx.fillStyle = '#fff';
  ctx.fillRect(m.rect.x, m.rect.y, m.rect.w, m.rect.h);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(grid.image, x0, y0, x1 - x0, y1 - y0);
  // The 50/50 line (two classes): marching squares on P(class 1) − ½ over the cell centres.
  if (C === 2) {
    const f = new Float32Array(N * N);
    for (let i = 0; i < N * N; i++) f[i] = probs[2 * i + 1] - 0.5;
    const cx = (c) => x0 + ((c + 0.5) / N) * (x1 - x0);
    const cy = (r) => y0 + ((r + 0.5) / N) * (y1 - y0);
    ctx.beginPath();
    marchingSquares(f, N, (ax, ay, bx, by) => {
      ctx.moveTo(cx(ax), cy(ay));
      ctx.lineTo(cx(bx), cy(by));
    });
    ctx.strokeStyle = BOUNDARY_INK;
    ctx.lineWidth = 1.6;
    ctx.stroke();
  }
  drawPoints(ctx, data.x, data.y, m.X, m.Y);
  ctx.restore();
  drawAxes(ctx, m, { xName: 'x₁', yName: 'x₂' });
  ui.regionsTitle.textContent = 'Input space: decision regions';
  ui.regionsCaption.textContent =
    'Background: the class the network predicts at each point (deeper colour = more confident); dark line: where it is 50/50. Dots: the training data.';
}

/** Zero contour of f (N×N, row-major) as segments in (column, row) units. */
function marchingSquares(f, N, segment) {
  const lerp = (a, b) => a / (a - b);
  for (let r = 0; r + 1 < N; r++) {
    for (let c = 0; c + 1 < N; c++) {
      const a = f[r * N + c], b = f[r * N + c + 1], d = f[(r + 1) * N + c], e = f[(r + 1) * N + c + 1];
      const pts = [];
      if ((a > 0) !== (b > 0)) pts.push([c + lerp(a, b), r]);
      if ((b > 0) !== (e > 0)) pts.push([c + 1, r + lerp(b, e)]);
      if ((d > 0) !== (e > 0)) pts.push([c + lerp(d, e), r + 1]);
      if ((a > 0) !== (d > 0)) pts.push([c, r + lerp(a, d)]);
      if (pts.length === 2) segment(pts[0][0], pts[0][1], pts[1][0], pts[1][1]);
      else if (pts.length === 4) {
        segment(pts[0][0], pts[0][1], pts[1][0], pts[1][1]);
        segment(pts[2][0], pts[2][1], pts[3][0], pts[3][1]);
      }
    }
  }
}

/** Small deterministic jitter in [−1, 1] for point i (no flicker between frames). */
function jitter(i) {
  let h = Math.imul(i + 1, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

function drawCurve1d(ctx) {
  const { data, model, regionGrid: grid } = state;
  const C = model.classes;
  const probs = model.predict(grid.x);
  const { min, max } = data.domain;
  const pad = 0.04 * (max[0] - min[0]);
  const m = plotMap(min[0] - pad, max[0] + pad, -0.08, 1.08, false);
  ctx.save();
  clipToPlot(ctx, m);
  // Background bands: the predicted class along the line.
  const n = grid.x.length;
  for (let i = 0; i < n; i++) {
    const p1 = probs[i * C + 1];
    const k = p1 > 0.5 ? 1 : 0;
    const sure = Math.abs(2 * p1 - 1);
    const [r, g, b] = tint(k, 0.12 + 0.3 * sure);
    const xa = i === 0 ? m.rect.x : m.X((grid.x[i - 1] + grid.x[i]) / 2);
    const xb = i === n - 1 ? m.rect.x + m.rect.w : m.X((grid.x[i] + grid.x[i + 1]) / 2);
    ctx.fillStyle = `rgb(${r | 0},${g | 0},${b | 0})`;
    ctx.fillRect(xa, m.rect.y, xb - xa + 0.6, m.rect.h);
  }
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = 'rgba(0,0,0,0.45)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(m.rect.x, m.Y(0.5));
  ctx.lineTo(m.rect.x + m.rect.w, m.Y(0.5));
  ctx.stroke();
  ctx.setLineDash([]);
  // Data: class 0 along P = 0, class 1 along P = 1, jittered a little.
  const xy = new Float32Array(data.n * 2);
  for (let i = 0; i < data.n; i++) {
    xy[2 * i] = data.x[i];
    xy[2 * i + 1] = data.y[i] + 0.035 * jitter(i);
  }
  drawPoints(ctx, xy, data.y, m.X, m.Y, 2.6);
  // P(class 1) along the line.
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const X = m.X(grid.x[i]), Y = m.Y(probs[i * C + 1]);
    if (i === 0) ctx.moveTo(X, Y);
    else ctx.lineTo(X, Y);
  }
  ctx.strokeStyle = BOUNDARY_INK;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.restore();
  drawAxes(ctx, m, { xName: 'x', yName: 'P(class 1)', yTickValues: [0, 0.25, 0.5, 0.75, 1] });
  ui.regionsTitle.textContent = 'Input line: probability of class 1';
  ui.regionsCaption.textContent =
    'The curve is the network\'s probability of class 1 (orange) along the input line; the background shows the predicted class. Dots: the data, class 0 drawn at 0, class 1 at 1.';
}

// ---------------------------------------------------------------------------
// Representations

function fillViewSelect() {
  const { model } = state;
  const L = model.layers.length;
  const keep = state.chosenView !== null && state.chosenView <= L ? state.chosenView : null;
  state.chosenView = keep;
  ui.view.replaceChildren();
  for (let i = 0; i <= L; i++) {
    const option = document.createElement('option');
    option.value = String(i);
    option.textContent = i === 0 ? 'input' : i === L ? `layer ${i} · output logits` : `layer ${i} · ${model.layers[i - 1].units} ${model.layers[i - 1].activation}`;
    ui.view.append(option);
  }
  ui.view.value = String(currentView());
}

/** The representation shown: the user's choice, else the last hidden layer (the input when there is none). */
function currentView() {
  if (state.chosenView !== null) return state.chosenView;
  return Math.max(0, state.model.layers.length - 1);
}

function drawRepresentation() {
  const ctx = prepareCanvas(ui.rep);
  const r = currentView();
  const reps = state.reps;
  const rep = reps.layers[r];
  const labels = reps.labels;
  const w = rep.width;
  ui.rep.classList.toggle('rotatable', w === 3);
  const L = state.model.layers.length;
  const what = r === 0 ? 'The data as the network receives it, with a coordinate grid over its domain.'
    : r === L ? `The output logits (layer ${r}): the grid is the input grid carried through the whole network.`
      : `Layer ${r}: ${w} ${rep.activation} unit${w === 1 ? '' : 's'}; the grid is the input grid carried through layer${r === 1 ? ' 1' : `s 1–${r}`}.`;
  let how = '';
  if (w === 1) how = drawRep1d(ctx, rep, labels);
  else if (w === 2) how = drawRep2d(ctx, rep, labels, r);
  else if (w === 3) how = drawRep3d(ctx, rep, labels, r);
  else how = drawRepPca(ctx, rep, labels, r);
  const line = rep.classifier
    ? (w <= 3 ? (r === L ? ' The dark line is where the two logits are equal.' : ` Only linear layers follow, so the final classifier is the dark ${w === 3 ? 'plane' : w === 1 ? 'cut' : 'line'}: the classes must be linearly separable here.`) : ' Only linear layers follow: the classes must be linearly separable here.')
    : ' Non-linear layers still follow, so the classes need not be linearly separable here yet.';
  ui.repCaption.textContent = `${what}${line}${how ? ` ${how}` : ''}`;
}

/** Bounding box of row-major pairs. */
function bbox2(...arrays) {
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i + 1 < a.length; i += 2) {
      const x = a[i], y = a[i + 1];
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      if (x < xmin) xmin = x;
      if (x > xmax) xmax = x;
      if (y < ymin) ymin = y;
      if (y > ymax) ymax = y;
    }
  }
  return { xmin, xmax, ymin, ymax };
}

/**
 * The view box for projected points and grid: the data's box, widened to take in the
 * grid but never more than half the data's extent on each side, eased between
 * frames so a training network does not make the picture jump.
 */
function viewBox(key, points, grid, exact) {
  const d = bbox2(points);
  let box;
  if (exact) box = exact;
  else {
    const g = bbox2(grid);
    const sx = Math.max(d.xmax - d.xmin, 1e-6), sy = Math.max(d.ymax - d.ymin, 1e-6);
    const s = Math.max(sx, sy);
    box = {
      xmin: Math.max(Math.min(d.xmin, g.xmin), d.xmin - 0.5 * s) - 0.07 * s,
      xmax: Math.min(Math.max(d.xmax, g.xmax), d.xmax + 0.5 * s) + 0.07 * s,
      ymin: Math.max(Math.min(d.ymin, g.ymin), d.ymin - 0.5 * s) - 0.07 * s,
      ymax: Math.min(Math.max(d.ymax, g.ymax), d.ymax + 0.5 * s) + 0.07 * s,
    };
  }
  const prev = state.viewKey === key ? state.viewBox : null;
  if (prev && state.running) {
    const ease = (a, b) => a + 0.2 * (b - a);
    box = {
      xmin: Math.min(ease(prev.xmin, box.xmin), d.xmin), xmax: Math.max(ease(prev.xmax, box.xmax), d.xmax),
      ymin: Math.min(ease(prev.ymin, box.ymin), d.ymin), ymax: Math.max(ease(prev.ymax, box.ymax), d.ymax),
    };
  }
  state.viewKey = key;
  state.viewBox = box;
  return box;
}

function drawGridLines(ctx, grid, lines, perLine, X, Y) {
  if (lines === 0) return;
  ctx.beginPath();
  for (let k = 0; k < lines; k++) {
    for (let j = 0; j < perLine; j++) {
      const i = k * perLine + j;
      const px = X(grid[2 * i]), py = Y(grid[2 * i + 1]);
      if (j === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
  }
  ctx.strokeStyle = GRID_INK;
  ctx.lineWidth = 0.8;
  ctx.stroke();
}

/** Faint class tints on either side of normal·h + offset = 0 over the plot (class 1 where positive). */
function drawHalfPlanes(ctx, m, normal, offset) {
  const f = (x, y) => normal[0] * x + normal[1] * y + offset;
  const corners = [[m.xmin, m.ymin], [m.xmax, m.ymin], [m.xmax, m.ymax], [m.xmin, m.ymax]];
  const colour = (k) => {
    const [r, g, b] = tint(k, 0.16);
    return `rgb(${r | 0},${g | 0},${b | 0})`;
  };
  ctx.fillStyle = colour(0);
  ctx.fillRect(m.rect.x, m.rect.y, m.rect.w, m.rect.h);
  // The positive side: the plot box clipped by the half-plane (Sutherland–Hodgman, one edge).
  const poly = [];
  for (let i = 0; i < 4; i++) {
    const p = corners[i], q = corners[(i + 1) % 4];
    const fp = f(p[0], p[1]), fq = f(q[0], q[1]);
    if (fp > 0) poly.push(p);
    if ((fp > 0) !== (fq > 0)) {
      const t = fp / (fp - fq);
      poly.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  if (poly.length < 3) return;
  ctx.beginPath();
  poly.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(m.X(x), m.Y(y)) : ctx.lineTo(m.X(x), m.Y(y))));
  ctx.closePath();
  ctx.fillStyle = colour(1);
  ctx.fill();
}

function drawRep2d(ctx, rep, labels, r) {
  const reps = state.reps;
  const d = reps.domain;
  const exact = r === 0 ? { xmin: d.min[0], xmax: d.max[0], ymin: d.min[1], ymax: d.max[1] } : null;
  const box = viewBox(`2d:${r}`, rep.points, rep.grid, exact);
  const m = plotMap(box.xmin, box.xmax, box.ymin, box.ymax, true);
  ctx.save();
  clipToPlot(ctx, m);
  const boundary = rep.classifier?.boundary;
  if (boundary) drawHalfPlanes(ctx, m, boundary.normal, boundary.offset);
  drawGridLines(ctx, rep.grid, reps.grid.lines, reps.grid.pointsPerLine, m.X, m.Y);
  if (boundary) {
    const seg = U.boundarySegment(boundary, { min: [m.xmin, m.ymin], max: [m.xmax, m.ymax] });
    if (seg) {
      ctx.beginPath();
      ctx.moveTo(m.X(seg[0]), m.Y(seg[1]));
      ctx.lineTo(m.X(seg[2]), m.Y(seg[3]));
      ctx.strokeStyle = BOUNDARY_INK;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
  }
  drawPoints(ctx, rep.points, labels, m.X, m.Y);
  ctx.restore();
  drawAxes(ctx, m, r === 0 ? { xName: 'x₁', yName: 'x₂' } : { xName: `neuron 1 of layer ${r}`, yName: `neuron 2 of layer ${r}` });
  return '';
}

function drawRep1d(ctx, rep, labels) {
  const reps = state.reps;
  const pts = rep.points;
  let lo = Infinity, hi = -Infinity;
  for (const v of pts) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const hasLine = state.data.dim === 1;
  if (hasLine) for (const v of rep.grid) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const span = Math.max(hi - lo, 1e-6);
  const key = `1d:${rep.layer}`;
  let box = { xmin: lo - 0.07 * span, xmax: hi + 0.07 * span, ymin: -1, ymax: 1 };
  const prev = state.viewKey === key ? state.viewBox : null;
  if (prev && state.running) box = { ...box, xmin: Math.min(prev.xmin + 0.2 * (box.xmin - prev.xmin), lo), xmax: Math.max(prev.xmax + 0.2 * (box.xmax - prev.xmax), hi) };
  state.viewKey = key;
  state.viewBox = box;
  const m = plotMap(box.xmin, box.xmax, -1, 1, false);
  ctx.save();
  clipToPlot(ctx, m);
  const boundary = rep.classifier?.boundary;
  const cut = boundary && boundary.normal[0] !== 0 ? -boundary.offset / boundary.normal[0] : null;
  if (cut !== null) {
    const xc = Math.min(Math.max(m.X(cut), m.rect.x), m.rect.x + m.rect.w);
    const positiveRight = boundary.normal[0] > 0;
    const [lr, lg, lb] = tint(positiveRight ? 0 : 1, 0.16);
    const [rr, rg, rb] = tint(positiveRight ? 1 : 0, 0.16);
    ctx.fillStyle = `rgb(${lr | 0},${lg | 0},${lb | 0})`;
    ctx.fillRect(m.rect.x, m.rect.y, xc - m.rect.x, m.rect.h);
    ctx.fillStyle = `rgb(${rr | 0},${rg | 0},${rb | 0})`;
    ctx.fillRect(xc, m.rect.y, m.rect.x + m.rect.w - xc, m.rect.h);
  }
  // The line itself, with the images of evenly spaced inputs as ticks: where they crowd, the layer squeezes.
  ctx.strokeStyle = GRID_INK;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(m.rect.x, m.Y(0));
  ctx.lineTo(m.rect.x + m.rect.w, m.Y(0));
  if (hasLine) {
    const P = reps.grid.pointsPerLine;
    for (let j = 0; j < P; j += 8) {
      const x = m.X(rep.grid[j]);
      ctx.moveTo(x, m.Y(0) - 6);
      ctx.lineTo(x, m.Y(0) + 6);
    }
  }
  ctx.stroke();
  if (cut !== null) {
    ctx.beginPath();
    ctx.moveTo(m.X(cut), m.rect.y);
    ctx.lineTo(m.X(cut), m.rect.y + m.rect.h);
    ctx.strokeStyle = BOUNDARY_INK;
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  const xy = new Float32Array(labels.length * 2);
  for (let i = 0; i < labels.length; i++) {
    xy[2 * i] = pts[i];
    xy[2 * i + 1] = (labels[i] === 0 ? 0.45 : -0.45) + 0.2 * jitter(i);
  }
  drawPoints(ctx, xy, labels, m.X, m.Y, 2.6);
  ctx.restore();
  drawAxes(ctx, m, { xName: rep.layer === 0 ? 'x' : `neuron 1 of layer ${rep.layer}`, yTicks: false });
  return 'One dimension: the classes are drawn apart vertically only to be seen; ticks on the line mark evenly spaced inputs.';
}

// --- 3-D: an orthographic view, rotated by dragging -----------------------

function projector3(az, el, centre) {
  const ca = Math.cos(az), sa = Math.sin(az), ce = Math.cos(el), se = Math.sin(el);
  return (x, y, z) => {
    x -= centre[0]; y -= centre[1]; z -= centre[2];
    const x1 = ca * x + sa * y, y1 = -sa * x + ca * y;
    return [x1, z * ce + y1 * se];
  };
}

function project3(array, proj) {
  const n = array.length / 3;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const [X, Y] = proj(array[3 * i], array[3 * i + 1], array[3 * i + 2]);
    out[2 * i] = X;
    out[2 * i + 1] = Y;
  }
  return out;
}

/** Corners of the polygon where the plane n·h + c = 0 cuts the box [lo, hi]³. */
function planeInBox(normal, offset, lo, hi) {
  const pts = [];
  const corner = (b) => [0, 1, 2].map((a) => ((b >> a) & 1 ? hi[a] : lo[a]));
  for (let b = 0; b < 8; b++) {
    for (let a = 0; a < 3; a++) {
      if ((b >> a) & 1) continue;
      const p = corner(b), q = corner(b | (1 << a));
      const fp = normal[0] * p[0] + normal[1] * p[1] + normal[2] * p[2] + offset;
      const fq = normal[0] * q[0] + normal[1] * q[1] + normal[2] * q[2] + offset;
      if ((fp > 0) === (fq > 0)) continue;
      const t = fp / (fp - fq);
      pts.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), p[2] + t * (q[2] - p[2])]);
    }
  }
  return pts;
}

function drawRep3d(ctx, rep, labels, r) {
  const reps = state.reps;
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < rep.points.length; i++) {
    const a = i % 3;
    if (rep.points[i] < lo[a]) lo[a] = rep.points[i];
    if (rep.points[i] > hi[a]) hi[a] = rep.points[i];
  }
  const centre = lo.map((l, a) => (l + hi[a]) / 2);
  const proj = projector3(state.azimuth, state.elevation, centre);
  const points = project3(rep.points, proj);
  const grid = project3(rep.grid, proj);
  const box = viewBox(`3d:${r}`, points, grid, null);
  const m = plotMap(box.xmin, box.xmax, box.ymin, box.ymax, true);
  ctx.save();
  clipToPlot(ctx, m);
  drawGridLines(ctx, grid, reps.grid.lines, reps.grid.pointsPerLine, m.X, m.Y);
  const boundary = rep.classifier?.boundary;
  if (boundary) {
    const pad = hi.map((h, a) => 0.08 * (h - lo[a] || 1));
    const poly = planeInBox(boundary.normal, boundary.offset, lo.map((l, a) => l - pad[a]), hi.map((h, a) => h + pad[a]))
      .map((p) => proj(p[0], p[1], p[2]));
    if (poly.length >= 3) {
      const cx = poly.reduce((s, p) => s + p[0], 0) / poly.length, cy = poly.reduce((s, p) => s + p[1], 0) / poly.length;
      poly.sort((p, q) => Math.atan2(p[1] - cy, p[0] - cx) - Math.atan2(q[1] - cy, q[0] - cx));
      ctx.beginPath();
      poly.forEach((p, i) => (i === 0 ? ctx.moveTo(m.X(p[0]), m.Y(p[1])) : ctx.lineTo(m.X(p[0]), m.Y(p[1]))));
      ctx.closePath();
      ctx.fillStyle = 'rgba(40, 40, 40, 0.13)';
      ctx.fill();
      ctx.strokeStyle = BOUNDARY_INK;
      ctx.lineWidth = 1.6;
      ctx.stroke();
    }
  }
  drawPoints(ctx, points, labels, m.X, m.Y, 2.6);
  ctx.restore();
  drawAxes(ctx, m, { xTicks: false, yTicks: false });
  drawGizmo(ctx, m, projector3(state.azimuth, state.elevation, [0, 0, 0]));
  return 'Seen in 3-D from an angle: drag to rotate.';
}

function drawGizmo(ctx, m, proj) {
  const ox = m.rect.x + 30, oy = m.rect.y + m.rect.h - 30, len = 20;
  ctx.save();
  ctx.strokeStyle = '#555';
  ctx.fillStyle = '#333';
  ctx.lineWidth = 1.2;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ['h₁', 'h₂', 'h₃'].forEach((name, a) => {
    const e = [0, 0, 0];
    e[a] = 1;
    const [X, Y] = proj(e[0], e[1], e[2]);
    ctx.beginPath();
    ctx.moveTo(ox, oy);
    ctx.lineTo(ox + len * X, oy - len * Y);
    ctx.stroke();
    ctx.fillText(name, ox + (len + 8) * X, oy - (len + 8) * Y);
  });
  ctx.restore();
}

// --- wider than 3: the top two principal components ------------------------

function pca2(points, w, prev) {
  const n = points.length / w;
  const mean = new Float64Array(w);
  for (let i = 0; i < n; i++) for (let a = 0; a < w; a++) mean[a] += points[i * w + a] / n;
  const cov = new Float64Array(w * w);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < w; a++) {
      const da = points[i * w + a] - mean[a];
      for (let b = a; b < w; b++) cov[a * w + b] += da * (points[i * w + b] - mean[b]);
    }
  }
  for (let a = 0; a < w; a++) for (let b = 0; b < a; b++) cov[a * w + b] = cov[b * w + a];
  let trace = 0;
  for (let a = 0; a < w; a++) trace += cov[a * w + a];
  const basis = [];
  const values = [];
  for (let k = 0; k < 2; k++) {
    let v = prev?.basis[k]?.slice() ?? Float64Array.from({ length: w }, (_, a) => (a === k ? 1 : 0.1 / (a + 1)));
    let lambda = 0;
    for (let it = 0; it < 60; it++) {
      for (const u of basis) { const d = dot(v, u); for (let a = 0; a < w; a++) v[a] -= d * u[a]; }
      const next = new Float64Array(w);
      for (let a = 0; a < w; a++) { let s = 0; for (let b = 0; b < w; b++) s += cov[a * w + b] * v[b]; next[a] = s; }
      for (const u of basis) { const d = dot(next, u); for (let a = 0; a < w; a++) next[a] -= d * u[a]; }
      const norm = Math.hypot(...next);
      if (!(norm > 0)) break;
      lambda = norm;
      for (let a = 0; a < w; a++) next[a] /= norm;
      v = next;
    }
    if (prev?.basis[k] && dot(v, prev.basis[k]) < 0) for (let a = 0; a < w; a++) v[a] = -v[a];
    basis.push(v);
    values.push(lambda);
  }
  return { mean, basis, explained: trace > 0 ? (values[0] + values[1]) / trace : 1 };
}

function dot(u, v) {
  let s = 0;
  for (let a = 0; a < u.length; a++) s += u[a] * v[a];
  return s;
}

function projectPca(array, w, pca) {
  const n = array.length / w;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let x = 0, y = 0;
    for (let a = 0; a < w; a++) {
      const d = array[i * w + a] - pca.mean[a];
      x += d * pca.basis[0][a];
      y += d * pca.basis[1][a];
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

function drawRepPca(ctx, rep, labels, r) {
  const reps = state.reps;
  const w = rep.width;
  const prev = state.pca && state.pca.key === `${r}:${w}` ? state.pca : null;
  const pca = { ...pca2(rep.points, w, prev), key: `${r}:${w}` };
  state.pca = pca;
  const points = projectPca(rep.points, w, pca);
  const grid = projectPca(rep.grid, w, pca);
  const box = viewBox(`pca:${r}`, points, grid, null);
  const m = plotMap(box.xmin, box.xmax, box.ymin, box.ymax, true);
  ctx.save();
  clipToPlot(ctx, m);
  drawGridLines(ctx, grid, reps.grid.lines, reps.grid.pointsPerLine, m.X, m.Y);
  drawPoints(ctx, points, labels, m.X, m.Y);
  ctx.restore();
  drawAxes(ctx, m, { xName: 'principal component 1', yName: 'principal component 2' });
  return `Shown by its top two principal components (${Math.round(100 * pca.explained)}% of the spread of the ${w}-D points).`;
}

// ---------------------------------------------------------------------------
// Topology facts

/** det of an n×n row-major matrix (LU with partial pivoting, f64). */
function determinant(a, n) {
  const m = Float64Array.from(a);
  let det = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (m[p * n + c] === 0) return 0;
    if (p !== c) {
      for (let k = 0; k < n; k++) { const t = m[c * n + k]; m[c * n + k] = m[p * n + k]; m[p * n + k] = t; }
      det = -det;
    }
    det *= m[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
    }
  }
  return det;
}

function fmt(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(3);
  return s.replace('-', '−');
}

function layerFacts(model, i) {
  const layer = model.layers[i];
  const inputs = model.widths[i];
  const units = layer.units;
  const base = { map: `${inputs} → ${units} ${layer.activation}`, det: null };
  if (inputs !== units) {
    return { ...base, homeomorphism: false,
      why: units < inputs ? `collapses ${inputs} dimensions to ${units}` : `embeds ${inputs}-D into ${units}-D: injective at best, not onto` };
  }
  const det = determinant(model.layerParameters(i).weights, units);
  const invertible = U.isInvertibleActivation(layer.activation);
  const homeomorphism = det !== 0 && invertible;
  const why = !invertible ? `${layer.activation} is not injective` : det === 0 ? 'W is singular'
    : `W is invertible and ${layer.activation} is injective${det < 0 ? '; det < 0: swap two neurons' : ''}`;
  return { ...base, det, homeomorphism, why };
}

function renderLayerTable() {
  const { model } = state;
  const rows = model.layers.map((_, i) => {
    const f = layerFacts(model, i);
    const tr = document.createElement('tr');
    const cells = [
      [i === model.layers.length - 1 ? `${i + 1} (output)` : String(i + 1)],
      [f.map],
      [f.det === null ? '—' : fmt(f.det)],
      [f.homeomorphism ? 'yes' : 'no', f.homeomorphism ? 'yes' : 'no'],
      [f.why],
    ];
    for (const [text, cls] of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    return tr;
  });
  ui.layerTable.replaceChildren(...rows);
}

/** Linear separability and (for ≤ 3-D) Betti numbers of the representation shown. */
function renderRepFacts() {
  const started = performance.now();
  state.factsAt = started;
  const r = currentView();
  const rep = state.reps.layers[r];
  const labels = state.reps.labels;
  const w = rep.width;
  const parts = [];
  const name = r === 0 ? 'The input' : `Layer ${r}`;
  try {
    if (state.model.classes === 2 && w <= 64) {
      const s = U.topology.linearSeparability(rep.points, w, labels);
      parts.push(`${name} (${w}-D): the classes are ${s.separable ? `<b>linearly separable</b> (margin ${fmt(s.margin)})` : '<b>not linearly separable</b> (their convex hulls meet)'}.`);
    }
    if (w <= 3) {
      const betti = [];
      for (let c = 0; c < state.model.classes; c++) {
        const cloud = classCloud(rep.points, w, labels, c, BETTI_POINTS);
        if (cloud.length / w < 4) continue;
        const b = U.topology.bettiNumbers(cloud, w, { k: 16, hops: 2 });
        const colour = PALETTE[c % PALETTE.length];
        betti.push(`<span class="swatch" style="background:${colour}"></span>class ${c}: β₀ = ${b.betti[0]}, β₁ = ${b.betti[1]}`);
      }
      if (betti.length) parts.push(`Betti numbers, estimated (k-NN complex, k = 16, 2 hops, ≤ ${BETTI_POINTS} points per class): ${betti.join(' · ')}.`);
    } else {
      parts.push('Betti numbers are shown for representations of at most 3 dimensions.');
    }
  } catch (e) {
    parts.push(`(topology facts unavailable: ${escapeHtml(e.message)})`);
  }
  ui.repFacts.innerHTML = parts.join(' ');
  // Too slow to repeat every second while training: then only when paused.
  state.factsSlow = performance.now() - started > 80;
}

function classCloud(points, w, labels, c, limit) {
  const idx = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === c) idx.push(i);
  const stride = Math.max(1, Math.ceil(idx.length / limit));
  const chosen = idx.filter((_, k) => k % stride === 0);
  const out = new Float32Array(chosen.length * w);
  chosen.forEach((i, k) => out.set(points.subarray(i * w, (i + 1) * w), k * w));
  return out;
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);
}

// ---------------------------------------------------------------------------
// Wiring

function scheduleRebuild(delay) {
  clearTimeout(state.rebuildTimer);
  state.rebuildTimer = setTimeout(() => {
    if (sync() && !state.running) renderAll(true);
  }, delay);
}

function onSettingChanged(delay = 0) {
  ui.presets.value = '';
  ui.note.textContent = '';
  scheduleRebuild(delay);
}

function updateTurnsRow() {
  ui.turnsRow.style.display = ui.dataset.value === 'spirals' ? '' : 'none';
  ui.turnsValue.textContent = String(Number(ui.turns.value));
}

function wire() {
  for (const p of PRESETS) {
    const option = document.createElement('option');
    option.value = p.label;
    option.textContent = p.label;
    ui.presets.append(option);
  }
  ui.presets.addEventListener('change', () => {
    const p = PRESETS.find((q) => q.label === ui.presets.value);
    if (!p) return;
    setRunning(false);
    ui.dataset.value = p.dataset;
    if (p.turns !== undefined) ui.turns.value = String(p.turns);
    ui.layers.value = p.layers;
    ui.activation.value = p.activation;
    updateTurnsRow();
    state.chosenView = p.view;
    state.built = null;
    sync();
    ui.note.textContent = p.note;
  });
  ui.dataset.addEventListener('change', () => { updateTurnsRow(); onSettingChanged(); });
  ui.turns.addEventListener('input', () => { updateTurnsRow(); onSettingChanged(120); });
  ui.layers.addEventListener('input', () => onSettingChanged(350));
  ui.layers.addEventListener('change', () => onSettingChanged());
  for (const el of [ui.activation, ui.seed, ui.lr, ui.batch]) el.addEventListener('change', () => onSettingChanged());
  ui.layers.addEventListener('keydown', (e) => { if (e.key === 'Enter') onSettingChanged(); });

  ui.train.addEventListener('click', () => {
    if (state.running) { setRunning(false); return; }
    clearTimeout(state.rebuildTimer);
    if (!sync()) return;
    state.failed = null;
    setRunning(true);
  });
  ui.step.addEventListener('click', () => {
    clearTimeout(state.rebuildTimer);
    if (!sync()) return;
    setRunning(false);
    state.failed = null;
    const stepsPerEpoch = Math.ceil(state.data.n / Math.min(state.built.batchSize, state.data.n));
    trainSteps(stepsPerEpoch, 1000);
    renderAll(true);
  });
  ui.reset.addEventListener('click', () => {
    clearTimeout(state.rebuildTimer);
    state.running = false;
    let settings;
    try {
      settings = readSettings();
    } catch (e) {
      showError(e.message);
      return;
    }
    showError('');
    build(settings);
    setRunning(false);
  });
  ui.view.addEventListener('change', () => {
    state.chosenView = Number(ui.view.value);
    if (!state.running) renderAll(true);
    else renderRepFacts();
  });

  // Drag to rotate a 3-D representation.
  let drag = null;
  ui.rep.addEventListener('pointerdown', (e) => {
    if (!state.reps || state.reps.layers[currentView()].width !== 3) return;
    drag = { x: e.clientX, y: e.clientY, az: state.azimuth, el: state.elevation };
    ui.rep.setPointerCapture(e.pointerId);
  });
  ui.rep.addEventListener('pointermove', (e) => {
    if (!drag) return;
    state.azimuth = drag.az - (e.clientX - drag.x) * 0.01;
    state.elevation = Math.max(-1.5, Math.min(1.5, drag.el + (e.clientY - drag.y) * 0.01));
    if (!state.running) drawRepresentation();
  });
  const endDrag = () => { drag = null; };
  ui.rep.addEventListener('pointerup', endDrag);
  ui.rep.addEventListener('pointercancel', endDrag);
}

async function main() {
  try {
    wire();
    updateTurnsRow();
    state.engine = await U.createEngine();
    ui.footer.textContent = `Untangle · training on the wasm ${state.engine.variant === 'relaxed' ? 'relaxed-SIMD' : 'SIMD'} core in this page · Adam, softmax cross-entropy`;
    if (!sync()) return;
    setRunning(false);
    document.body.dataset.ready = 'true';
  } catch (e) {
    ui.status.textContent = `could not start: ${e.message}`;
    ui.status.className = 'bad';
    document.body.dataset.ready = 'error';
    throw e;
  }
}

main();
