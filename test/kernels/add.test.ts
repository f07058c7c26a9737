// add_f32: y = a + b over n floats against f64 sums, on odd n (the SIMD tail),
// with y aliasing a (the residual backward's dX += dY) and b = 0 (a copy).
import { describe, it, expect } from 'vitest';
import { testEngine } from '../helpers/engine.js';
import { guarded, readF32, checkGuards, release, uniformF32, Random } from '../helpers/buffers.js';

describe('add_f32', () => {
  it.each([1, 3, 4, 5, 17, 33, 1027])('n=%i: y = a + b, y aliasing a, and b = 0 copies', async (n) => {
    const e = await testEngine();
    const r = new Random(n);
    const a = uniformF32(r, n, -3, 3), b = uniformF32(r, n, -3, 3);
    const ab = guarded(e, a), bb = guarded(e, b), yb = guarded(e, n, NaN);
    e.kernels.add_f32(yb.ptr, ab.ptr, bb.ptr, n);
    expect(Array.from(readF32(e, yb))).toEqual(Array.from(a, (v, i) => Math.fround(v + b[i]!)));
    e.kernels.add_f32(ab.ptr, ab.ptr, bb.ptr, n);
    expect(Array.from(readF32(e, ab))).toEqual(Array.from(readF32(e, yb)));
    e.kernels.add_f32(yb.ptr, bb.ptr, 0, n);
    expect(Array.from(readF32(e, yb))).toEqual(Array.from(b));
    for (const [g, what] of [[ab, 'a'], [bb, 'b'], [yb, 'y']] as const) checkGuards(e, g, what);
    release(e, ab, bb, yb);
  });
});
