/**
 * Dropout masks from the definition in assembly/kernels/dropout.ts, in plain
 * 32-bit integer arithmetic: u_i = fmix32(i·0x9E3779B1 ⊕ c·0x85EBCA77 ⊕
 * seed·0xC2B2AE3D) >> 8, scaled by 2⁻²⁴; mask_i = [u_i ≥ rate] / (1 − rate) (in f32).
 */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The mask of step `counter` for n = D·B values (feature-major index i = d·B + b). */
export function refDropoutMask(n: number, rate: number, seed: number, counter: number): Float64Array {
  const r = Math.fround(rate);
  const scale = Math.fround(1 / Math.fround(1 - r));
  const base = (Math.imul(counter, 0x85ebca77) ^ Math.imul(seed, 0xc2b2ae3d)) >>> 0;
  const mask = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = (fmix32((Math.imul(i, 0x9e3779b1) ^ base) >>> 0) >>> 8) * 2 ** -24;
    mask[i] = u >= r ? scale : 0;
  }
  return mask;
}
