/**
 * Every way a caller can misuse a model, a k-NN head or the contractive
 * helpers ends in a named error class with its stable code (the error a worker
 * or an app matches on), never a plain Error.
 */
import { describe, expect, it } from 'vitest';
import { Model } from '../../src/model/model.js';
import { KnnHead } from '../../src/model/knn-head.js';
import { fit } from '../../src/train/trainer.js';
import { jacobians } from '../../src/train/contractive.js';
import { DataError, OptionError, StateError, type UntangleError } from '../../src/errors.js';
import { testEngine } from '../helpers/engine.js';
import { testSpirals } from '../helpers/points.js';

const dense = { inputs: 2, layers: [{ units: 4, activation: 'tanh' as const }, { units: 2 }], seed: 1 };

function thrown(f: () => unknown): unknown {
  try { f(); } catch (e) { return e; }
  return undefined;
}

describe('named errors', () => {
  it('bad specs are OptionErrors', async () => {
    const engine = await testEngine();
    const cases: [string, unknown][] = [
      ['unknown activation', { inputs: 2, layers: [{ units: 4, activation: 'swish' }, { units: 2 }] }],
      ['unknown layer type', { inputs: 2, layers: [{ type: 'lstm', units: 4 }, { units: 2 }] }],
      ['no layers', { inputs: 2, layers: [] }],
      ['inputs 0', { inputs: 0, layers: [{ units: 2 }] }],
      ['units 1.5', { inputs: 2, layers: [{ units: 1.5 }, { units: 2 }] }],
      ['negative l2', { inputs: 2, layers: [{ units: 4, l2: -1 }, { units: 2 }] }],
      ['dropout rate 1', { inputs: 2, layers: [{ units: 4 }, { type: 'dropout', rate: 1 }, { units: 2 }] }],
      ['batchnorm momentum 2', { inputs: 2, layers: [{ units: 4 }, { type: 'batchnorm', momentum: 2 }, { units: 2 }] }],
    ];
    for (const [name, spec] of cases) {
      const e = thrown(() => Model.create(engine, spec as never));
      expect(e, name).toBeInstanceOf(OptionError);
      expect((e as UntangleError).code, name).toBe('BAD_OPTION');
    }
  });

  it('data that does not fit the model is a DataError; a missing layer an OptionError', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, dense);
    const wide = { ...testSpirals(20, 1, 1), dim: 3, x: new Float32Array(60), name: 'wide' };
    expect(thrown(() => fit(model, wide as never, { epochs: 1 }))).toBeInstanceOf(DataError);
    expect(thrown(() => model.setParameters(new Float32Array(3)))).toBeInstanceOf(DataError);
    expect(thrown(() => model.setParameters(new Float32Array(model.paramCount).fill(Number.NaN)))).toBeInstanceOf(DataError);
    expect(thrown(() => model.layerOutput(new Float32Array([0, 0]), 7))).toBeInstanceOf(OptionError);
    const conv = Model.create(engine, { inputs: { channels: 1, height: 4, width: 4 }, layers: [{ type: 'conv2d', filters: 2, kernel: 3 }, { units: 2 }] } as never);
    expect(thrown(() => jacobians(conv, new Float32Array(16)))).toBeInstanceOf(OptionError);
  });

  it('a k-NN head refuses bad references and options by class, and use after dispose by StateError', async () => {
    const engine = await testEngine();
    expect(thrown(() => new KnnHead(engine, new Float32Array(4), [0, 1], 2, 2, { k: 0 }))).toBeInstanceOf(OptionError);
    expect(thrown(() => new KnnHead(engine, new Float32Array([0, Number.NaN, 1, 1]), [0, 1], 2, 2))).toBeInstanceOf(DataError);
    expect(thrown(() => new KnnHead(engine, new Float32Array([0, 0, 1, 1]), [0, 5], 2, 2))).toBeInstanceOf(DataError);
    const head = new KnnHead(engine, new Float32Array([0, 0, 1, 1]), [0, 1], 2, 2, { k: 1 });
    head.dispose();
    expect(thrown(() => head.classify(new Float32Array([0, 0])))).toBeInstanceOf(StateError);
  });
});
