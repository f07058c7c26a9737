// Decision regions: the grid covers the domain box edge to edge in the
// documented orientation (row 0 = top = largest value), and its probabilities
// are model.predict at those coordinates, in 1-D, 2-D and 3-D.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { Random } from '../../src/engine/random.js';
import { decisionRegions } from '../../src/export/decision-regions.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints } from '../helpers/points.js';

async function model(inputs: number, classes = 2, seed = 1) {
  const engine = await testEngine();
  const m = Model.create(engine, { inputs, layers: [{ units: 5, activation: 'tanh' }, { units: classes }], seed });
  // Non-zero biases so no symmetry hides an axis mix-up.
  const p = m.getParameters().map((v, i) => v + 0.37 * Math.sin(1 + i));
  m.setParameters(p);
  return m;
}

describe('decisionRegions', () => {
  it('2-D: N×N×C, covers the box, row 0 at the top, values = predict at sampled cells', async () => {
    const m = await model(2, 3);
    const box = { min: [-2, 0.5], max: [1, 3] };
    const N = 37;
    const r = decisionRegions(m, box, { resolution: N });
    expect(r).toMatchObject({ schema: 'untangle-export', version: 1, kind: 'decision-regions', dim: 2, classes: 3, resolution: N, columnAxis: 0, rowAxis: 1, sliceAxis: null });
    expect(r.shape).toEqual([N, N, 3]);
    expect(r.probabilities).toHaveLength(N * N * 3);
    expect(r.columns[0]).toBe(-2);
    expect(r.columns[N - 1]).toBe(1);
    expect(r.rows[0]).toBe(3);
    expect(r.rows[N - 1]).toBe(0.5);
    for (let i = 1; i < N; i++) {
      expect(r.columns[i]!).toBeGreaterThan(r.columns[i - 1]!);
      expect(r.rows[i]!).toBeLessThan(r.rows[i - 1]!);
    }
    const rng = new Random(4);
    const cells = [[0, 0], [N - 1, N - 1], [0, N - 1], [N - 1, 0], ...Array.from({ length: 20 }, () => [rng.int(N), rng.int(N)])];
    const probe = new Float32Array(cells.length * 2);
    cells.forEach(([row, col], j) => { probe[2 * j] = r.columns[col!]!; probe[2 * j + 1] = r.rows[row!]!; });
    const want = m.predict(probe);
    cells.forEach(([row, col], j) => {
      for (let c = 0; c < 3; c++) expect(r.probabilities[(row! * N + col!) * 3 + c]).toBe(want[j * 3 + c]);
    });
    // Rows of probabilities sum to one.
    for (let i = 0; i < N * N; i++) expect(Math.abs(r.probabilities[3 * i]! + r.probabilities[3 * i + 1]! + r.probabilities[3 * i + 2]! - 1)).toBeLessThan(1e-5);
    m.dispose();
  });

  it('2-D from a data set, with margin', async () => {
    const m = await model(2);
    const data = randomPoints(10, 2, 2, 1); // domain [−1, 1]²
    const r = decisionRegions(m, data, { resolution: 5, margin: 0.25 });
    expect([...r.columns]).toEqual([-1.5, -0.75, 0, 0.75, 1.5]);
    expect([...r.rows]).toEqual([1.5, 0.75, 0, -0.75, -1.5]);
    expect(r.domain).toEqual({ min: [-1.5, -1.5], max: [1.5, 1.5] });
    m.dispose();
  });

  it('1-D: a curve of N points over the interval', async () => {
    const m = await model(1);
    const r = decisionRegions(m, { min: [-1], max: [1] }, { resolution: 11 });
    expect(r).toMatchObject({ dim: 1, rowAxis: null, sliceAxis: null, shape: [11, 2] });
    expect(r.rows).toHaveLength(0);
    expect(r.columns[0]).toBe(-1);
    expect(r.columns[10]).toBe(1);
    expect(r.columns[5]).toBe(0);
    expect(r.probabilities).toEqual(m.predict(r.columns));
    m.dispose();
  });

  it.each([0, 1, 2])('3-D: K slices along axis %i, each N×N', async (sliceAxis) => {
    const m = await model(3);
    const box = { min: [-1, -2, -3], max: [1, 2, 3] };
    const N = 9, K = 4;
    const r = decisionRegions(m, box, { resolution: N, slices: K, sliceAxis });
    const plane = [0, 1, 2].filter((a) => a !== sliceAxis);
    expect(r).toMatchObject({ dim: 3, sliceAxis, columnAxis: plane[0], rowAxis: plane[1], shape: [K, N, N, 2] });
    expect(r.slices[0]).toBe(box.min[sliceAxis]);
    expect(r.slices[K - 1]).toBe(box.max[sliceAxis]);
    expect(r.columns[0]).toBe(box.min[plane[0]!]);
    expect(r.rows[0]).toBe(box.max[plane[1]!]);
    const rng = new Random(sliceAxis + 1);
    for (let j = 0; j < 15; j++) {
      const k = rng.int(K), row = rng.int(N), col = rng.int(N);
      const x = new Float32Array(3);
      x[sliceAxis] = r.slices[k]!;
      x[plane[0]!] = r.columns[col]!;
      x[plane[1]!] = r.rows[row]!;
      const want = m.predict(x);
      const at = ((k * N + row) * N + col) * 2;
      expect([r.probabilities[at], r.probabilities[at + 1]]).toEqual([want[0], want[1]]);
    }
    m.dispose();
  });

  it('rejects mismatched or unsupported shapes', async () => {
    const m = await model(2);
    expect(() => decisionRegions(m, { min: [0], max: [1] })).toThrow(/1 dimensions, the model takes 2/);
    expect(() => decisionRegions(m, { min: [0, 0], max: [1, 1] }, { resolution: 1 })).toThrow(/resolution/);
    expect(() => decisionRegions(m, { min: [0, 2], max: [1, 1] })).toThrow(/axis 1/);
    m.dispose();
  });
});
