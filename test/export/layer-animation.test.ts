// Frame geometry of the layer animation on real models: frame 0 is the layer's
// input, the last frame is model.layerOutputs bit for bit (permuted/padded as
// recorded), det > 0 on every linear frame of an invertible layer, the swap is
// recorded when det W < 0, width changes are flagged and zero-padded, and
// animateNetwork's layers join up.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { ACTIVATIONS, type ActivationName } from '../../src/model/activation.js';
import { Random } from '../../src/engine/random.js';
import { animateLayer, animateNetwork, type LayerAnimation } from '../../src/export/layer-animation.js';
import { gridLines } from '../../src/export/grid.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints } from '../helpers/points.js';
import { det, maxDiff, setLayer, withSingularValues } from './helpers.js';

/** Rows of `v` (width w) with columns reordered by `order` and zero-padded to n. */
function framed(v: Float32Array, w: number, order: ArrayLike<number>, n: number): Float32Array {
  const rows = v.length / w;
  const out = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) for (let c = 0; c < order.length; c++) out[r * n + c] = v[r * w + order[c]!]!;
  return out;
}

/** Checks everything every animation must satisfy, against the model's own forward pass. */
function checkGeometry(model: Model, anim: LayerAnimation, x: Float32Array, grid: Float32Array, F: number): void {
  const i = anim.layer;
  const reps = (pts: Float32Array) => [pts, ...model.layerOutputs(pts)];
  const { inputs: m, units: k, width: n } = anim;
  expect(n).toBe(Math.max(m, k));
  expect(anim.frames).toHaveLength(3 * F + 1);
  const first = anim.frames[0]!, last = anim.frames[anim.frames.length - 1]!;
  expect(first).toMatchObject({ phase: 'linear', t: 0, time: 0 });
  expect(last).toMatchObject({ phase: 'activation', t: 1, time: 1 });
  // Frame 0: exactly the layer's input; last frame: exactly the layer's output.
  expect(first.points).toEqual(framed(reps(x)[i]!, m, anim.inputOrder, n));
  expect(last.points).toEqual(framed(reps(x)[i + 1]!, k, anim.outputOrder, n));
  expect(first.grid.length).toBe((grid.length / model.inputs) * n);
  if (grid.length) {
    expect(first.grid).toEqual(framed(reps(grid)[i]!, m, anim.inputOrder, n));
    expect(last.grid).toEqual(framed(reps(grid)[i + 1]!, k, anim.outputOrder, n));
  }
  // Every frame is a map of the stated shape; phases in order; times increase.
  let prev = -1;
  for (const f of anim.frames) {
    expect(f.points.length).toBe(anim.count * n);
    expect(f.time).toBeGreaterThan(prev);
    prev = f.time;
    expect(Math.abs(f.det - det(f.matrix, n))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(f.det)));
  }
  const linear = anim.frames.filter((f) => f.phase === 'linear');
  expect(linear).toHaveLength(F + 1);
  expect(linear[0]!.matrix).toEqual(Float64Array.from({ length: n * n }, (_, j) => (j % (n + 1) === 0 ? 1 : 0)));
  expect(linear[F]!.matrix).toEqual(anim.weights);
  if (anim.path === 'polar') for (const f of linear) expect(f.det, `det at t=${f.t}`).toBeGreaterThan(0);
  if (anim.path === 'polar-singular' || anim.path === 'polar-collapse') {
    for (const f of linear.slice(0, F)) expect(f.det, `det at t=${f.t}`).toBeGreaterThan(0);
  }
  // The end of phase 1 is W·x and the end of phase 2 is W·x + b (f64 of the same f32 values).
  const y = linear[F]!.points;
  const z = anim.frames[2 * F]!.points;
  const xin = first.points;
  for (let r = 0; r < anim.count; r++) {
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += anim.weights[a * n + c]! * xin[r * n + c]!;
      expect(Math.abs(y[r * n + a]! - s)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(s)));
      expect(Math.abs(z[r * n + a]! - (s + anim.bias[a]!))).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(s)));
    }
  }
  // Consecutive frames move by little (continuity), and the last step only carries kernel rounding
  // plus one 1/F step of the activation blend.
  const secondLast = anim.frames[anim.frames.length - 2]!.points;
  const bound = 2 / F * (1 + maxAbs(z)) + 1e-5;
  expect(maxDiff(secondLast, last.points)).toBeLessThan(bound);
}

function maxAbs(v: Float32Array): number {
  return v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

describe('animateLayer on square layers', () => {
  const activations = ACTIVATIONS.filter((a) => a !== 'linear') as ActivationName[];
  it.each(activations)('%s layers of widths 1…5, random W with det of both signs, seeds 1…3', async (activation) => {
    const engine = await testEngine();
    for (let n = 1; n <= 5; n++) {
      for (let seed = 1; seed <= 3; seed++) {
        for (const sign of [1, -1] as const) {
          const model = Model.create(engine, { inputs: n, layers: [{ units: n, activation }, { units: 2 }], seed });
          const rng = new Random(seed * 10 + n);
          const w = withSingularValues(Array.from({ length: n }, () => 0.3 + 1.5 * rng.uniform()), sign, rng);
          setLayer(model, 0, w, Array.from({ length: n }, () => rng.range(-0.5, 0.5)));
          const data = randomPoints(20, n, 2, seed);
          const F = 6;
          const opts = { linesPerAxis: 5, pointsPerLine: 11 };
          const anim = animateLayer(model, 0, data, { framesPerPhase: F, ...opts });
          const grid = gridLines(data.domain, opts).points;
          checkGeometry(model, anim, data.x, grid, F);
          const w32 = model.layerParameters(0).weights;
          const negative = det(w32, n) < 0;
          expect(anim.embedded).toBe(false);
          if (n === 1 && negative) {
            expect(anim.permutation).toBeNull();
            expect(anim.homeomorphism).toBe(false);
            expect(anim.path).toBe('straight');
          } else {
            expect(anim.path).toBe('polar');
            expect(anim.permutation !== null).toBe(negative);
            expect(anim.homeomorphism).toBe(activation !== 'relu');
          }
          if (anim.permutation) {
            const [a, b] = anim.permutation;
            expect(anim.outputOrder[a]).toBe(b);
            expect(anim.outputOrder[b]).toBe(a);
            expect(det(anim.weights, n)).toBeGreaterThan(0);
          }
          model.dispose();
        }
      }
    }
  });

  it('nearly singular W (σ_min = 1e-4) is still a homeomorphism with det > 0 on every frame', async () => {
    const engine = await testEngine();
    for (let n = 2; n <= 5; n++) {
      const model = Model.create(engine, { inputs: n, layers: [{ units: n, activation: 'tanh' }, { units: 2 }] });
      const rng = new Random(n);
      setLayer(model, 0, withSingularValues(Array.from({ length: n }, (_, i) => (i === 0 ? 1e-4 : 1 + i)), -1, rng), new Array(n).fill(0.1));
      const anim = animateLayer(model, 0, randomPoints(10, n, 2, 1), { framesPerPhase: 20 });
      expect(anim.path).toBe('polar');
      expect(anim.homeomorphism).toBe(true);
      expect(anim.permutation).not.toBeNull();
      for (const f of anim.frames) expect(f.det).toBeGreaterThan(0);
      model.dispose();
    }
  });

  it('singular W is animated and flagged: homeomorphism false, with the reason', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 2 }] });
    setLayer(model, 0, [1, 2, 2, 4], [0, 0]);
    const data = randomPoints(15, 2, 2, 4);
    const anim = animateLayer(model, 0, data, { framesPerPhase: 5 });
    checkGeometry(model, anim, data.x, gridLines(data.domain).points, 5);
    expect(anim.homeomorphism).toBe(false);
    expect(anim.path).toBe('polar-singular');
    expect(anim.reasons.join(' ')).toMatch(/singular/);
    expect(anim.frames[5]!.det).toBe(0);
    model.dispose();
  });
});

describe('width changes embed into the larger width', () => {
  it.each([
    { inputs: 1, units: 2 }, { inputs: 2, units: 3 }, { inputs: 2, units: 5 },
    { inputs: 3, units: 2 }, { inputs: 5, units: 2 }, { inputs: 3, units: 1 },
  ])('$inputs → $units', async ({ inputs, units }) => {
    const engine = await testEngine();
    for (const activation of ['tanh', 'sigmoid', 'softplus'] as const) {
      const model = Model.create(engine, { inputs, layers: [{ units, activation }, { units: 2 }], seed: inputs * 7 + units });
      setLayer(model, 0, model.layerParameters(0).weights, Array.from({ length: units }, (_, j) => 0.1 * (j + 1)));
      const data = randomPoints(25, inputs, 2, 2);
      const F = 5;
      const opts = { linesPerAxis: 4, pointsPerLine: 9 };
      const anim = animateLayer(model, 0, data, { framesPerPhase: F, ...opts });
      checkGeometry(model, anim, data.x, gridLines(data.domain, opts).points, F);
      expect(anim).toMatchObject({ embedded: true, inputs, units, width: Math.max(inputs, units), permutation: null });
      const n = anim.width;
      // Padding: the input's extra coordinates (wider layer) or the output's (narrower) are exactly 0.
      const padded = (v: Float32Array, from: number) => { for (let r = 0; r < anim.count; r++) for (let c = from; c < n; c++) if (v[r * n + c] !== 0) return false; return true; };
      if (units > inputs) {
        expect(padded(anim.frames[0]!.points, inputs)).toBe(true);
        expect(anim.homeomorphism).toBe(true);
        for (const f of anim.frames) expect(f.det).toBeGreaterThan(0);
      } else {
        expect(padded(anim.frames[anim.frames.length - 1]!.points, units)).toBe(true);
        expect(padded(anim.frames[F]!.points, units)).toBe(true);
        expect(anim.homeomorphism).toBe(false);
        expect(anim.reasons.join(' ')).toMatch(/narrows/);
        expect(anim.frames[F]!.det).toBe(0);
      }
      model.dispose();
    }
  });
});

describe('animateNetwork', () => {
  it('every layer of a 2-3-2-2-2 network; layers join; a det < 0 swap carries into the next layer', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, {
      inputs: 2,
      layers: [{ units: 3, activation: 'tanh' }, { units: 2, activation: 'tanh' }, { units: 2, activation: 'sigmoid' }, { units: 2 }],
      seed: 3,
    });
    // Make layer 2 (2→2) a reflection so a swap happens mid-network.
    setLayer(model, 2, [0, 1.5, 0.8, 0], [0.1, -0.2]);
    const data = randomPoints(30, 2, 2, 8);
    const F = 4;
    const opts = { linesPerAxis: 5, pointsPerLine: 21 };
    const net = animateNetwork(model, data, { framesPerPhase: F, ...opts });
    expect(net.kind).toBe('network-animation');
    expect(net.layers).toHaveLength(4);
    expect(net.layers[2]!.permutation).toEqual([0, 1]);
    const grid = gridLines(data.domain, opts).points;
    for (let i = 0; i < 4; i++) {
      const anim = net.layers[i]!;
      checkGeometry(model, anim, data.x, grid, F);
      if (i > 0) {
        const before = net.layers[i - 1]!;
        expect([...anim.inputOrder]).toEqual([...before.outputOrder]);
        const end = before.frames[before.frames.length - 1]!.points;
        const start = anim.frames[0]!.points;
        // Same points; only the zero padding of the wider one differs.
        const w = Math.min(before.width, anim.width), rows = anim.count;
        for (let r = 0; r < rows; r++) for (let c = 0; c < w; c++) expect(start[r * anim.width + c]).toBe(end[r * before.width + c]);
      }
    }
    // The layer after the swap reads its input in swapped order.
    expect([...net.layers[3]!.inputOrder]).toEqual([1, 0]);
    model.dispose();
  });

  it('plain points get a grid over their bounding box; the output layer is animated too', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 1, layers: [{ units: 2, activation: 'tanh' }, { units: 2 }] });
    const net = animateNetwork(model, [-1, -0.5, 0, 0.5, 1], { framesPerPhase: 3 });
    expect(net.labels).toBeNull();
    expect(net.grid).toMatchObject({ lines: 1, pointsPerLine: 201 });
    expect(net.layers[0]!.frames[0]!.grid[0]).toBe(-1);
    expect(net.layers[0]!.frames[0]!.grid[2 * 200]).toBe(1);
    expect(net.layers[1]!.activation).toBe('linear');
    model.dispose();
  });

  it('a vector-field layer: one field phase x ↦ x + t·F(x), exact at both ends, flagged unchecked', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ type: 'vectorfield', anchors: 6, scale: 0.5 }, { units: 2, activation: 'tanh' }, { units: 2 }], seed: 2 });
    const data = randomPoints(30, 2, 2, 5);
    // Give the field some strength: V = small random vectors (the layer starts as the identity).
    const p = model.getParameters();
    for (let i = 0; i < model.layers[0]!.weightCount; i++) p[model.layers[0]!.offset + i] = 0.3 * Math.sin(3 * i + 1);
    model.setParameters(p);
    const F = 4;
    const net = animateNetwork(model, data, { framesPerPhase: F, linesPerAxis: 5, pointsPerLine: 11 });
    const field = net.layers[0]!;
    expect(field).toMatchObject({ path: 'field', homeomorphism: false, embedded: false, width: 2, permutation: null });
    expect(field.frames).toHaveLength(3 * F + 1);
    expect(field.frames.every((f) => f.phase === 'field')).toBe(true);
    const out = model.layerOutputs(data.x);
    expect(field.frames[0]!.points).toEqual(data.x);
    expect(field.frames[3 * F]!.points).toEqual(out[0]);
    expect(maxDiff(out[0]!, data.x)).toBeGreaterThan(1e-3);
    const mid = field.frames[6]!.points;
    for (let i = 0; i < mid.length; i++) expect(Math.abs(mid[i]! - (data.x[i]! + out[0]![i]!) / 2)).toBeLessThan(1e-6);
    checkGeometry(model, net.layers[1]!, data.x, gridLines(data.domain, { linesPerAxis: 5, pointsPerLine: 11 }).points, F);
    model.dispose();
  });

  it('refuses layers wider than the animation limit and bad options', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 65 }, { units: 2 }] });
    expect(() => animateLayer(model, 0, [0, 0])).toThrow(/up to 64/);
    expect(() => animateLayer(model, 2, [0, 0])).toThrow(/does not exist/);
    expect(() => animateLayer(model, 1, [0, 0], { framesPerPhase: 0 })).toThrow(/framesPerPhase/);
    expect(() => animateLayer(model, 1, [0, 0, 1])).toThrow(/whole/);
    model.dispose();
  });
});
