// Kernel-level checks of the contractive-penalty and Jacobian kernels
// (assembly/kernels/contractive.ts) against their f64 references, op by op, for
// every activation kind, on odd shapes (units and inputs 1, 3, 5, 17; batches
// with and without SIMD tails). Until now they were checked only through whole
// models (test/model/contractive.test.ts checks the summed gradient against
// finite differences; this pins down each op on its own).
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { testEngine } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { activation, type ActKind } from '../reference/kernels.js';
import { refContractiveDw, refContractiveDy, refJacobianBwd, refJacobianSlope } from '../reference/contractive-kernels.js';

const KINDS: [string, ActKind][] = [['linear', 0], ['tanh', 1], ['sigmoid', 2], ['relu', 3], ['softplus', 4]];
const SHAPES = [
  { units: 1, inputs: 1, B: 1 }, { units: 3, inputs: 5, B: 3 }, { units: 5, inputs: 17, B: 4 },
  { units: 17, inputs: 3, B: 17 }, { units: 2, inputs: 33, B: 9 },
];
const cases = KINDS.flatMap(([name, kind]) => SHAPES.map((s) => ({ name, kind, ...s })));

/** Pre-activations z and outputs y = σ(z) rounded to f32, as the network would hold them. */
function layerValues(r: Random, kind: ActKind, n: number): { z: Float32Array; y: Float32Array } {
  const z = new Float32Array(n).map(() => r.range(-3, 3));
  return { z, y: z.map((v) => activation(kind, v)) };
}

describe('contractive_f32_dy / contractive_f32_dw', () => {
  it.each(cases)('$name units=$units inputs=$inputs B=$B', async ({ kind, units, inputs, B }) => {
    const e = await testEngine();
    const r = new Random(units * 100 + inputs * 10 + B + kind);
    const lambda = 0.37;
    const { z, y } = layerValues(r, kind, units * B);
    const w = new Float32Array(units * inputs).map(() => r.range(-1, 1));
    const dy = new Float32Array(units * B).map(() => r.range(-1, 1));
    const dw = new Float32Array(units * inputs).map(() => r.range(-1, 1));
    const [zb, yb, wb, dyb, dwb] = [z, y, w, dy, dw].map((a) => e.upload(a));
    const stats = e.alloc(8);
    e.f64(stats.ptr, 1)[0] = 0.25;

    e.kernels.contractive_f32_dy(dyb!.ptr, yb!.ptr, zb!.ptr, wb!.ptr, units, inputs, B, kind, lambda);
    const wantDy = refContractiveDy(dy, y, z, w, units, inputs, B, kind, lambda);
    assertClose(e.f32(dyb!.ptr, units * B), wantDy, { bound: (i) => 2e-6 * (1 + Math.abs(wantDy[i]!)) * Math.sqrt(inputs) }, 'contractive dy');

    e.kernels.contractive_f32_dw(dwb!.ptr, yb!.ptr, zb!.ptr, wb!.ptr, units, inputs, B, kind, lambda, stats.ptr);
    const want = refContractiveDw(dw, y, z, w, units, inputs, B, kind, lambda);
    assertClose(e.f32(dwb!.ptr, units * inputs), want.dw, { bound: (i) => 2e-6 * (1 + Math.abs(want.dw[i]!)) * Math.sqrt(B) }, 'contractive dW');
    const gotPenalty = e.f64(stats.ptr, 1)[0]! - 0.25;
    expect(Math.abs(gotPenalty - want.penalty)).toBeLessThanOrEqual(1e-5 * (1 + want.penalty) * Math.sqrt(units * (inputs + B)));
    for (const b of [zb, yb, wb, dyb, dwb, stats]) e.release(b!);
  });
});

describe('jacobian_f32_seed / _slope / _loss / _bwd', () => {
  it.each([{ D0: 1, B: 1 }, { D0: 2, B: 3 }, { D0: 3, B: 5 }, { D0: 5, B: 17 }])('seed D0=$D0 B=$B is the identity tangents', async ({ D0, B }) => {
    const e = await testEngine();
    const t = e.alloc(D0 * D0 * B * 4);
    e.f32(t.ptr, D0 * D0 * B).fill(Number.NaN);
    e.kernels.jacobian_f32_seed(t.ptr, D0, B);
    const want = new Float64Array(D0 * D0 * B);
    for (let d = 0; d < D0; d++) for (let b = 0; b < B; b++) want[(d * D0 + d) * B + b] = 1;
    assertClose(e.f32(t.ptr, D0 * D0 * B), want, { abs: 0 }, 'jacobian seed');
    e.release(t);
  });

  it.each(cases)('slope and bwd: $name units=$units D0=$inputs B=$B', async ({ kind, units, inputs: D0, B }) => {
    const e = await testEngine();
    const r = new Random(units * 31 + D0 * 7 + B + kind);
    const { z, y } = layerValues(r, kind, units * B);
    const u = new Float32Array(units * D0 * B).map(() => r.range(-1, 1));
    const g = new Float32Array(units * D0 * B).map(() => r.range(-1, 1));
    const dy = new Float32Array(units * B).map(() => r.range(-1, 1));
    const [zb, yb, ub, gb, dyb] = [z, y, u, g, dy].map((a) => e.upload(a));
    const t = e.alloc(units * D0 * B * 4);

    e.kernels.jacobian_f32_slope(t.ptr, ub!.ptr, yb!.ptr, zb!.ptr, units, D0, B, kind);
    assertClose(e.f32(t.ptr, units * D0 * B), refJacobianSlope(u, y, z, units, D0, B, kind), { abs: 1e-6 }, 'jacobian slope');

    e.kernels.jacobian_f32_bwd(gb!.ptr, dyb!.ptr, ub!.ptr, yb!.ptr, zb!.ptr, units, D0, B, kind);
    const want = refJacobianBwd(g, dy, u, y, z, units, D0, B, kind);
    assertClose(e.f32(gb!.ptr, units * D0 * B), want.g, { abs: 1e-6 }, 'jacobian bwd: H = σ′ ⊙ G');
    assertClose(e.f32(dyb!.ptr, units * B), want.dy, { bound: (i) => 2e-6 * (1 + Math.abs(want.dy[i]!)) * Math.sqrt(D0) }, 'jacobian bwd: dy');
    for (const b of [zb, yb, ub, gb, dyb, t]) e.release(b!);
  });

  it.each([1, 3, 5, 17, 33])('loss n=%i: g = (2λ/B)·t and λ·Σt² added to the stats', async (n) => {
    const e = await testEngine();
    const r = new Random(n);
    const B = 3, lambda = 0.5;
    const t = new Float32Array(n).map(() => r.range(-2, 2));
    const tb = e.upload(t), g = e.alloc(n * 4), stats = e.alloc(8);
    e.f64(stats.ptr, 1)[0] = 1;
    e.kernels.jacobian_f32_loss(g.ptr, tb.ptr, n, B, lambda, stats.ptr);
    assertClose(e.f32(g.ptr, n), Array.from(t, (v) => (2 * lambda / B) * v), { rel: 1e-6, abs: 1e-7 }, 'jacobian loss gradient');
    const want = lambda * t.reduce((s, v) => s + v * v, 0);
    expect(Math.abs(e.f64(stats.ptr, 1)[0]! - 1 - want)).toBeLessThanOrEqual(1e-5 * (1 + want));
    for (const b of [tb, g, stats]) e.release(b);
  });
});
