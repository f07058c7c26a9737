// Convolutional layers: forward against a direct f64 convolution, gradients
// against central differences of the f64 reference loss, on odd shapes.
import { describe, it, expect } from 'vitest';
import { Model, type LayerSpec } from '../../src/model/model.js';
import { Random } from '../../src/engine/random.js';
import { fit } from '../../src/train/trainer.js';
import type { Dataset } from '../../src/data/dataset.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { refForward, refLoss, type RefLayer } from '../reference/network.js';

/** `every`: central differences for the first layer's parameters and every `every`-th of the rest only (large layers: the f64 loss is slow). */
interface Case { name: string; input: { channels: number; height: number; width: number }; layers: LayerSpec[]; n: number; every?: number }

const cases: Case[] = [
  { name: 'conv3 pad1 → pool2 → dense (1×5×7)', input: { channels: 1, height: 5, width: 7 }, n: 3,
    layers: [{ type: 'conv2d', filters: 2, kernel: 3, padding: 1, activation: 'tanh' }, { type: 'maxpool', size: 2 }, { type: 'dense', units: 3 }] },
  { name: 'stride 2, 3 channels, no pad (3×7×6)', input: { channels: 3, height: 7, width: 6 }, n: 5,
    layers: [{ type: 'conv2d', filters: 3, kernel: 3, stride: 2, activation: 'sigmoid' }, { type: 'dense', units: 2 }] },
  { name: 'overlapping pool 3 stride 2, relu, two convs (2×9×9)', input: { channels: 2, height: 9, width: 9 }, n: 17,
    layers: [{ type: 'conv2d', filters: 4, kernel: 3, padding: 1, activation: 'relu' }, { type: 'maxpool', size: 3, stride: 2 },
      { type: 'conv2d', filters: 5, kernel: 2, activation: 'softplus' }, { type: 'dense', units: 4, activation: 'tanh' }, { type: 'dense', units: 3 }] },
  { name: 'padded second convs carry the input gradient (2×7×5)', input: { channels: 2, height: 7, width: 5 }, n: 5,
    layers: [{ type: 'conv2d', filters: 3, kernel: 3, padding: 1, activation: 'tanh' },
      { type: 'conv2d', filters: 5, kernel: 5, padding: 2, activation: 'tanh' },
      { type: 'conv2d', filters: 2, kernel: 3, padding: 2, activation: 'linear' }, { type: 'dense', units: 3 }] },
  { name: '33 filters (prediction through im2col + GEMM), unpadded second conv (1×6×5)', input: { channels: 1, height: 6, width: 5 }, n: 3,
    layers: [{ type: 'conv2d', filters: 33, kernel: 3, padding: 1, activation: 'relu' },
      { type: 'conv2d', filters: 3, kernel: 3, activation: 'tanh' }, { type: 'dense', units: 2 }] },
  { name: 'avgpool 2 → conv → global average pool (2×7×5)', input: { channels: 2, height: 7, width: 5 }, n: 5,
    layers: [{ type: 'avgpool', size: 2 }, { type: 'conv2d', filters: 3, kernel: 3, padding: 1, activation: 'tanh' }, { type: 'globalavgpool' }, { type: 'dense', units: 3 }] },
  { name: 'overlapping avgpool 3 stride 2 after a softplus conv, batch 17 (3×9×9)', input: { channels: 3, height: 9, width: 9 }, n: 17,
    layers: [{ type: 'conv2d', filters: 4, kernel: 3, padding: 1, activation: 'softplus' }, { type: 'avgpool', size: 3, stride: 2 }, { type: 'dense', units: 2 }] },
  { name: 'kernel 5, 20 filters: trains through im2col + GEMM, predicts direct; batch 9 (1×7×7)', input: { channels: 1, height: 7, width: 7 }, n: 9,
    layers: [{ type: 'conv2d', filters: 20, kernel: 5, activation: 'tanh' }, { type: 'dense', units: 3 }] },
  { name: 'kernel 5 over 8 channels: trains forward and predicts by Winograd F(4, 5); odd output width, batch 9 (8×7×7)', input: { channels: 8, height: 7, width: 7 }, n: 9,
    layers: [{ type: 'conv2d', filters: 5, kernel: 5, padding: 1, activation: 'tanh' }, { type: 'dense', units: 3 }] },
  { name: 'Winograd after a conv that makes its 8 channels, padding 2 (1×5×7)', input: { channels: 1, height: 5, width: 7 }, n: 5,
    layers: [{ type: 'conv2d', filters: 8, kernel: 3, padding: 1, activation: 'tanh' }, { type: 'conv2d', filters: 3, kernel: 5, padding: 2, activation: 'linear' },
      { type: 'maxpool', size: 2 }, { type: 'dense', units: 2 }] },
  { name: 'Winograd forward and input gradient (9 filters ≥ 8 channels of dZ), pad 2, batch 9 (1×5×7)', input: { channels: 1, height: 5, width: 7 }, n: 9, every: 7,
    layers: [{ type: 'conv2d', filters: 8, kernel: 3, padding: 1, activation: 'tanh' }, { type: 'conv2d', filters: 9, kernel: 5, padding: 2, activation: 'tanh' },
      { type: 'dense', units: 3 }] },
  { name: 'Winograd input gradients with padding 1 (layer pad 3) and 4 (unpadded layer), batch 3 (1×9×7)', input: { channels: 1, height: 9, width: 7 }, n: 3, every: 11,
    layers: [{ type: 'conv2d', filters: 8, kernel: 3, padding: 1, activation: 'tanh' }, { type: 'conv2d', filters: 9, kernel: 5, padding: 3, activation: 'tanh' },
      { type: 'conv2d', filters: 8, kernel: 5, activation: 'linear' }, { type: 'maxpool', size: 2 }, { type: 'dense', units: 2 }] },
  { name: 'kernel 5 pad 2, batch 1 (1×6×6)', input: { channels: 1, height: 6, width: 6 }, n: 1,
    layers: [{ type: 'conv2d', filters: 3, kernel: 5, padding: 2, activation: 'linear' }, { type: 'maxpool', size: 3 }, { type: 'dense', units: 2 }] },
];

function refLayers(model: Model): RefLayer[] {
  return model.layers.map((l) => {
    const j = l.toJSON(new Float32Array(model.paramCount)) as unknown as Record<string, unknown>;
    return { ...j, activation: l.activation } as unknown as RefLayer;
  });
}

describe.each(cases)('$name', ({ input, layers, n, every = 1 }) => {
  it('forward matches the direct f64 convolution', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: input, layers, seed: 3 });
    const r = new Random(5);
    const dim = input.channels * input.height * input.width;
    const x = new Float32Array(n * dim).map(() => r.range(-1, 1));
    const outs = model.layerOutputs(x);
    const params = model.getParameters();
    const ref = refLayers(model);
    for (let e = 0; e < n; e++) {
      const want = refForward(ref, params, x.subarray(e * dim, (e + 1) * dim));
      want.forEach((w, li) => assertClose(outs[li]!.subarray(e * w.length, (e + 1) * w.length), w, { abs: 2e-5, rel: 1e-5 }, `example ${e} layer ${li}`));
    }
  });

  it('gradient matches central differences of the f64 loss', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: input, layers, seed: 4 });
    const r = new Random(6);
    const dim = input.channels * input.height * input.width;
    const classes = model.classes;
    const x = new Float32Array(n * dim).map(() => r.range(-1, 1));
    const labels = Array.from({ length: n }, (_, i) => i % classes);
    const params = Float64Array.from(model.getParameters(), (v) => v + 0.01); // off relu kinks at 0
    model.setParameters(params);
    const p32 = Float64Array.from(model.getParameters());
    const ref = refLayers(model);
    const { gradient, loss } = model.lossAndGradient(x, labels);
    expect(Math.abs(loss - refLoss(ref, p32, x, labels, dim))).toBeLessThan(1e-5);
    const h = 1e-4;
    const numeric = new Float64Array(p32.length);
    const firstLayer = model.layers[0]!.paramCount;
    const checked = Array.from({ length: p32.length }, (_, i) => i).filter((i) => i < firstLayer || i % every === 0);
    for (const i of checked) {
      const keep = p32[i]!;
      p32[i] = keep + h;
      const up = refLoss(ref, p32, x, labels, dim);
      p32[i] = keep - h;
      const down = refLoss(ref, p32, x, labels, dim);
      p32[i] = keep;
      numeric[i] = (up - down) / (2 * h);
    }
    assertClose(checked.map((i) => gradient[i]!), checked.map((i) => numeric[i]!), { abs: 5e-5, rel: 2e-3 }, 'conv net gradient');
  });
});

describe('Winograd prediction', () => {
  it("gives an example the same bits whatever batch it comes in (predictParallel's parts rely on it)", async () => {
    const engine = await testEngine();
    const input = { channels: 2, height: 9, width: 9 };
    const model = Model.create(engine, { inputs: input, seed: 7, layers: [{ type: 'conv2d', filters: 8, kernel: 3, padding: 1, activation: 'tanh' },
      { type: 'conv2d', filters: 5, kernel: 5, padding: 1, activation: 'relu' }, { type: 'dense', units: 3 }] });
    const dim = 2 * 81, r = new Random(8);
    const x = new Float32Array(45 * dim).map(() => r.range(-1, 1));
    const all = model.predict(x);
    for (const [from, n] of [[3, 11], [40, 5], [0, 1], [17, 9]] as const) {
      const part = model.predict(x.subarray(from * dim, (from + n) * dim));
      expect(Array.from(part), `points ${from}…${from + n - 1}`).toEqual(Array.from(all.subarray(from * 3, (from + n) * 3)));
    }
  });
});

describe('training through Winograd', () => {
  const input = { channels: 1, height: 9, width: 9 };
  const spec = { inputs: input, seed: 11, layers: [{ type: 'conv2d', filters: 8, kernel: 3, padding: 1, activation: 'relu' },
    { type: 'conv2d', filters: 9, kernel: 5, padding: 2, activation: 'relu' }, { type: 'maxpool', size: 3 }, { type: 'dense', units: 3 }] as LayerSpec[] };
  const r = new Random(12), n = 45, dim = 81;
  const x = new Float32Array(n * dim).map(() => r.range(-1, 1));
  const data: Dataset = { name: 'noise', x, y: Int32Array.from({ length: n }, (_, i) => i % 3), n, dim, classes: 3, domain: { min: [-1], max: [1] }, params: {} };

  it('trains to the same bits twice from the same seed, and moves the weights', async () => {
    const engine = await testEngine();
    const a = Model.create(engine, spec), b = Model.create(engine, spec);
    const start = a.getParameters();
    const options = { epochs: 2, batchSize: 8, optimizer: 'adam' as const, seed: 3 };
    fit(a, data, options);
    fit(b, data, options);
    expect(Array.from(b.getParameters())).toEqual(Array.from(a.getParameters()));
    expect(Array.from(a.getParameters())).not.toEqual(Array.from(start));
  });
});

describe('conv layer shapes and errors', () => {
  it('computes output shapes like ConvNetJS (floor)', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, {
      inputs: { channels: 1, height: 28, width: 28 },
      layers: [{ type: 'conv2d', filters: 8, kernel: 5, padding: 2 }, { type: 'maxpool', size: 2 },
        { type: 'conv2d', filters: 16, kernel: 5, padding: 2 }, { type: 'maxpool', size: 3 }, { type: 'dense', units: 10 }],
    });
    expect(model.layers.map((l) => l.outputShape)).toEqual([
      { channels: 8, height: 28, width: 28 }, { channels: 8, height: 14, width: 14 },
      { channels: 16, height: 14, width: 14 }, { channels: 16, height: 4, width: 4 }, { channels: 10, height: 1, width: 1 },
    ]);
    const again = Model.fromJSON(engine, JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(again.getParameters())).toEqual(Array.from(model.getParameters()));
    expect(again.inputShape).toEqual({ channels: 1, height: 28, width: 28 });
  });

  it('average-pooling layers save and load: their part of the file, and files that disagree with the shapes are refused', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: { channels: 2, height: 6, width: 6 }, seed: 2,
      layers: [{ type: 'avgpool', size: 3, stride: 1 }, { type: 'globalavgpool' }, { type: 'dense', units: 3 }] });
    const json = model.toJSON();
    expect(json.layers.slice(0, 2)).toEqual([
      { type: 'avgpool', inputShape: { channels: 2, height: 6, width: 6 }, size: 3, stride: 1 },
      { type: 'globalavgpool', inputShape: { channels: 2, height: 4, width: 4 } },
    ]);
    const again = Model.fromJSON(engine, JSON.parse(JSON.stringify(json)));
    const x = new Float32Array(3 * 72).map((_, i) => Math.cos(i));
    expect(Array.from(again.predict(x))).toEqual(Array.from(model.predict(x)));
    const wrong = JSON.parse(JSON.stringify(json));
    wrong.layers[1].inputShape.height = 3;
    expect(() => Model.fromJSON(engine, wrong)).toThrow(/layers\[1\]\.inputShape .* does not match/);
    const tooBig = JSON.parse(JSON.stringify(json));
    tooBig.layers[0].size = 7;
    expect(() => Model.fromJSON(engine, tooBig)).toThrow(/pooling window does not fit/);
  });

  it.each([
    [{ type: 'conv2d', filters: 2, kernel: 7 }, /does not fit a 5×5 input/],
    [{ type: 'maxpool', size: 6 }, /window does not fit/],
    [{ type: 'avgpool', size: 6 }, /window does not fit/],
    [{ type: 'avgpool', size: 2, stride: 0 }, /stride must be an integer/],
    [{ type: 'conv2d', filters: 0, kernel: 3 }, /filters must be an integer/],
    [{ type: 'conv2d', filters: 2, kernel: 3, padding: 3 }, /padding 3 must be smaller/],
    [{ type: 'pool' }, /unknown layer type 'pool'/],
  ])('rejects %o', async (bad, message) => {
    const engine = await testEngine();
    expect(() => Model.create(engine, { inputs: { channels: 1, height: 5, width: 5 }, layers: [bad as LayerSpec, { type: 'dense', units: 2 }] })).toThrow(message);
  });
});
