// Plan-record forms of kernels whose records do not map one slot to one
// parameter, so that every op in the table (scripts/ops-table.mjs) calls one
// function with its slots in order. The record layouts are those of the saved
// plans before the table existed; they are kept so that no caller changes.

import { act_f32_fwd, act_f32_bwd } from './kernels/activation';
import { knn_loss_f32 } from './kernels/knn';
import { mse_f32_fwd, mse_f32_bwd } from './kernels/mse';

/** Flag in KNN_LOSS's mode slot: the second half of the batch only votes. */
export const KNN_SECOND_BATCH: i32 = 0x100;

// Activation over a D × B buffer (the kernel itself only needs the count).
export function act_f32_fwd__rows(y: usize, x: usize, D: i32, B: i32, kind: i32): void {
  act_f32_fwd(y, x, D * B, kind);
}

export function act_f32_bwd__rows(dx: usize, dy: usize, y: usize, x: usize, D: i32, B: i32, kind: i32): void {
  act_f32_bwd(dx, dy, y, x, D * B, kind);
}

// k-NN loss with the query count folded into the mode slot (the record has no
// slot to spare): mode + KNN_SECOND_BATCH means the second half are references.
export function knn_loss_f32__plan(dz: usize, z: usize, labels: usize, D: i32, B: i32, C: i32, modeFlags: i32, param: f32, stats: usize, work: usize, scratch: usize): void {
  const Bq = modeFlags & KNN_SECOND_BATCH ? B >> 1 : B;
  knn_loss_f32(dz, z, labels, D, B, Bq, C, modeFlags & ~KNN_SECOND_BATCH, param, stats, work, scratch);
}

// Mean squared error: the loss into stats (if non-zero), then its gradient into dy (if non-zero).
export function mse_f32__plan(dy: usize, y: usize, t: usize, T: i32, B: i32, stats: usize): void {
  if (stats != 0) mse_f32_fwd(stats, y, t, T, B);
  if (dy != 0) mse_f32_bwd(dy, y, t, T, B);
}
