// Seeded pseudo-random numbers in wasm: xoshiro128** with its 4×u32 state in
// memory at `state`, so the TS side can seed it, save it and restore it. The
// same generator as src/engine/random.ts: same state, same bits.
//
//   random_f32_uniform: out[i] = lo + (hi − lo)·u,  u = (x >> 8)·2⁻²⁴ ∈ [0, 1)
//   random_i32_permute: out = a uniformly random permutation of 0 … n−1
//                       (Fisher–Yates, j = ⌊x·(i+1) / 2³²⌋)

@inline function next(state: usize): u32 {
  const s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  store<u32>(state, s1 ^ n2, 4);
  store<u32>(state, s0 ^ n3);
  store<u32>(state, n2 ^ t, 8);
  store<u32>(state, rotl<u32>(n3, 11), 12);
  return result;
}

export function random_f32_uniform(out: usize, n: i32, lo: f64, hi: f64, state: usize): void {
  for (let i = 0; i < n; i++) {
    const u = <f64>(next(state) >> 8) * 5.9604644775390625e-8;
    store<f32>(out + (<usize>i << 2), <f32>(lo + (hi - lo) * u));
  }
}

export function random_i32_permute(out: usize, n: i32, state: usize): void {
  for (let i = 0; i < n; i++) store<i32>(out + (<usize>i << 2), i);
  for (let i = n - 1; i > 0; i--) {
    const j = <i32>((<u64>next(state) * <u64>(i + 1)) >> 32);
    const a = out + (<usize>i << 2), b = out + (<usize>j << 2);
    const tmp = load<i32>(a);
    store<i32>(a, load<i32>(b));
    store<i32>(b, tmp);
  }
}
