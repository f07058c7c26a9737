/**
 * The explorer's form controls and the settings, both ways: fillControls
 * shows the settings in them, bindControls turns each edit into a settings
 * change with its effect (rebuild, retrain, or only redraw) and wires the
 * buttons and the click that adds a point.
 */
import { DATASET_DEFAULTS, DATASETS } from '../data/index.js';
import type { UntangleExplorer } from './element.js';
import { addLayer, renderNetwork } from './network-editor.js';
import { FIGURE } from './panels.js';
import { PRESETS } from './presets.js';
import { DEFAULT_SETTINGS, fromQuery, toQuery, type LayerSetting } from './settings.js';

/** Shows the settings in the controls (and, with url-state, in the page's URL). */
export function fillControls(ex: UntangleExplorer): void {
  const s = ex.settings;
  const data = ex.el<HTMLSelectElement>('data');
  if (data.options.length === 0) {
    for (const name of Object.keys(DATASETS)) data.append(new Option(name, name));
    data.append(new Option('CSV file', 'csv'));
  }
  data.value = s.data;
  fillDataOptions(ex);
  ex.input('test').value = String(s.testFraction);
  ex.input('embed').value = String(s.embed);
  ex.el<HTMLSelectElement>('loss').value = s.loss;
  ex.input('lr').value = String(s.learningRate);
  ex.input('batch').value = String(s.batchSize);
  ex.input('l2').value = String(s.l2);
  ex.input('cl').value = String(s.contractive);
  ex.input('seed').value = String(s.seed);
  ex.input('show-test').checked = s.showTest;
  ex.input('discrete').checked = s.discrete;
  renderNetwork(ex.el('network'), s.layers, (layers) => ex.apply(() => { ex.settings.layers = layers; }, 'reset'));
  const classes = ex.data && !ex.data.regression ? ex.data.all.classes : 0;
  const click = ex.el<HTMLSelectElement>('click-class');
  const keep = click.value;
  click.replaceChildren(...Array.from({ length: classes }, (_, k) => new Option(`class ${k}`, String(k))));
  if (keep !== '' && Number(keep) < classes) click.value = keep;
  const view = ex.el<HTMLSelectElement>('view');
  const L = ex.model?.layers.length ?? 0;
  view.replaceChildren(...Array.from({ length: L + 1 }, (_, i) => new Option(i === 0 ? 'input' : `layer ${i}${i === L ? ' (output)' : ''}`, String(i))));
  view.value = String(ex.viewLayer());
  if (ex.hasAttribute('url-state')) history.replaceState(null, '', `?${toQuery(s)}`);
}

/** One number field per option of the chosen data set (blank or the default: not in the settings). */
function fillDataOptions(ex: UntangleExplorer): void {
  const s = ex.settings;
  const options = ex.el('data-options');
  options.replaceChildren();
  const defaults = (DATASET_DEFAULTS as Record<string, Record<string, number>>)[s.data] ?? {};
  for (const [key, value] of Object.entries(defaults)) {
    const row = document.createElement('div');
    row.className = 'ux-row';
    const label = Object.assign(document.createElement('label'), { textContent: key === 'seed' ? 'data seed' : key });
    const field = Object.assign(document.createElement('input'), { type: 'number', step: 'any', value: String(s.dataOptions[key] ?? value) });
    field.dataset.option = key;
    field.addEventListener('change', () => ex.apply(() => {
      const v = Number(field.value);
      if (field.value.trim() === '' || v === value) delete ex.settings.dataOptions[key];
      else ex.settings.dataOptions[key] = v;
    }, 'reset'));
    row.append(label, field);
    options.append(row);
  }
}

/** Wires every control to its settings change, the buttons to training, and a click on the input picture to a new point. */
export function bindControls(ex: UntangleExplorer): void {
  const presets = ex.el<HTMLSelectElement>('preset');
  for (const p of PRESETS) presets.append(new Option(p.label, p.id));
  presets.addEventListener('change', () => {
    const p = PRESETS.find((q) => q.id === presets.value);
    if (!p) return;
    ex.el('note').textContent = p.note;
    ex.apply(() => { ex.settings = fromQuery(p.query, { ...DEFAULT_SETTINGS }); }, 'reset');
  });
  ex.el<HTMLSelectElement>('data').addEventListener('change', (e) => ex.apply(() => {
    ex.settings.data = (e.target as HTMLSelectElement).value;
    ex.settings.dataOptions = {};
    ex.settings.added = [];
  }, 'reset'));
  // Each field is read through the link format, so its checks and messages are the link's.
  const numeric = (role: string, effect: 'reset' | 'retrain') => {
    const el = ex.input(role);
    el.addEventListener('change', () => ex.apply(() => {
      ex.settings = fromQuery(`${role}=${encodeURIComponent(el.value)}`, ex.settings);
    }, effect));
  };
  for (const role of ['test', 'embed', 'seed']) numeric(role, 'reset');
  for (const role of ['lr', 'batch', 'l2', 'cl']) numeric(role, 'retrain');
  ex.el<HTMLSelectElement>('loss').addEventListener('change', (e) => ex.apply(() => {
    ex.settings.loss = (e.target as HTMLSelectElement).value === 'knn' ? 'knn' : 'auto';
  }, 'reset'));
  ex.input('show-test').addEventListener('change', (e) => ex.apply(() => { ex.settings.showTest = (e.target as HTMLInputElement).checked; }, 'view'));
  ex.input('discrete').addEventListener('change', (e) => ex.apply(() => { ex.settings.discrete = (e.target as HTMLInputElement).checked; }, 'view'));
  const layers = (f: (l: LayerSetting[]) => LayerSetting[]) => ex.apply(() => { ex.settings.layers = f(ex.settings.layers); }, 'reset');
  ex.el('add-layer').addEventListener('click', () => layers((l) => addLayer(l, 'dense')));
  ex.el('add-field').addEventListener('click', () => layers((l) => addLayer(l, 'field')));
  ex.el('remove-layer').addEventListener('click', () => layers((l) => l.slice(0, -1)));
  ex.el<HTMLSelectElement>('view').addEventListener('change', (e) => ex.apply(() => {
    ex.settings.view = Number((e.target as HTMLSelectElement).value);
    ex.player.forget();
  }, 'view'));

  ex.el('train').addEventListener('click', () => ex.serial(() => (ex.running ? ex.pause() : ex.begin())));
  ex.el('step').addEventListener('click', () => ex.serial(() => ex.stepEpoch()));
  ex.el('reset').addEventListener('click', () => ex.serial(async () => { await ex.endRun(); ex.rebuild(); ex.showError(null); }));

  ex.el('input').addEventListener('click', (e) => {
    const canvas = e.currentTarget as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    const at = ex.toInput?.((e.clientX - box.left) * (FIGURE / box.width), (e.clientY - box.top) * (FIGURE / box.height));
    if (!at || !ex.data || ex.data.regression) return;
    const label = Number(ex.el<HTMLSelectElement>('click-class').value) || 0;
    ex.apply(() => { ex.settings.added.push({ x: at, label }); }, 'retrain');
  });
  for (const b of Array.from(ex.querySelectorAll<HTMLButtonElement>('[data-export]'))) {
    b.addEventListener('click', () => ex.painter.export(b.dataset.export!, b.dataset.format === 'svg' ? 'svg' : 'png'));
  }
}
