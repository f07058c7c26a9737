/**
 * <untangle-explorer>: the whole explorer as a custom element any page can
 * drop in. Attributes:
 *   preset="disk-3"            an essay figure (presets.ts)
 *   data="disk-annulus"        a built-in data set
 *   network="tanh:3,tanh:3"    hidden layers (settings.ts)
 *   query="lr=0.01&test=0.3"   any other setting, in the link format
 *   url-state                  keep the settings in the page's URL (and read them from it)
 *   compact                    only the buttons, the numbers and the two main pictures
 * This file holds the element's state, the settings changes and the training
 * run (training-client.ts), and the frame loop that decides what to redraw;
 * the parts live beside it: controls.ts (the form), panels.ts (what each panel
 * draws), canvas-painter.ts (onto canvases, and export), animation-player.ts,
 * file-io.ts (CSV, model files), orbit-drag.ts (turning a 3-D view).
 */
import type { Dataset } from '../data/dataset.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { Model } from '../model/model.js';
import { explorerData, fitOptions, modelSpec, type ExplorerData } from './data.js';
import { AnimationPlayer } from './animation-player.js';
import { CanvasPainter } from './canvas-painter.js';
import { bindControls, fillControls } from './controls.js';
import { bindFiles } from './file-io.js';
import { bindOrbitDrag } from './orbit-drag.js';
import { drawCurves, drawInputPanel, drawLayerPanel, FIGURE, showEvaluation, showNumbers } from './panels.js';
import { PRESETS } from './presets.js';
import { DEFAULT_SETTINGS, fromQuery, parseLayers, type Settings } from './settings.js';
import { SmoothedView } from './smoothed-view.js';
import { MARKUP, STYLE } from './template.js';
import { TopologyPanel } from './topology-panel.js';
import type { RunReport, StartTraining, TrainingRun } from './training-client.js';
import { bestTraining } from './worker-training.js';

/**
 * While training, the curves and numbers are redrawn at most this often: in
 * that time they move by about a pixel, and drawing them more often takes
 * time from the two main pictures.
 */
const CURVES_EVERY_MS = 200;

/** Frame counts the page (and its tests) can read: frames drawn while training and the time they took. */
export interface ExplorerStats {
  framesWhileTraining: number;
  trainingMs: number;
  /** Time spent drawing those frames. */
  drawMs: number;
  epochs: number;
  /**
   * The frame profile: milliseconds spent on each panel while training (input,
   * layer, curves: computing the picture and drawing it), and of those the
   * drawing onto canvases (paint).
   */
  panelMs: { input: number; layer: number; curves: number; paint: number };
}

let styled = false;

/**
 * The explorer element; see the file's comment for its attributes. Its state
 * is open to the parts beside it (controls, panels, files), not to pages: a
 * page uses the attributes, `startTraining` and `stats`.
 */
export class UntangleExplorer extends HTMLElement {
  /** Trains through this (a Web Worker, else the page; a page may set another before connecting). */
  startTraining: StartTraining | null = null;
  readonly stats: ExplorerStats = { framesWhileTraining: 0, trainingMs: 0, drawMs: 0, epochs: 0, panelMs: { input: 0, layer: 0, curves: 0, paint: 0 } };

  engine: Engine | null = null;
  settings: Settings = { ...DEFAULT_SETTINGS };
  csv: Dataset | null = null;
  data: ExplorerData | null = null;
  model: Model | null = null;
  running = false;
  history: RunReport[] = [];
  epochOffset = 0;
  /** The pictures of the model need drawing again (weights, settings or view changed). */
  dirty = true;
  yaw = -0.6;
  pitch = 0.45;
  /** Pixel → input coordinates of the input picture, for clicks. */
  toInput: ((x: number, y: number) => [number, number] | null) | null = null;
  /** Counts weight changes, so the animation is recomputed only when they moved. */
  weights = 0;
  /** Counts new models (rebuilt or loaded): the representation's box starts over with each. */
  generation = 0;
  readonly painter = new CanvasPainter((role) => this.el<HTMLCanvasElement>(role));
  readonly player = new AnimationPlayer(this, FIGURE);
  readonly layerView = new SmoothedView();

  /** Where training runs: 'worker' or 'page' (set once a run has started). */
  private where: (() => 'worker' | 'page') | null = null;
  private pulling = false;
  private run: TrainingRun | null = null;
  private curvesDirty = true;
  private curvesDrawnAt = 0;
  /** While training: whether this frame draws the input picture (else the representation). */
  private inputsTurn = false;
  private frameRequest = 0;
  private lastFrame = 0;
  private topology: TopologyPanel | null = null;
  private queue: Promise<void> = Promise.resolve();

  connectedCallback(): void {
    if (!styled) {
      document.head.append(Object.assign(document.createElement('style'), { textContent: STYLE }));
      styled = true;
    }
    if (this.childElementCount === 0) this.innerHTML = MARKUP;
    this.topology = new TopologyPanel(this.el('topology'));
    bindControls(this);
    bindOrbitDrag(this);
    bindFiles(this);
    this.player.bind();
    void this.start();
  }

  disconnectedCallback(): void {
    cancelAnimationFrame(this.frameRequest);
    void this.run?.stop().then((m) => m.dispose());
    this.run = null;
  }

  /** The part of the markup with this data-role. */
  el<T extends HTMLElement = HTMLElement>(role: string): T {
    const el = this.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`untangle-explorer: the part '${role}' is missing`);
    return el;
  }

  input(role: string): HTMLInputElement {
    return this.el<HTMLInputElement>(role);
  }

  /** The settings the attributes (and the URL, with url-state) give. */
  private initialSettings(): Settings {
    let s: Settings = { ...DEFAULT_SETTINGS };
    const preset = PRESETS.find((p) => p.id === this.getAttribute('preset'));
    if (preset) s = fromQuery(preset.query, s);
    const data = this.getAttribute('data');
    if (data) s = fromQuery(`data=${encodeURIComponent(data)}`, s);
    const network = this.getAttribute('network');
    if (network !== null) s.layers = parseLayers(network);
    const query = this.getAttribute('query');
    if (query) s = fromQuery(query, s);
    if (this.hasAttribute('url-state') && location.search.length > 1) s = fromQuery(location.search, s);
    return s;
  }

  private async start(): Promise<void> {
    try {
      this.settings = this.initialSettings();
    } catch (error) {
      this.showError(error);
    }
    try {
      this.engine = await createEngine();
      if (!this.startTraining) {
        const best = bestTraining(this.engine);
        this.startTraining = best.start;
        this.where = best.where;
      }
      this.rebuild();
      this.showTopology();
      this.el('status').textContent = 'ready: press Train';
      this.dataset.ready = 'true';
    } catch (error) {
      this.showError(error);
      this.dataset.ready = 'error';
    }
    this.frameRequest = requestAnimationFrame((t) => this.frame(t));
  }

  /** The representation shown: the chosen layer, else the last hidden one. */
  viewLayer(): number {
    const L = this.model?.layers.length ?? 0;
    const v = this.settings.view;
    return v !== null && v <= L ? v : Math.max(0, L - 1);
  }

  /**
   * Changes the settings and brings the model in line: 'reset' rebuilds data and
   * weights, 'retrain' keeps the weights and restarts training with the new
   * options, 'view' only redraws.
   */
  apply(change: () => void, effect: 'reset' | 'retrain' | 'view'): void {
    this.queue = this.queue.then(async () => {
      const before = this.settings;
      this.settings = { ...before, dataOptions: { ...before.dataOptions }, layers: before.layers.slice(), added: before.added.slice() };
      try {
        change();
        if (effect === 'reset') await this.reset();
        else if (effect === 'retrain') await this.retrain();
        this.showError(null);
      } catch (error) {
        this.showError(error);
        this.settings = before;
        if (effect !== 'view') await this.reset().catch((e: unknown) => this.showError(e));
      }
      fillControls(this);
      this.invalidate();
    });
  }

  // --- model and training ----------------------------------------------------

  /** New data and weights from the settings; epoch 0. */
  rebuild(): void {
    const data = explorerData(this.settings, this.csv);
    const model = Model.create(this.engine!, modelSpec(this.settings, data));
    if (model.layers.some((l) => l.type === 'vectorfield')) model.initialiseAnchors(data.train, this.settings.seed);
    this.data = data;
    this.replaceModel(model);
  }

  /** Shows `model` (new or loaded) at epoch 0 in place of the page's model, which is freed. */
  replaceModel(model: Model): void {
    this.model?.dispose();
    this.model = model;
    this.generation++;
    this.history = [];
    this.epochOffset = 0;
    this.player.forget();
    fillControls(this);
    showEvaluation(this);
    this.invalidate();
  }

  private async reset(): Promise<void> {
    const wasRunning = this.running;
    await this.endRun();
    this.rebuild();
    if (wasRunning) await this.begin();
  }

  /** Keeps the weights, restarts training with the current settings and data (added points, options). */
  private async retrain(): Promise<void> {
    const wasRunning = this.running;
    await this.endRun();
    this.data = explorerData(this.settings, this.csv);
    if (wasRunning) await this.begin();
  }

  /** Stops the run, keeping its final weights in the page's model. */
  async endRun(): Promise<void> {
    const run = this.run;
    this.run = null;
    this.setRunning(false);
    if (!run) return;
    try {
      const trained = await run.stop();
      this.model!.setParameters(trained.getParameters());
      this.weights++;
      trained.dispose();
    } catch {
      // A failed run has already said why; the page keeps its last weights.
    }
    this.epochOffset = this.history.at(-1)?.epoch ?? this.epochOffset;
  }

  /** The current run, or a new one from the page's model (started paused). */
  private async ensureRun(): Promise<TrainingRun> {
    if (this.run) return this.run;
    const data = this.data!;
    // A k-NN model has no class scores to test with: its test accuracy would need a k-NN head per epoch.
    const knn = this.settings.loss === 'knn' && !data.regression;
    const run = await this.startTraining!({
      model: this.model!.toJSON(), data: data.train, test: knn ? undefined : data.test ?? undefined,
      fit: { epochs: 1_000_000, ...fitOptions(this.settings, data) }, paused: true,
    });
    if (this.where) this.dataset.training = this.where();
    run.on('epoch', (r) => {
      const report = { ...r, epoch: r.epoch + this.epochOffset };
      this.history.push(report);
      this.stats.epochs++;
      this.curvesDirty = true;
    });
    run.on('error', (e) => {
      this.setRunning(false);
      this.run = null;
      this.showError(e, e.name === 'TrainingDivergedError' ? ' Lower the learning rate and press Reset.' : '');
    });
    this.run = run;
    return run;
  }

  async begin(): Promise<void> {
    const run = await this.ensureRun();
    if (run.status === 'paused') await run.resume();
    this.setRunning(true);
  }

  async pause(): Promise<void> {
    await this.run?.pause();
    this.setRunning(false);
    await this.pullWeights(true);
    this.invalidate();
  }

  async stepEpoch(): Promise<void> {
    const run = await this.ensureRun();
    if (run.status === 'running') await run.pause();
    this.setRunning(false);
    await run.step();
    await this.pullWeights(true);
    this.invalidate();
  }

  /** Copies the run's current weights into the page's model (one request at a time; `settle`: after the one in flight). */
  private async pullWeights(settle = false): Promise<void> {
    while (settle && this.pulling) await new Promise((ok) => setTimeout(ok, 2));
    const run = this.run;
    if (!run || this.pulling) return;
    this.pulling = true;
    try {
      const snap = await run.snapshot({ weights: true });
      if (snap.weights && run === this.run) { this.model!.setParameters(snap.weights); this.weights++; }
    } catch {
      // The run ended between the request and the answer; its end says why.
    } finally {
      this.pulling = false;
    }
  }

  private setRunning(on: boolean): void {
    this.running = on;
    this.el('train').textContent = on ? 'Pause' : 'Train';
    this.dataset.state = on ? 'training' : 'paused';
    this.el('status').textContent = on ? 'training…' : this.history.length ? 'paused' : 'ready: press Train';
    this.el('status').classList.remove('ux-bad');
    // Barcodes take a while per cloud: computed at rest, not while frames are due.
    if (on) this.topology?.clear('Computed when training pauses.');
    else this.showTopology();
  }

  // --- drawing ---------------------------------------------------------------

  invalidate(): void {
    this.dirty = true;
    this.curvesDirty = true;
  }

  /**
   * One animation frame: while training, ask for the latest weights (they
   * arrive for a later frame) and, once they came, redraw one of the two main
   * pictures (in turn); the curves and numbers at most every CURVES_EVERY_MS.
   * At rest, everything that changed.
   */
  private frame(time: number): void {
    this.frameRequest = requestAnimationFrame((t) => this.frame(t));
    if (!this.model || !this.data) return;
    if (this.running) {
      if (this.lastFrame) { this.stats.framesWhileTraining++; this.stats.trainingMs += time - this.lastFrame; }
      this.lastFrame = time;
      void this.pullWeights().then(() => { this.dirty = true; });
    } else {
      this.lastFrame = 0;
    }
    const started = performance.now();
    const painted = this.painter.paintMs;
    const timed = (panel: 'input' | 'layer' | 'curves', draw: () => void) => {
      const t0 = performance.now();
      draw();
      if (this.running) this.stats.panelMs[panel] += performance.now() - t0;
    };
    try {
      if (this.dirty && this.running) {
        // One of the two main pictures a frame, in turn. Measured (stats.panelMs, 2-8-8-2 on 1,000 points, loaded
        // 2-core machine): both each frame took 5.6 + 9.7 ms; in turn, with 32² regions, 3.2 + 5.0 ms a frame.
        this.dirty = false;
        this.inputsTurn = !this.inputsTurn;
        if (this.inputsTurn) timed('input', () => drawInputPanel(this));
        else timed('layer', () => drawLayerPanel(this));
      } else if (this.dirty) {
        this.dirty = false;
        drawInputPanel(this);
        drawLayerPanel(this);
        this.atRest();
      }
      if (this.curvesDirty && (!this.running || time - this.curvesDrawnAt >= CURVES_EVERY_MS)) {
        this.curvesDirty = false;
        this.curvesDrawnAt = time;
        timed('curves', () => { drawCurves(this); showNumbers(this); });
      }
      this.player.tick(time);
    } catch (error) {
      this.showError(error);
    }
    if (this.running) {
      this.stats.drawMs += performance.now() - started;
      this.stats.panelMs.paint += this.painter.paintMs - painted;
    }
  }

  /** What is shown only at rest: the model's scores, and the animation of the weights as they are. */
  private atRest(): void {
    showEvaluation(this);
    if (!this.hasAttribute('compact')) this.player.refreshAtRest();
  }

  private showTopology(): void {
    if (!this.model || !this.data || !this.topology || this.hasAttribute('compact')) return;
    void this.topology.show(this.model, this.data.all).catch((e: unknown) => this.showError(e));
  }

  /** Runs an action after the ones before it, showing its failure. */
  serial(action: () => Promise<void>): void {
    this.queue = this.queue.then(action).catch((e: unknown) => this.showError(e));
  }

  showError(error: unknown, hint = ''): void {
    const el = this.el('error');
    if (error === null) { el.textContent = ''; return; }
    el.textContent = error instanceof Error ? `${error.name}: ${error.message}${hint}` : String(error);
    this.el('status').textContent = 'stopped';
    this.el('status').classList.add('ux-bad');
  }
}
