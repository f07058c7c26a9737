import { describe, it, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { guarded, readF32, checkGuards, release, uniformF32, assertSameBits, Random } from '../helpers/buffers.js';
import { biasFwd, biasBwd } from '../reference/kernels.js';

const DS = [1, 3, 5, 17];
const BS = [1, 3, 4, 5, 8, 17, 33];
const SHAPES: [number, number][] = [...DS.flatMap((D) => BS.map((B) => [D, B] as [number, number])), [64, 100], [10, 257]];

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe(`bias_f32_fwd (${VARIANT})`, () => {
  it.each(SHAPES)('D=%i B=%i: y[d][b] += bias[d], exactly', (D, B) => {
    const rng = new Random(D * 100 + B);
    const y = uniformF32(rng, D * B, -3, 3);
    const bias = uniformF32(rng, D);
    const Y = guarded(e, y), Bias = guarded(e, bias);
    e.kernels.bias_f32_fwd(Y.ptr, Bias.ptr, D, B);
    const what = `bias_f32_fwd D=${D} B=${B}`;
    // One f32 addition per element: the correctly rounded f64 sum is the exact answer.
    assertSameBits(readF32(e, Y), Float32Array.from(biasFwd(y, bias, D, B)), what);
    checkGuards(e, Y, `${what} y`);
    assertSameBits(readF32(e, Bias), bias, `${what}: bias changed`);
    release(e, Y, Bias);
  });
});

describe(`bias_f32_bwd (${VARIANT})`, () => {
  it.each(SHAPES)('D=%i B=%i: dbias[d] = Σ_b dy[d][b], overwrite and accumulate', (D, B) => {
    for (const accumulate of [0, 1] as const) {
      const rng = new Random(D * 100 + B + accumulate);
      const dy = uniformF32(rng, D * B);
      // Overwrite must not read dbias: start it at NaN.
      const dbias0 = accumulate ? uniformF32(rng, D) : new Float32Array(D).fill(NaN);
      const DY = guarded(e, dy), DB = guarded(e, dbias0);
      e.kernels.bias_f32_bwd(DB.ptr, DY.ptr, D, B, accumulate);
      const what = `bias_f32_bwd D=${D} B=${B} accumulate=${accumulate}`;
      const got = readF32(e, DB);
      checkGuards(e, DB, `${what} dbias`);
      assertSameBits(readF32(e, DY), dy, `${what}: dy changed`);
      release(e, DY, DB);
      const want = biasBwd(dy, D, B, accumulate ? dbias0 : undefined);
      const scale = biasBwd(dy.map(Math.abs), D, B, accumulate ? dbias0.map(Math.abs) : undefined);
      assertClose(got, want, { bound: (d) => 2e-6 * scale[d]! + 1e-7 }, what);
    }
  });
});
