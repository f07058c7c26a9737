// Residual blocks: forward against the f64 network reference (inner output plus
// input), the training gradient (parameters and inputs) against central
// differences of the f64 loss with dense and with convolutional inner layers on
// odd sizes, a first-layer block (no input gradient), penalties inside a block,
// the shape rule, and a bit-exact save/load round trip.
import { describe, it, expect } from 'vitest';
import { Model, type LayerSpec } from '../../src/model/model.js';
import { OptionError } from '../../src/errors.js';
import { Random } from '../../src/engine/random.js';
import { Trainer } from '../../src/train/trainer.js';
import { randomPoints } from '../helpers/points.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { centralDifferences } from '../helpers/finite-differences.js';
import { refForward, refLoss, type RefLayer } from '../reference/network.js';

type Input = number | { channels: number; height: number; width: number };
interface Case { name: string; input: Input; layers: LayerSpec[]; n: number }

const cases: Case[] = [
  { name: 'dense inner 3 → 5 inside a 5-wide network, batch 7', input: 3, n: 7,
    layers: [{ units: 5, activation: 'tanh' }, { type: 'residual', layers: [{ units: 3, activation: 'tanh' }, { units: 5, activation: 'linear' }] }, { units: 3 }] },
  { name: 'a block as the first layer (no input gradient needed), batch 17', input: 4, n: 17,
    layers: [{ type: 'residual', layers: [{ units: 1, activation: 'sigmoid' }, { units: 4, activation: 'tanh' }] }, { units: 2 }] },
  { name: 'conv inner (3×5×7: conv 3 pad 1, conv 1×1), then pool and dense, batch 5', input: { channels: 2, height: 5, width: 7 }, n: 5,
    layers: [{ type: 'conv2d', filters: 3, kernel: 3, padding: 1, activation: 'tanh' },
      { type: 'residual', layers: [{ type: 'conv2d', filters: 3, kernel: 3, padding: 1, activation: 'softplus' }, { type: 'conv2d', filters: 3, kernel: 1, activation: 'tanh' }] },
      { type: 'maxpool', size: 2 }, { type: 'dense', units: 3 }] },
  { name: 'nested blocks with avgpool between (1×6×5), batch 3', input: { channels: 1, height: 6, width: 5 }, n: 3,
    layers: [{ type: 'conv2d', filters: 2, kernel: 3, padding: 1, activation: 'tanh' },
      { type: 'residual', layers: [{ type: 'residual', layers: [{ type: 'conv2d', filters: 2, kernel: 5, padding: 2, activation: 'tanh' }] }, { type: 'conv2d', filters: 2, kernel: 3, padding: 1, activation: 'linear' }] },
      { type: 'avgpool', size: 2 }, { type: 'dense', units: 2 }] },
];

const dimOf = (input: Input): number => (typeof input === 'number' ? input : input.channels * input.height * input.width);

/** The f64 reference's layer list, read from the model's saved layers (a block's inner layers nested). */
function refLayers(model: Model): RefLayer[] {
  return model.toJSON().layers.map((l, i) => ({ ...l, activation: model.layers[i]!.activation }) as unknown as RefLayer);
}

describe.each(cases)('$name', ({ input, layers, n }) => {
  it('forward: every layer matches the f64 reference (a block outputs inner + input)', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: input, layers, seed: 3 });
    const dim = dimOf(input);
    const r = new Random(5);
    const x = new Float32Array(n * dim).map(() => r.range(-1, 1));
    const outs = model.layerOutputs(x);
    const params = model.getParameters();
    for (let e = 0; e < n; e++) {
      const want = refForward(refLayers(model), params, x.subarray(e * dim, (e + 1) * dim));
      want.forEach((w, li) => assertClose(outs[li]!.subarray(e * w.length, (e + 1) * w.length), w, { abs: 2e-5, rel: 1e-5 }, `example ${e} layer ${li}`));
    }
  });

  it('parameter and input gradients match central differences of the f64 loss', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: input, layers, seed: 4 });
    const dim = dimOf(input);
    const r = new Random(6);
    const x = new Float32Array(n * dim).map(() => r.range(-1, 1));
    const labels = Array.from({ length: n }, (_, i) => i % model.classes);
    const p = Float64Array.from(model.getParameters());
    const ref = refLayers(model);
    const wasm = model.lossAndGradient(x, labels);
    expect(Math.abs(wasm.loss - refLoss(ref, p, x, labels, dim))).toBeLessThan(1e-5);
    assertClose(wasm.gradient, centralDifferences(p, (q) => refLoss(ref, q, x, labels, dim), 1e-4), { abs: 5e-5, rel: 3e-3 }, 'parameter gradient');
    const numericX = centralDifferences(Float64Array.from(x), (q) => refLoss(ref, p, q, labels, dim), 1e-4);
    assertClose(wasm.inputGradient, numericX, { abs: 5e-5, rel: 3e-3 }, 'input gradient');
  });

  it('saves and loads bit-exactly', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: input, layers, seed: 8 });
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const again = Model.fromJSON(engine, json);
    expect(again.getParameters()).toEqual(model.getParameters());
    expect(again.toJSON()).toEqual(model.toJSON());
    const x = new Float32Array(n * dimOf(input)).map((_, i) => Math.sin(i));
    expect(again.predict(x)).toEqual(model.predict(x));
  });
});

describe('a block as the first layer in a training step (no input gradient: the last add is skipped)', () => {
  it('one full-batch SGD step moves the parameters by −lr × lossAndGradient', async () => {
    const engine = await testEngine();
    const spec = { inputs: 4, seed: 5, layers: cases[1]!.layers };
    const data = randomPoints(17, 4, 2, 9);
    const model = Model.create(engine, spec);
    const before = model.getParameters();
    const { gradient } = model.lossAndGradient(data.x, data.y);
    const trainer = new Trainer(model, data, { optimizer: 'sgd', learningRate: 0.5, batchSize: 17, seed: 1 });
    trainer.epoch();
    trainer.dispose();
    const moved = model.getParameters().map((v, i) => (before[i]! - v) / 0.5);
    assertClose(moved, gradient, { abs: 2e-6, rel: 1e-4 }, 'step / lr');
  });
});

describe('residual block rules', () => {
  it('refuses inner layers whose output shape is not the input shape, by name', async () => {
    const engine = await testEngine();
    const bad = () => Model.create(engine, { inputs: 4, layers: [{ type: 'residual', layers: [{ units: 3 }] }, { units: 2 }] });
    expect(bad).toThrow(OptionError);
    expect(bad).toThrow(/layer 0: .*input 4×1×1, inner output 3×1×1/);
    try { bad(); } catch (e) { expect((e as OptionError).option).toBe('layer 0.layers'); }
    expect(() => Model.create(engine, { inputs: 4, layers: [{ type: 'residual', layers: [] }, { units: 2 }] })).toThrow(OptionError);
    const conv = { inputs: { channels: 2, height: 5, width: 5 }, layers: [{ type: 'residual' as const, layers: [{ type: 'conv2d' as const, filters: 3, kernel: 3, padding: 1 }] }, { units: 2 }] };
    expect(() => Model.create(engine, conv)).toThrow(/input 2×5×5, inner output 3×5×5/);
  });

  it('refuses a saved block whose inner layers change the shape, naming the field', async () => {
    const engine = await testEngine();
    const json = JSON.parse(JSON.stringify(Model.create(engine, { inputs: 3, layers: [{ type: 'residual', layers: [{ units: 3 }] }, { units: 2 }] }).toJSON()));
    json.layers[0].layers.push({ ...json.layers[0].layers[0], units: 2, weights: [0, 0, 0, 0, 0, 0], bias: [0, 0] });
    expect(() => Model.fromJSON(engine, json)).toThrow(/layers\[0\]\.layers end in shape 2×1×1/);
  });

  it('adds the inner layers\' weight penalties to the loss and gradient', async () => {
    const engine = await testEngine();
    const spec = { inputs: 3, seed: 2, layers: [{ type: 'residual' as const, layers: [{ units: 3, activation: 'tanh' as const, l2: 0.05 }] }, { units: 2 }] };
    const plain = { ...spec, layers: [{ type: 'residual' as const, layers: [{ units: 3, activation: 'tanh' as const }] }, { units: 2 }] };
    const a = Model.create(engine, spec), b = Model.create(engine, plain);
    const x = Float32Array.from([0.3, -0.2, 0.9, -1, 0.5, 0.1]), y = [0, 1];
    const ga = a.lossAndGradient(x, y), gb = b.lossAndGradient(x, y);
    const w = a.getParameters().subarray(0, 9);
    const penalty = 0.05 * w.reduce((s, v) => s + v * v, 0);
    expect(ga.loss).toBeCloseTo(gb.loss + penalty, 6);
    assertClose(ga.gradient.subarray(0, 9), Array.from(gb.gradient.subarray(0, 9), (g, i) => g + 0.1 * w[i]!), { abs: 1e-6, rel: 1e-5 }, 'penalised dW');
    expect(a.toJSON().layers[0]).toMatchObject({ layers: [{ l2: expect.closeTo(0.05, 7) }] });
  });
});
