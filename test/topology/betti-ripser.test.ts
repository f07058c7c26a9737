import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { Random } from '../../src/engine/random.js';
import { bettiNumbers } from '../../src/topology/index.js';
import { ensureRipser } from './ripser-cli.js';

/**
 * β0, β1 against Debian's `ripser` (the C++ CLI) on random point clouds at a fixed scale.
 *
 * ripser --dim 1 --threshold ε builds the Rips complex of the edges of length ≤ ε and
 * prints persistence intervals [birth, death) per dimension, an empty death meaning "still
 * alive at ε"; zero-length intervals are not printed. The classes alive at ε (birth ≤ ε <
 * death) are exactly our Betti numbers at ε. We feed it the lower-triangular distance
 * matrix we computed in f64, and pick ε away from every pairwise distance so ripser's f32
 * rounding cannot put an edge on the other side of the threshold.
 *
 * scripts/ensure-ripser.sh installs it (apt-get) when missing (npm test runs it first);
 * without it every test fails with the reason.
 */

const ripser = ensureRipser();

/** Bars alive at ε per dimension, parsed from ripser's output. */
function ripserBetti(distances: Float64Array, n: number, scale: number): number[] {
  const lines: string[] = [];
  for (let i = 1; i < n; i++) {
    const row: string[] = [];
    for (let j = 0; j < i; j++) row.push(distances[i * n + j]!.toPrecision(17));
    lines.push(row.join(','));
  }
  const out = spawnSync('ripser', ['--format', 'lower-distance', '--dim', '1', '--threshold', scale.toPrecision(17)], {
    input: lines.join('\n') + '\n', encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`ripser failed (exit ${out.status}): ${out.stderr}`);
  const betti = [0, 0];
  let dimension = -1;
  for (const line of out.stdout.split('\n')) {
    const header = /persistence intervals in dim (\d+):/.exec(line);
    if (header) { dimension = Number(header[1]); continue; }
    const bar = /^\s*\[([^,]+),([^)]*)\)/.exec(line);
    if (!bar || dimension < 0) continue;
    const birth = Number(bar[1]), death = bar[2]!.trim() === '' ? Infinity : Number(bar[2]);
    if (birth <= scale && scale < death) betti[dimension]!++;
  }
  return betti;
}

/** A scale near `target` at least 1e-4 (relative) away from every pairwise distance. */
function scaleAwayFromTies(distances: Float64Array, target: number): number {
  const sorted = Float64Array.from(distances).sort();
  const clear = (e: number) => {
    let lo = 0, hi = sorted.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid]! < e) lo = mid + 1; else hi = mid; }
    const near = Math.min(Math.abs((sorted[lo] ?? Infinity) - e), Math.abs((sorted[lo - 1] ?? -Infinity) - e));
    return near > 1e-4 * e;
  };
  for (let step = 0; step < 1000; step++) {
    const e = target * (1 + 1e-4 * step);
    if (clear(e)) return e;
  }
  throw new Error('no clear scale found');
}

/** Noisy loops: a circle, an ellipse or two loops, with noise and uniform clutter. */
function cloud(seed: number, n: number): Float32Array {
  const r = new Random(seed);
  const shape = seed % 3;
  const noise = 0.02 + 0.1 * r.uniform();
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    let px: number, py: number;
    if (i % 10 === 9) { px = r.range(-1.5, 1.5); py = r.range(-1.5, 1.5); }
    else {
      const t = r.range(0, 2 * Math.PI);
      if (shape === 0) { px = Math.cos(t); py = Math.sin(t); }
      else if (shape === 1) { px = 1.3 * Math.cos(t); py = 0.6 * Math.sin(t); }
      else { const c = i % 2 === 0 ? -0.8 : 0.8; px = c + 0.6 * Math.cos(t); py = 0.6 * Math.sin(t); }
    }
    x[2 * i] = px + noise * r.normal();
    x[2 * i + 1] = py + noise * r.normal();
  }
  return x;
}

describe('bettiNumbers against ripser', () => {
  const table: { seed: number; n: number; target: number }[] = [];
  for (let seed = 1; seed <= 9; seed++) for (const target of [0.15, 0.3, 0.5, 0.8]) table.push({ seed, n: 60, target });
  table.push({ seed: 10, n: 120, target: 0.25 }, { seed: 11, n: 120, target: 0.4 });

  const seen: string[] = [];

  it.each(table)('seed $seed, $n points, ε ≈ $target', ({ seed, n, target }) => {
    if (!ripser.ok) throw new Error(`ripser is required but unavailable: ${ripser.reason}`);
    const pts = cloud(seed, n);
    const distances = new Float64Array(n * n);
    const lower: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
      const d = Math.hypot(pts[2 * i]! - pts[2 * j]!, pts[2 * i + 1]! - pts[2 * j + 1]!);
      distances[i * n + j] = distances[j * n + i] = d;
      lower.push(d);
    }
    const scale = scaleAwayFromTies(Float64Array.from(lower), target);
    const want = ripserBetti(distances, n, scale);
    const got = bettiNumbers(pts, 2, { scale }).betti;
    expect(got, `ε = ${scale}`).toEqual(want);
    seen.push(got.join(","));
  });

  it('the table exercises several components and several loops', () => {
    if (!ripser.ok) throw new Error(`ripser is required but unavailable: ${ripser.reason}`);
    const b0 = seen.map((s) => Number(s.split(',')[0]));
    const b1 = seen.map((s) => Number(s.split(',')[1]));
    expect(Math.max(...b0)).toBeGreaterThan(3);
    expect(Math.max(...b1)).toBeGreaterThan(1);
    expect(b1.filter((b) => b === 0).length).toBeGreaterThan(0);
  });
});
