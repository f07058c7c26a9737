import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model } from '../../src/model/model.js';
import type { DenseJSON } from '../../src/model/dense.js';
import { saveModel, loadModel } from '../../src/model/model-file.js';
import { fit } from '../../src/train/trainer.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints, testSpirals } from '../helpers/points.js';
import { act, type Act } from '../reference/mlp.js';

const spec = { inputs: 2, layers: [{ units: 3, activation: 'tanh' as const }, { units: 1, activation: 'sigmoid' as const }, { units: 2 }], seed: 5 };

describe('model', () => {
  it('supports widths 1, 2 and 3 and any activation per layer', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    expect(model.widths).toEqual([2, 3, 1, 2]);
    expect(model.paramCount).toBe(3 * 2 + 3 + 1 * 3 + 1 + 2 * 1 + 2);
    const probs = model.predict(new Float32Array([0.1, -0.2, 0.5, 0.5, -1, 1]));
    expect(probs.length).toBe(6);
    for (let i = 0; i < 3; i++) expect(probs[2 * i]! + probs[2 * i + 1]!).toBeCloseTo(1, 6);
  });

  it('layerOutputs gives each layer\'s activations, matching a plain forward pass', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 3, layers: [{ units: 5, activation: 'softplus' }, { units: 4, activation: 'relu' }, { units: 3 }], seed: 9 });
    const pts = randomPoints(300, 3, 3, 8).x; // > one inference chunk of 256
    const outs = model.layerOutputs(pts);
    expect(outs.map((o) => o.length)).toEqual([300 * 5, 300 * 4, 300 * 3]);
    for (const e of [0, 1, 255, 256, 299]) {
      let input = Array.from(pts.subarray(e * 3, e * 3 + 3));
      model.layers.forEach((layer, li) => {
        const { weights, bias } = model.layerParameters(li);
        const y = Array.from({ length: layer.units }, (_, j) => act(layer.activation as Act, bias[j]! + input.reduce((s, v, i) => s + weights[j * layer.inputs + i]! * v, 0)));
        y.forEach((v, j) => expect(Math.abs(outs[li]![e * layer.units + j]! - v), `point ${e} layer ${li} unit ${j}`).toBeLessThan(1e-5));
        input = y;
      });
    }
  });

  it('saves and loads with an exact round trip, through JSON and through a file', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    fit(model, testSpirals(100, 1, 1), { epochs: 3 });
    const again = Model.fromJSON(engine, JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(new Uint32Array(again.getParameters().buffer))).toEqual(Array.from(new Uint32Array(model.getParameters().buffer)));
    const dir = await mkdtemp(join(tmpdir(), 'untangle-'));
    const path = join(dir, 'model.json');
    await saveModel(model, path);
    const loaded = await loadModel(engine, path);
    expect(Array.from(loaded.getParameters())).toEqual(Array.from(model.getParameters()));
    expect(loaded.widths).toEqual(model.widths);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a failed save leaves no file behind', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const dir = await mkdtemp(join(tmpdir(), 'untangle-'));
    await expect(saveModel(model, join(dir, 'missing-folder', 'model.json'))).rejects.toThrow(/cannot save model/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('dispose frees the model\'s memory', async () => {
    const engine = await testEngine();
    const before = engine.arena.usedBytes;
    const model = Model.create(engine, spec);
    model.predict(new Float32Array([0, 0]));
    model.dispose();
    expect(engine.arena.usedBytes).toBe(before);
    expect(() => model.predict(new Float32Array([0, 0]))).toThrow(/disposed/);
  });
});

describe('bad input gets a clear error, never a trap', () => {
  const table: [string, (e: Awaited<ReturnType<typeof testEngine>>) => unknown, RegExp][] = [
    ['unknown activation', (e) => Model.create(e, { inputs: 2, layers: [{ units: 2, activation: 'swish' as never }] }), /unknown activation 'swish'/],
    ['zero-width layer', (e) => Model.create(e, { inputs: 2, layers: [{ units: 0 }, { units: 2 }] }), /layer 0: units/],
    ['non-dense output', (e) => Model.create(e, { inputs: { channels: 1, height: 4, width: 4 }, layers: [{ type: 'maxpool', size: 2 }] }), /output layer must be dense/],
    ['no layers', (e) => Model.create(e, { inputs: 2, layers: [] }), /at least one layer/],
    ['fractional inputs', (e) => Model.create(e, { inputs: 2.5, layers: [{ units: 2 }] }), /inputs must be an integer/],
    ['wrong input width', (e) => Model.create(e, spec).predict(new Float32Array(3)), /not a whole number of points of width 2/],
    ['NaN point', (e) => Model.create(e, spec).predict(new Float32Array([0, NaN])), /feature 1 of point 0 is NaN/],
    ['no points', (e) => Model.create(e, spec).predict(new Float32Array(0)), /no points/],
    ['data set of wrong width', (e) => fit(Model.create(e, spec), randomPoints(10, 3, 2, 1)), /has 3 features, the model expects 2/],
    ['Infinity in data', (e) => { const d = randomPoints(10, 2, 2, 1); d.x[7] = Infinity; return fit(Model.create(e, spec), d); }, /feature 1 of row 3 is Infinity/],
    ['empty data', (e) => fit(Model.create(e, spec), { ...randomPoints(1, 2, 2, 1), n: 0, x: new Float32Array(0), y: new Int32Array(0) }), /is empty/],
    ['label out of range', (e) => { const d = randomPoints(10, 2, 2, 1); d.y[4] = 2; return fit(Model.create(e, spec), d); }, /label 2 of row 4 is outside 0…1/],
    ['more classes than outputs', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 3, 1)), /3 classes, the model's output layer only 2/],
    ['batch size 0', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 2, 1), { batchSize: 0 }), /batchSize must be an integer/],
    ['negative batch size', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 2, 1), { batchSize: -4 }), /batchSize/],
    ['learning rate 0', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 2, 1), { learningRate: 0 }), /learningRate must be in/],
    ['negative learning rate', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 2, 1), { learningRate: -0.1 }), /learningRate/],
    ['NaN learning rate', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 2, 1), { learningRate: NaN }), /learningRate/],
    ['absurd learning rate', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 2, 1), { learningRate: 1e9 }), /learningRate/],
    ['unknown optimiser', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 2, 1), { optimizer: 'lbfgs' as never }), /unknown optimizer 'lbfgs'/],
    ['momentum 1', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 2, 1), { optimizer: 'momentum', momentum: 1 }), /momentum must be in/],
    ['zero epochs', (e) => fit(Model.create(e, spec), randomPoints(10, 2, 2, 1), { epochs: 0 }), /epochs must be/],
    ['model file not JSON', (e) => Model.fromJSON(e, '{"format": "untangle-model", '), /invalid model file: not JSON/],
    ['wrong format', (e) => Model.fromJSON(e, { format: 'keras', version: 1 }), /format is "keras"/],
    ['wrong version', (e) => Model.fromJSON(e, { ...Model.create(e, spec).toJSON(), version: 99 }), /version 99 is not supported/],
    ['truncated weights', (e) => { const j = Model.create(e, spec).toJSON(); (j.layers[1] as DenseJSON).weights.pop(); return Model.fromJSON(e, j); }, /layers\[1\]\.weights has 2 numbers, expected 3/],
    ['NaN weight', (e) => { const j = JSON.parse(JSON.stringify(Model.create(e, spec).toJSON())); j.layers[0].bias[1] = null; return Model.fromJSON(e, j); }, /layers\[0\]\.bias\[1\] is null/],
    ['mismatched layer inputs', (e) => { const j = Model.create(e, spec).toJSON(); (j.layers[2] as DenseJSON).inputs = 3; return Model.fromJSON(e, j); }, /layers\[2\]\.inputs is 3, but the previous layer gives 1/],
  ];
  it.each(table)('%s', async (_name, action, message) => {
    const engine = await testEngine();
    expect(() => action(engine)).toThrow(message);
  });

  it('a corrupt model file on disk names the file', async () => {
    const engine = await testEngine();
    const dir = await mkdtemp(join(tmpdir(), 'untangle-'));
    const path = join(dir, 'bad.json');
    await writeFile(path, '{"format":"untangle-model","version":1,"inputs":2,"layers":[{"type":"dense"');
    await expect(loadModel(engine, path)).rejects.toThrow(/bad\.json: invalid model file: not JSON/);
  });
});
