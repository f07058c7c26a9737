// Finite-difference gradient checks: central differences on the f64 reference
// validate the reference's analytic gradient; the wasm gradient is then checked
// against the reference gradient, for every activation and odd widths.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { ACTIVATIONS } from '../../src/model/activation.js';
import { testEngine } from '../helpers/engine.js';
import { randomPoints } from '../helpers/points.js';
import { assertClose } from '../helpers/compare.js';
import { lossAndGradient, loss, type RefLayer } from '../reference/mlp.js';

const shapes = [
  { name: '2-3-2', widths: [2, 3, 2], n: 5 },
  { name: '1-1-2 (width-1 layer)', widths: [1, 1, 2], n: 3 },
  { name: '3-5-17-3', widths: [3, 5, 17, 3], n: 17 },
  { name: '5-33-4', widths: [5, 33, 4], n: 33 },
];

describe.each(ACTIVATIONS)('gradient of a %s network', (activation) => {
  it.each(shapes)('$name', async ({ widths, n }) => {
    const engine = await testEngine();
    const layers = widths.slice(1).map((units, i) => ({ units, activation: i === widths.length - 2 ? 'linear' as const : activation }));
    const model = Model.create(engine, { inputs: widths[0]!, layers, seed: 7 });
    const ref: RefLayer[] = model.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation }));
    const data = randomPoints(n, widths[0]!, widths[widths.length - 1]!, 3);
    // Keep relu pre-activations away from the kink so the difference quotient is smooth.
    const params = Float64Array.from(model.getParameters(), (v) => v + 0.05);
    model.setParameters(params);
    const p32 = model.getParameters();

    const refResult = lossAndGradient(ref, p32, data.x, data.y);
    const h = 1e-5;
    const probe = Float64Array.from(p32);
    for (let i = 0; i < probe.length; i++) {
      const keep = probe[i]!;
      probe[i] = keep + h;
      const up = loss(ref, probe, data.x, data.y);
      probe[i] = keep - h;
      const down = loss(ref, probe, data.x, data.y);
      probe[i] = keep;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(numeric - refResult.grad[i]!), `reference d/dp[${i}]`).toBeLessThan(1e-6 + 1e-4 * Math.abs(numeric));
    }

    const wasm = model.lossAndGradient(data.x, data.y);
    expect(Math.abs(wasm.loss - refResult.loss)).toBeLessThan(1e-5 * (1 + refResult.loss));
    assertClose(wasm.gradient, refResult.grad, { abs: 2e-6, rel: 2e-4 }, `wasm gradient ${activation} ${widths.join('-')}`);
    model.dispose();
  });
});
