// Shared f32x4 building blocks for the kernels.
//
// madd(a, b, c) = a·b + c. With relaxed SIMD it is one fused instruction
// (f32x4.relaxed_madd); without, a separate mul and add. The choice is made at
// compile time from ASC_FEATURE_RELAXED_SIMD, so one source builds both wasm
// variants and the dead branch is never emitted.

@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

// tanh(x) as an odd rational function p(x)/q(x) of degree 13/6 (the minimax fit
// used by Eigen and XLA). Inputs are clamped to ±7.9053…, where tanh rounds to ±1
// in f32. Max abs error ≈ 4e-7 over the real line; odd, so small |x| keeps full
// relative accuracy. pmin/pmax give a NaN input a NaN output instead of a clamp.
@inline
export function tanh4(x: v128): v128 {
  const c = f32x4.splat(7.90531110763549805);
  x = f32x4.pmax(f32x4.pmin(x, c), f32x4.neg(c));
  const x2 = f32x4.mul(x, x);
  let p = madd(x2, f32x4.splat(-2.76076847742355e-16), f32x4.splat(2.00018790482477e-13));
  p = madd(p, x2, f32x4.splat(-8.60467152213735e-11));
  p = madd(p, x2, f32x4.splat(5.12229709037114e-8));
  p = madd(p, x2, f32x4.splat(1.48572235717979e-5));
  p = madd(p, x2, f32x4.splat(6.37261928875436e-4));
  p = madd(p, x2, f32x4.splat(4.89352455891786e-3));
  p = f32x4.mul(p, x);
  let q = madd(x2, f32x4.splat(1.19825839466702e-6), f32x4.splat(1.18534705686654e-4));
  q = madd(q, x2, f32x4.splat(2.26843463243900e-3));
  q = madd(q, x2, f32x4.splat(4.89352518554385e-3));
  return f32x4.div(p, q);
}

// exp(x) (Cephes expf): x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6
// polynomial, 2^n put straight into the exponent bits. Clamped to the finite
// f32 range; relative error ≈ 2 ulp.
@inline
export function exp4(x: v128): v128 {
  x = f32x4.pmax(f32x4.pmin(x, f32x4.splat(88.3762626647949)), f32x4.splat(-87.3365478515625));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = madd(n, f32x4.splat(-0.693359375), x);
  r = madd(n, f32x4.splat(2.12194440e-4), r);
  let p = madd(f32x4.splat(1.9875691500e-4), r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

// Scalar versions for tails, computed through the vector code so a value gives
// the same bits whichever lane or tail it falls in.
@inline
export function tanh1(x: f32): f32 {
  return f32x4.extract_lane(tanh4(f32x4.splat(x)), 0);
}

@inline
export function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}
