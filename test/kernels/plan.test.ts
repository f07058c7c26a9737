import { describe, it, expect, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { guarded, readF32, readI32, checkGuards, release, uniformF32, labelsI32, assertSameBits, Random, type Guarded } from '../helpers/buffers.js';
import { gatherCols, gatherI32 } from '../reference/kernels.js';
import { OP, PLAN_SLOTS, BATCH, ACTIVATION_KIND, perBatch } from '../../src/engine/abi.js';

/** Plan records: one PLAN_SLOTS-long row of i32 per op, unused slots 0. */
function planRecords(ops: number[][]): Int32Array {
  const plan = new Int32Array(ops.length * PLAN_SLOTS);
  ops.forEach((op, i) => {
    if (op.length > PLAN_SLOTS) throw new Error(`plan op ${i} has ${op.length} slots`);
    plan.set(op, i * PLAN_SLOTS);
  });
  return plan;
}

/** An f32 immediate as the i32 slot that carries its bits. */
function f32Bits(v: number): number {
  return new Int32Array(Float32Array.of(v).buffer)[0]!;
}

function runPlan(e: Engine, ops: number[][], batch: number, offset = 0): number {
  const plan = guarded(e, planRecords(ops));
  const result = e.kernels.plan_run(plan.ptr, ops.length, batch, offset);
  release(e, plan);
  return result;
}

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe(`plan_run (${VARIANT})`, () => {
  it('GEMM_NN + BIAS_FWD + ACT_FWD with batch dimensions = BATCH equals direct kernel calls, for batch 1, 3, 32', () => {
    const D = 5, IN = 7, MAX_B = 32;
    const rng = new Random(2024);
    const W = guarded(e, uniformF32(rng, D * IN));
    const bias = guarded(e, uniformF32(rng, D));
    const X = guarded(e, IN * MAX_B);
    const scratch = guarded(e, e.kernels.gemm_f32_scratch_floats(D, MAX_B, IN));
    // Plan outputs and direct-call outputs, sized for the largest batch; 777 marks unwritten.
    const [Yp, Zp, Yd, Zd] = [0, 1, 2, 3].map(() => guarded(e, D * MAX_B, 777)) as [Guarded, Guarded, Guarded, Guarded];
    const ops = [
      [OP.GEMM_NN, Yp.ptr, W.ptr, X.ptr, D, BATCH, IN, 0, scratch.ptr],
      [OP.BIAS_FWD, Yp.ptr, bias.ptr, D, BATCH],
      [OP.ACT_FWD, Zp.ptr, Yp.ptr, D, BATCH, ACTIVATION_KIND.tanh],
    ];
    // One plan serves every batch size, smallest first so the tail past D·B can be checked.
    for (const B of [1, 3, 32]) {
      e.f32(X.ptr, IN * B).set(uniformF32(rng, IN * B));
      expect(runPlan(e, ops, B), `batch ${B}: plan_run result`).toBe(0);
      e.kernels.gemm_f32_nn(Yd.ptr, W.ptr, X.ptr, D, B, IN, 0, scratch.ptr);
      e.kernels.bias_f32_fwd(Yd.ptr, bias.ptr, D, B);
      e.kernels.act_f32_fwd(Zd.ptr, Yd.ptr, D * B, ACTIVATION_KIND.tanh);
      const yp = readF32(e, Yp), zp = readF32(e, Zp);
      assertSameBits(yp, readF32(e, Yd), `batch ${B}: pre-activation`);
      assertSameBits(zp, readF32(e, Zd), `batch ${B}: activation`);
      for (let i = D * B; i < D * MAX_B; i++) {
        if (yp[i] !== 777 || zp[i] !== 777) throw new Error(`batch ${B}: plan wrote past D·B at index ${i}`);
      }
      for (const g of [Yp, Zp, Yd, Zd]) checkGuards(e, g, `batch ${B}`);
    }
    release(e, W, bias, X, scratch, Yp, Zp, Yd, Zd);
  });

  it('a dimension −k means k × batch', () => {
    const K = 6, B = 3;
    const x = uniformF32(new Random(21), K * 4);
    const X = guarded(e, x), Z = guarded(e, K * 4, 777);
    // ACT_FWD over 1 × (K·batch) values: exactly the first K·B, nothing after.
    expect(runPlan(e, [[OP.ACT_FWD, Z.ptr, X.ptr, 1, perBatch(K), ACTIVATION_KIND.relu]], B)).toBe(0);
    const z = readF32(e, Z);
    for (let i = 0; i < K * 4; i++) {
      const want = i < K * B ? Math.max(x[i]!, 0) : 777;
      if (z[i] !== want) throw new Error(`index ${i}: expected ${want}, got ${z[i]}`);
    }
    release(e, X, Z);
  });

  it('GATHER_COLS and GATHER_I32 read their slice of the index list at `offset`', () => {
    const ROWS = 20, D = 3, B = 5, OFFSET = 7;
    const rng = new Random(11);
    const src = uniformF32(rng, ROWS * D);
    const labels = labelsI32(rng, ROWS, 10);
    const order = new Random(12).shuffle(Int32Array.from({ length: ROWS }, (_, i) => i));
    const S = guarded(e, src), L = guarded(e, labels), I = guarded(e, order);
    const Xb = guarded(e, D * B), Yb = guarded(e, B);
    const result = runPlan(e, [
      [OP.GATHER_COLS, Xb.ptr, S.ptr, I.ptr, D, BATCH],
      [OP.GATHER_I32, Yb.ptr, L.ptr, I.ptr, BATCH],
    ], B, OFFSET);
    expect(result).toBe(0);
    const slice = order.slice(OFFSET, OFFSET + B);
    assertSameBits(readF32(e, Xb), Float32Array.from(gatherCols(src, slice, D, B)), 'gathered columns');
    assertSameBits(readI32(e, Yb), gatherI32(labels, slice, B), 'gathered labels');
    checkGuards(e, Xb, 'gathered columns');
    checkGuards(e, Yb, 'gathered labels');
    release(e, S, L, I, Xb, Yb);
  });

  describe('GUARD_FINITE', () => {
    function guardPlan(region: Guarded, n: number, before: Guarded, after: Guarded): number[][] {
      return [
        [OP.FILL, before.ptr, 4, f32Bits(1)],
        [OP.GUARD_FINITE, region.ptr, n],
        [OP.FILL, after.ptr, 4, f32Bits(7)],
      ];
    }

    it.each([0, 4, 9])('returns 1 + its index when the region has a NaN (at %i) and runs no later op', (at) => {
      const x = uniformF32(new Random(at), 10);
      x[at] = NaN;
      const R = guarded(e, x), A = guarded(e, 4), Bf = guarded(e, 4);
      expect(runPlan(e, guardPlan(R, 10, A, Bf), 1)).toBe(2);
      expect(Array.from(readF32(e, A)), 'the op before the guard ran').toEqual([1, 1, 1, 1]);
      expect(Array.from(readF32(e, Bf)), 'the op after the guard did not run').toEqual([0, 0, 0, 0]);
      release(e, R, A, Bf);
    });

    it('passes a finite region and runs on; with n = BATCH it checks only the batch', () => {
      const x = uniformF32(new Random(1), 10);
      x[8] = Infinity;
      const R = guarded(e, x), A = guarded(e, 4), Bf = guarded(e, 4);
      expect(runPlan(e, guardPlan(R, BATCH, A, Bf), 8), 'batch 8: the ∞ lies outside').toBe(0);
      expect(Array.from(readF32(e, Bf))).toEqual([7, 7, 7, 7]);
      e.f32(Bf.ptr, 4).fill(0);
      expect(runPlan(e, guardPlan(R, BATCH, A, Bf), 9), 'batch 9: the ∞ lies inside').toBe(2);
      expect(Array.from(readF32(e, Bf))).toEqual([0, 0, 0, 0]);
      release(e, R, A, Bf);
    });
  });

  const firstUnused = Math.max(...Object.values(OP)) + 1;
  it.each([0, firstUnused, 1000, -1])('an unknown opcode (%i) returns a negative code and stops', (code) => {
    const A = guarded(e, 4), Bf = guarded(e, 4);
    const result = runPlan(e, [
      [OP.FILL, A.ptr, 4, f32Bits(1)],
      [code, A.ptr, 4, f32Bits(2)],
      [OP.FILL, Bf.ptr, 4, f32Bits(7)],
    ], 1);
    expect(result).toBeLessThan(0);
    expect(Array.from(readF32(e, A))).toEqual([1, 1, 1, 1]);
    expect(Array.from(readF32(e, Bf)), 'ops after the unknown one did not run').toEqual([0, 0, 0, 0]);
    release(e, A, Bf);
  });
});
