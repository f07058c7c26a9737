/**
 * One run of a small dense classifier, the unit every essay experiment (E1–E6)
 * repeats over settings and seeds: build, train with a fixed budget, score on
 * the training points and on fresh points from the same distribution.
 */
import type { Engine } from '../engine/engine.js';
import type { Dataset } from '../data/dataset.js';
import { Model, type LayerSpec } from '../model/model.js';
import type { ActivationName } from '../model/activation.js';
import { fit } from '../train/trainer.js';
import type { FitOptions } from '../train/options.js';
import type { RunResult } from './types.js';

export interface DenseRun {
  experiment: string;
  setting: string;
  seed: number;
  train: Dataset;
  test: Dataset;
  /** Hidden widths, e.g. [2, 2, 2, 2]. */
  hidden: number[];
  activation?: ActivationName;
  /** Layers to put before the hidden ones (e.g. a vector-field layer). */
  prefix?: LayerSpec[];
  epochs: number;
  fit?: FitOptions;
  /** Extra figures computed from the trained model. */
  measure?: (model: Model) => Record<string, number>;
}

export function majorityBaseline(data: Dataset): number {
  const counts = new Array<number>(data.classes).fill(0);
  for (let i = 0; i < data.n; i++) counts[data.y[i]!]!++;
  return Math.max(...counts) / data.n;
}

export function runDense(engine: Engine, run: DenseRun): RunResult {
  const started = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const activation = run.activation ?? 'tanh';
  const model = Model.create(engine, {
    inputs: run.train.dim,
    layers: [...(run.prefix ?? []), ...run.hidden.map((units) => ({ units, activation })), { units: run.train.classes }],
    seed: run.seed,
  });
  try {
    const { history } = fit(model, run.train, {
      epochs: run.epochs,
      batchSize: 32,
      optimizer: 'adam',
      learningRate: 0.01,
      seed: run.seed,
      ...run.fit,
    });
    const trainEval = model.evaluate(run.train);
    const testEval = model.evaluate(run.test);
    return {
      experiment: run.experiment,
      setting: run.setting,
      seed: run.seed,
      accuracy: trainEval.accuracy,
      testAccuracy: testEval.accuracy,
      baseline: majorityBaseline(run.train),
      loss: trainEval.loss,
      epochs: history.length,
      ms: (typeof performance !== 'undefined' ? performance.now() : Date.now()) - started,
      metrics: run.measure?.(model) ?? {},
      model: model.toJSON(),
    };
  } finally {
    model.dispose();
  }
}
