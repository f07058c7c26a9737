/**
 * Files in and out of the explorer: a CSV (chosen or dropped on the element)
 * becomes the data set; a saved model is loaded in place of the network (its
 * layers become the settings' layers) or the current one saved as JSON.
 */
import { parseCsv } from '../data/csv.js';
import { Model } from '../model/model.js';
import { stringifyModel } from '../model/model-json.js';
import { download } from './download.js';
import type { UntangleExplorer } from './element.js';
import type { LayerSetting } from './settings.js';

export function bindFiles(ex: UntangleExplorer): void {
  const loadCsv = async (file: File) => {
    const text = await file.text();
    ex.apply(() => {
      ex.csv = parseCsv(text, { name: file.name.replace(/\.[^.]*$/, '') || 'csv' });
      ex.settings.data = 'csv';
      ex.settings.dataOptions = {};
      ex.settings.added = [];
    }, 'reset');
  };
  const csvInput = ex.input('csv');
  csvInput.addEventListener('change', () => { const f = csvInput.files?.[0]; if (f) void loadCsv(f); csvInput.value = ''; });
  ex.addEventListener('dragover', (e) => { e.preventDefault(); ex.classList.add('ux-drop'); });
  ex.addEventListener('dragleave', () => ex.classList.remove('ux-drop'));
  ex.addEventListener('drop', (e) => {
    e.preventDefault();
    ex.classList.remove('ux-drop');
    const f = e.dataTransfer?.files[0];
    if (f) void loadCsv(f);
  });
  const modelInput = ex.input('model-file');
  ex.el('load-model').addEventListener('click', () => modelInput.click());
  modelInput.addEventListener('change', () => {
    const f = modelInput.files?.[0];
    modelInput.value = '';
    if (f) ex.serial(async () => loadModel(ex, await f.text()));
  });
  ex.el('save-model').addEventListener('click', () => {
    if (ex.model) download(new Blob([stringifyModel(ex.model.toJSON())], { type: 'application/json' }), 'untangle-model.json');
  });
}

/** Replaces the network by a saved model; training goes on from it. */
async function loadModel(ex: UntangleExplorer, text: string): Promise<void> {
  const loaded = Model.fromJSON(ex.engine!, JSON.parse(text));
  const data = ex.data!;
  if (loaded.inputs !== data.train.dim) {
    loaded.dispose();
    throw new Error(`the model takes ${loaded.inputs} inputs, the data set has ${data.train.dim}`);
  }
  await ex.endRun();
  ex.settings.layers = loaded.layers.slice(0, -1).map((l, i): LayerSetting =>
    l.type === 'vectorfield' ? { kind: 'field', anchors: (l as unknown as { anchors: number }).anchors } : { kind: 'dense', units: loaded.widths[i + 1]!, activation: l.activation ?? 'linear' });
  ex.replaceModel(loaded);
  ex.showError(null);
}
