import { PLAN_KERNEL_NAMES, type PlanKernelExports, type SizeKernels } from './ops.generated.js';

export { OP } from './ops.generated.js';

/**
 * The wasm module's exports as TypeScript sees them: numbers and pointers only.
 * Pointers are byte offsets into the engine's memory. The kernels plan ops call,
 * and the size functions of their buffers, come from the op table
 * (ops.generated.ts); the rest are listed here. `test/engine/op-table.test.ts`
 * checks every name is exported.
 */
export interface KernelExports extends PlanKernelExports, SizeKernels {
  heap_base(): number;
  act_f32_fwd(y: number, x: number, n: number, kind: number): void;
  act_f32_bwd(dx: number, dy: number, y: number, x: number, n: number, kind: number): void;
  softmax_f32_fwd(probs: number, logits: number, C: number, B: number): void;
  random_f32_uniform(out: number, n: number, lo: number, hi: number, state: number): void;
  random_i32_permute(out: number, n: number, state: number): void;
  transpose_f32(dst: number, src: number, R: number, C: number): void;
  knn_loss_f32(dz: number, z: number, labels: number, D: number, B: number, Bq: number, C: number, mode: number, param: number, stats: number, work: number, scratch: number): void;
  mse_f32_fwd(stats: number, y: number, t: number, T: number, B: number): void;
  mse_f32_bwd(dy: number, y: number, t: number, T: number, B: number): void;
  knn_pack_f32(out: number, r: number, D: number, N: number): void;
  knn_norms_f32(out: number, r: number, D: number, N: number): void;
  knn_classify_f32(out: number, q: number, r: number, rn: number, rl: number, D: number, Bq: number, N: number, k: number, C: number, eps: number, work: number, scratch: number): void;
  knn_work_floats(Bq: number, k: number): number;
  plan_run(plan: number, count: number, batch: number, offset: number): number;
  /** 10 independent f32x4 madd chains for `iterations` rounds (80 flops a round): the benchmark's SIMD limit. */
  simd_peak_f32(iterations: number, seed: number): number;
}

/** Every export the engine uses: the op table's kernels and size functions, then the rest. */
export const KERNEL_NAMES: readonly (keyof KernelExports)[] = [
  ...PLAN_KERNEL_NAMES,
  'conv_packed_filters_floats', 'gemm_f32_scratch_floats', 'vector_field_f32_work_floats',
  'heap_base', 'act_f32_fwd', 'act_f32_bwd', 'softmax_f32_fwd', 'random_f32_uniform', 'random_i32_permute', 'transpose_f32', 'knn_loss_f32', 'mse_f32_fwd', 'mse_f32_bwd', 'knn_pack_f32', 'knn_norms_f32', 'knn_classify_f32', 'knn_work_floats', 'plan_run', 'simd_peak_f32',
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
 * Plan record size, as in assembly/plan.ts (op codes: OP, from the op table).
 * A negative dimension −k means k × the batch size of the run; BATCH is −1.
 */
export const PLAN_SLOTS = 12;
export const BATCH = -1;
/** The dimension "k × batch size" in a plan record. */
export const perBatch = (k: number): number => -k;

/** k-NN neighbour weightings, as in assembly/kernels/knn.ts. */
export const KNN_WEIGHTING = { inverse: 0, gaussian: 1 } as const;
/** Added to the KNN_LOSS op's mode: the second half of the batch only votes (assembly/plan_adapters.ts). */
export const KNN_SECOND_BATCH = 0x100;

/** Flags of the vector-field backward, as in assembly/kernels/vector_field.ts. */
export const VECTOR_FIELD_FLAG = { learnAnchors: 1, learnScales: 2 } as const;
