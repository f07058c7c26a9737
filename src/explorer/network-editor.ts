/**
 * The network editor: one column per hidden layer with its neurons drawn as
 * dots, + and − to add or remove neurons (anchors of a vector-field layer), and
 * the layer's activation. Edits produce a new layer list; the caller rebuilds.
 */
import { ACTIVATIONS } from '../model/activation.js';
import { MAX_LAYERS, MAX_UNITS, type LayerSetting } from './settings.js';

export function renderNetwork(root: HTMLElement, layers: readonly LayerSetting[], onChange: (layers: LayerSetting[]) => void): void {
  const columns = layers.map((layer, i) => {
    const col = document.createElement('div');
    col.className = 'ux-layer';
    col.dataset.layer = String(i);
    const count = layer.kind === 'field' ? layer.anchors : layer.units;
    const change = (next: LayerSetting) => onChange(layers.map((l, j) => (j === i ? next : l)));
    const resize = (n: number) => change(layer.kind === 'field' ? { ...layer, anchors: n } : { ...layer, units: n });
    const max = layer.kind === 'field' ? 256 : MAX_UNITS;
    const plus = button('+', `add a ${layer.kind === 'field' ? 'anchor' : 'neuron'}`, () => resize(Math.min(max, count + 1)), 'add-neuron');
    const minus = button('−', `remove a ${layer.kind === 'field' ? 'anchor' : 'neuron'}`, () => resize(Math.max(1, count - 1)), 'remove-neuron');
    const dots = document.createElement('div');
    dots.className = 'ux-neurons';
    for (let k = 0; k < Math.min(count, 24); k++) {
      const d = document.createElement('span');
      d.className = layer.kind === 'field' ? 'ux-neuron ux-field' : 'ux-neuron';
      dots.append(d);
    }
    const label = document.createElement('span');
    label.textContent = layer.kind === 'field' ? `field ${count}` : String(count);
    label.style.fontSize = '11px';
    col.append(plus, dots, minus, label);
    if (layer.kind === 'dense') {
      const select = document.createElement('select');
      select.dataset.role = 'activation';
      select.setAttribute('aria-label', `activation of layer ${i + 1}`);
      for (const a of ACTIVATIONS) select.append(new Option(a, a, false, a === layer.activation));
      select.addEventListener('change', () => change({ ...layer, activation: select.value as typeof layer.activation }));
      col.append(select);
    }
    return col;
  });
  root.replaceChildren(...columns);
  if (layers.length === 0) root.textContent = 'no hidden layers';
}

function button(text: string, title: string, onClick: () => void, role: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.title = title;
  b.dataset.role = role;
  b.addEventListener('click', onClick);
  return b;
}

/** The layer list with one more layer (a copy of the last, or tanh 4), or a vector field of 16 anchors. */
export function addLayer(layers: readonly LayerSetting[], kind: 'dense' | 'field'): LayerSetting[] {
  if (layers.length >= MAX_LAYERS) return layers.slice();
  const last = [...layers].reverse().find((l) => l.kind === 'dense');
  const next: LayerSetting = kind === 'field' ? { kind: 'field', anchors: 16 } : last ?? { kind: 'dense', units: 4, activation: 'tanh' };
  return [...layers, { ...next }];
}
