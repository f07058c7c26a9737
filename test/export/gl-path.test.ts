// The linear phase's path p: [0,1] → GL⁺(n): p(0) = I, p(1) = W (rows swapped
// when det W < 0, and the swap recorded), det p(t) > 0 all along, for seeded
// random W of sizes 1…5 including det < 0 and nearly singular ones; its polar
// factors against ml-matrix; the rotation geodesic; the square embedding.
import { describe, it, expect } from 'vitest';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { Random } from '../../src/engine/random.js';
import { embedSquare, linearPath, rotationAt, rotationPlanes } from '../../src/export/gl-path.js';
import { identity, matmul, transpose } from '../../src/export/linalg.js';
import { det, maxDiff, randomMatrix, toRows, withSingularValues } from './helpers.js';

/** t = 0, 1/400, …, 1 plus points crowding both ends. */
const TS = [...Array.from({ length: 401 }, (_, i) => i / 400), 1e-9, 1e-6, 1 - 1e-6, 1 - 1e-9];

interface Case { name: string; n: number; w: Float64Array }
function cases(): Case[] {
  const out: Case[] = [];
  for (let n = 1; n <= 5; n++) {
    for (let seed = 1; seed <= 8; seed++) {
      const rng = new Random(1000 * n + seed);
      out.push({ name: `random n=${n} seed=${seed}`, n, w: randomMatrix(n, rng) });
      for (const sign of [1, -1] as const) {
        const s = Array.from({ length: n }, (_, i) => (i === n - 1 ? 1e-4 : 0.3 + 2 * rng.uniform()));
        out.push({ name: `σ_min=1e-4 det${sign > 0 ? '>' : '<'}0 n=${n} seed=${seed}`, n, w: withSingularValues(s, sign, rng) });
        const big = Array.from({ length: n }, () => 0.1 + 10 * rng.uniform());
        out.push({ name: `wide spectrum det${sign > 0 ? '>' : '<'}0 n=${n} seed=${seed}`, n, w: withSingularValues(big, sign, rng) });
      }
    }
  }
  return out;
}

describe('linearPath', () => {
  it.each(cases())('$name', ({ n, w }) => {
    const d = det(w, n);
    const path = linearPath(w, n);
    expect(Math.abs(path.det - d)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(d)));
    if (n === 1 && d < 0) {
      // No path in GL⁺(1) reaches a negative number: flagged, straight line.
      expect(path.kind).toBe('straight');
      expect(path.swap).toBeNull();
      expect(path.at(1)[0]).toBe(w[0]);
      return;
    }
    expect(path.kind).toBe('polar');
    // The swap is recorded exactly when det W < 0, and the target is W with those rows exchanged.
    if (d < 0) {
      expect(path.swap).not.toBeNull();
      const [a, b] = path.swap!;
      expect(a).not.toBe(b);
      const swapped = Float64Array.from(w);
      for (let j = 0; j < n; j++) [swapped[a * n + j], swapped[b * n + j]] = [w[b * n + j]!, w[a * n + j]!];
      expect(path.target).toEqual(swapped);
    } else {
      expect(path.swap).toBeNull();
      expect(path.target).toEqual(w);
    }
    expect(det(path.target, n)).toBeGreaterThan(0);
    expect(path.at(0)).toEqual(identity(n));
    expect(path.at(1)).toEqual(path.target);
    // The formula itself (not just the endpoint special case) arrives at W.
    expect(maxDiff(path.at(1 - 1e-12), path.target)).toBeLessThan(1e-9 * (1 + path.singularValues[0]!));
    for (const t of TS) {
      const dt = det(path.at(t), n);
      expect(dt, `det p(${t})`).toBeGreaterThan(0);
    }
    // det p(t) = det Q(t)·det((1−t)I + tS) = Π((1−t) + tσ_i).
    const prod = (t: number) => path.singularValues.reduce((p, s) => p * (1 - t + t * s), 1);
    for (const t of [0.25, 0.5, 0.75]) expect(Math.abs(det(path.at(t), n) / prod(t) - 1)).toBeLessThan(1e-10);
  });

  it('polar factors match ml-matrix: Q = U·Vᵀ orthogonal, S = V·Σ·Vᵀ, Q(t) orthogonal with det 1', () => {
    for (let n = 2; n <= 5; n++) {
      const rng = new Random(77 + n);
      const w = randomMatrix(n, rng);
      const path = linearPath(w, n);
      const ref = new SingularValueDecomposition(new Matrix(toRows(path.target, n)));
      const u = new Matrix(ref.leftSingularVectors), v = new Matrix(ref.rightSingularVectors);
      const q = Float64Array.from(u.mmul(v.transpose()).to1DArray());
      const qt = rotationAt(path.planes, n, 1);
      expect(maxDiff(qt, q)).toBeLessThan(1e-12);
      for (const t of [0.1, 0.5, 0.9]) {
        const r = rotationAt(path.planes, n, t);
        expect(maxDiff(matmul(transpose(r, n), r, n), identity(n))).toBeLessThan(1e-13);
        expect(det(r, n)).toBeCloseTo(1, 12);
      }
    }
  });

  it('a half turn (Q = −I) and mixed angles: Q(1) = Q and Q(½)² = Q', () => {
    const rng = new Random(5);
    const o = withSingularValues([1, 1, 1, 1, 1], 1, rng);
    const blocks = Float64Array.of(
      -1, 0, 0, 0, 0,
      0, -1, 0, 0, 0,
      0, 0, Math.cos(2), -Math.sin(2), 0,
      0, 0, Math.sin(2), Math.cos(2), 0,
      0, 0, 0, 0, 1,
    );
    for (const q of [Float64Array.of(-1, 0, 0, -1), matmul(matmul(o, blocks, 5), transpose(o, 5), 5)]) {
      const n = Math.round(Math.sqrt(q.length));
      const planes = rotationPlanes(q, n);
      expect(maxDiff(rotationAt(planes, n, 1), q)).toBeLessThan(1e-12);
      const half = rotationAt(planes, n, 0.5);
      expect(maxDiff(matmul(half, half, n), q)).toBeLessThan(1e-12);
    }
  });

  it('small and near-half-turn angles (1e-5, 1e-3, π − 1e-5) are kept: Q(1) = Q to ~1e-16/θ', () => {
    for (const angle of [1e-5, 1e-3, Math.PI - 1e-5]) {
      const rng = new Random(11);
      const o = withSingularValues([1, 1, 1, 1], 1, rng);
      const r = Float64Array.of(Math.cos(angle), -Math.sin(angle), 0, 0, Math.sin(angle), Math.cos(angle), 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
      const q = matmul(matmul(o, r, 4), transpose(o, 4), 4);
      const planes = rotationPlanes(q, 4);
      expect(planes).toHaveLength(1);
      expect(Math.abs(planes[0]!.angle - angle)).toBeLessThan(1e-10);
      // cos θ sits within θ²/2 of the fixed space's eigenvalue 1, so rounding mixes the eigenvectors by ~1e-16/θ².
      expect(maxDiff(rotationAt(planes, 4, 1), q)).toBeLessThan(1e-10);
    }
  });

  it('angles below 1e-7 from 0 or π, alone or next to others, never fail and err by at most the angle', () => {
    for (const tiny of [1e-9, 1e-8, 3e-8]) {
      for (const angles of [[tiny, 0], [tiny, tiny], [Math.PI - tiny, Math.PI], [Math.PI - tiny, 1], [1, 1 + tiny]]) {
        const rng = new Random(12);
        const o = withSingularValues([1, 1, 1, 1, 1], 1, rng);
        const r = new Float64Array(25);
        r[24] = 1;
        angles.forEach((a, p) => {
          r[(2 * p) * 5 + 2 * p] = Math.cos(a!); r[(2 * p) * 5 + 2 * p + 1] = -Math.sin(a!);
          r[(2 * p + 1) * 5 + 2 * p] = Math.sin(a!); r[(2 * p + 1) * 5 + 2 * p + 1] = Math.cos(a!);
        });
        const q = matmul(matmul(o, r, 5), transpose(o, 5), 5);
        const planes = rotationPlanes(q, 5);
        expect(maxDiff(rotationAt(planes, 5, 1), q), `angles ${angles}`).toBeLessThan(2e-7);
        const half = rotationAt(planes, 5, 0.5);
        expect(maxDiff(matmul(half, half, 5), rotationAt(planes, 5, 1))).toBeLessThan(1e-14);
      }
    }
  });

  it('singular W: no swap, invertible until t = 1, flagged', () => {
    for (let n = 2; n <= 5; n++) {
      for (const sign of [1, -1]) {
        const rng = new Random(300 + n);
        const w = withSingularValues(Array.from({ length: n }, (_, i) => (i === n - 1 ? 0 : 1 + i)), 1, rng);
        if (sign < 0) for (let j = 0; j < n; j++) w[j] = -w[j]!; // still singular; flips the sign of Q's det
        const path = linearPath(w, n);
        expect(path.kind).toBe('polar-singular');
        expect(path.swap).toBeNull();
        for (const t of TS) if (t < 1) expect(det(path.at(t), n), `det p(${t})`).toBeGreaterThan(0);
        expect(path.at(1)).toEqual(w);
        expect(maxDiff(path.at(1 - 1e-12), w)).toBeLessThan(1e-9);
      }
    }
  });
});

describe('embedSquare', () => {
  const shapes = [[3, 2], [2, 3], [5, 1], [1, 4], [4, 2], [2, 5], [8, 2]] as const;
  it.each(shapes)('units %i × inputs %i: W is kept, the padding is orthonormal to it, det > 0', (units, inputs) => {
    for (let seed = 1; seed <= 6; seed++) {
      const rng = new Random(seed * 31 + units);
      const w = Float64Array.from({ length: units * inputs }, () => rng.range(-1, 1));
      const e = embedSquare(w, units, inputs);
      const n = Math.max(units, inputs);
      expect(e.n).toBe(n);
      expect(e.embedded).toBe(true);
      expect(e.collapse).toBe(units < inputs);
      for (let u = 0; u < units; u++) for (let c = 0; c < inputs; c++) expect(e.matrix[u * n + c]).toBe(w[u * inputs + c]);
      expect(det(e.matrix, n)).toBeGreaterThan(0);
      // Added columns (tall) or rows (wide): unit length, orthogonal to W's and to each other.
      const vec = (k: number) => Float64Array.from({ length: n }, (_, i) => (units > inputs ? e.matrix[i * n + k]! : e.matrix[k * n + i]!));
      const small = Math.min(units, inputs);
      for (let k = small; k < n; k++) {
        const v = vec(k);
        expect(Math.hypot(...v)).toBeCloseTo(1, 12);
        for (let j = 0; j < k; j++) {
          const dot = v.reduce((s, x, i) => s + x * vec(j)[i]!, 0);
          if (j >= small) expect(Math.abs(dot)).toBeLessThan(1e-12);
          else expect(Math.abs(dot)).toBeLessThan(1e-12 * (1 + Math.hypot(...vec(j))));
        }
      }
    }
  });

  it('a square W is returned as it is, not flagged', () => {
    const e = embedSquare([1, 2, 3, 4], 2, 2);
    expect(e).toMatchObject({ n: 2, embedded: false, collapse: false });
    expect([...e.matrix]).toEqual([1, 2, 3, 4]);
  });
});
