// Contractive penalty: the reference gradient against central differences, the
// wasm ops against the reference (every activation, odd widths, chosen layers),
// the trainer's step and reported loss, errors; the input→logits Jacobian
// against finite differences of layerOutputs; and the penalty shrinking it.
import { describe, it, expect } from 'vitest';
import { Model, type LayerSpec } from '../../src/model/model.js';
import { ACTIVATIONS } from '../../src/model/activation.js';
import { fit, Trainer } from '../../src/train/trainer.js';
import type { ContractiveOptions } from '../../src/train/options.js';
import { contractiveLossAndGradient, contractivePenalty, jacobians, jacobianNorms, penalisedLayers } from '../../src/train/contractive.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { randomPoints, testSpirals } from '../helpers/points.js';
import { Random } from '../helpers/buffers.js';
import { totalAndGradient, total, networkPenalty } from '../reference/contractive.js';
import { loss as refLoss } from '../reference/mlp.js';
import type { RefLayer } from '../reference/mlp.js';

const shapes = [
  { name: '3-5-7-2, default layers', widths: [3, 5, 7, 2], n: 17, layers: undefined },
  { name: '1-1-3-2, only layer 1', widths: [1, 1, 3, 2], n: 3, layers: [1] },
  { name: '5-9-3, every layer incl. the logits', widths: [5, 9, 3], n: 5, layers: [0, 1] },
  { name: '2-33-2, batch 1', widths: [2, 33, 2], n: 1, layers: undefined },
];

const lambda = 0.3;

describe.each(ACTIVATIONS)('contractive gradient, %s hidden layers', (activation) => {
  it.each(shapes)('$name', async ({ widths, n, layers }) => {
    const engine = await testEngine();
    const spec = widths.slice(1).map((units, i) => ({ units, activation: i === widths.length - 2 ? 'linear' as const : activation }));
    const model = Model.create(engine, { inputs: widths[0]!, layers: spec, seed: 7 });
    const ref: RefLayer[] = model.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation }));
    const data = randomPoints(n, widths[0]!, widths[widths.length - 1]!, 3);
    model.setParameters(Float64Array.from(model.getParameters(), (v) => v + 0.05)); // off relu's kink
    const p = Float64Array.from(model.getParameters());
    const options = { lambda, layers };
    const chosen = penalisedLayers(model, options);
    expect(chosen).toEqual(layers ?? widths.slice(1, -1).map((_, i) => i));

    const want = totalAndGradient(ref, p, data.x, data.y, lambda, chosen);
    const h = 1e-5;
    for (let i = 0; i < p.length; i++) {
      const keep = p[i]!;
      p[i] = keep + h;
      const up = total(ref, p, data.x, data.y, lambda, chosen);
      p[i] = keep - h;
      const down = total(ref, p, data.x, data.y, lambda, chosen);
      p[i] = keep;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(numeric - want.grad[i]!), `reference d/dp[${i}]`).toBeLessThan(1e-6 + 1e-4 * Math.abs(numeric));
    }
    const wasm = contractiveLossAndGradient(model, data.x, data.y, options);
    expect(Math.abs(wasm.loss - want.loss), `loss ${wasm.loss} vs ${want.loss}`).toBeLessThan(2e-5 * (1 + want.loss));
    assertClose(wasm.gradient, want.grad, { abs: 3e-6, rel: 3e-4 }, `wasm gradient ${activation} ${widths.join('-')}`);
    expect(contractivePenalty(model, data.x, options)).toBeCloseTo(want.penalty, 5);
    model.dispose();
  });
});

const networkShapes = [
  { name: '2-3-5-2', widths: [2, 3, 5, 2], n: 17 },
  { name: '1-1-2 (width 1)', widths: [1, 1, 2], n: 3 },
  { name: '3-7-3, batch 1', widths: [3, 7, 3], n: 1 },
  { name: '5-4-3-3-2', widths: [5, 4, 3, 3, 2], n: 6 },
];

describe.each(ACTIVATIONS)('whole-network contractive gradient, %s hidden layers', (activation) => {
  it.each(networkShapes)('$name', async ({ widths, n }) => {
    const engine = await testEngine();
    const spec = widths.slice(1).map((units, i) => ({ units, activation: i === widths.length - 2 ? 'linear' as const : activation }));
    const model = Model.create(engine, { inputs: widths[0]!, layers: spec, seed: 8 });
    const ref: RefLayer[] = model.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation }));
    const data = randomPoints(n, widths[0]!, widths[widths.length - 1]!, 4);
    model.setParameters(Float64Array.from(model.getParameters(), (v) => v + 0.05));
    const p = Float64Array.from(model.getParameters());
    const options = { lambda, scope: 'network' as const };
    const f = (q: ArrayLike<number>) => refLoss(ref, q, data.x, data.y) + networkPenalty(ref, q, data.x, n, lambda);
    const h = 1e-5;
    const numeric = p.map((keep, i) => {
      p[i] = keep + h;
      const up = f(p);
      p[i] = keep - h;
      const down = f(p);
      p[i] = keep;
      return (up - down) / (2 * h);
    });
    const wasm = contractiveLossAndGradient(model, data.x, data.y, options);
    expect(Math.abs(wasm.loss - f(p)), `loss ${wasm.loss} vs ${f(p)}`).toBeLessThan(2e-5 * (1 + f(p)));
    assertClose(wasm.gradient, numeric, { abs: 5e-6, rel: 5e-4 }, `wasm gradient ${activation} ${widths.join('-')}`);
    expect(contractivePenalty(model, data.x, options)).toBeCloseTo(networkPenalty(ref, p, data.x, n, lambda), 5);
    model.dispose();
  });
});

describe('contractive penalty in training', () => {
  const spec = { inputs: 2, layers: [{ units: 5, activation: 'tanh' as const }, { units: 3, activation: 'softplus' as const }, { units: 2 }], seed: 2 };

  it.each(['layers', 'network'] as const)('scope %s: one full-batch SGD step moves the weights by lr × the penalised gradient; the report includes the penalty', async (scope) => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const data = randomPoints(23, 2, 2, 5);
    const options = { lambda: 0.2, scope };
    const before = model.getParameters();
    const want = contractiveLossAndGradient(model, data.x, data.y, options);
    const xent = model.evaluate(data).loss;
    expect(want.loss - xent).toBeCloseTo(contractivePenalty(model, data.x, options), 5);
    const lr = 0.05;
    const r = fit(model, data, { epochs: 1, batchSize: data.n, optimizer: 'sgd', learningRate: lr, contractive: options });
    expect(r.history[0]!.loss).toBeCloseTo(want.loss, 5);
    const after = model.getParameters();
    assertClose(after, before.map((p, i) => p - lr * want.gradient[i]!), { abs: 1e-6, rel: 1e-5 }, 'parameters after one step');
  });

  it('λ = 0 trains to the same bits as no penalty', async () => {
    const engine = await testEngine();
    const data = testSpirals(100, 1, 3);
    const a = Model.create(engine, spec), b = Model.create(engine, spec);
    fit(a, data, { epochs: 3 });
    fit(b, data, { epochs: 3, contractive: { lambda: 0 } });
    expect(Array.from(b.getParameters())).toEqual(Array.from(a.getParameters()));
  });

  it.each(['layers', 'network'] as const)('scope %s: the penalty lowers the Jacobian norms at the data points (E5)', async (scope) => {
    const engine = await testEngine();
    const data = testSpirals(300, 1, 4);
    const net = { inputs: 2, layers: [{ units: 8, activation: 'tanh' as const }, { units: 8, activation: 'tanh' as const }, { units: 2 }], seed: 3 };
    const plain = Model.create(engine, net), penalised = Model.create(engine, net);
    const options = { epochs: 60, learningRate: 0.02, seed: 1 };
    fit(plain, data, options);
    fit(penalised, data, { ...options, contractive: { lambda: scope === 'layers' ? 0.05 : 0.01, scope } });
    const j0 = jacobianNorms(plain, data.x), j1 = jacobianNorms(penalised, data.x);
    expect(j1.mean).toBeLessThan(0.8 * j0.mean);
    expect(j1.max).toBeLessThan(j0.max);
    const pen = (m: Model) => contractivePenalty(m, data.x, { lambda: 1, scope });
    expect(pen(penalised)).toBeLessThan(pen(plain));
  });

  it.each([
    [{ lambda: -1 }, /contractive.lambda must be a finite number ≥ 0, got -1/],
    [{ lambda: NaN }, /contractive.lambda must be a finite number ≥ 0, got NaN/],
    [{ lambda: Infinity }, /contractive.lambda must be a finite number ≥ 0/],
    [{ lambda: 1, layers: [5] }, /layer 5 does not exist/],
    [{ lambda: 1, layers: [0, 0] }, /lists a layer twice/],
    [{ lambda: 1, layers: [-1] }, /-1 is not a layer index/],
    [{ lambda: 1, layers: [1] }, /layer 1 is vectorfield; the penalty applies to dense layers only/],
    [{ lambda: 1, scope: 'network' }, /layer 1 is vectorfield; the whole-network penalty needs dense layers only/],
    [{ lambda: 1, scope: 'network', layers: [0] }, /layers cannot be given with scope 'network'/],
    [{ lambda: 1, scope: 'all' }, /scope must be 'layers' or 'network', got all/],
  ] as [ContractiveOptions, RegExp][])('rejects %o', async (bad, message) => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 3 }, { type: 'vectorfield', anchors: 2 }, { units: 2 }] });
    expect(() => new Trainer(model, randomPoints(10, 2, 2, 1), { contractive: bad })).toThrow(message);
  });

  it('default layers skip vector fields and the output layer', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 3 }, { type: 'vectorfield', anchors: 2 }, { units: 4, activation: 'sigmoid' }, { units: 2 }] });
    expect(penalisedLayers(model, { lambda: 1 })).toEqual([0, 2]);
  });
});

describe('input→logits Jacobian', () => {
  const nets: { name: string; inputs: number; layers: LayerSpec[] }[] = [
    { name: 'tanh/sigmoid/softplus/relu dense net', inputs: 3, layers: [{ units: 5, activation: 'tanh' }, { units: 4, activation: 'sigmoid' }, { units: 3, activation: 'softplus' }, { units: 3, activation: 'relu' }, { units: 2 }] },
    { name: 'with vector fields', inputs: 2, layers: [{ type: 'vectorfield', anchors: 4, scale: 0.6 }, { units: 3, activation: 'tanh' }, { type: 'vectorfield', anchors: 3, scale: 0.8 }, { units: 3 }] },
  ];

  it.each(nets)('$name: matches central differences of layerOutputs', async ({ inputs, layers }) => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs, layers, seed: 4 });
    const r = new Random(9);
    const p = model.getParameters();
    model.layers.forEach((l) => { if (l.type === 'vectorfield') for (let i = l.offset; i < l.offset + l.weightCount; i++) p[i] = r.range(-1, 1); });
    model.setParameters(p.map((v) => v + 0.02));
    const n = 7;
    const x = new Float32Array(n * inputs).map(() => r.range(-1, 1));
    const js = jacobians(model, x);
    const C = model.classes;
    const h = 1e-2;
    for (let b = 0; b < n; b++) {
      const numeric = new Float64Array(C * inputs);
      for (let e = 0; e < inputs; e++) {
        const probe = new Float32Array(2 * inputs);
        for (let d = 0; d < inputs; d++) probe[d] = probe[inputs + d] = x[b * inputs + d]!;
        probe[e]! += h;
        probe[inputs + e]! -= h;
        const up = model.layerOutputs(probe).at(-1)!;
        const step = Math.fround(x[b * inputs + e]! + h) - Math.fround(x[b * inputs + e]! - h);
        for (let c = 0; c < C; c++) numeric[c * inputs + e] = (up[c]! - up[C + c]!) / step;
      }
      assertClose(js[b]!, numeric, { abs: 2e-3, rel: 5e-3 }, `Jacobian at point ${b}`);
    }
    const norms = jacobianNorms(model, x);
    norms.norms.forEach((v, b) => expect(v).toBeCloseTo(Math.sqrt(js[b]!.reduce((s, a) => s + a * a, 0)), 10));
    expect(norms.max).toBe(Math.max(...norms.norms));
    expect(norms.mean).toBeCloseTo(norms.norms.reduce((s, v) => s + v, 0) / n, 12);
  });

  it('rejects layers it cannot differentiate', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: { channels: 1, height: 4, width: 4 }, layers: [{ type: 'maxpool', size: 2 }, { units: 2 }] });
    expect(() => jacobians(model, new Float32Array(16))).toThrow(/layer 0 is maxpool/);
  });
});
