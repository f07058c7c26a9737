// The losses through fit and evaluate: the k-NN loss reports exactly what it
// differentiates; mean squared error trains regressions (its gradient against
// central differences, its reported loss against evaluate); evaluate refuses a
// k-NN-trained model; knnLoss on given embeddings matches the f64 reference.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { fit } from '../../src/train/trainer.js';
import { knnLoss } from '../../src/loss/knn.js';
import { noisySine, bumpSaddle } from '../../src/data/index.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/engine/random.js';
import { DataError, OptionError, StateError, type UntangleError } from '../../src/errors.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints } from '../helpers/points.js';
import { assertClose } from '../helpers/compare.js';
import { refKnnLoss } from '../reference/knn.js';
import { refMse } from '../reference/mse.js';

function thrown(f: () => unknown): UntangleError {
  try {
    f();
  } catch (e) {
    return e as UntangleError;
  }
  throw new Error('expected an error');
}

/** The epoch loss fit reports for one batch of the whole data at these parameters (weights not moved). */
function reported(model: Model, data: Dataset, params: ArrayLike<number>, options: Parameters<typeof fit>[2]): number {
  model.setParameters(params);
  return fit(model, data, { ...options, epochs: 1, batchSize: data.n, optimizer: 'sgd', learningRate: 1e-30 }).history[0]!.loss;
}

/** The gradient one SGD step of fit applied: (p − p′)/lr. */
function trainerGradient(model: Model, data: Dataset, params: Float32Array, options: Parameters<typeof fit>[2], lr: number): Float64Array {
  model.setParameters(params);
  fit(model, data, { ...options, epochs: 1, batchSize: data.n, optimizer: 'sgd', learningRate: lr });
  const after = model.getParameters();
  return Float64Array.from(params, (p, i) => (p - after[i]!) / lr);
}

describe('k-NN loss: the reported loss is the loss differentiated', () => {
  it.each(['inverse', 'gaussian'] as const)('labels [0,0,1,1,2] (%s): reported value vs reference, trainer gradient vs central differences of the reported value', async (weighting) => {
    const engine = await testEngine();
    const data = randomPoints(5, 2, 3, 17);
    data.y.set([0, 0, 1, 1, 2]);
    const options = { loss: 'knn' as const, knn: { weighting, tau: 0.8, epsilon: 0.05 } };
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 2, activation: 'linear' }], seed: 3 });
    const p = model.getParameters();
    // The value: the mean over the four examples with a partner (the lone class-2 example has no term).
    const z = model.forward(data.x).output;
    const zt = Float64Array.from({ length: 10 }, (_, k) => z[(k % 5) * 2 + Math.floor(k / 5)]!);
    const ref = refKnnLoss(zt, data.y, 2, 5, weighting === 'inverse' ? 0 : 1, weighting === 'inverse' ? 0.05 : 0.8);
    expect(ref.count).toBe(4);
    const value = reported(model, data, p, options);
    expect(Math.abs(value - ref.loss)).toBeLessThan(1e-5 * (1 + ref.loss));
    // Its gradient, as the trainer applies it, against differences of the reported value.
    const lr = 1e-3;
    const g = trainerGradient(model, data, p, options, lr);
    const h = 1e-2;
    const numeric = Float64Array.from(p, (_, i) => {
      const probe = Float32Array.from(p);
      probe[i] = p[i]! + h;
      const up = reported(model, data, probe, options);
      probe[i] = p[i]! - h;
      return (up - reported(model, data, probe, options)) / (2 * h);
    });
    assertClose(g, numeric, { abs: 2e-3, rel: 2e-2 }, `k-NN ${weighting} trainer gradient vs differences of the reported loss`);
    // A custom loop gets the same: knnLoss on the embedding, then backward.
    model.setParameters(p);
    const own = knnLoss(engine, model.forward(data.x).output, data.y, { dim: 2, weighting, tau: 0.8, epsilon: 0.05 });
    expect(Math.abs(own.loss - value)).toBeLessThan(1e-5 * (1 + value));
    assertClose(model.backward(own.gradient).gradient, g, { abs: 1e-3, rel: 1e-2 }, `k-NN ${weighting} knnLoss + backward vs the trainer`);
    model.dispose();
  });

  it('knnLoss on given embeddings: loss, terms, count and gradient match the reference; no weights needed', async () => {
    const engine = await testEngine();
    for (const [n, D] of [[5, 1], [17, 3], [33, 5]] as const) {
      const r = new Random(n * D);
      const zRows = Float32Array.from({ length: n * D }, () => r.range(-1, 1));
      const labels = Int32Array.from({ length: n }, (_, i) => (i === n - 1 ? 9 : i % 3)); // the last one alone
      const zt = (rows: ArrayLike<number>) => Float64Array.from({ length: n * D }, (_, k) => rows[(k % n) * D + Math.floor(k / n)]!);
      const ref = refKnnLoss(zt(zRows), labels, D, n, 1, 0.6);
      const got = knnLoss(engine, zRows, labels, { dim: D, weighting: 'gaussian', tau: 0.6 });
      const what = `knnLoss n=${n} D=${D}`;
      expect(Math.abs(got.loss - ref.loss), what).toBeLessThan(1e-5 * (1 + ref.loss));
      expect(got.counted).toBe(ref.count);
      expect(Number.isNaN(got.terms[n - 1]!)).toBe(true);
      assertClose(got.terms.subarray(0, n - 1), ref.terms.slice(0, n - 1), { abs: 1e-5, rel: 1e-4 }, `${what} terms`);
      const probe = Float64Array.from(zRows), h = 1e-5;
      const numeric = Float64Array.from(probe, (_, i) => {
        const keep = probe[i]!;
        probe[i] = keep + h;
        const up = refKnnLoss(zt(probe), labels, D, n, 1, 0.6).loss;
        probe[i] = keep - h;
        const down = refKnnLoss(zt(probe), labels, D, n, 1, 0.6).loss;
        probe[i] = keep;
        return (up - down) / (2 * h);
      });
      assertClose(got.gradient, numeric, { abs: 1e-4, rel: 1e-3 }, `${what} dZ`);
    }
    const e1 = thrown(() => knnLoss(engine, [0, 1, 2], [0, 0], { dim: 1 }));
    expect([e1 instanceof DataError, e1.code]).toEqual([true, 'BAD_DATA']);
    const e2 = thrown(() => knnLoss(engine, [0, 1], [0, 0], { dim: 1, weighting: 'gaussian', tau: -1 }));
    expect([e2 instanceof OptionError, e2.code]).toEqual([true, 'BAD_OPTION']);
  });

  it('a k-NN-trained model: evaluate refuses by name, pointing to KnnHead', async () => {
    const engine = await testEngine();
    const data = randomPoints(40, 2, 2, 5);
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 4 }, { units: 3 }] });
    expect(model.evaluate(data).n).toBe(40); // untrained: scored as softmax
    fit(model, data, { epochs: 1, loss: 'knn' });
    const e = thrown(() => model.evaluate(data));
    expect([e instanceof StateError, e.code]).toEqual([true, 'BAD_STATE']);
    expect(e.message).toContain('KnnHead');
    const v = thrown(() => fit(model, data, { epochs: 1, loss: 'knn', validation: data }));
    expect([v instanceof OptionError, v.code, (v as OptionError).option]).toEqual([true, 'BAD_OPTION', 'validation']);
    model.dispose();
  });
});

describe('mean squared error', () => {
  it('the trainer gradient is that of the reported MSE, which equals evaluate and the reference', async () => {
    const engine = await testEngine();
    const data = noisySine({ n: 23, seed: 4 });
    const model = Model.create(engine, { inputs: 1, layers: [{ units: 5, activation: 'tanh' }, { units: 1 }], seed: 2 });
    const p = model.getParameters();
    const out = model.forward(data.x).output;
    const ref = refMse(out, data.targets!, 1, data.n);
    const evaluation = model.evaluate(data);
    expect(Math.abs(evaluation.loss - ref.loss)).toBeLessThan(1e-6 * (1 + ref.loss));
    expect(Number.isNaN(evaluation.accuracy)).toBe(true);
    const value = reported(model, data, p, { loss: 'mse' });
    expect(Math.abs(value - ref.loss)).toBeLessThan(1e-6 * (1 + ref.loss));
    // The same gradient as backward(dY = 2(y − t)/(n·T)), and as central differences of the reported value.
    const lr = 1e-3;
    const g = trainerGradient(model, data, p, { loss: 'mse' }, lr);
    model.setParameters(p);
    assertClose(g, model.backward(data.x, ref.dy).gradient, { abs: 1e-4, rel: 1e-2 }, 'mse trainer gradient vs backward');
    const h = 1e-2;
    const numeric = Float64Array.from(p, (_, i) => {
      const probe = Float32Array.from(p);
      probe[i] = p[i]! + h;
      const up = reported(model, data, probe, { loss: 'mse' });
      probe[i] = p[i]! - h;
      return (up - reported(model, data, probe, { loss: 'mse' })) / (2 * h);
    });
    assertClose(g, numeric, { abs: 2e-3, rel: 2e-2 }, 'mse trainer gradient vs differences of the reported loss');
    model.dispose();
  });

  it.each([
    { name: 'noisy-sine', data: () => noisySine({ n: 200, noise: 0.05 }), inputs: 1, minR2: 0.9 },
    { name: 'bump-saddle', data: () => bumpSaddle({ n: 400 }), inputs: 2, minR2: 0.9 },
  ])('$name: fit with mse reaches R² ≥ $minR2; R² matches its definition', async ({ data: make, inputs, minR2 }) => {
    const engine = await testEngine();
    const data = make();
    const model = Model.create(engine, { inputs, layers: [{ units: 24, activation: 'tanh' }, { units: 24, activation: 'tanh' }, { units: 1 }], seed: 1 });
    const { history } = fit(model, data, { loss: 'mse', epochs: 150, batchSize: 32, learningRate: 0.01, validation: data });
    expect(history.at(-1)!.loss).toBeLessThan(history[0]!.loss);
    const e = model.evaluate(data);
    const out = model.forward(data.x).output;
    const t = data.targets!;
    const mean = t.reduce((s, v) => s + v, 0) / data.n;
    let res = 0, tot = 0;
    for (let i = 0; i < data.n; i++) {
      res += (out[i]! - t[i]!) ** 2;
      tot += (t[i]! - mean) ** 2;
    }
    expect(Math.abs(e.r2! - (1 - res / tot))).toBeLessThan(1e-5);
    expect(e.r2!).toBeGreaterThanOrEqual(minR2);
    expect(history.at(-1)!.validationLoss).toBeCloseTo(e.loss, 6);
    model.dispose();
  });

  it('two targets per point: the output layer has two units; R² is pooled over the outputs', async () => {
    const engine = await testEngine();
    const base = bumpSaddle({ n: 200, seed: 6 });
    const targets = new Float32Array(base.n * 2);
    for (let i = 0; i < base.n; i++) {
      targets[2 * i] = base.targets![i]!;
      targets[2 * i + 1] = 3 * base.x[2 * i]! - base.x[2 * i + 1]!; // a plane, on a different scale
    }
    const data: Dataset = { ...base, targets, targetDim: 2 };
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 2 }], seed: 3 });
    const { history } = fit(model, data, { loss: 'mse', epochs: 60 });
    expect(history.at(-1)!.loss).toBeLessThan(history[0]!.loss / 4);
    const out = model.forward(data.x).output;
    let res = 0, tot = 0;
    for (let r = 0; r < 2; r++) {
      let mean = 0;
      for (let i = 0; i < data.n; i++) mean += targets[2 * i + r]! / data.n;
      for (let i = 0; i < data.n; i++) {
        res += (out[2 * i + r]! - targets[2 * i + r]!) ** 2;
        tot += (targets[2 * i + r]! - mean) ** 2;
      }
    }
    const e = model.evaluate(data);
    expect(Math.abs(e.loss - res / (2 * data.n))).toBeLessThan(1e-6);
    expect(Math.abs(e.r2! - (1 - res / tot))).toBeLessThan(1e-5);
    model.dispose();
  });

  it('works with the contractive penalty: the reported loss is MSE + penalty', async () => {
    const engine = await testEngine();
    const data = noisySine({ n: 16, seed: 2 });
    const model = Model.create(engine, { inputs: 1, layers: [{ units: 6, activation: 'tanh' }, { units: 1 }], seed: 2 });
    const p = model.getParameters();
    const plain = reported(model, data, p, { loss: 'mse' });
    const penalised = reported(model, data, p, { loss: 'mse', contractive: { lambda: 0.1 } });
    expect(penalised).toBeGreaterThan(plain);
    model.dispose();
  });

  it('data and loss must agree: DataError naming targets', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 1, layers: [{ units: 4 }, { units: 2 }] });
    const classification = randomPoints(10, 1, 2, 1);
    const regression = noisySine({ n: 10 });
    for (const f of [
      () => fit(model, classification, { loss: 'mse' }),
      () => fit(model, regression, { loss: 'softmax' }),
      () => fit(model, regression, { loss: 'mse' }), // 2 outputs for 1 target
    ]) {
      const e = thrown(f);
      expect([e instanceof DataError, e.code, (e as DataError).field]).toEqual([true, 'BAD_DATA', 'targets']);
    }
    const u = thrown(() => fit(model, classification, { loss: 'l1' as 'mse' }));
    expect([u instanceof OptionError, u.code]).toEqual([true, 'BAD_OPTION']);
    model.dispose();
  });
});
