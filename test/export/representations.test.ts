// Representations: layer 0 is the input, layer i is layerOutputs[i − 1] of the
// data points and of the grid lines; the grid lines have the documented shape
// in 1-, 2- and 3-D; the classifier's boundary is where the logits tie.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { gridLines } from '../../src/export/grid.js';
import { representations } from '../../src/export/representations.js';
import { classifierAfter, boundarySegment } from '../../src/export/classifier.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints, testSpirals } from '../helpers/points.js';

describe('gridLines', () => {
  it('2-D: 21 lines per axis of 101 points, constant across, spanning the box', () => {
    const g = gridLines({ min: [-1, 0], max: [3, 2] });
    expect(g).toMatchObject({ dim: 2, lines: 42, pointsPerLine: 101 });
    expect(g.points).toHaveLength(42 * 101 * 2);
    for (let line = 0; line < 42; line++) {
      const a = g.axis[line]!, other = 1 - a;
      expect(a).toBe(line < 21 ? 0 : 1);
      const at = (j: number, d: number) => g.points[(line * 101 + j) * 2 + d]!;
      expect(at(0, a)).toBe([-1, 0][a]);
      expect(at(100, a)).toBe([3, 2][a]);
      for (let j = 1; j < 101; j++) {
        expect(at(j, a)).toBeGreaterThan(at(j - 1, a));
        expect(at(j, other)).toBe(at(0, other));
      }
    }
    // The fixed coordinates of the lines along x run over the whole y range.
    expect(g.points[1]).toBe(0);
    expect(g.points[(20 * 101) * 2 + 1]).toBe(2);
  });

  it('3-D: lines along all three axes on a 7×7 lattice; 1-D: the input line; >3-D: none', () => {
    const g = gridLines({ min: [0, 0, 0], max: [1, 1, 1] });
    expect(g).toMatchObject({ dim: 3, lines: 3 * 49, pointsPerLine: 101 });
    for (let a = 0; a < 3; a++) expect(g.axis.filter((x) => x === a)).toHaveLength(49);
    const lattice = new Set<string>();
    for (let line = 0; line < 49; line++) lattice.add(`${g.points[line * 101 * 3 + 1]},${g.points[line * 101 * 3 + 2]}`);
    expect(lattice.size).toBe(49);
    const one = gridLines({ min: [-1], max: [1] });
    expect(one).toMatchObject({ dim: 1, lines: 1, pointsPerLine: 201 });
    expect([one.points[0], one.points[100], one.points[200]]).toEqual([-1, 0, 1]);
    expect(gridLines({ min: [0, 0, 0, 0], max: [1, 1, 1, 1] }).lines).toBe(0);
  });
});

describe('representations', () => {
  it('every layer of data and grid equals layerOutputs of those points', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, {
      inputs: 2,
      layers: [{ units: 3, activation: 'tanh' }, { units: 2, activation: 'softplus' }, { units: 2, activation: 'linear' }, { units: 2 }],
      seed: 5,
    });
    const data = testSpirals(50, 1, 2);
    const rep = representations(model, data, { linesPerAxis: 6, pointsPerLine: 30 });
    expect(rep).toMatchObject({ schema: 'untangle-export', version: 1, kind: 'representations', dataset: 'spirals', n: 50, classes: 2 });
    expect(rep.grid).toMatchObject({ lines: 12, pointsPerLine: 30 });
    expect(rep.labels).toEqual(data.y);
    expect(rep.layers.map((l) => l.width)).toEqual([2, 3, 2, 2, 2]);
    expect(rep.layers.map((l) => l.activation)).toEqual([null, 'tanh', 'softplus', 'linear', 'linear']);
    const grid = gridLines(data.domain, { linesPerAxis: 6, pointsPerLine: 30 }).points;
    const dataOut = model.layerOutputs(data.x), gridOut = model.layerOutputs(grid);
    expect(rep.layers[0]!.points).toEqual(data.x);
    expect(rep.layers[0]!.grid).toEqual(grid);
    for (let i = 1; i < 5; i++) {
      expect(rep.layers[i]!.points).toEqual(dataOut[i - 1]);
      expect(rep.layers[i]!.grid).toEqual(gridOut[i - 1]);
    }
    // Classifiers exist only where the rest of the network is linear.
    expect(rep.layers.map((l) => l.classifier !== null)).toEqual([false, false, true, true, true]);
    model.dispose();
  });

  it('grid: false leaves the grid out; 1-D data gets the input line', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 1, layers: [{ units: 2 }, { units: 2 }] });
    const data = randomPoints(7, 1, 2, 3);
    expect(representations(model, data, { grid: false }).layers[1]!.grid).toHaveLength(0);
    const rep = representations(model, data);
    expect(rep.grid).toMatchObject({ lines: 1, pointsPerLine: 201 });
    expect(rep.layers[1]!.grid).toHaveLength(201 * 2);
    model.dispose();
  });
});

describe('classifierAfter', () => {
  it('composes the linear tail; the 2-class boundary is where the logits are equal', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 3, activation: 'linear' }, { units: 2 }], seed: 9 });
    model.setParameters(model.getParameters().map((v, i) => v + 0.2 * Math.cos(i)));
    const c = classifierAfter(model, 1)!;
    expect(c).toMatchObject({ layer: 1, width: 2, classes: 2 });
    // Affine map from representation 1 to logits matches the network.
    const reps = model.layerOutputs(randomPoints(40, 2, 2, 6).x);
    for (let r = 0; r < 40; r++) {
      const hr = [reps[0]![2 * r]!, reps[0]![2 * r + 1]!];
      for (let k = 0; k < 2; k++) {
        const logit = c.weights[2 * k]! * hr[0]! + c.weights[2 * k + 1]! * hr[1]! + c.bias[k]!;
        expect(Math.abs(logit - reps[2]![2 * r + k]!)).toBeLessThan(1e-5);
      }
    }
    const seg = boundarySegment(c.boundary!, { min: [-10, -10], max: [10, 10] })!;
    expect(seg).not.toBeNull();
    for (const [x, y] of [[seg[0]!, seg[1]!], [seg[2]!, seg[3]!]]) {
      const l0 = c.weights[0]! * x! + c.weights[1]! * y! + c.bias[0]!;
      const l1 = c.weights[2]! * x! + c.weights[3]! * y! + c.bias[1]!;
      expect(Math.abs(l0 - l1)).toBeLessThan(1e-9);
      expect(Math.max(Math.abs(x!), Math.abs(y!))).toBeCloseTo(10, 9);
    }
    expect(classifierAfter(model, 0)).toBeNull();
    // A vector-field layer is not affine, even with the 'linear' activation it reports.
    const vf = Model.create(engine, { inputs: 2, layers: [{ type: 'vectorfield', anchors: 3 }, { units: 2 }] });
    expect(classifierAfter(vf, 0)).toBeNull();
    expect(classifierAfter(vf, 1)).not.toBeNull();
    expect(representations(vf, randomPoints(5, 2, 2, 1), { grid: false }).layers.map((l) => l.type)).toEqual([null, 'vectorfield', 'dense']);
    vf.dispose();
    expect(boundarySegment({ normal: [1, 0], offset: -100 }, { min: [0, 0], max: [1, 1] })).toBeNull();
    model.dispose();
  });
});
