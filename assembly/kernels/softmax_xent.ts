// Softmax + cross-entropy over a feature-major batch of logits (C classes × B).
//
//   p[c][b]  = exp(z[c][b] − m_b) / s_b,  m_b = max_c z[c][b],  s_b = Σ_c exp(z[c][b] − m_b)
//   loss_b   = log s_b − (z[y_b][b] − m_b)                 (= −log p[y_b][b], no log of 0)
//   dz[c][b] = (p[c][b] − [c = y_b]) / B                   (gradient of the batch mean loss)
//
// `probs` and `dlogits` may each be 0 (not wanted). `stats`, when non-zero, gets
// the batch's summed loss added to the f64 at +0 and its number of correct
// predictions (first argmax = label) added to the i32 at +8, so a training loop
// can read a whole epoch's figures once. Four examples are processed per vector.

import { exp4, exp1 } from './simd';

export function softmax_xent_f32(probs: usize, dlogits: usize, logits: usize, labels: usize, C: i32, B: i32, stats: usize): void {
  const rowBytes = <usize>B << 2;
  const invB: f32 = 1.0 / <f32>B;
  const B4 = B & ~3;
  let lossSum: f64 = 0;
  let correct: i32 = 0;
  for (let b = 0; b < B4; b += 4) {
    const col = logits + (<usize>b << 2);
    let m = v128.load(col);
    for (let c = 1; c < C; c++) m = f32x4.max(m, v128.load(col + <usize>c * rowBytes));
    let s = f32x4.splat(0);
    for (let c = 0; c < C; c++) s = f32x4.add(s, exp4(f32x4.sub(v128.load(col + <usize>c * rowBytes), m)));
    const inv = f32x4.div(f32x4.splat(1), s);
    if (probs != 0 || dlogits != 0) {
      for (let c = 0; c < C; c++) {
        const off = <usize>c * rowBytes + (<usize>b << 2);
        const p = f32x4.mul(exp4(f32x4.sub(v128.load(logits + off), m)), inv);
        if (probs != 0) v128.store(probs + off, p);
        if (dlogits != 0) v128.store(dlogits + off, f32x4.mul(p, f32x4.splat(invB)));
      }
    }
    if (labels != 0) {
      lossSum += finishExample(dlogits, logits, labels, rowBytes, b, C, f32x4.extract_lane(m, 0), f32x4.extract_lane(s, 0), invB);
      lossSum += finishExample(dlogits, logits, labels, rowBytes, b + 1, C, f32x4.extract_lane(m, 1), f32x4.extract_lane(s, 1), invB);
      lossSum += finishExample(dlogits, logits, labels, rowBytes, b + 2, C, f32x4.extract_lane(m, 2), f32x4.extract_lane(s, 2), invB);
      lossSum += finishExample(dlogits, logits, labels, rowBytes, b + 3, C, f32x4.extract_lane(m, 3), f32x4.extract_lane(s, 3), invB);
      for (let e = b; e < b + 4; e++) {
        if (argmaxColumn(logits, rowBytes, e, C) == load<i32>(labels + (<usize>e << 2))) correct++;
      }
    }
  }
  for (let e = B4; e < B; e++) {
    const col = logits + (<usize>e << 2);
    let m = load<f32>(col);
    for (let c = 1; c < C; c++) m = max(m, load<f32>(col + <usize>c * rowBytes));
    let s: f32 = 0;
    for (let c = 0; c < C; c++) s += exp1(load<f32>(col + <usize>c * rowBytes) - m);
    const inv: f32 = 1.0 / s;
    for (let c = 0; c < C; c++) {
      const off = <usize>c * rowBytes + (<usize>e << 2);
      const p = exp1(load<f32>(logits + off) - m) * inv;
      if (probs != 0) store<f32>(probs + off, p);
      if (dlogits != 0) store<f32>(dlogits + off, p * invB);
    }
    if (labels != 0) {
      lossSum += finishExample(dlogits, logits, labels, rowBytes, e, C, m, s, invB);
      if (argmaxColumn(logits, rowBytes, e, C) == load<i32>(labels + (<usize>e << 2))) correct++;
    }
  }
  if (stats != 0) {
    store<f64>(stats, load<f64>(stats) + lossSum);
    store<i32>(stats, load<i32>(stats, 8) + correct, 8);
  }
}

/** Softmax only (inference): p = softmax over the C rows of each column. */
export function softmax_f32_fwd(probs: usize, logits: usize, C: i32, B: i32): void {
  softmax_xent_f32(probs, 0, logits, 0, C, B, 0);
}

// −log p_y for example e from its max m and sum of exponentials s; also
// subtracts the one-hot term 1/B from dlogits[y][e].
@inline function finishExample(dlogits: usize, logits: usize, labels: usize, rowBytes: usize, e: i32, C: i32, m: f32, s: f32, invB: f32): f64 {
  const y = load<i32>(labels + (<usize>e << 2));
  const off = <usize>y * rowBytes + (<usize>e << 2);
  if (dlogits != 0) store<f32>(dlogits + off, load<f32>(dlogits + off) - invB);
  return <f64>Mathf.log(s) - <f64>(load<f32>(logits + off) - m);
}

@inline function argmaxColumn(logits: usize, rowBytes: usize, e: i32, C: i32): i32 {
  const col = logits + (<usize>e << 2);
  let best = load<f32>(col);
  let arg = 0;
  for (let c = 1; c < C; c++) {
    const v = load<f32>(col + <usize>c * rowBytes);
    if (v > best) { best = v; arg = c; }
  }
  return arg;
}
