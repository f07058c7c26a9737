import { Random } from '../../src/engine/random.js';

/**
 * Seeded samples of shapes with known Betti numbers, as Float32Array row-major clouds.
 * Angles and radii are uniform draws (not grids), so sampling gaps are realistic.
 */

/** Circle of radius `radius` centred at (cx, cy), Gaussian noise σ = noise: β = (1, 1). */
export function circle(n: number, seed: number, o: { cx?: number; cy?: number; radius?: number; noise?: number } = {}): Float32Array {
  const r = new Random(seed);
  const { cx = 0, cy = 0, radius = 1, noise = 0 } = o;
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const t = r.range(0, 2 * Math.PI);
    x[2 * i] = cx + radius * Math.cos(t) + noise * r.normal();
    x[2 * i + 1] = cy + radius * Math.sin(t) + noise * r.normal();
  }
  return x;
}

/** Two unit circles with centres 3 apart (gap 1): β = (2, 2). */
export function twoCircles(n: number, seed: number): Float32Array {
  const a = circle(n >> 1, seed, { cx: -1.5 }), b = circle(n - (n >> 1), seed + 1000, { cx: 1.5 });
  const x = new Float32Array(2 * n);
  x.set(a); x.set(b, a.length);
  return x;
}

/** Two unit circles touching at the origin (a wedge of two circles): β = (1, 2). */
export function figureEight(n: number, seed: number): Float32Array {
  const a = circle(n >> 1, seed, { cx: -1 }), b = circle(n - (n >> 1), seed + 1000, { cx: 1 });
  const x = new Float32Array(2 * n);
  x.set(a); x.set(b, a.length);
  return x;
}

/** Uniform in the annulus r0 < ‖x‖ < r1 (a disk when r0 = 0): β = (1, 1), disk (1, 0). */
export function annulus(n: number, seed: number, r0 = 2 / 3, r1 = 1): Float32Array {
  const r = new Random(seed);
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const t = r.range(0, 2 * Math.PI), s = Math.sqrt(r0 * r0 + (r1 * r1 - r0 * r0) * r.uniform());
    x[2 * i] = s * Math.cos(t);
    x[2 * i + 1] = s * Math.sin(t);
  }
  return x;
}

export function disk(n: number, seed: number, radius = 1): Float32Array {
  return annulus(n, seed, 0, radius);
}

/** Uniform on the torus surface (core radius R, tube radius a) in ℝ³: β = (1, 2, 1). */
export function torusSurface(n: number, seed: number, R = 1, a = 0.5): Float32Array {
  const r = new Random(seed);
  const x = new Float32Array(3 * n);
  let i = 0;
  while (i < n) {
    const u = r.range(0, 2 * Math.PI), v = r.range(0, 2 * Math.PI);
    // Rejection on the area element (R + a cos v) so the density is uniform on the surface.
    if (r.uniform() * (R + a) > R + a * Math.cos(v)) continue;
    x[3 * i] = (R + a * Math.cos(v)) * Math.cos(u);
    x[3 * i + 1] = (R + a * Math.cos(v)) * Math.sin(u);
    x[3 * i + 2] = a * Math.sin(v);
    i++;
  }
  return x;
}

/** Rows of `x` (n × dim) whose label is c. */
export function rowsOf(x: Float32Array, dim: number, labels: ArrayLike<number>, c: number): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === c) for (let t = 0; t < dim; t++) out.push(x[i * dim + t]!);
  return Float32Array.from(out);
}
