import { Random } from '../../src/engine/random.js';
import type { Dataset } from '../../src/data/dataset.js';

/** Random labelled points for tests that need data but not a particular shape. */
export function randomPoints(n: number, dim: number, classes: number, seed: number): Dataset {
  const r = new Random(seed);
  const x = new Float32Array(n * dim).map(() => r.range(-1, 1));
  const y = new Int32Array(n).map((_, i) => i % classes);
  return { name: 'random', x, y, n, dim, classes, domain: { min: new Array(dim).fill(-1), max: new Array(dim).fill(1) }, params: { seed } };
}

/** Two spirals (class 1 rotated by π), as in the essay; for tests independent of src/data. */
export function testSpirals(n: number, turns: number, seed: number): Dataset {
  const r = new Random(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const rad = 0.05 + 0.95 * r.uniform();
    const th = 2 * Math.PI * turns * rad + c * Math.PI;
    x[2 * i] = rad * Math.cos(th) + 0.02 * r.normal();
    x[2 * i + 1] = rad * Math.sin(th) + 0.02 * r.normal();
    y[i] = c;
  }
  return { name: 'spirals', x, y, n, dim: 2, classes: 2, domain: { min: [-1.1, -1.1], max: [1.1, 1.1] }, params: { seed, turns } };
}
