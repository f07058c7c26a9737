// Inverted dropout over a D × B buffer (n = D·B floats), seeded and stateless
// apart from a step counter, so a run is reproducible:
//
//   forward:   u_i = hash(seed, c, i) / 2³² ∈ [0, 1)      c = *counter, then *counter = c + 1
//              mask_i = [u_i ≥ rate] / (1 − rate)         Y = X ⊙ mask
//   backward:  dX = dY ⊙ mask                              (overwrites dX)
//
// hash is the murmur3 finaliser of i·0x9E3779B1 ⊕ c·0x85EBCA77 ⊕ seed·0xC2B2AE3D
// (the high 24 bits make u); test/reference/dropout.ts computes the same masks.
// rate = 0 is inference: Y = X, no mask written, the counter left alone.

@inline function fmix32(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

export function dropout_f32_fwd(y: usize, mask: usize, x: usize, D: i32, B: i32, rate: f32, seed: i32, counter: usize): void {
  const n = D * B;
  if (rate == 0) {
    if (y != x) memory.copy(y, x, <usize>n << 2);
    return;
  }
  const c = load<u32>(counter);
  store<u32>(counter, c + 1);
  const base = c * 0x85ebca77 ^ <u32>seed * 0xc2b2ae3d;
  const scale = <f32>1 / (<f32>1 - rate);
  for (let i = 0; i < n; i++) {
    const u = <f32>(fmix32(<u32>i * 0x9e3779b1 ^ base) >> 8) * <f32>5.9604644775390625e-8; // 2⁻²⁴
    const m: f32 = u >= rate ? scale : 0;
    const at = <usize>i << 2;
    store<f32>(mask + at, m);
    store<f32>(y + at, load<f32>(x + at) * m);
  }
}

export function dropout_f32_bwd(dx: usize, dy: usize, mask: usize, D: i32, B: i32): void {
  const n = D * B, n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const at = <usize>i << 2;
    v128.store(dx + at, f32x4.mul(v128.load(dy + at), v128.load(mask + at)));
  }
  for (let i = n4; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(dx + at, load<f32>(dy + at) * load<f32>(mask + at));
  }
}
