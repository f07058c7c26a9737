/**
 * The wasm module's exports as TypeScript sees them: numbers and pointers only.
 * Pointers are byte offsets into the engine's memory. Kept in step with
 * `assembly/index.ts`; `test/engine/abi.test.ts` checks every name is exported.
 */
export interface KernelExports {
  heap_base(): number;
  gemm_f32_nn(c: number, a: number, b: number, M: number, N: number, K: number, accumulate: number, scratch: number): void;
  gemm_f32_tn(c: number, a: number, b: number, M: number, N: number, K: number, accumulate: number, scratch: number): void;
  gemm_f32_nt(c: number, a: number, b: number, M: number, N: number, K: number, accumulate: number, scratch: number): void;
  gemm_f32_scratch_floats(M: number, N: number, K: number): number;
  bias_f32_fwd(y: number, bias: number, D: number, B: number): void;
  bias_f32_bwd(dbias: number, dy: number, D: number, B: number, accumulate: number): void;
  act_f32_fwd(y: number, x: number, n: number, kind: number): void;
  act_f32_bwd(dx: number, dy: number, y: number, x: number, n: number, kind: number): void;
  softmax_xent_f32(probs: number, dlogits: number, logits: number, labels: number, C: number, B: number, stats: number): void;
  softmax_f32_fwd(probs: number, logits: number, C: number, B: number): void;
  sgd_f32(p: number, g: number, n: number, hyper: number): void;
  momentum_f32(p: number, g: number, vel: number, n: number, hyper: number): void;
  adam_f32(p: number, g: number, m: number, v: number, n: number, hyper: number): void;
  random_f32_uniform(out: number, n: number, lo: number, hi: number, state: number): void;
  random_i32_permute(out: number, n: number, state: number): void;
  gather_f32_cols(dst: number, src: number, idx: number, D: number, B: number): void;
  gather_i32(dst: number, src: number, idx: number, B: number): void;
  transpose_f32(dst: number, src: number, R: number, C: number): void;
  fill_f32(p: number, n: number, value: number): void;
  finite_f32_check(p: number, n: number): number;
  im2col_f32(cols: number, x: number, C: number, H: number, W: number, KH: number, KW: number, stride: number, pad: number, B: number): void;
  col2im_f32(dx: number, dcols: number, C: number, H: number, W: number, KH: number, KW: number, stride: number, pad: number, B: number): void;
  maxpool_f32_fwd(y: number, x: number, C: number, H: number, W: number, K: number, S: number, B: number): void;
  maxpool_f32_bwd(dx: number, dy: number, x: number, y: number, C: number, H: number, W: number, K: number, S: number, B: number): void;
  conv_pack_filters_f32(wp: number, w: number, F: number, patch: number): void;
  conv_packed_filters_floats(F: number, patch: number): number;
  conv_pack_filters_flipped_f32(wp: number, w: number, F: number, C: number, K: number): void;
  conv2d_f32_fwd__direct(z: number, x: number, wp: number, C: number, H: number, W: number, F: number, K: number, stride: number, pad: number, B: number): void;
  conv2d_f32_bwd_weights__direct(dw: number, dz: number, x: number, C: number, H: number, W: number, F: number, K: number, stride: number, pad: number, B: number): void;
  knn_loss_f32(dz: number, z: number, labels: number, D: number, B: number, Bq: number, C: number, mode: number, param: number, stats: number, work: number, scratch: number): void;
  mse_f32_fwd(stats: number, y: number, t: number, T: number, B: number): void;
  mse_f32_bwd(dy: number, y: number, t: number, T: number, B: number): void;
  knn_pack_f32(out: number, r: number, D: number, N: number): void;
  knn_norms_f32(out: number, r: number, D: number, N: number): void;
  knn_classify_f32(out: number, q: number, r: number, rn: number, rl: number, D: number, Bq: number, N: number, k: number, C: number, eps: number, work: number, scratch: number): void;
  knn_work_floats(Bq: number, k: number): number;
  contractive_f32_dy(dy: number, y: number, z: number, w: number, units: number, inputs: number, B: number, kind: number, lambda: number): void;
  contractive_f32_dw(dw: number, y: number, z: number, w: number, units: number, inputs: number, B: number, kind: number, lambda: number, stats: number): void;
  vector_field_f32_fwd(y: number, x: number, params: number, work: number, D: number, K: number, B: number, scratch: number): void;
  vector_field_f32_bwd(dx: number, dy: number, x: number, params: number, grads: number, work: number, D: number, K: number, B: number, flags: number, scratch: number): void;
  vector_field_f32_work_floats(K: number, B: number): number;
  jacobian_f32_seed(t0: number, D0: number, B: number): void;
  jacobian_f32_slope(t: number, u: number, y: number, z: number, units: number, D0: number, B: number, kind: number): void;
  jacobian_f32_loss(g: number, t: number, n: number, B: number, lambda: number, stats: number): void;
  jacobian_f32_bwd(g: number, dy: number, u: number, y: number, z: number, units: number, D0: number, B: number, kind: number): void;
  plan_run(plan: number, count: number, batch: number, offset: number): number;
}

export const KERNEL_NAMES: readonly (keyof KernelExports)[] = [
  'heap_base', 'gemm_f32_nn', 'gemm_f32_tn', 'gemm_f32_nt', 'gemm_f32_scratch_floats',
  'bias_f32_fwd', 'bias_f32_bwd', 'act_f32_fwd', 'act_f32_bwd', 'softmax_xent_f32', 'softmax_f32_fwd',
  'sgd_f32', 'momentum_f32', 'adam_f32', 'random_f32_uniform', 'random_i32_permute',
  'gather_f32_cols', 'gather_i32', 'transpose_f32', 'fill_f32', 'finite_f32_check',
  'im2col_f32', 'col2im_f32', 'maxpool_f32_fwd', 'maxpool_f32_bwd',
  'conv_pack_filters_f32', 'conv_packed_filters_floats', 'conv_pack_filters_flipped_f32', 'conv2d_f32_fwd__direct', 'conv2d_f32_bwd_weights__direct',
  'knn_loss_f32', 'mse_f32_fwd', 'mse_f32_bwd', 'knn_pack_f32', 'knn_norms_f32', 'knn_classify_f32', 'knn_work_floats', 'plan_run',
  'contractive_f32_dy', 'contractive_f32_dw', 'vector_field_f32_fwd', 'vector_field_f32_bwd', 'vector_field_f32_work_floats',
  'jacobian_f32_seed', 'jacobian_f32_slope', 'jacobian_f32_loss', 'jacobian_f32_bwd',
];

/** Activation kinds, as numbered in assembly/kernels/activation.ts. */
export const ACTIVATION_KIND = {
  linear: 0,
  tanh: 1,
  sigmoid: 2,
  relu: 3,
  softplus: 4,
} as const;

/** The activation functions a layer may apply: `tanh`, `sigmoid`, `softplus`, `relu`, `linear`. */
export type ActivationName = keyof typeof ACTIVATION_KIND;

/**
 * Plan op codes and record size, as in assembly/plan.ts. A negative dimension
 * −k means k × the batch size of the run; BATCH is −1.
 */
export const PLAN_SLOTS = 12;
export const BATCH = -1;
/** The dimension "k × batch size" in a plan record. */
export const perBatch = (k: number): number => -k;
export const OP = {
  GEMM_NN: 1,
  GEMM_TN: 2,
  GEMM_NT: 3,
  BIAS_FWD: 4,
  BIAS_BWD: 5,
  ACT_FWD: 6,
  ACT_BWD: 7,
  SOFTMAX_XENT: 8,
  GATHER_COLS: 9,
  GATHER_I32: 10,
  FILL: 11,
  GUARD_FINITE: 12,
  SGD: 13,
  MOMENTUM: 14,
  ADAM: 15,
  IM2COL: 16,
  COL2IM: 17,
  MAXPOOL_FWD: 18,
  MAXPOOL_BWD: 19,
  KNN_LOSS: 20,
  CONTRACTIVE_DY: 21,
  CONTRACTIVE_DW: 22,
  VECTOR_FIELD_FWD: 23,
  VECTOR_FIELD_BWD: 24,
  JACOBIAN_SEED: 25,
  JACOBIAN_SLOPE: 26,
  JACOBIAN_LOSS: 27,
  JACOBIAN_BWD: 28,
  CONV_PACK_FILTERS: 29,
  CONV_DIRECT_FWD: 30,
  CONV_PACK_FLIPPED: 31,
  CONV_DIRECT_BWD_WEIGHTS: 40,
  MSE: 32,
} as const;

/** k-NN neighbour weightings, as in assembly/kernels/knn.ts. */
export const KNN_WEIGHTING = { inverse: 0, gaussian: 1 } as const;
/** Added to the KNN_LOSS op's mode: the second half of the batch only votes (assembly/plan.ts). */
export const KNN_SECOND_BATCH = 0x100;

/** Flags of the vector-field backward, as in assembly/kernels/vector_field.ts. */
export const VECTOR_FIELD_FLAG = { learnAnchors: 1, learnScales: 2 } as const;
