import { describe, it, expect, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { guarded, readF32, checkGuards, release, uniformF32, assertSameBits, Random } from '../helpers/buffers.js';
import { gemm, type GemmVariant } from '../reference/kernels.js';

// Error bound per element: f32 rounding grows with Σ_k |a_ik·b_kj| (plus |c0| when
// accumulating), not with the result, which may cancel to near zero.
const REL = 2e-6;
const ABS = 1e-7;

const VARIANTS: readonly GemmVariant[] = ['nn', 'tn', 'nt'];
const SIZES = [1, 3, 4, 5, 8, 17, 33];

interface Case {
  M: number;
  N: number;
  K: number;
}

// Shapes named by the code path they reach: MR = 4, NR = 8, KC = 256, MC = 128;
// nn and tn read full 8-column panels of B in place when N ≤ 256 (direct_b) and
// pack B past that (packed_b); nt always packs.
const NAMED: readonly [string, Case][] = [
  ['k_lt_4 (K=1)', { M: 5, N: 9, K: 1 }],
  ['k_lt_4 (K=3)', { M: 4, N: 8, K: 3 }],
  ['full_tile', { M: 8, N: 16, K: 32 }],
  ['n_lt_8', { M: 4, N: 5, K: 7 }],
  ['n_gt_8', { M: 4, N: 17, K: 8 }],
  ['n_not_multiple_of_8', { M: 8, N: 45, K: 16 }],
  ['n_many_panels', { M: 5, N: 203, K: 9 }],
  ['subtile_m (M=3)', { M: 3, N: 8, K: 8 }],
  ['subtile_m (M=7)', { M: 7, N: 16, K: 5 }],
  ['odd 45×65×17', { M: 45, N: 65, K: 17 }],
  ['odd 65×45×17', { M: 65, N: 45, K: 17 }],
  ['odd 17×45×65', { M: 17, N: 45, K: 65 }],
  ['kc_block K=256 (exactly one block)', { M: 9, N: 11, K: 256 }],
  ['kc_block K=257', { M: 9, N: 11, K: 257 }],
  ['kc_block K=300', { M: 13, N: 19, K: 300 }],
  ['kc_block K=513 (three blocks)', { M: 5, N: 10, K: 513 }],
  ['mc_block M=128 (exactly one block)', { M: 128, N: 9, K: 7 }],
  ['mc_block M=129', { M: 129, N: 9, K: 7 }],
  ['mc_block M=130', { M: 130, N: 17, K: 33 }],
  ['mc_block M=257', { M: 257, N: 3, K: 5 }],
  // Packed nt path (K < 4N): 4×4 register transposes with k tails of 1–3, across KC blocks.
  ['nt_transpose K=7', { M: 33, N: 17, K: 7 }],
  ['nt_transpose K=262 (tail 2 in block 2)', { M: 6, N: 70, K: 262 }],
  ['nt_transpose K=259', { M: 9, N: 65, K: 259 }],
  // Mid-sized: ragged rows and columns across KC and MC blocks, packed B past N = 256.
  ['mid 12×48×5 (exact tiles)', { M: 12, N: 48, K: 5 }],
  ['mid 14×49×7', { M: 14, N: 49, K: 7 }],
  ['mid 33×70×262', { M: 33, N: 70, K: 262 }],
  ['mid 127×61×9', { M: 127, N: 61, K: 9 }],
  ['mid 40×300×20 (packed B, N > 256)', { M: 40, N: 300, K: 20 }],
  ['mc_block + kc_block 130×33×300', { M: 130, N: 33, K: 300 }],
  ['direct_b N=16 (no ragged panel)', { M: 6, N: 16, K: 10 }],
  ['direct_b N=255 (ragged last panel packed)', { M: 6, N: 255, K: 10 }],
  ['direct_b N=256 (widest in place)', { M: 5, N: 256, K: 9 }],
  ['packed_b N=257', { M: 5, N: 257, K: 9 }],
  ['packed_b + kc_block N=300 K=300', { M: 7, N: 300, K: 300 }],
  ['direct_b + kc_block + mc_block 130×250×260', { M: 130, N: 250, K: 260 }],
  ['packed_b (M > 32, N > 256) 37×300×20', { M: 37, N: 300, K: 20 }],
  ['direct_b wide, few rows (M ≤ 32, N > 256) 32×1030×9', { M: 32, N: 1030, K: 9 }],
  ['nt_dot K ≥ 4N, K=64 boundary (tiles 4×2, ragged i and j)', { M: 7, N: 5, K: 64 }],
  ['nt_dot K=1027 (two dot blocks + tail, K % 4 = 3)', { M: 6, N: 3, K: 1027 }],
  ['nt_dot M=1 N=1 K=333', { M: 1, N: 1, K: 333 }],
];

const KERNEL = { nn: 'gemm_f32_nn', tn: 'gemm_f32_tn', nt: 'gemm_f32_nt' } as const;

interface Outcome {
  got: Float32Array;
  want: Float64Array;
  magnitude: Float64Array;
  what: string;
}

/**
 * Runs one gemm in guarded buffers and returns its result beside the
 * reference's. With accumulate = 0, C starts as NaN, so a kernel that reads C
 * when it should overwrite it shows NaN. `corruptA` lets a test hand the kernel
 * a different A than the reference sees.
 */
function runGemm(e: Engine, variant: GemmVariant, { M, N, K }: Case, accumulate: 0 | 1, seed: number, corruptA?: (a: Float32Array) => Float32Array): Outcome {
  const rng = new Random(seed);
  const a = uniformF32(rng, M * K);
  const b = uniformF32(rng, K * N);
  const c0 = accumulate ? uniformF32(rng, M * N) : new Float32Array(M * N).fill(NaN);
  const scratchFloats = e.kernels.gemm_f32_scratch_floats(M, N, K);
  const A = guarded(e, corruptA ? corruptA(a.slice()) : a);
  const Bm = guarded(e, b);
  const Cm = guarded(e, c0);
  const S = guarded(e, scratchFloats);
  e.kernels[KERNEL[variant]](Cm.ptr, A.ptr, Bm.ptr, M, N, K, accumulate, S.ptr);
  const what = `gemm_${variant} M=${M} N=${N} K=${K} accumulate=${accumulate}`;
  const got = readF32(e, Cm);
  checkGuards(e, Cm, `${what} C`);
  checkGuards(e, S, `${what} scratch (${scratchFloats} floats)`);
  if (!corruptA) assertSameBits(readF32(e, A), a, `${what}: A changed`);
  assertSameBits(readF32(e, Bm), b, `${what}: B changed`);
  release(e, A, Bm, Cm, S);
  const { c: want, magnitude } = gemm(variant, a, b, M, N, K, accumulate ? c0 : undefined);
  return { got, want, magnitude, what };
}

function assertGemm({ got, want, magnitude, what }: Outcome): void {
  assertClose(got, want, { bound: (i) => REL * magnitude[i]! + ABS }, what);
}

/** Largest |got − want| / Σ|a·b| seen, to show how much room the bound leaves. */
const worst = { ratio: 0, what: '' };
function track({ got, want, magnitude, what }: Outcome): void {
  for (let i = 0; i < want.length; i++) {
    const r = Math.abs(got[i]! - want[i]!) / magnitude[i]!;
    if (r > worst.ratio) { worst.ratio = r; worst.what = `${what} index ${i}`; }
  }
}

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe.each(VARIANTS)(`gemm_f32_%s (${VARIANT})`, (variant) => {
  it(`all M, N, K ∈ {${SIZES.join(',')}}, accumulate 0 and 1`, () => {
    let seed = 1;
    for (const M of SIZES) {
      for (const N of SIZES) {
        for (const K of SIZES) {
          for (const accumulate of [0, 1] as const) {
            const out = runGemm(e, variant, { M, N, K }, accumulate, seed++);
            assertGemm(out);
            track(out);
          }
        }
      }
    }
  });

  it.each(NAMED)('%s', (_name, shape) => {
    for (const accumulate of [0, 1] as const) {
      const out = runGemm(e, variant, shape, accumulate, 1000 + shape.M * 7 + shape.N * 13 + shape.K);
      assertGemm(out);
      track(out);
    }
  });

  it('accumulate twice: C = A·B + A·B', () => {
    const M = 6, N = 11, K = 260;
    const rng = new Random(77);
    const a = uniformF32(rng, M * K);
    const b = uniformF32(rng, K * N);
    const A = guarded(e, a), Bm = guarded(e, b), Cm = guarded(e, M * N);
    const S = guarded(e, e.kernels.gemm_f32_scratch_floats(M, N, K));
    e.kernels[KERNEL[variant]](Cm.ptr, A.ptr, Bm.ptr, M, N, K, 0, S.ptr);
    e.kernels[KERNEL[variant]](Cm.ptr, A.ptr, Bm.ptr, M, N, K, 1, S.ptr);
    const got = readF32(e, Cm);
    checkGuards(e, Cm, 'C');
    release(e, A, Bm, Cm, S);
    const { c, magnitude } = gemm(variant, a, b, M, N, K);
    assertClose(got, c.map((v) => 2 * v), { bound: (i) => 2 * REL * magnitude[i]! + ABS }, `gemm_${variant} M=${M} N=${N} K=${K} twice`);
  });
});

describe(`gemm tolerance self-check (${VARIANT})`, () => {
  it('rejects one output perturbed by 1e-3', () => {
    const out = runGemm(e, 'nn', { M: 13, N: 19, K: 300 }, 1, 5);
    assertGemm(out);
    const bad = out.got.slice();
    bad[7 * 19 + 11] = bad[7 * 19 + 11]! + 1e-3;
    expect(() => assertGemm({ ...out, got: bad })).toThrow(/index 144/);
  });

  it.each(VARIANTS)('rejects a kernel that drops one k term (%s, last row/col of a k-block tail)', (variant) => {
    const shape = { M: 5, N: 9, K: 257 };
    // Zero op(A)[M−1][K−1]: the last row (an m tail) and the last k (the second k-block).
    const drop = (a: Float32Array): Float32Array => {
      const i = shape.M - 1, k = shape.K - 1;
      a[variant === 'tn' ? k * shape.M + i : i * shape.K + k] = 0;
      return a;
    };
    let seed = 11;
    // Pick a seed where the dropped term is not tiny, so the test is meaningful.
    for (;;) {
      const rng = new Random(seed);
      const a = uniformF32(rng, shape.M * shape.K);
      const i = shape.M - 1, k = shape.K - 1;
      if (Math.abs(a[variant === 'tn' ? k * shape.M + i : i * shape.K + k]!) > 0.5) break;
      seed++;
    }
    expect(() => assertGemm(runGemm(e, variant, shape, 0, seed, drop))).toThrow(/index/);
  });

  it('reports the worst error seen relative to Σ|a·b|', () => {
    // Informational: the bound is REL = 2e-6; real errors should sit well below it.
    console.log(`[${VARIANT}] gemm worst |err|/Σ|a·b| = ${worst.ratio.toExponential(2)} (${worst.what})`);
    expect(worst.ratio).toBeLessThan(REL);
  });
});
