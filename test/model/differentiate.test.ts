// Differentiation you can call: forward with pre-activations, backward for any
// output gradient (parameters and inputs), lossAndGradient's input gradient,
// and points given as nested arrays. Checked against the f64 reference network,
// central differences of it, and the existing paths bit for bit.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { Random } from '../../src/engine/random.js';
import { DataError, StateError } from '../../src/errors.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints } from '../helpers/points.js';
import { assertClose } from '../helpers/compare.js';
import { act, type Act, type RefLayer } from '../reference/mlp.js';

/** f64 forward of the reference network for one point: every layer's z and y. */
function refLayers(layers: RefLayer[], p: ArrayLike<number>, x: ArrayLike<number>): { z: number[][]; y: number[][] } {
  const z: number[][] = [], y: number[][] = [];
  let input = Array.from(x);
  let off = 0;
  for (const l of layers) {
    const zl = Array.from({ length: l.units }, (_, j) => {
      let s = p[off + l.units * l.inputs + j]!;
      for (let i = 0; i < l.inputs; i++) s += p[off + j * l.inputs + i]! * input[i]!;
      return s;
    });
    z.push(zl);
    input = zl.map((v) => act(l.activation, v));
    y.push(input);
    off += l.units * l.inputs + l.units;
  }
  return { z, y };
}

/** Σ_i Σ_c r[i][c]·out_c(x_i): a loss whose output gradient is r. */
function linearLoss(layers: RefLayer[], p: ArrayLike<number>, x: ArrayLike<number>, r: ArrayLike<number>, n: number): number {
  const D = layers[0]!.inputs, U = layers[layers.length - 1]!.units;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const out = refLayers(layers, p, Array.from(x).slice(i * D, (i + 1) * D)).y.at(-1)!;
    for (let c = 0; c < U; c++) s += r[i * U + c]! * out[c]!;
  }
  return s;
}

const shapes: { widths: number[]; n: number; hidden: Act }[] = [
  { widths: [2, 3, 2], n: 5, hidden: 'tanh' },
  { widths: [1, 1, 1], n: 3, hidden: 'sigmoid' },
  { widths: [3, 5, 17, 3], n: 17, hidden: 'softplus' },
  { widths: [5, 33, 4], n: 33, hidden: 'tanh' },
];

function build(engine: Awaited<ReturnType<typeof testEngine>>, widths: number[], hidden: Act, out: Act = 'linear') {
  const layers = widths.slice(1).map((units, i) => ({ units, activation: i === widths.length - 2 ? out : hidden }));
  const model = Model.create(engine, { inputs: widths[0]!, layers, seed: 5 });
  const ref: RefLayer[] = model.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation as Act }));
  return { model, ref };
}

describe('model.forward', () => {
  it.each(shapes)('$widths: pre- and post-activations of every layer match the f64 reference', async ({ widths, n, hidden }) => {
    const engine = await testEngine();
    const { model, ref } = build(engine, widths, hidden, 'sigmoid');
    const data = randomPoints(n, widths[0]!, 2, 9);
    const result = model.forward(data.x, { preActivations: true });
    const p = model.getParameters();
    ref.forEach((l, li) => {
      const wantZ = new Float64Array(n * l.units), wantY = new Float64Array(n * l.units);
      for (let i = 0; i < n; i++) {
        const r = refLayers(ref, p, data.x.subarray(i * widths[0]!, (i + 1) * widths[0]!));
        wantZ.set(r.z[li]!, i * l.units);
        wantY.set(r.y[li]!, i * l.units);
      }
      assertClose(result.preActivations![li]!, wantZ, { abs: 1e-5, rel: 1e-5 }, `z of layer ${li} ${widths.join('-')}`);
      assertClose(result.activations[li]!, wantY, { abs: 1e-5, rel: 1e-5 }, `y of layer ${li} ${widths.join('-')}`);
    });
    // The same bits as layerOutputs (same plan ops), and no pre-activations unless asked.
    model.layerOutputs(data.x).forEach((y, li) => expect(Buffer.from(result.activations[li]!.buffer).equals(Buffer.from(y.buffer))).toBe(true));
    expect(model.forward(data.x).preActivations).toBeUndefined();
    model.dispose();
  });
});

describe('model.backward', () => {
  it.each(shapes)('$widths: parameter and input gradients of Σ r·output against central differences', async ({ widths, n, hidden }) => {
    const engine = await testEngine();
    const { model, ref } = build(engine, widths, hidden, 'tanh');
    const data = randomPoints(n, widths[0]!, 2, 3);
    const U = widths.at(-1)!;
    const rng = new Random(n + U);
    const r = Float64Array.from({ length: n * U }, () => rng.range(-1, 1));
    model.forward(data.x);
    const { gradient, inputGradient } = model.backward(r);
    const p = Float64Array.from(model.getParameters());
    const h = 1e-5;
    const numeric = (v: Float64Array, f: () => number) => Float64Array.from(v, (_, i) => {
      const keep = v[i]!;
      v[i] = keep + h;
      const up = f();
      v[i] = keep - h;
      const down = f();
      v[i] = keep;
      return (up - down) / (2 * h);
    });
    const x = Float64Array.from(data.x);
    assertClose(gradient, numeric(p, () => linearLoss(ref, p, x, r, n)), { abs: 1e-4, rel: 1e-3 }, `dparams ${widths.join('-')}`);
    assertClose(inputGradient, numeric(x, () => linearLoss(ref, p, x, r, n)), { abs: 1e-4, rel: 1e-3 }, `dX ${widths.join('-')}`);
    // backward(x, dY) is the same computation.
    const again = model.backward(data.x, r);
    expect(Buffer.from(again.gradient.buffer).equals(Buffer.from(gradient.buffer))).toBe(true);
    model.dispose();
  });

  it('backward(dY of softmax cross-entropy) is lossAndGradient bit for bit, dX included', async () => {
    const engine = await testEngine();
    const { model } = build(engine, [3, 7, 5, 4], 'tanh');
    const data = randomPoints(13, 3, 4, 21);
    const B = data.n, C = 4;
    // dY exactly as the kernel forms it in f32: p·(1/B), then − 1/B at the label.
    const probs = model.predict(data.x);
    const invB = Math.fround(1 / B);
    const dY = new Float32Array(B * C);
    for (let i = 0; i < B; i++) {
      for (let c = 0; c < C; c++) {
        const g = Math.fround(probs[i * C + c]! * invB);
        dY[i * C + c] = c === data.y[i] ? Math.fround(g - invB) : g;
      }
    }
    const want = model.lossAndGradient(data.x, data.y);
    const got = model.backward(data.x, dY);
    expect(Buffer.from(got.gradient.buffer).equals(Buffer.from(want.gradient.buffer))).toBe(true);
    expect(Buffer.from(got.inputGradient.buffer).equals(Buffer.from(want.inputGradient.buffer))).toBe(true);
    model.dispose();
  });

  it('inputs larger than a chunk: gradients summed over chunks, dX row by row', async () => {
    const engine = await testEngine();
    const { model } = build(engine, [2, 6, 3], 'tanh');
    const n = model.chunk * 2 + 37;
    const data = randomPoints(n, 2, 3, 4);
    const rng = new Random(8);
    const dY = Float32Array.from({ length: n * 3 }, () => rng.range(-1, 1) / n);
    const whole = model.backward(data.x, dY);
    const sum = new Float64Array(model.paramCount);
    const dX = new Float32Array(n * 2);
    for (let start = 0; start < n; start += 50) {
      const end = Math.min(n, start + 50);
      const part = model.backward(data.x.subarray(start * 2, end * 2), dY.subarray(start * 3, end * 3));
      part.gradient.forEach((g, i) => (sum[i]! += g));
      dX.set(part.inputGradient, start * 2);
    }
    assertClose(whole.gradient, sum, { abs: 1e-6, rel: 1e-4 }, `chunked gradient n=${n}`);
    assertClose(whole.inputGradient, dX, { abs: 1e-7, rel: 1e-5 }, `chunked dX n=${n}`);
    model.dispose();
  });

  it('refuses backward(dY) before a forward, a dY of the wrong size or with NaN', async () => {
    const engine = await testEngine();
    const { model } = build(engine, [2, 3, 2], 'tanh');
    expect(() => model.backward(new Float32Array(4))).toThrow(StateError);
    try {
      model.backward(new Float32Array(4));
    } catch (e) {
      expect((e as StateError).code).toBe('BAD_STATE');
    }
    model.forward([0, 0, 1, 1]);
    const bad = [new Float32Array(3), Float32Array.of(0, 0, NaN, 0)];
    for (const dY of bad) {
      let error: unknown;
      try {
        model.backward(dY);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe('BAD_DATA');
    }
    model.dispose();
  });
});

describe('lossAndGradient input gradient', () => {
  it.each(shapes)('$widths: dX against central differences of the reference loss', async ({ widths, n, hidden }) => {
    const engine = await testEngine();
    const { model, ref } = build(engine, widths, hidden);
    const C = widths.at(-1)!;
    const data = randomPoints(n, widths[0]!, Math.min(C, 2), 6);
    const { inputGradient } = model.lossAndGradient(data.x, data.y);
    const p = model.getParameters();
    const loss = (x: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const out = refLayers(ref, p, Array.from(x).slice(i * widths[0]!, (i + 1) * widths[0]!)).y.at(-1)!;
        const m = Math.max(...out);
        s += Math.log(out.reduce((a, v) => a + Math.exp(v - m), 0)) - (out[data.y[i]!]! - m);
      }
      return s / n;
    };
    const x = Float64Array.from(data.x), h = 1e-5;
    const numeric = Float64Array.from(x, (_, i) => {
      const keep = x[i]!;
      x[i] = keep + h;
      const up = loss(x);
      x[i] = keep - h;
      const down = loss(x);
      x[i] = keep;
      return (up - down) / (2 * h);
    });
    assertClose(inputGradient, numeric, { abs: 1e-5, rel: 1e-3 }, `lossAndGradient dX ${widths.join('-')}`);
    model.dispose();
  });
});

describe('points as nested arrays', () => {
  it('predict, layerOutputs and forward take number[][] with the same result as a flat array', async () => {
    const engine = await testEngine();
    const { model } = build(engine, [2, 4, 3], 'tanh');
    const nested = [[0, 0], [0.5, 0.5], [-1, 0.25]];
    const flat = nested.flat();
    expect(Array.from(model.predict(nested))).toEqual(Array.from(model.predict(flat)));
    expect(Array.from(model.classify(nested))).toEqual(Array.from(model.classify(flat)));
    expect(Array.from(model.forward(nested).output)).toEqual(Array.from(model.layerOutputs(flat).at(-1)!));
    model.dispose();
  });

  it.each([
    { what: 'a short row', points: [[0, 0], [0.5]] },
    { what: 'a NaN', points: [[0, 0], [0.5, NaN]] },
    { what: 'a non-array row', points: [[0, 0], 3] as unknown as number[][] },
  ])('$what is a DataError naming the point', async ({ points }) => {
    const engine = await testEngine();
    const { model } = build(engine, [2, 4, 3], 'tanh');
    let error: unknown;
    try {
      model.predict(points);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe('BAD_DATA');
    expect((error as DataError).field).toBe('x');
    model.dispose();
  });
});
