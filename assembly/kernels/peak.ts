// The f32x4 multiply-add rate this runtime reaches with nothing in the way: the
// "wasm SIMD limit" benchmark rows are read against (a GEMM at 0.9 of it is
// close to done; a convolution at 0.4 is not).
//
// Ten independent chains x ← a·x + b (madd: relaxed, one fused multiply-add;
// simd, a multiply and an add), all in registers, no loads or stores in the
// loop. Why ten: two FMA ports with a 4-cycle latency need at least eight
// chains in flight, and twelve no longer fit beside a and b in the v128
// registers V8 gives wasm on x64 (measured on a Xeon: 8 chains 33–35, 10 chains
// 33–34, 12 chains 27 GFLOP/s: the twelfth spills). One iteration is 10 madds of
// 4 lanes = 80 flops. The lane sum is returned so the loop is not dead code;
// a < 1 keeps every chain finite however long it runs.
//
// It is a reference, not a hard ceiling. On a 2 GHz Xeon the GEMM read 1.05–1.24
// of the relaxed figure and 1.2–1.45 of the simd one in the same runs: these
// register-only chains issue below what that CPU reaches (chain latency, or the
// clock moving between samples; not settled), and the simd build's chains put a
// multiply and an add on one chain where the GEMM keeps the multiply off it.
// Shares of it still compare builds and machines; a share above 1 means the
// row is at that CPU's rate.

import { madd } from './simd';

export function simd_peak_f32(iterations: i32, seed: f32): f32 {
  const a = f32x4.splat(1 - seed * 1e-6), b = f32x4.splat(seed * 1e-3);
  let x0 = f32x4.splat(seed), x1 = f32x4.splat(seed + 1), x2 = f32x4.splat(seed + 2), x3 = f32x4.splat(seed + 3), x4 = f32x4.splat(seed + 4);
  let x5 = f32x4.splat(seed + 5), x6 = f32x4.splat(seed + 6), x7 = f32x4.splat(seed + 7), x8 = f32x4.splat(seed + 8), x9 = f32x4.splat(seed + 9);
  for (let i = 0; i < iterations; i++) {
    x0 = madd(a, x0, b); x1 = madd(a, x1, b); x2 = madd(a, x2, b); x3 = madd(a, x3, b); x4 = madd(a, x4, b);
    x5 = madd(a, x5, b); x6 = madd(a, x6, b); x7 = madd(a, x7, b); x8 = madd(a, x8, b); x9 = madd(a, x9, b);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(x0, x1), f32x4.add(x2, x3)), f32x4.add(f32x4.add(f32x4.add(x4, x5), f32x4.add(x6, x7)), f32x4.add(x8, x9)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
