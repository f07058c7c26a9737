/**
 * <untangle-explorer>: the whole explorer as a custom element any page can
 * drop in. Attributes:
 *   preset="disk-3"            an essay figure (presets.ts)
 *   data="disk-annulus"        a built-in data set
 *   network="tanh:3,tanh:3"    hidden layers (settings.ts)
 *   query="lr=0.01&test=0.3"   any other setting, in the link format
 *   url-state                  keep the settings in the page's URL (and read them from it)
 *   compact                    only the buttons, the numbers and the two main pictures
 * Training runs through a TrainingRun (training-client.ts); the page draws
 * the latest weights on every animation frame through the render module's
 * canvas surface.
 */
import type { Dataset } from '../data/dataset.js';
import { DATASET_DEFAULTS, DATASETS } from '../data/index.js';
import { parseCsv } from '../data/csv.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { Model } from '../model/model.js';
import { stringifyModel } from '../model/model-json.js';
import { CanvasSurface } from '../render/canvas-surface.js';
import { framePicture, frameLabel } from '../render/animation.js';
import { toSvg, type Picture } from '../render/pictures.js';
import type { FrameSequence } from '../render/types.js';
import { curvesPicture } from './curves-picture.js';
import { explorerData, fitOptions, modelSpec, type ExplorerData } from './data.js';
import { addLayer, renderNetwork } from './network-editor.js';
import { inputPicture, layerAnimation, layerPicture, notePicture } from './pictures.js';
import { PRESETS } from './presets.js';
import { DEFAULT_SETTINGS, fromQuery, parseLayers, toQuery, type LayerSetting, type Settings } from './settings.js';
import { MARKUP, STYLE } from './template.js';
import { TopologyPanel } from './topology-panel.js';
import type { RunReport, StartTraining, TrainingRun } from './training-client.js';
import { bestTraining } from './worker-training.js';

const FIGURE = 440;
const CURVE_H = 180;

/** Frame counts the page (and its tests) can read: frames drawn while training and the time they took. */
export interface ExplorerStats {
  framesWhileTraining: number;
  trainingMs: number;
  /** Time spent drawing those frames. */
  drawMs: number;
  epochs: number;
}

let styled = false;

/** The explorer element; see the file's comment for its attributes. */
export class UntangleExplorer extends HTMLElement {
  /** Trains through this (a Web Worker, else the page; a page may set another before connecting). */
  startTraining: StartTraining | null = null;
  /** Where training runs: 'worker' or 'page' (set once a run has started). */
  private where: (() => 'worker' | 'page') | null = null;
  private pulling = false;
  readonly stats: ExplorerStats = { framesWhileTraining: 0, trainingMs: 0, drawMs: 0, epochs: 0 };

  private engine: Engine | null = null;
  private settings: Settings = { ...DEFAULT_SETTINGS };
  private csv: Dataset | null = null;
  private data: ExplorerData | null = null;
  private model: Model | null = null;
  private run: TrainingRun | null = null;
  private running = false;
  private history: RunReport[] = [];
  private epochOffset = 0;
  private dirty = true;
  private curvesDirty = true;
  private frameRequest = 0;
  private lastFrame = 0;
  private yaw = -0.6;
  private pitch = 0.45;
  private pictures = new Map<string, Picture>();
  private toInput: ((x: number, y: number) => [number, number] | null) | null = null;
  private animation: { seq: FrameSequence; layer: number; weights: number; playing: boolean; index: number; lastTick: number } | null = null;
  /** Counts weight changes, so the animation is recomputed only when they moved. */
  private weights = 0;
  private topology: TopologyPanel | null = null;
  private queue: Promise<void> = Promise.resolve();

  connectedCallback(): void {
    if (!styled) {
      document.head.append(Object.assign(document.createElement('style'), { textContent: STYLE }));
      styled = true;
    }
    if (this.childElementCount === 0) this.innerHTML = MARKUP;
    this.topology = new TopologyPanel(this.el('topology'));
    this.wire();
    void this.start();
  }

  disconnectedCallback(): void {
    cancelAnimationFrame(this.frameRequest);
    void this.run?.stop().then((m) => m.dispose());
    this.run = null;
  }

  private el<T extends HTMLElement = HTMLElement>(role: string): T {
    const el = this.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`untangle-explorer: the part '${role}' is missing`);
    return el;
  }

  private input(role: string): HTMLInputElement {
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

  // --- settings → controls, and back -----------------------------------------

  private fillControls(): void {
    const s = this.settings;
    const data = this.el<HTMLSelectElement>('data');
    if (data.options.length === 0) {
      for (const name of Object.keys(DATASETS)) data.append(new Option(name, name));
      data.append(new Option('CSV file', 'csv'));
    }
    data.value = s.data;
    const options = this.el('data-options');
    options.replaceChildren();
    const defaults = (DATASET_DEFAULTS as Record<string, Record<string, number>>)[s.data] ?? {};
    for (const [key, value] of Object.entries(defaults)) {
      const row = document.createElement('div');
      row.className = 'ux-row';
      const label = Object.assign(document.createElement('label'), { textContent: key === 'seed' ? 'data seed' : key });
      const field = Object.assign(document.createElement('input'), { type: 'number', step: 'any', value: String(s.dataOptions[key] ?? value) });
      field.dataset.option = key;
      field.addEventListener('change', () => this.apply(() => {
        const v = Number(field.value);
        if (field.value.trim() === '' || v === value) delete this.settings.dataOptions[key];
        else this.settings.dataOptions[key] = v;
      }, 'reset'));
      row.append(label, field);
      options.append(row);
    }
    this.input('test').value = String(s.testFraction);
    this.input('embed').value = String(s.embed);
    this.el<HTMLSelectElement>('loss').value = s.loss;
    this.input('lr').value = String(s.learningRate);
    this.input('batch').value = String(s.batchSize);
    this.input('l2').value = String(s.l2);
    this.input('cl').value = String(s.contractive);
    this.input('seed').value = String(s.seed);
    this.input('show-test').checked = s.showTest;
    this.input('discrete').checked = s.discrete;
    renderNetwork(this.el('network'), s.layers, (layers) => this.apply(() => { this.settings.layers = layers; }, 'reset'));
    const classes = this.data && !this.data.regression ? this.data.all.classes : 0;
    const click = this.el<HTMLSelectElement>('click-class');
    const keep = click.value;
    click.replaceChildren(...Array.from({ length: classes }, (_, k) => new Option(`class ${k}`, String(k))));
    if (keep !== '' && Number(keep) < classes) click.value = keep;
    const view = this.el<HTMLSelectElement>('view');
    const L = this.model?.layers.length ?? 0;
    view.replaceChildren(...Array.from({ length: L + 1 }, (_, i) => new Option(i === 0 ? 'input' : `layer ${i}${i === L ? ' (output)' : ''}`, String(i))));
    view.value = String(this.viewLayer());
    if (this.hasAttribute('url-state')) history.replaceState(null, '', `?${toQuery(s)}`);
  }

  /** The representation shown: the chosen layer, else the last hidden one. */
  private viewLayer(): number {
    const L = this.model?.layers.length ?? 0;
    const v = this.settings.view;
    return v !== null && v <= L ? v : Math.max(0, L - 1);
  }

  /**
   * Changes the settings and brings the model in line: 'reset' rebuilds data and
   * weights, 'retrain' keeps the weights and restarts training with the new
   * options, 'view' only redraws.
   */
  private apply(change: () => void, effect: 'reset' | 'retrain' | 'view'): void {
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
      this.fillControls();
      this.invalidate();
    });
  }

  // --- model and training ----------------------------------------------------

  /** New data and weights from the settings; epoch 0. */
  private rebuild(): void {
    const data = explorerData(this.settings, this.csv);
    const model = Model.create(this.engine!, modelSpec(this.settings, data));
    if (model.layers.some((l) => l.type === 'vectorfield')) model.initialiseAnchors(data.train, this.settings.seed);
    this.model?.dispose();
    this.model = model;
    this.data = data;
    this.history = [];
    this.epochOffset = 0;
    this.curvesDirty = true;
    this.animation = null;
    this.fillControls();
    this.showEvaluation();
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
  private async endRun(): Promise<void> {
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

  private async begin(): Promise<void> {
    const run = await this.ensureRun();
    if (run.status === 'paused') await run.resume();
    this.setRunning(true);
  }

  private async pause(): Promise<void> {
    await this.run?.pause();
    this.setRunning(false);
    await this.pullWeights(true);
    this.invalidate();
  }

  private async stepEpoch(): Promise<void> {
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

  private invalidate(): void {
    this.dirty = true;
    this.curvesDirty = true;
  }

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
    try {
      if (this.dirty) { this.dirty = false; this.drawMain(); }
      if (this.curvesDirty) { this.curvesDirty = false; this.drawCurves(); this.showNumbers(); }
      this.tickAnimation(time);
    } catch (error) {
      this.showError(error);
    }
    if (this.running) this.stats.drawMs += performance.now() - started;
  }

  private paint(role: string, picture: Picture): void {
    const canvas = this.el<HTMLCanvasElement>(role);
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    // Setting the size also resets the context, so no state of the last drawing carries over.
    canvas.width = picture.width * ratio;
    canvas.height = picture.height * ratio;
    canvas.style.width = `${picture.width}px`;
    canvas.style.height = `${picture.height}px`;
    const surface = new CanvasSurface(canvas.getContext('2d')!, picture.width, picture.height, ratio);
    surface.clear();
    picture.draw(surface);
    this.pictures.set(role, picture);
  }

  private drawMain(): void {
    const model = this.model!, data = this.data!, s = this.settings;
    const knn = s.loss === 'knn' && !data.regression;
    const input = inputPicture(model, data, { width: FIGURE, height: FIGURE, discrete: s.discrete, showTest: s.showTest, knn });
    this.toInput = input?.toInput ?? null;
    this.paint('input', input?.picture ?? notePicture(FIGURE, FIGURE, `${data.all.dim}-D input: see the representations`));
    this.el('input-title').textContent = data.regression ? 'Input space: the fitted function' : 'Input space: decision regions';
    this.el('input-caption').textContent = data.regression
      ? 'Colour (or the curve) is the network\'s prediction; dots are the training targets.'
      : `Background: the class the network predicts (paler = less sure${knn ? '; voted by a k-NN head on the embedding' : ''}); dark lines: the boundaries. Dots: training data${s.showTest && data.test ? ', rings: test data' : ''}.`;
    const layer = this.viewLayer();
    this.paint('layer', layerPicture(model, data, layer, { width: FIGURE, height: FIGURE, projection: { kind: 'orbit', yaw: this.yaw, pitch: this.pitch }, knn }));
    const w = model.widths[layer]!;
    this.el('layer-caption').textContent = `${layer === 0 ? 'The data as the network receives it' : `What layer ${layer} makes of the data`}, with the input grid carried along.` +
      (w === 3 ? ' Drag to turn the 3-D view.' : w > 3 ? ` ${w}-D: shown by its top two principal components.` : '') +
      (!knn && !data.regression && w <= 3 ? ' The dark line (plane) is the final classifier where only linear maps follow.' : '');
    if (!this.running) {
      this.showEvaluation();
      if (!this.animation?.playing && this.animation?.weights !== this.weights && !this.hasAttribute('compact')) {
        this.animation = null;
        this.prepareAnimation();
        this.showFrame(this.animation!.index);
      }
    }
  }

  private drawCurves(): void {
    this.paint('loss-curve', curvesPicture(this.history, 'loss', FIGURE, CURVE_H));
    this.paint('accuracy-curve', curvesPicture(this.history, 'accuracy', FIGURE, CURVE_H));
  }

  private showNumbers(): void {
    const r = this.history.at(-1);
    if (!r) return;
    const pct = (v: number | undefined) => (v === undefined ? '–' : (v * 1).toFixed(3));
    this.el('epoch').textContent = String(r.epoch);
    this.el('loss-value').textContent = r.loss.toFixed(4);
    this.el('accuracy').textContent = pct(r.accuracy);
    this.el('test-loss').textContent = r.testLoss === undefined ? '–' : r.testLoss.toFixed(4);
    this.el('test-accuracy').textContent = pct(r.testAccuracy);
  }

  /** Loss and accuracy of the page's model as it is (before training, and after loading a model). */
  private showEvaluation(): void {
    if (this.history.length || !this.model || !this.data || this.settings.loss === 'knn') return;
    const e = this.model.evaluate(this.data.train);
    this.el('epoch').textContent = String(this.epochOffset);
    this.el('loss-value').textContent = e.loss.toFixed(4);
    this.el('accuracy').textContent = Number.isFinite(e.accuracy) ? e.accuracy.toFixed(3) : '–';
    const t = this.data.test ? this.model.evaluate(this.data.test) : null;
    this.el('test-loss').textContent = t ? t.loss.toFixed(4) : '–';
    this.el('test-accuracy').textContent = t && Number.isFinite(t.accuracy) ? t.accuracy.toFixed(3) : '–';
  }

  private showTopology(): void {
    if (!this.model || !this.data || !this.topology || this.hasAttribute('compact')) return;
    void this.topology.show(this.model, this.data.all).catch((e: unknown) => this.showError(e));
  }

  // --- the layer animation ---------------------------------------------------

  /** The animated layer: into the representation shown (layer 1 when the input is shown). */
  private animatedLayer(): number {
    return Math.max(0, this.viewLayer() - 1);
  }

  private prepareAnimation(): void {
    const layer = this.animatedLayer();
    if (!this.animation || this.animation.layer !== layer) {
      const seq = layerAnimation(this.model!, this.data!, layer);
      this.animation = { seq, layer, weights: this.weights, playing: false, index: seq.frames.length - 1, lastTick: 0 };
      const scrubber = this.input('scrubber');
      scrubber.max = String(seq.frames.length - 1);
      scrubber.value = String(this.animation.index);
    }
  }

  private showFrame(index: number): void {
    const a = this.animation!;
    a.index = index;
    this.input('scrubber').value = String(index);
    this.paint('animation', framePicture(a.seq, index, { width: FIGURE, height: FIGURE, fit: 'phase' }));
    this.el('frame-label').textContent = frameLabel(a.seq.frames[index]!, index, a.seq.frames.length);
    this.el('animation-title').textContent = a.seq.title ?? 'Layer animation';
  }

  private tickAnimation(time: number): void {
    const a = this.animation;
    if (!a?.playing || time - a.lastTick < 66) return;
    a.lastTick = time;
    const next = a.index + 1;
    if (next >= a.seq.frames.length) {
      a.playing = false;
      this.el('play').textContent = 'Play';
      return;
    }
    this.showFrame(next);
  }

  // --- wiring ----------------------------------------------------------------

  private wire(): void {
    const presets = this.el<HTMLSelectElement>('preset');
    for (const p of PRESETS) presets.append(new Option(p.label, p.id));
    presets.addEventListener('change', () => {
      const p = PRESETS.find((q) => q.id === presets.value);
      if (!p) return;
      this.el('note').textContent = p.note;
      this.apply(() => { this.settings = fromQuery(p.query, { ...DEFAULT_SETTINGS }); }, 'reset');
    });
    this.el<HTMLSelectElement>('data').addEventListener('change', (e) => this.apply(() => {
      this.settings.data = (e.target as HTMLSelectElement).value;
      this.settings.dataOptions = {};
      this.settings.added = [];
    }, 'reset'));
    // Each field is read through the link format, so its checks and messages are the link's.
    const numeric = (role: string, effect: 'reset' | 'retrain') => {
      const el = this.input(role);
      el.addEventListener('change', () => this.apply(() => {
        this.settings = fromQuery(`${role}=${encodeURIComponent(el.value)}`, this.settings);
      }, effect));
    };
    for (const role of ['test', 'embed', 'seed']) numeric(role, 'reset');
    for (const role of ['lr', 'batch', 'l2', 'cl']) numeric(role, 'retrain');
    this.el<HTMLSelectElement>('loss').addEventListener('change', (e) => this.apply(() => {
      this.settings.loss = (e.target as HTMLSelectElement).value === 'knn' ? 'knn' : 'auto';
    }, 'reset'));
    this.input('show-test').addEventListener('change', (e) => this.apply(() => { this.settings.showTest = (e.target as HTMLInputElement).checked; }, 'view'));
    this.input('discrete').addEventListener('change', (e) => this.apply(() => { this.settings.discrete = (e.target as HTMLInputElement).checked; }, 'view'));
    const layers = (f: (l: LayerSetting[]) => LayerSetting[]) => this.apply(() => { this.settings.layers = f(this.settings.layers); }, 'reset');
    this.el('add-layer').addEventListener('click', () => layers((l) => addLayer(l, 'dense')));
    this.el('add-field').addEventListener('click', () => layers((l) => addLayer(l, 'field')));
    this.el('remove-layer').addEventListener('click', () => layers((l) => l.slice(0, -1)));
    this.el<HTMLSelectElement>('view').addEventListener('change', (e) => this.apply(() => {
      this.settings.view = Number((e.target as HTMLSelectElement).value);
      this.animation = null;
    }, 'view'));

    this.el('train').addEventListener('click', () => this.serial(() => (this.running ? this.pause() : this.begin())));
    this.el('step').addEventListener('click', () => this.serial(() => this.stepEpoch()));
    this.el('reset').addEventListener('click', () => this.serial(async () => { await this.endRun(); this.rebuild(); this.showError(null); }));

    this.el('input').addEventListener('click', (e) => {
      const canvas = e.currentTarget as HTMLCanvasElement;
      const box = canvas.getBoundingClientRect();
      const at = this.toInput?.((e.clientX - box.left) * (FIGURE / box.width), (e.clientY - box.top) * (FIGURE / box.height));
      if (!at || !this.data || this.data.regression) return;
      const label = Number(this.el<HTMLSelectElement>('click-class').value) || 0;
      this.apply(() => { this.settings.added.push({ x: at, label }); }, 'retrain');
    });
    this.wireDrag();
    this.wireFiles();
    this.wireAnimation();
    for (const b of Array.from(this.querySelectorAll<HTMLButtonElement>('[data-export]'))) {
      b.addEventListener('click', () => this.exportPicture(b.dataset.export!, b.dataset.format === 'svg' ? 'svg' : 'png'));
    }
  }

  /** Runs an action after the ones before it, showing its failure. */
  private serial(action: () => Promise<void>): void {
    this.queue = this.queue.then(action).catch((e: unknown) => this.showError(e));
  }

  private wireDrag(): void {
    const canvas = this.el<HTMLCanvasElement>('layer');
    let drag: { x: number; y: number; yaw: number; pitch: number } | null = null;
    canvas.addEventListener('pointerdown', (e) => {
      if (this.model?.widths[this.viewLayer()] !== 3) return;
      drag = { x: e.clientX, y: e.clientY, yaw: this.yaw, pitch: this.pitch };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!drag) return;
      this.yaw = drag.yaw - (e.clientX - drag.x) * 0.01;
      this.pitch = Math.max(-1.5, Math.min(1.5, drag.pitch + (e.clientY - drag.y) * 0.01));
      this.dirty = true;
    });
    canvas.addEventListener('pointerup', () => { drag = null; });
  }

  private wireFiles(): void {
    const loadCsv = async (file: File) => {
      const text = await file.text();
      this.apply(() => {
        this.csv = parseCsv(text, { name: file.name.replace(/\.[^.]*$/, '') || 'csv' });
        this.settings.data = 'csv';
        this.settings.dataOptions = {};
        this.settings.added = [];
      }, 'reset');
    };
    const csvInput = this.input('csv');
    csvInput.addEventListener('change', () => { const f = csvInput.files?.[0]; if (f) void loadCsv(f); csvInput.value = ''; });
    this.addEventListener('dragover', (e) => { e.preventDefault(); this.classList.add('ux-drop'); });
    this.addEventListener('dragleave', () => this.classList.remove('ux-drop'));
    this.addEventListener('drop', (e) => {
      e.preventDefault();
      this.classList.remove('ux-drop');
      const f = e.dataTransfer?.files[0];
      if (f) void loadCsv(f);
    });
    const modelInput = this.input('model-file');
    this.el('load-model').addEventListener('click', () => modelInput.click());
    modelInput.addEventListener('change', () => {
      const f = modelInput.files?.[0];
      modelInput.value = '';
      if (f) this.serial(async () => this.loadModel(await f.text()));
    });
    this.el('save-model').addEventListener('click', () => {
      if (this.model) download(new Blob([stringifyModel(this.model.toJSON())], { type: 'application/json' }), 'untangle-model.json');
    });
  }

  /** Replaces the network by a saved model (its layers become the settings' layers); training goes on from it. */
  private async loadModel(text: string): Promise<void> {
    const loaded = Model.fromJSON(this.engine!, JSON.parse(text));
    const data = this.data!;
    if (loaded.inputs !== data.train.dim) {
      loaded.dispose();
      throw new Error(`the model takes ${loaded.inputs} inputs, the data set has ${data.train.dim}`);
    }
    await this.endRun();
    this.settings.layers = loaded.layers.slice(0, -1).map((l, i): LayerSetting =>
      l.type === 'vectorfield' ? { kind: 'field', anchors: (l as unknown as { anchors: number }).anchors } : { kind: 'dense', units: loaded.widths[i + 1]!, activation: l.activation ?? 'linear' });
    this.model?.dispose();
    this.model = loaded;
    this.history = [];
    this.epochOffset = 0;
    this.animation = null;
    this.fillControls();
    this.showEvaluation();
    this.invalidate();
    this.showError(null);
  }

  private wireAnimation(): void {
    const scrubber = this.input('scrubber');
    scrubber.addEventListener('input', () => {
      if (!this.model) return;
      this.prepareAnimation();
      this.animation!.playing = false;
      this.el('play').textContent = 'Play';
      this.showFrame(Number(scrubber.value));
    });
    this.el('play').addEventListener('click', () => {
      if (!this.model) return;
      if (this.running) this.animation = null; // the weights moved: animate them as they are now
      this.prepareAnimation();
      const a = this.animation!;
      a.playing = !a.playing;
      if (a.playing && a.index >= a.seq.frames.length - 1) this.showFrame(0);
      this.el('play').textContent = a.playing ? 'Pause' : 'Play';
    });
  }

  private exportPicture(role: string, format: 'png' | 'svg'): void {
    const picture = this.pictures.get(role);
    if (!picture) return;
    const name = `untangle-${role}.${format}`;
    if (format === 'svg') download(new Blob([toSvg(picture)], { type: 'image/svg+xml' }), name);
    else this.el<HTMLCanvasElement>(role).toBlob((blob) => { if (blob) download(blob, name); }, 'image/png');
  }

  private showError(error: unknown, hint = ''): void {
    const el = this.el('error');
    if (error === null) { el.textContent = ''; return; }
    el.textContent = error instanceof Error ? `${error.name}: ${error.message}${hint}` : String(error);
    this.el('status').textContent = 'stopped';
    this.el('status').classList.add('ux-bad');
  }
}

function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
