/**
 * What the explorer's panels show of the model as it is now: the input-space
 * picture, the chosen layer's representation, the training curves and the
 * numbers, each with its caption. The element decides when; this draws.
 */
import type { UntangleExplorer } from './element.js';
import { curvesPicture } from './curves-picture.js';
import { inputPicture, layerPicture, notePicture } from './pictures.js';

/** Side of the two main pictures and of the animation, in CSS pixels. */
export const FIGURE = 440;
const CURVE_H = 180;
/**
 * Decision-region samples per axis while training (48 at rest): the canvas
 * scales the grid up smoothly, and the boundary lines traced on it cost with
 * its area, so a frame spends under half the time on them.
 */
const TRAINING_RESOLUTION = 32;

/** The input-space picture (decision regions, or the regression's fit) and its captions. */
export function drawInputPanel(ex: UntangleExplorer): void {
  const model = ex.model!, data = ex.data!, s = ex.settings;
  const knn = s.loss === 'knn' && !data.regression;
  const resolution = ex.running ? TRAINING_RESOLUTION : undefined;
  const input = inputPicture(model, data, { width: FIGURE, height: FIGURE, discrete: s.discrete, showTest: s.showTest, knn, resolution });
  ex.toInput = input?.toInput ?? null;
  ex.painter.paint('input', input?.picture ?? notePicture(FIGURE, FIGURE, `${data.all.dim}-D input: see the representations`));
  ex.el('input-title').textContent = data.regression ? 'Input space: the fitted function' : 'Input space: decision regions';
  ex.el('input-caption').textContent = data.regression
    ? 'Colour (or the curve) is the network\'s prediction; dots are the training targets.'
    : `Background: the class the network predicts (paler = less sure${knn ? '; voted by a k-NN head on the embedding' : ''}); dark lines: the boundaries. Dots: training data${s.showTest && data.test ? ', rings: test data' : ''}.`;
}

/** The chosen layer's representation; while training its box follows the points smoothly (smoothed-view.ts). */
export function drawLayerPanel(ex: UntangleExplorer): void {
  const model = ex.model!, data = ex.data!, s = ex.settings;
  const knn = s.loss === 'knn' && !data.regression;
  const layer = ex.viewLayer();
  const w = model.widths[layer]!;
  const key = `${layer}:${w}:${ex.generation}`;
  if (!ex.running) ex.layerView.reset();
  const view = (fitted: Parameters<typeof ex.layerView.next>[0]) => ex.layerView.next(fitted, key);
  ex.painter.paint('layer', layerPicture(model, data, layer, { width: FIGURE, height: FIGURE, projection: { kind: 'orbit', yaw: ex.yaw, pitch: ex.pitch }, knn, view }));
  ex.el('layer-caption').textContent = `${layer === 0 ? 'The data as the network receives it' : `What layer ${layer} makes of the data`}, with the input grid carried along.` +
    (w === 3 ? ' Drag to turn the 3-D view.' : w > 3 ? ` ${w}-D: shown by its top two principal components.` : '') +
    (!knn && !data.regression && w <= 3 ? ' The dark line (plane) is the final classifier where only linear maps follow.' : '');
}

/** Loss and accuracy curves over the epochs so far. */
export function drawCurves(ex: UntangleExplorer): void {
  ex.painter.paint('loss-curve', curvesPicture(ex.history, 'loss', FIGURE, CURVE_H));
  ex.painter.paint('accuracy-curve', curvesPicture(ex.history, 'accuracy', FIGURE, CURVE_H));
}

/** The last epoch's numbers. */
export function showNumbers(ex: UntangleExplorer): void {
  const r = ex.history.at(-1);
  if (!r) return;
  const fixed = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
  ex.el('epoch').textContent = String(r.epoch);
  ex.el('loss-value').textContent = r.loss.toFixed(4);
  ex.el('accuracy').textContent = fixed(r.accuracy);
  ex.el('test-loss').textContent = r.testLoss === undefined ? '–' : r.testLoss.toFixed(4);
  ex.el('test-accuracy').textContent = fixed(r.testAccuracy);
}

/** Loss and accuracy of the page's model as it is (before training, and after loading a model). */
export function showEvaluation(ex: UntangleExplorer): void {
  if (ex.history.length || !ex.model || !ex.data || ex.settings.loss === 'knn') return;
  const e = ex.model.evaluate(ex.data.train);
  ex.el('epoch').textContent = String(ex.epochOffset);
  ex.el('loss-value').textContent = e.loss.toFixed(4);
  ex.el('accuracy').textContent = Number.isFinite(e.accuracy) ? e.accuracy.toFixed(3) : '–';
  const t = ex.data.test ? ex.model.evaluate(ex.data.test) : null;
  ex.el('test-loss').textContent = t ? t.loss.toFixed(4) : '–';
  ex.el('test-accuracy').textContent = t && Number.isFinite(t.accuracy) ? t.accuracy.toFixed(3) : '–';
}
