/**
 * Untangle explorer: trains a small network in the page (wasm SIMD core, via
 * the browser bundle) and draws, live, the decision regions in input space and
 * any layer's representation of the data with its deformed coordinate grid and
 * the final classification line; below, per-layer topology facts.
 *
 * Plain ES modules (plot.js draws, geometry.js projects, presets.js lists the
 * essay's examples), no build step: open explorer/index.html over HTTP with
 * dist/ beside explorer/ (the bundle fetches its wasm relative to itself).
 */
import * as U from '../dist/untangle.browser.js';
import {
  BOUNDARY_INK, GRID_INK, PALETTE, clipToPlot, drawAxes, drawGridLines, drawHalfPlanes, drawPoints,
  marchingSquares, offscreen, plotMap, prepareCanvas, tint,
} from './plot.js';
import { bbox2, pca2, planeInBox, project3, projectPca, projector3 } from './geometry.js';
import { PRESETS } from './presets.js';

// ---------------------------------------------------------------------------
// Constants

/** Samples per axis of the decision-region image (predicted every frame). */
const REGION_RES = 64;
/** Samples of the 1-D probability curve. */
const CURVE_RES = 240;
/** Milliseconds of training per animation frame at most (keeps the page responsive). */
const STEP_BUDGET_MS = 14;
/** Betti numbers: at most this many points per class, and how often while training. */
const BETTI_POINTS = 250;
const FACTS_EVERY_MS = 1000;

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

function fmt(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(3);
  return s.replace('-', '−');
}

function renderLayerTable() {
  const { model } = state;
  // The same per-layer facts as the report's topology table (det W, homeomorphism and why).
  const rows = U.layerTopology(model).map((f, i) => {
    const tr = document.createElement('tr');
    const cells = [
      [i === model.layers.length - 1 ? `${i + 1} (output)` : String(i + 1)],
      [`${f.inputs} → ${f.units} ${f.activation}`],
      [f.det === null ? '—' : fmt(f.det)],
      [f.homeomorphism ? 'yes' : 'no', f.homeomorphism ? 'yes' : 'no'],
      [f.reason + (f.det !== null && f.det < 0 ? '; det < 0, so the animation swaps two neurons first' : '')],
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
        const cloud = U.classPoints(rep.points, w, labels, c, BETTI_POINTS);
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
