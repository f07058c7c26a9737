// Speed: a 200×200 decision grid plus every layer's representation (data and
// 21+21 grid lines of 101 points) for a network of four width-2 hidden layers.
// The target is < 50 ms; the bound here is generous for shared CI machines.
import { it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { decisionRegions } from '../../src/export/decision-regions.js';
import { representations } from '../../src/export/representations.js';
import { testEngine } from '../helpers/engine.js';
import { testSpirals } from '../helpers/points.js';

it('200×200 decision grid + all representations of a 4-layer width-2 network', async () => {
  const engine = await testEngine();
  const model = Model.create(engine, {
    inputs: 2,
    layers: [{ units: 2 }, { units: 2 }, { units: 2 }, { units: 2 }, { units: 2, activation: 'linear' }],
  });
  const data = testSpirals(400, 1, 1);
  const run = () => {
    const t0 = performance.now();
    const regions = decisionRegions(model, data, { resolution: 200 });
    const reps = representations(model, data);
    const ms = performance.now() - t0;
    expect(regions.probabilities).toHaveLength(200 * 200 * 2);
    expect(reps.layers).toHaveLength(6);
    return ms;
  };
  run(); // first call builds the inference plan and warms the JIT
  const times = Array.from({ length: 9 }, run).sort((a, b) => a - b);
  const median = times[4]!;
  console.log(`export timing: 200×200 decision grid + 6 representations (400 points, 42 grid lines × 101): median ${median.toFixed(2)} ms, min ${times[0]!.toFixed(2)} ms, max ${times[8]!.toFixed(2)} ms`);
  expect(median).toBeLessThan(250);
  model.dispose();
});
