import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../src/engine/random.js';
import { euclideanDistances, finiteDiameter, knnGeodesicDistances, persistence, type DistanceMatrix } from '../../src/topology/index.js';
import { DataError, OptionError } from '../../src/errors.js';
import { ensureRipser, ripserBars, toFloat32 } from './ripser-cli.js';
import { annulus, circle, disk, torusSurface, twoCircles } from './shapes.js';

/**
 * Persistence pairs against Debian's `ripser` on the very same float32 distance matrix
 * (`--format distance`). ripser prints values with 6 significant digits, so a pair agrees
 * when birth and death match to 1e-5 relative (+1e-7 absolute); ∞ must match ∞. Pairs are
 * compared as sorted multisets, dimension by dimension.
 */

const ripser = ensureRipser();

type Pair = [number, number];

function ours(m: DistanceMatrix, maxDim: 0 | 1 | 2, threshold?: number): { pairs: Pair[][]; threshold: number } {
  const r = persistence(m, { maxDim, threshold });
  return { pairs: r.bars.map((list) => list.map((b): Pair => [b.birth, b.death])), threshold: r.threshold };
}

function parse(list: string[]): Pair[] {
  return list.map((s) => { const [b, d] = s.split(','); return [Number(b), d === 'inf' ? Infinity : Number(d)]; });
}

const close = (x: number, y: number) => (x === Infinity || y === Infinity ? x === y : Math.abs(x - y) <= 1e-5 * Math.max(Math.abs(x), Math.abs(y)) + 1e-7);
const byValue = (p: Pair, q: Pair) => p[0] - q[0] || p[1] - q[1];

/** The first disagreement, or null. */
function compare(a: Pair[], b: Pair[]): string | null {
  if (a.length !== b.length) return `${a.length} pairs vs ripser's ${b.length}`;
  const x = [...a].sort(byValue), y = [...b].sort(byValue);
  for (let i = 0; i < x.length; i++) {
    if (!close(x[i]![0], y[i]![0]) || !close(x[i]![1], y[i]![1])) return `pair ${i}: [${x[i]}] vs ripser's [${y[i]}]`;
  }
  return null;
}

function check(m: DistanceMatrix, maxDim: 0 | 1 | 2, threshold?: number): Pair[][] {
  if (!ripser.ok) throw new Error(`ripser is required but unavailable: ${ripser.reason}`);
  const f = toFloat32(m);
  const mine = ours(f, maxDim, threshold === undefined ? undefined : Math.fround(threshold));
  const theirs = ripserBars(f, maxDim, mine.threshold).map(parse);
  for (let d = 0; d <= maxDim; d++) expect(compare(mine.pairs[d]!, theirs[d]!), `dimension ${d}`).toBeNull();
  return mine.pairs;
}

describe('persistence agrees with ripser on the essay\'s shapes', () => {
  const shapes: [string, (n: number, seed: number) => Float32Array, number][] = [
    ['noisy circle', (n, s) => circle(n, s, { noise: 0.05 }), 2],
    ['annulus', annulus, 2],
    ['disk', (n, s) => disk(n, s), 2],
    ['two circles', twoCircles, 2],
    ['torus surface', torusSurface, 3],
  ];
  for (const [name, make, dim] of shapes) {
    it.each([40, 90, 160])(`${name}, %i points, complete diagram in dimensions 0 and 1`, (n) => {
      const pairs = check(euclideanDistances(make(n, n + dim), dim), 1);
      // Not vacuous: every cloud here has finite 0-bars and at least one loop.
      expect(pairs[0]!.length).toBe(n);
      expect(pairs[1]!.length).toBeGreaterThan(0);
    });
  }

  it('annulus, 300 points, up to a threshold (classes alive at the threshold are ∞ on both sides)', () => {
    const m = euclideanDistances(annulus(300, 4), 2);
    const pairs = check(m, 1, 0.3);
    expect(pairs[1]!.some((p) => p[1] === Infinity)).toBe(true);
  });

  it('torus surface, 60 points, dimension 2 too', () => {
    const pairs = check(euclideanDistances(torusSurface(60, 3), 3), 2);
    expect(pairs[2]!.length).toBeGreaterThan(0);
  });

  it('k-NN graph geodesic distances (integer hops, many ties), annulus and two circles', () => {
    for (const [pts, k] of [[annulus(150, 5), 8], [twoCircles(120, 6), 6]] as const) {
      const m = knnGeodesicDistances(pts, 2, k);
      // Two separate circles are at distance ∞; ripser reads a large number instead, above the threshold.
      const finite = finiteDiameter(m);
      const big = { ...m, values: m.values.map((v) => (v === Infinity ? 1000 : v)) };
      check(big, 1, finite);
    }
  });

  it('the geodesic annulus keeps one long loop that the Euclidean one also has', () => {
    const pts = annulus(200, 8);
    const loops = (m: DistanceMatrix) => persistence(m).bars[1]!.map((b) => b.death - b.birth).sort((a, b) => b - a);
    const e = loops(euclideanDistances(pts, 2)), g = loops(knnGeodesicDistances(pts, 2, 10));
    expect(e[0]! / finiteDiameter(euclideanDistances(pts, 2))).toBeGreaterThan(0.3);
    expect(g[0]!).toBeGreaterThan(3 * (g[1] ?? 0));
  });
});

describe('persistence agrees with ripser on random clouds (fast-check, seeded)', () => {
  it('any cloud of 3–24 points in the plane or in space: pairs in dimensions 0 and 1', () => {
    if (!ripser.ok) throw new Error(`ripser is required but unavailable: ${ripser.reason}`);
    let loops = 0;
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 24 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (n, dim, seed, cut) => {
        const r = new Random(seed);
        // Half the clouds on a grid of 8 values per axis: many equal distances (ties).
        const grid = seed % 2 === 0;
        const pts = Array.from({ length: n * dim }, () => (grid ? Math.floor(r.uniform() * 8) / 8 : r.uniform()));
        const m = toFloat32(euclideanDistances(pts, dim));
        const mine = ours(m, 1, cut ? 0.35 : undefined);
        const theirs = ripserBars(m, 1, mine.threshold).map(parse);
        loops += mine.pairs[1]!.length;
        return compare(mine.pairs[0]!, theirs[0]!) === null && compare(mine.pairs[1]!, theirs[1]!) === null;
      }),
      { seed: 20261201, numRuns: 300 },
    );
    expect(loops).toBeGreaterThan(50);
  });
});

describe('persistence: errors', () => {
  it('refuses a bad maxDim or threshold with OptionError', () => {
    const m = euclideanDistances([0, 0, 1, 0, 0, 1], 2);
    for (const bad of [{ maxDim: 3 as never }, { threshold: -1 }, { threshold: NaN }]) {
      try { persistence(m, bad); expect.unreachable(); } catch (e) {
        expect(e).toBeInstanceOf(OptionError);
        expect((e as OptionError).code).toBe('BAD_OPTION');
      }
    }
  });

  it('refuses non-finite coordinates with DataError', () => {
    try { euclideanDistances([0, 0, NaN, 1], 2); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).code).toBe('BAD_DATA');
    }
  });
});
