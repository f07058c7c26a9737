// Mean squared error kernels against the f64 reference on odd shapes, through
// the plan op too; the gradient against central differences of the reference.
import { describe, it, expect, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { OP } from '../../src/engine/abi.js';
import { PlanBuilder } from '../../src/model/plan-builder.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { guarded, readF32, checkGuards, release, uniformF32, Random } from '../helpers/buffers.js';
import { refMse } from '../reference/mse.js';

const SIZES = [1, 3, 5, 17, 33];
const SHAPES: [number, number][] = SIZES.flatMap((T) => SIZES.map((B) => [T, B] as [number, number]));

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe(`mse_f32 (${VARIANT})`, () => {
  it.each(SHAPES)('T=%i B=%i: B·L into the stats and dy = 2(y − t)/(B·T)', (T, B) => {
    const rng = new Random(T * 1000 + B);
    const y = uniformF32(rng, T * B, -2, 2), t = uniformF32(rng, T * B, -2, 2);
    const ref = refMse(y, t, T, B);
    const Y = guarded(e, y), Tg = guarded(e, t), DY = guarded(e, T * B, NaN);
    const stats = e.alloc(16);
    e.f64(stats.ptr, 2).fill(0);
    e.f64(stats.ptr, 1)[0] = 0.25; // the forward adds to what is there
    e.kernels.mse_f32_fwd(stats.ptr, Y.ptr, Tg.ptr, T, B);
    e.kernels.mse_f32_bwd(DY.ptr, Y.ptr, Tg.ptr, T, B);
    const what = `mse T=${T} B=${B}`;
    const sum = e.f64(stats.ptr, 1)[0]! - 0.25;
    if (!(Math.abs(sum - B * ref.loss) <= 1e-5 * (1 + B * ref.loss))) throw new Error(`${what}: stats expected ${B * ref.loss}, got ${sum}`);
    assertClose(readF32(e, DY), ref.dy, { abs: 1e-7, rel: 1e-6 }, `${what} dy`);
    checkGuards(e, DY, `${what} dy`);
    // The gradient is that of the loss: central differences of the reference.
    const probe = Float64Array.from(y), h = 1e-4;
    const numeric = new Float64Array(T * B);
    for (let i = 0; i < probe.length; i++) {
      const keep = probe[i]!;
      probe[i] = keep + h;
      const up = refMse(probe, t, T, B).loss;
      probe[i] = keep - h;
      numeric[i] = (up - refMse(probe, t, T, B).loss) / (2 * h);
      probe[i] = keep;
    }
    assertClose(ref.dy, numeric, { abs: 1e-8, rel: 1e-5 }, `${what} reference gradient vs central differences`);
    release(e, Y, Tg, DY);
    e.release(stats);
  });

  it.each([[1, 3], [5, 17], [3, 33]])('plan op MSE, T=%i B=%i: the same as the kernels; zero pointers skip a half', (T, B) => {
    const rng = new Random(T + 7 * B);
    const y = uniformF32(rng, T * B), t = uniformF32(rng, T * B);
    const ref = refMse(y, t, T, B);
    const Y = e.upload(y), Tt = e.upload(t), DY = e.alloc(T * B * 4), stats = e.alloc(16);
    e.f64(stats.ptr, 2).fill(0);
    e.f32(DY.ptr, T * B).fill(NaN);
    const plan = new PlanBuilder().op(OP.MSE, DY.ptr, Y.ptr, Tt.ptr, T, -1, stats.ptr).op(OP.MSE, 0, Y.ptr, Tt.ptr, T, -1, 0).build(e);
    expect(plan.run(B)).toBe(0);
    expect(e.f64(stats.ptr, 1)[0]! / B).toBeCloseTo(ref.loss, 5);
    assertClose(e.f32(DY.ptr, T * B), ref.dy, { abs: 1e-7, rel: 1e-6 }, `plan MSE T=${T} B=${B}`);
    plan.release();
    for (const b of [Y, Tt, DY, stats]) e.release(b);
  });
});
