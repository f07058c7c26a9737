// A plan is a whole batch's work as a list of kernel calls, built once by the TS
// model at build time and run here with one call per training step, so the
// step costs one JS→wasm crossing instead of one per kernel.
//
// Record layout: PLAN_SLOTS i32 per op: [opcode, arg1 … arg11]. Pointers are
// byte offsets into this memory. A negative dimension −k means "k times the
// current batch size" passed to plan_run (−1: the batch; −Ho·Wo: every output
// pixel of every example), so one plan serves full and partial batches. Index pointers of gather ops are advanced by `offset` elements, so
// step s of an epoch reads its slice of the shuffled order.
//
// plan_run returns 0, or 1 + the index of the guard op that found a NaN/∞ (the
// remaining ops, e.g. the optimiser update, are then not run).

import { gemm_f32_nn, gemm_f32_tn, gemm_f32_nt } from './kernels/gemm';
import { bias_f32_fwd, bias_f32_bwd } from './kernels/bias';
import { act_f32_fwd, act_f32_bwd } from './kernels/activation';
import { softmax_xent_f32 } from './kernels/softmax_xent';
import { gather_f32_cols, gather_i32, fill_f32, finite_f32_check } from './kernels/memory';
import { sgd_f32, momentum_f32, adam_f32 } from './kernels/optimizer';
import { im2col_f32, col2im_f32 } from './kernels/conv';
import { maxpool_f32_fwd, maxpool_f32_bwd } from './kernels/pool';
import { knn_loss_f32 } from './kernels/knn';
import { mse_f32_fwd, mse_f32_bwd } from './kernels/mse';
import { conv_pack_filters_f32, conv_pack_filters_flipped_f32, conv2d_f32_fwd__direct } from './kernels/conv_direct';
import { conv2d_f32_bwd_weights__direct } from './kernels/conv_direct_weights';

/** Flag in OP_KNN_LOSS's mode slot: the second half of the batch only votes. */
export const KNN_SECOND_BATCH: i32 = 0x100;
import { contractive_f32_dy, contractive_f32_dw, jacobian_f32_seed, jacobian_f32_slope, jacobian_f32_loss, jacobian_f32_bwd } from './kernels/contractive';
import { vector_field_f32_fwd, vector_field_f32_bwd } from './kernels/vector_field';

export const PLAN_SLOTS: i32 = 12;

export const OP_GEMM_NN: i32 = 1;
export const OP_GEMM_TN: i32 = 2;
export const OP_GEMM_NT: i32 = 3;
export const OP_BIAS_FWD: i32 = 4;
export const OP_BIAS_BWD: i32 = 5;
export const OP_ACT_FWD: i32 = 6;
export const OP_ACT_BWD: i32 = 7;
export const OP_SOFTMAX_XENT: i32 = 8;
export const OP_GATHER_COLS: i32 = 9;
export const OP_GATHER_I32: i32 = 10;
export const OP_FILL: i32 = 11;
export const OP_GUARD_FINITE: i32 = 12;
export const OP_SGD: i32 = 13;
export const OP_MOMENTUM: i32 = 14;
export const OP_ADAM: i32 = 15;
export const OP_IM2COL: i32 = 16;
export const OP_COL2IM: i32 = 17;
export const OP_MAXPOOL_FWD: i32 = 18;
export const OP_MAXPOOL_BWD: i32 = 19;
export const OP_KNN_LOSS: i32 = 20;
export const OP_CONTRACTIVE_DY: i32 = 21;
export const OP_CONTRACTIVE_DW: i32 = 22;
export const OP_VECTOR_FIELD_FWD: i32 = 23;
export const OP_VECTOR_FIELD_BWD: i32 = 24;
export const OP_JACOBIAN_SEED: i32 = 25;
export const OP_JACOBIAN_SLOPE: i32 = 26;
export const OP_JACOBIAN_LOSS: i32 = 27;
export const OP_JACOBIAN_BWD: i32 = 28;
export const OP_CONV_PACK_FILTERS: i32 = 29;
export const OP_CONV_DIRECT_FWD: i32 = 30;
export const OP_CONV_PACK_FLIPPED: i32 = 31;
export const OP_CONV_DIRECT_BWD_WEIGHTS: i32 = 40;
export const OP_MSE: i32 = 32;

@inline function arg(op: usize, i: i32): i32 {
  return load<i32>(op + (<usize>i << 2));
}

@inline function ptr(op: usize, i: i32): usize {
  return <usize>load<i32>(op + (<usize>i << 2));
}

@inline function dim(op: usize, i: i32, batch: i32): i32 {
  const d = load<i32>(op + (<usize>i << 2));
  return d < 0 ? -d * batch : d;
}

export function plan_run(plan: usize, count: i32, batch: i32, offset: i32): i32 {
  const stride = <usize>PLAN_SLOTS << 2;
  const shift = <usize>offset << 2;
  for (let i = 0; i < count; i++) {
    const op = plan + <usize>i * stride;
    const code = arg(op, 0);
    switch (code) {
      case OP_GEMM_NN:
        gemm_f32_nn(ptr(op, 1), ptr(op, 2), ptr(op, 3), dim(op, 4, batch), dim(op, 5, batch), dim(op, 6, batch), arg(op, 7), ptr(op, 8));
        break;
      case OP_GEMM_TN:
        gemm_f32_tn(ptr(op, 1), ptr(op, 2), ptr(op, 3), dim(op, 4, batch), dim(op, 5, batch), dim(op, 6, batch), arg(op, 7), ptr(op, 8));
        break;
      case OP_GEMM_NT:
        gemm_f32_nt(ptr(op, 1), ptr(op, 2), ptr(op, 3), dim(op, 4, batch), dim(op, 5, batch), dim(op, 6, batch), arg(op, 7), ptr(op, 8));
        break;
      case OP_BIAS_FWD:
        bias_f32_fwd(ptr(op, 1), ptr(op, 2), dim(op, 3, batch), dim(op, 4, batch));
        break;
      case OP_BIAS_BWD:
        bias_f32_bwd(ptr(op, 1), ptr(op, 2), dim(op, 3, batch), dim(op, 4, batch), arg(op, 5));
        break;
      case OP_ACT_FWD:
        act_f32_fwd(ptr(op, 1), ptr(op, 2), dim(op, 3, batch) * dim(op, 4, batch), arg(op, 5));
        break;
      case OP_ACT_BWD:
        act_f32_bwd(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), dim(op, 5, batch) * dim(op, 6, batch), arg(op, 7));
        break;
      case OP_SOFTMAX_XENT:
        softmax_xent_f32(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), dim(op, 5, batch), dim(op, 6, batch), ptr(op, 7));
        break;
      case OP_GATHER_COLS:
        gather_f32_cols(ptr(op, 1), ptr(op, 2), ptr(op, 3) + shift, dim(op, 4, batch), dim(op, 5, batch));
        break;
      case OP_GATHER_I32:
        gather_i32(ptr(op, 1), ptr(op, 2), ptr(op, 3) + shift, dim(op, 4, batch));
        break;
      case OP_FILL:
        fill_f32(ptr(op, 1), dim(op, 2, batch), reinterpret<f32>(arg(op, 3)));
        break;
      case OP_GUARD_FINITE:
        if (finite_f32_check(ptr(op, 1), dim(op, 2, batch)) == 0) return i + 1;
        break;
      case OP_SGD:
        sgd_f32(ptr(op, 1), ptr(op, 2), arg(op, 3), ptr(op, 4));
        break;
      case OP_MOMENTUM:
        momentum_f32(ptr(op, 1), ptr(op, 2), ptr(op, 3), arg(op, 4), ptr(op, 5));
        break;
      case OP_ADAM:
        adam_f32(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), arg(op, 5), ptr(op, 6));
        break;
      case OP_IM2COL:
        im2col_f32(ptr(op, 1), ptr(op, 2), arg(op, 3), arg(op, 4), arg(op, 5), arg(op, 6), arg(op, 7), arg(op, 8), arg(op, 9), dim(op, 10, batch));
        break;
      case OP_COL2IM:
        col2im_f32(ptr(op, 1), ptr(op, 2), arg(op, 3), arg(op, 4), arg(op, 5), arg(op, 6), arg(op, 7), arg(op, 8), arg(op, 9), dim(op, 10, batch));
        break;
      case OP_MAXPOOL_FWD:
        maxpool_f32_fwd(ptr(op, 1), ptr(op, 2), arg(op, 3), arg(op, 4), arg(op, 5), arg(op, 6), arg(op, 7), dim(op, 8, batch));
        break;
      case OP_MAXPOOL_BWD:
        maxpool_f32_bwd(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), arg(op, 5), arg(op, 6), arg(op, 7), arg(op, 8), arg(op, 9), dim(op, 10, batch));
        break;
      case OP_KNN_LOSS: {
        // Slot 7 is the weighting mode, plus KNN_SECOND_BATCH when the batch's
        // second half are references (the records have no slot to spare).
        const B = dim(op, 5, batch), flags = arg(op, 7);
        const Bq = flags & KNN_SECOND_BATCH ? B >> 1 : B;
        knn_loss_f32(ptr(op, 1), ptr(op, 2), ptr(op, 3), arg(op, 4), B, Bq, arg(op, 6), flags & ~KNN_SECOND_BATCH, reinterpret<f32>(arg(op, 8)), ptr(op, 9), ptr(op, 10), ptr(op, 11));
        break;
      }
      case OP_CONTRACTIVE_DY:
        contractive_f32_dy(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), arg(op, 5), arg(op, 6), dim(op, 7, batch), arg(op, 8), reinterpret<f32>(arg(op, 9)));
        break;
      case OP_CONTRACTIVE_DW:
        contractive_f32_dw(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), arg(op, 5), arg(op, 6), dim(op, 7, batch), arg(op, 8), reinterpret<f32>(arg(op, 9)), ptr(op, 10));
        break;
      case OP_VECTOR_FIELD_FWD:
        vector_field_f32_fwd(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), arg(op, 5), arg(op, 6), dim(op, 7, batch), ptr(op, 8));
        break;
      case OP_VECTOR_FIELD_BWD:
        vector_field_f32_bwd(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), ptr(op, 5), ptr(op, 6), arg(op, 7), arg(op, 8), dim(op, 9, batch), arg(op, 10), ptr(op, 11));
        break;
      case OP_JACOBIAN_SEED:
        jacobian_f32_seed(ptr(op, 1), arg(op, 2), dim(op, 3, batch));
        break;
      case OP_JACOBIAN_SLOPE:
        jacobian_f32_slope(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), arg(op, 5), arg(op, 6), dim(op, 7, batch), arg(op, 8));
        break;
      case OP_JACOBIAN_LOSS:
        jacobian_f32_loss(ptr(op, 1), ptr(op, 2), dim(op, 3, batch), dim(op, 4, batch), reinterpret<f32>(arg(op, 5)), ptr(op, 6));
        break;
      case OP_CONV_PACK_FILTERS:
        conv_pack_filters_f32(ptr(op, 1), ptr(op, 2), arg(op, 3), arg(op, 4));
        break;
      case OP_CONV_PACK_FLIPPED:
        conv_pack_filters_flipped_f32(ptr(op, 1), ptr(op, 2), arg(op, 3), arg(op, 4), arg(op, 5));
        break;
      case OP_CONV_DIRECT_FWD:
        conv2d_f32_fwd__direct(ptr(op, 1), ptr(op, 2), ptr(op, 3), arg(op, 4), arg(op, 5), arg(op, 6), arg(op, 7), arg(op, 8), arg(op, 9), arg(op, 10), dim(op, 11, batch));
        break;
      case OP_CONV_DIRECT_BWD_WEIGHTS:
        conv2d_f32_bwd_weights__direct(ptr(op, 1), ptr(op, 2), ptr(op, 3), arg(op, 4), arg(op, 5), arg(op, 6), arg(op, 7), arg(op, 8), arg(op, 9), arg(op, 10), dim(op, 11, batch));
        break;
      case OP_JACOBIAN_BWD:
        jacobian_f32_bwd(ptr(op, 1), ptr(op, 2), ptr(op, 3), ptr(op, 4), ptr(op, 5), arg(op, 6), arg(op, 7), dim(op, 8, batch), arg(op, 9));
        break;
      case OP_MSE:
        // [dy, y, t, T, B, stats]: the loss into stats (if non-zero), then its gradient into dy (if non-zero).
        if (ptr(op, 6) != 0) mse_f32_fwd(ptr(op, 6), ptr(op, 2), ptr(op, 3), arg(op, 4), dim(op, 5, batch));
        if (ptr(op, 1) != 0) mse_f32_bwd(ptr(op, 1), ptr(op, 2), ptr(op, 3), arg(op, 4), dim(op, 5, batch));
        break;
      default:
        return -1 - i;
    }
  }
  return 0;
}
