import { describe, it, expect } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { bettiNumbers, defaultScale, maxminLandmarks } from '../../src/topology/index.js';
import { diskAnnulus, linkedTori, spirals } from '../../src/data/index.js';
import { referenceBetti, ripsAdjacency } from './reference.js';
import { annulus, circle, disk, figureEight, rowsOf, torusSurface, twoCircles } from './shapes.js';

const SEEDS = [1, 2, 3];

describe('bettiNumbers: known shapes, default Rips scale', () => {
  const cases: [string, (seed: number) => Float32Array, number, number[]][] = [
    ['circle, 300 points', (s) => circle(300, s), 2, [1, 1]],
    ['noisy circle (σ = 0.03), 300 points', (s) => circle(300, s, { noise: 0.03 }), 2, [1, 1]],
    ['two circles, 600 points', (s) => twoCircles(600, s), 2, [2, 2]],
    ['figure-eight, 600 points', (s) => figureEight(600, s), 2, [1, 2]],
    ['disk, 500 points', (s) => disk(500, s), 2, [1, 0]],
    ['annulus 2/3 < r < 1, 500 points', (s) => annulus(500, s), 2, [1, 1]],
  ];
  for (const [name, make, dim, want] of cases) {
    it.each(SEEDS)(`${name} → β = (${want.join(', ')}), seed %i`, (seed) => {
      const r = bettiNumbers(make(seed), dim);
      expect(r.betti, `scale ${r.scale} (${r.scaleRule})`).toEqual(want);
      expect(r.complex).toBe('rips');
      expect(r.scale).toBeGreaterThan(0);
      expect(r.scaleRule).toMatch(/^3\.5 × median 8-NN distance \(intrinsic dimension ≈ [01]\.\d\d\)$/);
    });
  }

  it.each(SEEDS)('torus surface, 500 points → β = (1, 2, 1) with maxDim 2, seed %i', (seed) => {
    const r = bettiNumbers(torusSurface(500, seed), 3, { maxDim: 2 });
    expect(r.betti, `scale ${r.scale}`).toEqual([1, 2, 1]);
    expect(r.simplices).toHaveLength(4);
    expect(r.scaleRule).toMatch(/^2\.5 × median 8-NN distance \(intrinsic dimension ≈ 1\.\d\d\)$/);
  });
});

describe('bettiNumbers: the answer depends on the shape, not only on the sample size', () => {
  // The same number of points and the same density rule: a wrong implementation that
  // returned a constant (or β1 = 1 for everything 2-D) fails here.
  it('a disk is not a loop, an annulus is', () => {
    const d = bettiNumbers(disk(500, 11), 2).betti;
    const a = bettiNumbers(annulus(500, 11), 2).betti;
    expect(d[1]).toBe(0);
    expect(d).not.toEqual([1, 1]);
    expect(a).toEqual([1, 1]);
  });

  it('a torus has a void and two loops, a solid ball has neither', () => {
    const ball = new Float32Array(3 * 500);
    const r = new Random(5);
    for (let i = 0; i < 500;) {
      const p = [r.range(-1, 1), r.range(-1, 1), r.range(-1, 1)];
      if (p[0]! ** 2 + p[1]! ** 2 + p[2]! ** 2 > 1) continue;
      ball.set(p, 3 * i++);
    }
    expect(bettiNumbers(ball, 3, { maxDim: 2 }).betti).toEqual([1, 0, 0]);
    expect(bettiNumbers(torusSurface(500, 5), 3, { maxDim: 2 }).betti).toEqual([1, 2, 1]);
  });

  it('linked tori (solid, 500 points each): each class is a solid torus, β = (1, 1, 0)', () => {
    const ds = linkedTori({ n: 1000, seed: 2 });
    for (const c of [0, 1]) {
      const r = bettiNumbers(rowsOf(ds.x, 3, ds.y, c), 3, { maxDim: 2 });
      expect(r.betti, `class ${c}, ${r.scaleRule}`).toEqual([1, 1, 0]);
      expect(r.scaleRule).toMatch(/^2 × median 8-NN distance/);
    }
  });

  it('the intrinsic dimension estimate tells curves, surfaces and volumes apart', () => {
    const m = (p: Float32Array, d: number) => defaultScale(p, d).intrinsicDimension;
    expect(m(circle(500, 1), 2)).toBeCloseTo(1, 0);
    expect(m(disk(500, 1), 2)).toBeGreaterThan(1.6);
    expect(m(disk(500, 1), 2)).toBeLessThan(2.25);
    expect(m(torusSurface(500, 1), 3)).toBeLessThan(2.25);
    const ds = linkedTori({ n: 1000, seed: 2 });
    expect(m(rowsOf(ds.x, 3, ds.y, 0), 3)).toBeGreaterThanOrEqual(2.25);
  });

  it('tracks the scale of a regular octagon through its whole life (ripser: loop born 0.765, dies 1.848)', () => {
    const pts: number[] = [];
    for (let i = 0; i < 8; i++) pts.push(Math.cos((2 * Math.PI * i) / 8), Math.sin((2 * Math.PI * i) / 8));
    const at = (scale: number) => bettiNumbers(pts, 2, { scale }).betti;
    expect(at(0.5)).toEqual([8, 0]);
    expect(at(0.8)).toEqual([1, 1]);
    expect(at(1.5)).toEqual([1, 1]);
    expect(at(1.9)).toEqual([1, 0]);
    expect(at(2.1)).toEqual([1, 0]);
  });

  it('a scale below the sampling gaps breaks a circle into pieces; one beyond its diameter fills it', () => {
    const c = circle(200, 4);
    expect(bettiNumbers(c, 2, { scale: 0.005 }).betti[0]).toBeGreaterThan(1);
    expect(bettiNumbers(c, 2, { scale: 2.01 }).betti).toEqual([1, 0]);
  });
});

describe('bettiNumbers: k-NN flag complex (Naitzat, Zhitnikov & Lim)', () => {
  const cases: [string, Float32Array, number, number[]][] = [
    ['circle', circle(500, 21), 2, [1, 1]],
    ['two circles', twoCircles(600, 22), 2, [2, 2]],
    ['figure-eight', figureEight(600, 23), 2, [1, 2]],
    ['disk', disk(500, 24), 2, [1, 0]],
    ['annulus', annulus(500, 25), 2, [1, 1]],
  ];
  it.each(cases)('%s with k = 16, hops = 2', (_, pts, dim, want) => {
    const r = bettiNumbers(pts, dim, { k: 16, hops: 2 });
    expect(r.betti).toEqual(want);
    expect(r).toMatchObject({ complex: 'knn', k: 16, hops: 2, scale: null });
  });

  it('adapts to density: a circle sampled 20× denser on one half keeps its loop', () => {
    const r = new Random(31);
    const pts: number[] = [];
    for (let i = 0; i < 400; i++) {
      const t = i < 380 ? r.range(0, Math.PI) : r.range(Math.PI, 2 * Math.PI);
      pts.push(Math.cos(t), Math.sin(t));
    }
    expect(bettiNumbers(pts, 2, { k: 8 }).betti).toEqual([1, 1]);
  });

  it('the k-NN torus surface: β = (1, 2, 1) with k = 16, hops = 2', () => {
    expect(bettiNumbers(torusSurface(500, 7), 3, { k: 16, hops: 2, maxDim: 2 }).betti).toEqual([1, 2, 1]);
  });
});

describe('bettiNumbers: against a dense GF(2) reference on random small clouds', () => {
  // Every clique enumerated by brute force, ranks by Gaussian elimination on bit rows.
  const table: { seed: number; n: number; dim: number; scale: number }[] = [];
  const r = new Random(99);
  for (let seed = 1; seed <= 40; seed++) table.push({ seed, n: 5 + r.int(24), dim: 1 + r.int(3), scale: r.range(0.2, 1.2) });

  it.each(table)('Rips, n = $n, dim = $dim, ε = $scale (seed $seed)', ({ seed, n, dim, scale }) => {
    const g = new Random(seed);
    const pts = new Float32Array(n * dim).map(() => g.range(-1, 1));
    const got = bettiNumbers(pts, dim, { scale, maxDim: 2 });
    const want = referenceBetti(ripsAdjacency(pts, dim, scale), 2);
    expect(got.betti, `points ${Array.from(pts).join(',')}`).toEqual(want);
  });

  it.each([[1, 3, 1], [2, 4, 1], [3, 3, 2], [4, 5, 2], [5, 2, 3]])('k-NN, seed %i, k = %i, hops = %i', (seed, k, hops) => {
    const g = new Random(seed + 500);
    const n = 22, dim = 2;
    const pts = new Float32Array(n * dim).map(() => g.range(-1, 1));
    // Reference graph: symmetrised k-NN, then pairs within `hops` steps (Floyd–Warshall on hop counts).
    const d2 = (i: number, j: number) => (pts[2 * i]! - pts[2 * j]!) ** 2 + (pts[2 * i + 1]! - pts[2 * j + 1]!) ** 2;
    const hop: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
    for (let i = 0; i < n; i++) {
      const order = [...Array(n).keys()].filter((j) => j !== i).sort((a, b) => d2(i, a) - d2(i, b) || a - b);
      for (const j of order.slice(0, k)) { hop[i]![j] = 1; hop[j]![i] = 1; }
    }
    for (let m = 0; m < n; m++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      hop[i]![j] = Math.min(hop[i]![j]!, hop[i]![m]! + hop[m]![j]!);
    }
    const adj = hop.map((row, i) => row.map((h, j) => i !== j && h <= hops));
    expect(bettiNumbers(pts, dim, { k, hops, maxDim: 2 }).betti).toEqual(referenceBetti(adj, 2));
  });
});

describe('bettiNumbers: the report case, 500 points per class', () => {
  it('disk-annulus and spirals, both classes, β0 and β1 in well under 2 s', () => {
    const t0 = performance.now();
    const da = diskAnnulus({ n: 1000, seed: 3 });
    const sp = spirals({ n: 1000, seed: 3 });
    const got = [
      bettiNumbers(rowsOf(da.x, 2, da.y, 0), 2).betti,
      bettiNumbers(rowsOf(da.x, 2, da.y, 1), 2).betti,
      bettiNumbers(rowsOf(sp.x, 2, sp.y, 0), 2).betti,
      bettiNumbers(rowsOf(sp.x, 2, sp.y, 1), 2).betti,
    ];
    const ms = performance.now() - t0;
    expect(got).toEqual([[1, 0], [1, 1], [1, 0], [1, 0]]);
    expect(ms).toBeLessThan(2000);
  });
});

describe('bettiNumbers: landmarks, defaults and errors', () => {
  it('maxmin landmarks of a 3000-point annulus keep its loop and report the cover radius', () => {
    const pts = annulus(3000, 8);
    const r = bettiNumbers(pts, 2, { landmarks: 300 });
    expect(r.betti).toEqual([1, 1]);
    expect(r.points).toBe(300);
    expect(r.landmarks!.count).toBe(300);
    expect(new Set(r.landmarks!.indices).size).toBe(300);
    // Every point lies within the cover radius of some landmark, and the radius is attained.
    const { indices, coverRadius } = maxminLandmarks(pts, 2, 300);
    let worst = 0;
    for (let i = 0; i < 3000; i++) {
      let best = Infinity;
      for (const l of indices) best = Math.min(best, Math.hypot(pts[2 * i]! - pts[2 * l]!, pts[2 * i + 1]! - pts[2 * l + 1]!));
      worst = Math.max(worst, best);
    }
    expect(coverRadius).toBeCloseTo(worst, 12);
    expect(r.landmarks!.coverRadius).toBe(coverRadius);
  });

  it('large clouds are reduced to landmarks by default (500 with β2), and the result says so', () => {
    const r = bettiNumbers(torusSurface(1500, 9), 3, { maxDim: 2 });
    expect(r.betti).toEqual([1, 2, 1]);
    expect(r.points).toBe(500);
    expect(r.landmarks!.count).toBe(500);
    expect(r.landmarks!.coverRadius).toBeGreaterThan(0);
    const small = bettiNumbers(circle(300, 9), 2, { landmarks: Infinity });
    expect(small.landmarks).toBeNull();
    expect(small.points).toBe(300);
  });

  it('defaultScale is factor × the median k-th neighbour distance', () => {
    // Points on a line at 0, 1, 3, 6, 10: 1st-neighbour distances 1, 1, 2, 3, 4 → median 2.
    const pts = [0, 1, 3, 6, 10];
    expect(defaultScale(pts, 1, { k: 1, factor: 1 }).scale).toBe(2);
    expect(defaultScale(pts, 1, { k: 2, factor: 3 })).toMatchObject({ scale: 9, rule: '3 × median 2-NN distance' });
  });

  it('small and degenerate clouds', () => {
    expect(bettiNumbers([0, 0], 2).betti).toEqual([1, 0]);
    expect(bettiNumbers([0, 0, 5, 5], 2, { scale: 1 }).betti).toEqual([2, 0]);
    expect(bettiNumbers([1, 1, 1, 1, 1, 1], 2, { scale: 0, maxDim: 2 }).betti).toEqual([1, 0, 0]);
  });

  it('rejects bad input and runaway complexes with a message', () => {
    expect(() => bettiNumbers([], 2)).toThrow(/empty/);
    expect(() => bettiNumbers([0, 0, 1], 2)).toThrow(/multiple of dim/);
    expect(() => bettiNumbers([0, NaN], 2)).toThrow(/finite/);
    expect(() => bettiNumbers([0, 0], 2, { scale: 1, k: 3 })).toThrow(/either scale/);
    expect(() => bettiNumbers([0, 0], 2, { hops: 2 })).toThrow(/hops/);
    expect(() => bettiNumbers(disk(400, 1), 2, { scale: 3, maxSimplices: 100_000 })).toThrow(/too large.*landmarks/);
  });
});
