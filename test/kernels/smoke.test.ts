import { describe, it, expect } from 'vitest';
import { testEngine, VARIANT } from '../helpers/engine.js';

describe('engine smoke', () => {
  it('loads the requested variant and runs a gemm', async () => {
    const e = await testEngine();
    expect(e.variant).toBe(VARIANT);
    const a = e.upload(new Float32Array([1, 2, 3, 4, 5, 6])); // 2×3
    const b = e.upload(new Float32Array([1, 0, 0, 1, 1, 1])); // 3×2
    const c = e.alloc(16);
    const s = e.alloc(e.kernels.gemm_f32_scratch_floats(2, 2, 3) * 4);
    e.kernels.gemm_f32_nn(c.ptr, a.ptr, b.ptr, 2, 2, 3, 0, s.ptr);
    expect(Array.from(e.f32(c.ptr, 4))).toEqual([4, 5, 10, 11]);
  });
});
