import { describe, it, expect, beforeAll } from 'vitest';
import GLPK from 'glpk.js/node';
import { Random } from '../../src/engine/random.js';
import { diskAnnulus } from '../../src/data/index.js';
import {
  farkasGap, hyperplaneMargin, linearSeparability, separabilityOneVsRest, type SeparabilityResult,
} from '../../src/topology/index.js';
import { solveSeparabilityLP } from '../../src/topology/separability.js';

// ---------------------------------------------------------------------------------------
// Independent checks of the certificates (plain loops, no library code)

function expectSeparates(x: ArrayLike<number>, dim: number, labels: ArrayLike<number>, res: SeparabilityResult, positive = 1): void {
  if (!res.separable) throw new Error(`expected separable, got gap ${res.gap}`);
  const { w, b } = res.hyperplane;
  expect(Math.hypot(...w)).toBeCloseTo(1, 12);
  let worst = Infinity;
  for (let i = 0; i < labels.length; i++) {
    let s = b;
    for (let t = 0; t < dim; t++) s += w[t]! * x[i * dim + t]!;
    worst = Math.min(worst, (labels[i] === positive ? 1 : -1) * s);
  }
  expect(worst).toBeGreaterThan(0);
  expect(worst).toBeCloseTo(res.margin, 12);
}

function expectFarkas(x: ArrayLike<number>, dim: number, labels: ArrayLike<number>, res: SeparabilityResult, positive = 1): void {
  if (res.separable) throw new Error(`expected inseparable, got margin ${res.margin}`);
  const { indices, weights } = res.certificate;
  expect(indices.length).toBeLessThanOrEqual(dim + 2); // a basic solution
  let sum = 0, sumY = 0, scale = 0;
  const sumYX = new Array<number>(dim).fill(0);
  indices.forEach((i, q) => {
    const l = weights[q]!, y = labels[i] === positive ? 1 : -1;
    expect(l).toBeGreaterThanOrEqual(0);
    sum += l; sumY += l * y;
    for (let t = 0; t < dim; t++) { sumYX[t]! += l * y * x[i * dim + t]!; scale = Math.max(scale, Math.abs(x[i * dim + t]!)); }
  });
  expect(sum).toBeCloseTo(1, 12);
  expect(Math.abs(sumY)).toBeLessThan(1e-12);
  for (let t = 0; t < dim; t++) expect(Math.abs(sumYX[t]!)).toBeLessThan(1e-12 * Math.max(1, scale));
  expect(res.gap).toBeLessThan(1e-12 * Math.max(1, scale));
}

// ---------------------------------------------------------------------------------------
// Data

function blobs(n: number, dim: number, separation: number, seed: number): { x: Float32Array; y: Int32Array } {
  const r = new Random(seed);
  const x = new Float32Array(n * dim), y = new Int32Array(n);
  // Centres ±separation along a random unit direction; unit-variance Gaussian blobs clipped to radius 2.
  const dir = Array.from({ length: dim }, () => r.normal());
  const norm = Math.hypot(...dir);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const p = Array.from({ length: dim }, () => r.normal() * 0.5);
    const len = Math.hypot(...p);
    const clip = len > 1 ? 1 / len : 1;
    for (let t = 0; t < dim; t++) x[i * dim + t] = p[t]! * clip + (y[i] ? 1 : -1) * separation * dir[t]! / norm;
  }
  return { x, y };
}

function lift(x: Float32Array, n: number): Float32Array {
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const a = x[2 * i]!, b = x[2 * i + 1]!;
    out[3 * i] = a; out[3 * i + 1] = b; out[3 * i + 2] = a * a + b * b;
  }
  return out;
}

// ---------------------------------------------------------------------------------------

describe('linearSeparability: separable cases carry a hyperplane that works on every point', () => {
  it.each([[2, 1], [3, 2], [4, 3]])('two blobs a margin apart in %i-D (seed %i)', (dim, seed) => {
    const { x, y } = blobs(2000, dim, 1.5, seed);
    const res = linearSeparability(x, dim, y);
    expectSeparates(x, dim, y, res);
    // Blobs clipped to radius 1 with centres 3 apart: the best margin is at least 0.5.
    expect(res.separable && res.margin).toBeGreaterThan(0.4);
  });

  it('points on a line in the plane (degenerate in 2-D)', () => {
    const x = new Float32Array([0, 0, 1, 1, 2, 2, 3, 3]);
    const res = linearSeparability(x, 2, [0, 0, 1, 1]);
    expectSeparates(x, 2, [0, 0, 1, 1], res);
  });

  it('disk inside annulus, lifted by r² into 3-D: separable by the plane r² = const', () => {
    const ds = diskAnnulus({ n: 2000, seed: 5 });
    const x = lift(ds.x, ds.n);
    const res = linearSeparability(x, 3, ds.y);
    expectSeparates(x, 3, ds.y, res);
    if (!res.separable) return;
    // The classes have r² < 1/9 and > 4/9: the plane z = 5/18 has margin 1/6, and the
    // optimum leans on z alone.
    expect(res.margin).toBeGreaterThan(1 / 6 - 1e-6);
    expect(Math.abs(res.hyperplane.w[2]!)).toBeGreaterThan(0.99);
  });
});

describe('linearSeparability: inseparable cases carry Farkas multipliers (hulls meet)', () => {
  it('XOR', () => {
    const x = new Float32Array([1, 1, -1, -1, 1, -1, -1, 1]);
    const y = [0, 0, 1, 1];
    const res = linearSeparability(x, 2, y);
    expectFarkas(x, 2, y, res);
    if (!res.separable) expect(res.pointPositive).toEqual([0, 0]);
  });

  it('disk inside annulus in the plane', () => {
    const ds = diskAnnulus({ n: 2000, seed: 6 });
    expectFarkas(ds.x, 2, ds.y, linearSeparability(ds.x, 2, ds.y));
  });

  it.each([[2, 4], [3, 5], [4, 6]])('overlapping blobs in %i-D (seed %i)', (dim, seed) => {
    const { x, y } = blobs(2000, dim, 0.2, seed);
    expectFarkas(x, dim, y, linearSeparability(x, dim, y));
  });

  it('the same point in both classes', () => {
    const x = new Float32Array([0.5, 0.5, 0.5, 0.5, 2, 2]);
    expectFarkas(x, 2, [0, 1, 1], linearSeparability(x, 2, [0, 1, 1]));
  });
});

describe('certificate checks reject tampered certificates', () => {
  it('a flipped hyperplane has negative margin; shifted multipliers leave a gap', () => {
    const { x, y } = blobs(400, 2, 1.5, 9);
    const res = linearSeparability(x, 2, y);
    if (!res.separable) throw new Error('expected separable');
    const signs = Array.from(y, (c) => (c === 1 ? 1 : -1));
    expect(hyperplaneMargin(x, 2, signs, res.hyperplane.w.map((v) => -v), -res.hyperplane.b).margin).toBeLessThan(0);

    const xor = new Float32Array([1, 1, -1, -1, 1, -1, -1, 1]);
    const bad = linearSeparability(xor, 2, [0, 0, 1, 1]);
    if (bad.separable) throw new Error('expected inseparable');
    const w = bad.certificate.weights.slice();
    w[0] = w[0]! * 2;
    expect(farkasGap(xor, 2, [-1, -1, 1, 1], bad.certificate.indices, w).gap).toBeGreaterThan(0.1);
  });
});

describe('linearSeparability: one-vs-rest and errors', () => {
  it('three blobs at the corners of a triangle: each is cut off; three rings: the middle one is not', () => {
    const r = new Random(12);
    const n = 900, x = new Float32Array(2 * n), y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 3, a = (2 * Math.PI * c) / 3;
      y[i] = c;
      x[2 * i] = 3 * Math.cos(a) + r.range(-1, 1);
      x[2 * i + 1] = 3 * Math.sin(a) + r.range(-1, 1);
    }
    const all = separabilityOneVsRest(x, 2, y);
    all.forEach((res, c) => expectSeparates(x, 2, y, res!, c));

    const rings = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const t = r.range(0, 2 * Math.PI), rad = y[i]! + 1 + r.range(-0.3, 0.3);
      rings[2 * i] = rad * Math.cos(t); rings[2 * i + 1] = rad * Math.sin(t);
    }
    const rr = separabilityOneVsRest(rings, 2, y);
    rr.forEach((res, c) => expectFarkas(rings, 2, y, res!, c));
  });

  it('classes without points are null; a single class is an error', () => {
    expect(separabilityOneVsRest([0, 1, 2], 1, [0, 2, 2])[1]).toBeNull();
    expect(() => linearSeparability([0, 1], 1, [1, 1])).toThrow(/both sides/);
    expect(() => linearSeparability([0, 1, 2], 1, [0, 1])).toThrow(/coordinates/);
  });
});

describe('linearSeparability: speed', () => {
  it.each([2, 3, 4])('5000 points in %i-D, separable and not, in well under a second', (dim) => {
    const a = blobs(5000, dim, 1.2, 20 + dim), b = blobs(5000, dim, 0.3, 30 + dim);
    const t0 = performance.now();
    const ra = linearSeparability(a.x, dim, a.y), rb = linearSeparability(b.x, dim, b.y);
    const ms = performance.now() - t0;
    expectSeparates(a.x, dim, a.y, ra);
    expectFarkas(b.x, dim, b.y, rb);
    expect(ms).toBeLessThan(500);
  });
});

describe('the simplex against GLPK on the same LP', () => {
  // max c  s.t.  y_i (w·z_i + b) − c ≥ 0,  −1 ≤ w ≤ 1,  |b| ≤ M,  |c| ≤ M,  M = 4(d + 1):
  // the dual of the LP solveSeparabilityLP runs; both optima must agree.
  let glpk: Awaited<ReturnType<typeof GLPK>>;
  beforeAll(async () => { glpk = await GLPK(); });

  /** Scaled points in [−1, 1]^dim: first coordinate ±sep/2 by class plus uniform noise ±0.3. */
  function instance(seed: number, n: number, dim: number, sep: number): { z: Float64Array; y: Int8Array } {
    const g = new Random(seed);
    const z = new Float64Array(n * dim), y = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i < 2 ? 1 - 2 * i : g.uniform() < 0.5 ? 1 : -1;
      for (let t = 0; t < dim; t++) z[i * dim + t] = g.range(-0.3, 0.3) + (t === 0 ? y[i]! * sep * 0.5 : 0);
    }
    return { z, y };
  }

  const table: { seed: number; n: number; dim: number; sep: number }[] = [];
  const r = new Random(77);
  for (let seed = 1; seed <= 24; seed++) table.push({ seed, n: 20 + r.int(300), dim: 1 + r.int(5), sep: r.range(0, 1.2) });

  it.each(table)('seed $seed: n = $n, dim = $dim, separation $sep', ({ seed, n, dim, sep }) => {
    const { z, y } = instance(seed, n, dim, sep);
    const ours = solveSeparabilityLP(z, y, n, dim);
    const M = 4 * (dim + 1);
    const vars = (i: number) => [
      ...Array.from({ length: dim }, (_, t) => ({ name: `w${t}`, coef: y[i]! * z[i * dim + t]! })),
      { name: 'b', coef: y[i]! }, { name: 'c', coef: -1 },
    ];
    const res = glpk.solve({
      name: 'separability',
      objective: { direction: glpk.GLP_MAX, name: 'margin', vars: [{ name: 'c', coef: 1 }] },
      subjectTo: Array.from({ length: n }, (_, i) => ({ name: `p${i}`, vars: vars(i), bnds: { type: glpk.GLP_LO, lb: 0, ub: 0 } })),
      bounds: [
        ...Array.from({ length: dim }, (_, t) => ({ name: `w${t}`, type: glpk.GLP_DB, lb: -1, ub: 1 })),
        { name: 'b', type: glpk.GLP_DB, lb: -M, ub: M },
        { name: 'c', type: glpk.GLP_DB, lb: -M, ub: M },
      ],
    }, { msglev: glpk.GLP_MSG_OFF });
    expect(res.result.status).toBe(glpk.GLP_OPT);
    expect(ours.value).toBeCloseTo(res.result.z, 9);
    // Our dual is feasible for GLPK's LP and attains the same value.
    expect(ours.dual[dim + 1]).toBeCloseTo(res.result.z, 9);
    for (let i = 0; i < n; i++) {
      let s = ours.dual[dim]!;
      for (let t = 0; t < dim; t++) s += ours.dual[t]! * z[i * dim + t]!;
      expect(y[i]! * s - ours.dual[dim + 1]!).toBeGreaterThan(-1e-9);
    }
    for (let t = 0; t < dim; t++) expect(Math.abs(ours.dual[t]!)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('the table has both separable and inseparable instances', () => {
    let sep = 0, insep = 0;
    for (const { seed, n, dim, sep: s } of table) {
      const { z, y } = instance(seed, n, dim, s);
      if (solveSeparabilityLP(z, y, n, dim).value > 1e-9) sep++; else insep++;
    }
    expect(sep).toBeGreaterThan(2);
    expect(insep).toBeGreaterThan(2);
  });
});
