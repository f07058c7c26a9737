// The regression picture's data: the model's outputs on the grid, laid out as documented.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { predictionGrid } from '../../src/export/prediction-grid.js';
import { bumpSaddle, noisySine } from '../../src/data/index.js';
import { DataError } from '../../src/errors.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints } from '../helpers/points.js';

describe('predictionGrid', () => {
  it.each([
    { name: 'curve (1-D)', data: () => noisySine({ n: 20 }), inputs: 1, N: 7 },
    { name: 'surface (2-D)', data: () => bumpSaddle({ n: 20 }), inputs: 2, N: 5 },
  ])('$name: values[r][c] is the model at (columns[c], rows[r])', async ({ data: make, inputs, N }) => {
    const engine = await testEngine();
    const data = make();
    const model = Model.create(engine, { inputs, layers: [{ units: 4, activation: 'tanh' }, { units: 1 }], seed: 3 });
    const grid = predictionGrid(model, data, { resolution: N });
    expect(grid.kind).toBe('prediction-grid');
    expect(grid.shape).toEqual(inputs === 1 ? [N, 1] : [N, N, 1]);
    expect(grid.columns[0]).toBe(data.domain.min[0]);
    expect(grid.columns[N - 1]).toBe(data.domain.max[0]);
    for (let k = 0; k < grid.values.length; k++) {
      const c = k % N, r = Math.floor(k / N);
      const at = inputs === 1 ? [grid.columns[c]!] : [grid.columns[c]!, grid.rows[r]!];
      expect(grid.values[k]).toBe(model.forward([at]).output[0]);
    }
    if (inputs === 2) expect(grid.rows[0]!).toBeGreaterThan(grid.rows[N - 1]!);
    model.dispose();
  });

  it('classification data is a DataError naming targets', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 2 }] });
    let error: unknown;
    try {
      predictionGrid(model, randomPoints(5, 2, 2, 1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).field).toBe('targets');
  });
});
