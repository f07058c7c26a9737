// Vector-field layer: the kernels against the f64 reference (values and every
// gradient, on odd D, K and batch sizes), the reference against central
// differences, then the layer inside models: gradients, anchors from data,
// save/load, frozen parameters, errors, and a task a linear classifier cannot learn.
import { describe, it, expect } from 'vitest';
import { Model, type LayerSpec } from '../../src/model/model.js';
import { VectorField, defaultScale } from '../../src/model/vector-field.js';
import { fit, Trainer } from '../../src/train/trainer.js';
import type { Dataset } from '../../src/data/dataset.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { Random, guarded, readF32, checkGuards, release, uniformF32 } from '../helpers/buffers.js';
import { randomPoints } from '../helpers/points.js';
import { vfForward, vfBackward, netLossAndGradient, type NetLayer, type VfParams } from '../reference/vector-field.js';

const LEARN_ALL = 3;

function kernelCase(D: number, K: number, B: number, seed: number) {
  const r = new Random(seed);
  const V = uniformF32(r, K * D), C = uniformF32(r, K * D), s = uniformF32(r, K, 0.4, 1.2);
  const X = uniformF32(r, D * B), dY = uniformF32(r, D * B);
  return { V, C, s, X, dY };
}

const column = (M: ArrayLike<number>, rows: number, B: number, b: number) => Array.from({ length: rows }, (_, d) => M[d * B + b]!);

/** Reference Y, and gradients of L = Σ dY ⊙ Y, for feature-major X. */
function reference(p: VfParams, X: ArrayLike<number>, dY: ArrayLike<number>, B: number) {
  const { D, K } = p;
  const Y = new Float64Array(D * B), dX = new Float64Array(D * B);
  const dV = new Float64Array(K * D), dC = new Float64Array(K * D), ds = new Float64Array(K);
  for (let b = 0; b < B; b++) {
    const x = column(X, D, B, b);
    vfForward(p, x).forEach((v, d) => { Y[d * B + b] = v; });
    vfBackward(p, x, column(dY, D, B, b), dV, dC, ds).forEach((v, d) => { dX[d * B + b] = v; });
  }
  return { Y, dX, dV, dC, ds };
}

function objective(p: VfParams, X: ArrayLike<number>, dY: ArrayLike<number>, B: number): number {
  let L = 0;
  for (let b = 0; b < B; b++) vfForward(p, column(X, p.D, B, b)).forEach((v, d) => { L += v * dY[d * B + b]!; });
  return L;
}

const shapes = [1, 2, 3].flatMap((D) => [1, 3, 5].flatMap((K) => [1, 3, 17].map((B) => ({ D, K, B }))));

describe('vector-field kernels', () => {
  it.each(shapes)('D=$D K=$K B=$B: reference gradient matches central differences', ({ D, K, B }) => {
    const c = kernelCase(D, K, B, 100 * D + 10 * K + B);
    const p: VfParams = { V: Float64Array.from(c.V), C: Float64Array.from(c.C), s: Float64Array.from(c.s), D, K };
    const X = Float64Array.from(c.X);
    const ref = reference(p, X, c.dY, B);
    const h = 1e-6;
    const probe = (arr: Float64Array, want: Float64Array, what: string) => {
      for (let i = 0; i < arr.length; i++) {
        const keep = arr[i]!;
        arr[i] = keep + h;
        const up = objective(p, X, c.dY, B);
        arr[i] = keep - h;
        const down = objective(p, X, c.dY, B);
        arr[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(numeric - want[i]!), `${what}[${i}] D=${D} K=${K} B=${B}: numeric ${numeric}, analytic ${want[i]}`).toBeLessThan(1e-7 + 1e-6 * Math.abs(numeric));
      }
    };
    probe(p.V as Float64Array, ref.dV, 'dV');
    probe(p.C as Float64Array, ref.dC, 'dC');
    probe(p.s as Float64Array, ref.ds, 'ds');
    probe(X, ref.dX, 'dX');
  });

  it.each(shapes)('D=$D K=$K B=$B: wasm forward and backward match the reference', async ({ D, K, B }) => {
    const e = await testEngine();
    const k = e.kernels;
    const c = kernelCase(D, K, B, 100 * D + 10 * K + B);
    const params = new Float32Array(2 * K * D + K);
    params.set(c.V, 0); params.set(c.C, K * D); params.set(c.s, 2 * K * D);
    const gP = guarded(e, params), gX = guarded(e, c.X), gdY = guarded(e, c.dY);
    const gY = guarded(e, D * B), gdX = guarded(e, D * B), gG = guarded(e, params.length, 7);
    const gW = guarded(e, k.vector_field_f32_work_floats(K, B));
    const gS = guarded(e, Math.max(k.gemm_f32_scratch_floats(K, B, D), k.gemm_f32_scratch_floats(D, B, K), k.gemm_f32_scratch_floats(K, D, B)));
    const ref = reference({ V: c.V, C: c.C, s: c.s, D, K }, c.X, c.dY, B);
    const what = `D=${D} K=${K} B=${B}`;
    k.vector_field_f32_fwd(gY.ptr, gX.ptr, gP.ptr, gW.ptr, D, K, B, gS.ptr);
    assertClose(readF32(e, gY), ref.Y, { abs: 1e-5, rel: 1e-5 }, `Y ${what}`);
    k.vector_field_f32_bwd(gdX.ptr, gdY.ptr, gX.ptr, gP.ptr, gG.ptr, gW.ptr, D, K, B, LEARN_ALL, gS.ptr);
    const g = readF32(e, gG);
    const tol = { abs: 2e-5 * (1 + B / 4), rel: 2e-4 };
    assertClose(g.subarray(0, K * D), ref.dV, tol, `dV ${what}`);
    assertClose(g.subarray(K * D, 2 * K * D), ref.dC, tol, `dC ${what}`);
    assertClose(g.subarray(2 * K * D), ref.ds, tol, `ds ${what}`);
    assertClose(readF32(e, gdX), ref.dX, tol, `dX ${what}`);
    // Unlearnt anchors and scales get zero gradients; dV and dX are unchanged.
    k.vector_field_f32_bwd(gdX.ptr, gdY.ptr, gX.ptr, gP.ptr, gG.ptr, gW.ptr, D, K, B, 0, gS.ptr);
    const frozen = readF32(e, gG);
    assertClose(frozen.subarray(0, K * D), ref.dV, tol, `dV (frozen anchors) ${what}`);
    expect(Array.from(frozen.subarray(K * D)).every((v) => v === 0)).toBe(true);
    assertClose(readF32(e, gdX), ref.dX, tol, `dX (frozen anchors) ${what}`);
    for (const [buf, name] of [[gP, 'params'], [gX, 'X'], [gdY, 'dY'], [gY, 'Y'], [gdX, 'dX'], [gG, 'grads'], [gW, 'work'], [gS, 'scratch']] as const) checkGuards(e, buf, `${name} ${what}`);
    release(e, gP, gX, gdY, gY, gdX, gG, gW, gS);
  });
});

function refNet(model: Model): NetLayer[] {
  return model.layers.map((l) => (l instanceof VectorField ? { type: 'vectorfield' as const, D: l.inputs, K: l.anchors } : { type: 'dense' as const, inputs: l.inputs, units: l.units, activation: l.activation }));
}

describe('vector-field layer in a model', () => {
  const nets: { name: string; inputs: number; layers: LayerSpec[]; n: number }[] = [
    { name: 'vf(K=5, learn all) first, D=2', inputs: 2, n: 17, layers: [{ type: 'vectorfield', anchors: 5, scale: 0.7, learnAnchors: true, learnScales: true }, { units: 3, activation: 'tanh' }, { units: 2 }] },
    { name: 'dense → vf(K=3, learn all) → dense, D=3 (dX flows into the first layer)', inputs: 2, n: 3, layers: [{ units: 3, activation: 'tanh' }, { type: 'vectorfield', anchors: 3, scale: 0.6, learnAnchors: true, learnScales: true }, { units: 3 }] },
    { name: 'D=1, K=1, frozen anchors and scales', inputs: 1, n: 5, layers: [{ type: 'vectorfield', anchors: 1, scale: 0.5 }, { units: 1, activation: 'sigmoid' }, { type: 'vectorfield', anchors: 3, learnScales: true }, { units: 2 }] },
  ];

  it.each(nets)('$name: gradient matches the f64 reference, checked by central differences', async ({ inputs, layers, n }) => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs, layers, seed: 5 });
    const data = randomPoints(n, inputs, 2, 9);
    // Non-zero vectors, so every path carries gradient.
    const r = new Random(3);
    const p = model.getParameters();
    for (const l of model.layers) if (l instanceof VectorField) for (let i = l.offset; i < l.anchorOffset; i++) p[i] = r.range(-1, 1);
    model.setParameters(p);
    const p64 = Float64Array.from(model.getParameters());
    const net = refNet(model);
    const ref = netLossAndGradient(net, p64, data.x, data.y);
    const h = 1e-5;
    for (let i = 0; i < p64.length; i++) {
      const keep = p64[i]!;
      p64[i] = keep + h;
      const up = netLossAndGradient(net, p64, data.x, data.y).loss;
      p64[i] = keep - h;
      const down = netLossAndGradient(net, p64, data.x, data.y).loss;
      p64[i] = keep;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(numeric - ref.grad[i]!), `reference d/dp[${i}]`).toBeLessThan(1e-8 + 1e-5 * Math.abs(numeric));
    }
    const wasm = model.lossAndGradient(data.x, data.y);
    expect(Math.abs(wasm.loss - ref.loss)).toBeLessThan(1e-5 * (1 + ref.loss));
    const want = Float64Array.from(ref.grad);
    for (const l of model.layers) {
      if (!(l instanceof VectorField)) continue;
      if (!l.learnAnchors) want.fill(0, l.anchorOffset, l.scaleOffset);
      if (!l.learnScales) want.fill(0, l.scaleOffset, l.scaleOffset + l.anchors);
    }
    assertClose(wasm.gradient, want, { abs: 3e-6, rel: 3e-4 }, 'wasm gradient');
    model.dispose();
  });

  it('starts as the identity (V = 0)', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 3, layers: [{ type: 'vectorfield', anchors: 4 }, { units: 2 }] });
    const x = randomPoints(7, 3, 2, 1).x;
    expect(Array.from(model.layerOutputs(x)[0]!)).toEqual(Array.from(x));
  });

  it('places anchors on distinct training points (through the layers before it), once', async () => {
    const engine = await testEngine();
    const data = randomPoints(50, 2, 2, 4);
    const model = Model.create(engine, { inputs: 2, layers: [{ type: 'vectorfield', anchors: 6 }, { units: 3, activation: 'tanh' }, { type: 'vectorfield', anchors: 4, scale: 0.25 }, { units: 2 }] });
    expect(model.initialiseAnchors(data, 7)).toBe(2);
    const [first, , second] = model.layers as [VectorField, unknown, VectorField];
    const p = model.getParameters();
    const rows = new Set<string>();
    for (let k = 0; k < 6; k++) {
      const c = Array.from(p.subarray(first.anchorOffset + 2 * k, first.anchorOffset + 2 * k + 2));
      let found = -1;
      for (let i = 0; i < data.n; i++) if (data.x[2 * i] === c[0] && data.x[2 * i + 1] === c[1]) found = i;
      expect(found, `anchor ${k} is a training point`).toBeGreaterThanOrEqual(0);
      rows.add(String(found));
    }
    expect(rows.size).toBe(6);
    const anchors1 = p.slice(first.anchorOffset, first.scaleOffset);
    expect(p[first.scaleOffset]).toBeCloseTo(defaultScale(anchors1, 6, 2), 6);
    expect(Array.from(p.subarray(first.scaleOffset, first.scaleOffset + 6)).every((s) => s === p[first.scaleOffset])).toBe(true);
    // The second layer's anchors are representations of training points after layers 0 and 1.
    const anchors2 = p.slice(second.anchorOffset, second.scaleOffset);
    const reps = model.layerOutputs(data.x)[1]!;
    for (let k = 0; k < 4; k++) {
      let best = Infinity;
      for (let i = 0; i < data.n; i++) best = Math.min(best, Math.hypot(...[0, 1, 2].map((d) => reps[3 * i + d]! - anchors2[3 * k + d]!)));
      expect(best).toBeLessThan(1e-6);
    }
    expect(p[second.scaleOffset]).toBe(Math.fround(0.25));
    expect(model.initialiseAnchors(data, 8)).toBe(0);
    expect(Array.from(model.getParameters())).toEqual(Array.from(p));
    // The trainer does not place them again either.
    new Trainer(model, data, { epochs: 1 }).dispose();
    expect(Array.from(model.getParameters())).toEqual(Array.from(p));
  });

  it('the trainer places anchors of a fresh layer; same seed, same anchors', async () => {
    const engine = await testEngine();
    const data = randomPoints(40, 2, 2, 6);
    const make = () => Model.create(engine, { inputs: 2, layers: [{ type: 'vectorfield', anchors: 5 }, { units: 2 }] });
    const a = make(), b = make();
    fit(a, data, { epochs: 1, seed: 3 });
    b.initialiseAnchors(data, 3);
    const la = a.layers[0] as VectorField;
    expect(la.anchorsFromData).toBe(true);
    expect(Array.from(a.getParameters().subarray(la.anchorOffset, la.scaleOffset + 5))).toEqual(Array.from(b.getParameters().subarray(la.anchorOffset, la.scaleOffset + 5)));
  });

  it('one anchor: the scale is the median distance to other training points', async () => {
    const engine = await testEngine();
    const data = randomPoints(30, 2, 2, 2);
    const model = Model.create(engine, { inputs: 2, layers: [{ type: 'vectorfield', anchors: 1 }, { units: 2 }] });
    model.initialiseAnchors(data, 1);
    const l = model.layers[0] as VectorField;
    const s = model.getParameters()[l.scaleOffset]!;
    expect(s).toBeGreaterThan(0.2);
    expect(s).toBeLessThan(2);
  });

  it('saves and loads with its flags, parameters and initialised-from-data mark', async () => {
    const engine = await testEngine();
    const data = randomPoints(40, 2, 2, 6);
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { type: 'vectorfield', anchors: 4, learnAnchors: true, scale: 0.3 }, { units: 2 }] });
    fit(model, data, { epochs: 2 });
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.layers[1]).toMatchObject({ type: 'vectorfield', inputs: 3, units: 3, anchors: 4, learnAnchors: true, learnScales: false, anchorsFromData: true, scale: 0.3 });
    const again = Model.fromJSON(engine, json);
    expect(Array.from(again.getParameters())).toEqual(Array.from(model.getParameters()));
    expect((again.layers[1] as VectorField).anchorsFromData).toBe(true);
    expect(Array.from(again.predict(data.x))).toEqual(Array.from(model.predict(data.x)));
    expect(again.initialiseAnchors(data, 1)).toBe(0);
    const bad = (edit: (l: Record<string, unknown>) => void) => {
      const j = JSON.parse(JSON.stringify(json));
      edit(j.layers[1]);
      return () => Model.fromJSON(engine, j);
    };
    expect(bad((l) => { l.scales = [1, 1, 1]; })).toThrow(/scales has 3 numbers, expected 4/);
    expect(bad((l) => { l.learnScales = 'yes'; })).toThrow(/learnScales must be true or false/);
    expect(bad((l) => { l.inputs = 2; })).toThrow(/inputs and units must both be 3/);
    expect(bad((l) => { l.scales = [1, 0, 1, 1]; })).toThrow(/scales\[1\] is 0/);
  });

  it('unlearnt anchors and scales stay put under weight decay; learnt ones move', async () => {
    const engine = await testEngine();
    const data = randomPoints(60, 2, 2, 8);
    for (const optimizer of ['adam', 'sgd', 'momentum'] as const) {
      const model = Model.create(engine, { inputs: 2, layers: [{ type: 'vectorfield', anchors: 3 }, { type: 'vectorfield', anchors: 2, learnAnchors: true, learnScales: true }, { units: 2 }] });
      model.initialiseAnchors(data, 1);
      const before = model.getParameters();
      fit(model, data, { epochs: 3, optimizer, weightDecay: 0.1 });
      const after = model.getParameters();
      const [frozen, learnt] = model.layers as [VectorField, VectorField];
      const same = (a: number, b: number) => Array.from(after.subarray(a, b)).every((v, i) => v === before[a + i]);
      expect(same(frozen.anchorOffset, frozen.scaleOffset + frozen.anchors), `${optimizer}: frozen`).toBe(true);
      expect(same(frozen.offset, frozen.anchorOffset), `${optimizer}: V moves`).toBe(false);
      expect(same(learnt.anchorOffset, learnt.scaleOffset), `${optimizer}: learnt anchors move`).toBe(false);
      expect(same(learnt.scaleOffset, learnt.scaleOffset + learnt.anchors), `${optimizer}: learnt scales move`).toBe(false);
      model.dispose();
    }
  });

  it.each([
    [{ type: 'vectorfield', anchors: 0 }, /anchors must be an integer in 1…/],
    [{ type: 'vectorfield', anchors: 2.5 }, /anchors must be an integer/],
    [{ type: 'vectorfield', anchors: 3, scale: 0 }, /scale must be a finite number > 0, got 0/],
    [{ type: 'vectorfield', anchors: 3, scale: -1 }, /scale must be a finite number > 0/],
    [{ type: 'vectorfield', anchors: 3, scale: NaN }, /scale must be a finite number > 0, got NaN/],
    [{ type: 'vectorfield', anchors: 3, learnAnchors: 1 }, /learnAnchors must be true or false/],
  ])('rejects %o', async (bad, message) => {
    const engine = await testEngine();
    expect(() => Model.create(engine, { inputs: 2, layers: [bad as LayerSpec, { units: 2 }] })).toThrow(message);
  });

  it('rejects more anchors than training points, and a vector field as the output layer', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ type: 'vectorfield', anchors: 11 }, { units: 2 }] });
    expect(() => model.initialiseAnchors(randomPoints(10, 2, 2, 1), 1)).toThrow(/11 anchors but only 10 training points/);
    expect(() => fit(model, randomPoints(10, 2, 2, 1))).toThrow(/11 anchors but only 10 training points/);
    expect(() => Model.create(engine, { inputs: 2, layers: [{ units: 2 }, { type: 'vectorfield', anchors: 2 }] })).toThrow(/output layer must be dense/);
  });
});

/** A disk (class 0, r < 0.35) inside an annulus (class 1, 0.65 < r < 1), uniform in area. */
function diskInAnnulus(n: number, seed: number): Dataset {
  const r = new Random(seed);
  const x = new Float32Array(2 * n), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const [lo, hi] = c === 0 ? [0, 0.35] : [0.65, 1];
    const rad = Math.sqrt(lo * lo + (hi * hi - lo * lo) * r.uniform());
    const th = 2 * Math.PI * r.uniform();
    x[2 * i] = rad * Math.cos(th);
    x[2 * i + 1] = rad * Math.sin(th);
    y[i] = c;
  }
  return { name: 'disk-in-annulus', x, y, n, dim: 2, classes: 2, domain: { min: [-1, -1], max: [1, 1] }, params: { seed } };
}

describe('learning with a vector field', () => {
  it('a 2-D vector field (16 anchors) + linear softmax separates a disk from its annulus; the linear model alone cannot', async () => {
    const engine = await testEngine();
    const data = diskInAnnulus(400, 11);
    const options = { epochs: 150, batchSize: 32, learningRate: 0.05, seed: 2 };
    const linear = Model.create(engine, { inputs: 2, layers: [{ units: 2 }], seed: 1 });
    fit(linear, data, options);
    const field = Model.create(engine, { inputs: 2, layers: [{ type: 'vectorfield', anchors: 16 }, { units: 2 }], seed: 1 });
    fit(field, data, options);
    const accLinear = linear.evaluate(data).accuracy, accField = field.evaluate(data).accuracy;
    expect(accLinear).toBeLessThan(0.7);
    expect(accField).toBeGreaterThan(0.95);
  });
});
