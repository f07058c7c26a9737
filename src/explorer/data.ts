/**
 * The data the explorer trains on: a built-in set from the registry (or a
 * dropped CSV file), the points added by clicking, split into train and test
 * data; and the network spec and fit options the settings describe.
 */
import type { Dataset } from '../data/dataset.js';
import { makeDataset } from '../data/index.js';
import { splitDataset } from '../data/split.js';
import { OptionError } from '../errors.js';
import type { ModelSpec, LayerSpec } from '../model/model.js';
import type { LossName } from '../loss/loss.js';
import type { AddedPoint, Settings } from './settings.js';
import type { RunFitOptions } from './training-client.js';

export interface ExplorerData {
  /** Everything, added points included (the box the pictures span). */
  all: Dataset;
  train: Dataset;
  test: Dataset | null;
  regression: boolean;
}

/** A data set with points appended (classification only) and its domain widened to hold them. */
export function withPoints(ds: Dataset, added: readonly AddedPoint[]): Dataset {
  const pts = added.filter((p) => p.x.length === ds.dim && p.label < ds.classes);
  if (pts.length === 0 || ds.targets) return ds;
  const n = ds.n + pts.length;
  const x = new Float32Array(n * ds.dim);
  x.set(ds.x);
  const y = new Int32Array(n);
  y.set(ds.y);
  const min = ds.domain.min.slice(), max = ds.domain.max.slice();
  pts.forEach((p, k) => {
    x.set(p.x, (ds.n + k) * ds.dim);
    y[ds.n + k] = p.label;
    p.x.forEach((v, d) => { min[d] = Math.min(min[d]!, v); max[d] = Math.max(max[d]!, v); });
  });
  return { ...ds, x, y, n, domain: { min, max } };
}

/** The base data set of the settings (a CSV set when `data` is 'csv'). */
export function baseData(s: Settings, csv: Dataset | null): Dataset {
  if (s.data === 'csv') {
    if (!csv) throw new OptionError('data: a CSV data set is not kept in links; drop the file on the page again', 'data');
    return csv;
  }
  return makeDataset(s.data, s.dataOptions);
}

/** Train and test data for the settings: base data, then the test share held out, then the added points (to train). */
export function explorerData(s: Settings, csv: Dataset | null): ExplorerData {
  const base = baseData(s, csv);
  const regression = base.targets !== undefined;
  let train = base, test: Dataset | null = null;
  if (s.testFraction > 0) ({ train, test } = splitDataset(base, { testFraction: s.testFraction, seed: s.seed }));
  train = withPoints(train, s.added);
  const all = withPoints(base, s.added);
  return { all, train, test, regression };
}

/** The loss the settings train with. */
export function lossOf(s: Settings, data: ExplorerData): LossName {
  if (data.regression) return 'mse';
  return s.loss === 'knn' ? 'knn' : 'softmax';
}

/** The network: the hidden layers of the settings, then one unit per class, target or embedding feature. */
export function modelSpec(s: Settings, data: ExplorerData): ModelSpec {
  const ds = data.train;
  const outputs = data.regression ? ds.targetDim! : s.loss === 'knn' ? s.embed : ds.classes;
  const hidden: LayerSpec[] = s.layers.map((l) =>
    l.kind === 'field' ? { type: 'vectorfield', anchors: Math.min(l.anchors, ds.n) } : { units: l.units, activation: l.activation });
  return { inputs: ds.dim, layers: [...hidden, { units: outputs }], seed: s.seed } as ModelSpec;
}

/** Fit options of the settings (Adam; the run goes on until paused or stopped). */
export function fitOptions(s: Settings, data: ExplorerData): RunFitOptions {
  const options: RunFitOptions = {
    loss: lossOf(s, data), optimizer: 'adam', learningRate: s.learningRate,
    batchSize: Math.min(s.batchSize, data.train.n), weightDecay: s.l2, seed: s.seed,
  };
  if (s.contractive > 0) options.contractive = { lambda: s.contractive };
  return options;
}
