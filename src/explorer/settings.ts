/**
 * Everything the explorer shows, as one plain object, and its text form in a
 * URL query (so a link reloads the same data, network, training and view):
 *
 *   ?data=spirals&d.turns=1.5&net=tanh:8,tanh:8&lr=0.02&batch=32&l2=0&cl=0&test=0.2&seed=1&view=2&show=test
 *
 * `net` lists the hidden layers (activation:units, or field:anchors for a
 * vector-field layer); the output layer follows from the data and the loss.
 * Bad text is an OptionError naming the parameter.
 */
import { ACTIVATIONS, type ActivationName } from '../model/activation.js';
import { OptionError } from '../errors.js';

/** A hidden layer: dense units with an activation, or a vector field (keeps the width) with K anchors. */
export type LayerSetting = { kind: 'dense'; units: number; activation: ActivationName } | { kind: 'field'; anchors: number };

/** A point added by clicking (input coordinates and class). */
export interface AddedPoint {
  x: number[];
  label: number;
}

export interface Settings {
  /** A built-in data set's name, or 'csv' (a dropped file; not kept in links). */
  data: string;
  /** The data set's options that differ from its defaults. */
  dataOptions: Record<string, number>;
  layers: LayerSetting[];
  /** 'auto': softmax for classes, mse for targets; 'knn': the k-NN loss on an `embed`-wide last layer. */
  loss: 'auto' | 'knn';
  embed: number;
  learningRate: number;
  batchSize: number;
  /** L2 weight decay. */
  l2: number;
  /** Contractive penalty λ (0: none). */
  contractive: number;
  /** Share of the data held out as test data (0: none). */
  testFraction: number;
  /** Seed of the weights, the shuffling and the split. */
  seed: number;
  /** Representation shown (layer index; null: the last hidden layer). */
  view: number | null;
  showTest: boolean;
  /** Show only the predicted class (no confidence shading). */
  discrete: boolean;
  added: AddedPoint[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  data: 'spirals', dataOptions: {},
  layers: [{ kind: 'dense', units: 8, activation: 'tanh' }, { kind: 'dense', units: 8, activation: 'tanh' }],
  loss: 'auto', embed: 2,
  learningRate: 0.02, batchSize: 32, l2: 0, contractive: 0, testFraction: 0.2, seed: 1,
  view: null, showTest: false, discrete: false, added: [],
};

export const MAX_LAYERS = 8;
export const MAX_UNITS = 64;

/** Layers as text: 'tanh:8,relu:4,field:16'. */
export function layersText(layers: readonly LayerSetting[]): string {
  return layers.map((l) => (l.kind === 'field' ? `field:${l.anchors}` : `${l.activation}:${l.units}`)).join(',');
}

function int(text: string, name: string, lo: number, hi: number): number {
  const v = Number(text);
  if (!(text.trim() !== '' && Number.isInteger(v) && v >= lo && v <= hi)) throw new OptionError(`${name}: a whole number from ${lo} to ${hi}, got '${text}'`, name);
  return v;
}

function num(text: string, name: string, lo: number, hi: number, open = false): number {
  const v = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(v) && (open ? v > lo : v >= lo) && v <= hi;
  if (!ok) throw new OptionError(`${name}: a number ${open ? 'above' : 'from'} ${lo} ${open ? 'up ' : ''}to ${hi}, got '${text}'`, name);
  return v;
}

/** Parses 'tanh:8,field:16' (an empty text: no hidden layers). */
export function parseLayers(text: string): LayerSetting[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length > MAX_LAYERS) throw new OptionError(`net: at most ${MAX_LAYERS} hidden layers, got ${parts.length}`, 'net');
  return parts.map((part, i) => {
    const [kind = '', count = ''] = part.split(':');
    const name = `net[${i}]`;
    if (kind === 'field') return { kind: 'field', anchors: int(count, name, 1, 256) };
    if (!(ACTIVATIONS as string[]).includes(kind)) throw new OptionError(`${name}: '${kind}' is no activation (${ACTIVATIONS.join(', ')}) nor 'field'`, name);
    return { kind: 'dense', units: int(count, name, 1, MAX_UNITS), activation: kind as ActivationName };
  });
}

const round = (v: number) => String(Number(v.toPrecision(6)));

/** The settings as a query string (only what differs from the defaults, so links stay short). */
export function toQuery(s: Settings): string {
  const d = DEFAULT_SETTINGS;
  const q = new URLSearchParams();
  q.set('data', s.data);
  for (const [k, v] of Object.entries(s.dataOptions)) q.set(`d.${k}`, round(v));
  q.set('net', layersText(s.layers));
  if (s.loss !== d.loss) { q.set('loss', s.loss); q.set('embed', String(s.embed)); }
  q.set('lr', round(s.learningRate));
  q.set('batch', String(s.batchSize));
  if (s.l2 !== d.l2) q.set('l2', round(s.l2));
  if (s.contractive !== d.contractive) q.set('cl', round(s.contractive));
  q.set('test', round(s.testFraction));
  q.set('seed', String(s.seed));
  if (s.view !== null) q.set('view', String(s.view));
  const show = [s.showTest ? 'test' : '', s.discrete ? 'discrete' : ''].filter(Boolean);
  if (show.length) q.set('show', show.join(','));
  if (s.added.length) q.set('add', s.added.map((p) => [...p.x.map(round), p.label].join('_')).join('~'));
  // ':' and ',' need no escaping in a query; left as they are, the network reads as written.
  return q.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/** Settings from a query string; missing keys keep the defaults. Throws OptionError naming the bad key. */
export function fromQuery(query: string, base: Settings = DEFAULT_SETTINGS): Settings {
  const q = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const s: Settings = { ...base, dataOptions: { ...base.dataOptions }, layers: base.layers.slice(), added: base.added.slice() };
  const get = (k: string) => q.get(k) ?? undefined;
  const data = get('data');
  if (data !== undefined) {
    if (!/^[a-z0-9-]+$/.test(data)) throw new OptionError(`data: '${data}' is not a data set name`, 'data');
    if (data !== base.data) s.dataOptions = {};
    s.data = data;
  }
  for (const [k, v] of q) if (k.startsWith('d.')) s.dataOptions[k.slice(2)] = num(v, k, -1e9, 1e9);
  const net = get('net');
  if (net !== undefined) s.layers = parseLayers(net);
  const loss = get('loss');
  if (loss !== undefined) {
    if (loss !== 'auto' && loss !== 'knn') throw new OptionError(`loss: 'auto' or 'knn', got '${loss}'`, 'loss');
    s.loss = loss;
  }
  const v = (k: string, f: (t: string) => number) => { const t = get(k); return t === undefined ? undefined : f(t); };
  s.embed = v('embed', (t) => int(t, 'embed', 1, MAX_UNITS)) ?? s.embed;
  s.learningRate = v('lr', (t) => num(t, 'lr', 0, 10, true)) ?? s.learningRate;
  s.batchSize = v('batch', (t) => int(t, 'batch', 1, 4096)) ?? s.batchSize;
  s.l2 = v('l2', (t) => num(t, 'l2', 0, 10)) ?? s.l2;
  s.contractive = v('cl', (t) => num(t, 'cl', 0, 100)) ?? s.contractive;
  s.testFraction = v('test', (t) => num(t, 'test', 0, 0.9)) ?? s.testFraction;
  s.seed = v('seed', (t) => int(t, 'seed', 0, 0xffffffff)) ?? s.seed;
  const view = get('view');
  if (view !== undefined) s.view = view === '' ? null : int(view, 'view', 0, MAX_LAYERS + 1);
  const show = get('show');
  if (show !== undefined) {
    const flags = show.split(',');
    s.showTest = flags.includes('test');
    s.discrete = flags.includes('discrete');
  }
  const add = get('add');
  if (add !== undefined) {
    s.added = add === '' ? [] : add.split('~').map((p, i) => {
      const fields = p.split('_');
      if (fields.length < 2) throw new OptionError(`add[${i}]: coordinates and a class, got '${p}'`, 'add');
      return { x: fields.slice(0, -1).map((t) => num(t, `add[${i}]`, -1e6, 1e6)), label: int(fields.at(-1)!, `add[${i}]`, 0, 63) };
    });
  }
  return s;
}
