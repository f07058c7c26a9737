// The wasm ABI: numbers and pointers only, no managed objects. This file only
// re-exports; each kernel lives in kernels/<op>.ts with its forward and backward.

export { gemm_f32_nn, gemm_f32_tn, gemm_f32_nt, gemm_f32_scratch_floats } from './kernels/gemm';
export { bias_f32_fwd, bias_f32_bwd } from './kernels/bias';
export { act_f32_fwd, act_f32_bwd } from './kernels/activation';
export { softmax_xent_f32, softmax_f32_fwd } from './kernels/softmax_xent';
export { sgd_f32, momentum_f32, adam_f32 } from './kernels/optimizer';
export { random_f32_uniform, random_i32_permute } from './kernels/random';
export { gather_f32_cols, gather_i32, transpose_f32, fill_f32, finite_f32_check } from './kernels/memory';
export { im2col_f32, col2im_f32 } from './kernels/conv';
export { conv2d_f32_fwd__direct, conv_pack_filters_f32, conv_pack_filters_flipped_f32, conv_packed_filters_floats } from './kernels/conv_direct';
export { conv2d_f32_bwd_weights__direct } from './kernels/conv_direct_weights';
export { conv2d_f32_fwd__winograd, conv_winograd_pack_filters_f32, conv_winograd_pack_flipped_f32, conv_winograd_filters_floats, conv_winograd_scratch_floats } from './kernels/conv_winograd';
export { maxpool_f32_fwd, maxpool_f32_bwd } from './kernels/pool';
export { avgpool_f32_fwd, avgpool_f32_bwd } from './kernels/avgpool';
export { weight_penalty_f32 } from './kernels/weight_penalty';
export { dropout_f32_fwd, dropout_f32_bwd } from './kernels/dropout';
export { add_f32 } from './kernels/add';
export { simd_peak_f32 } from './kernels/peak';
export { batchnorm_f32_fwd, batchnorm_f32_bwd } from './kernels/batchnorm';
export { mse_f32_fwd, mse_f32_bwd } from './kernels/mse';
export { knn_loss_f32, knn_pack_f32, knn_norms_f32, knn_classify_f32, knn_work_floats } from './kernels/knn';
export { contractive_f32_dy, contractive_f32_dw, jacobian_f32_seed, jacobian_f32_slope, jacobian_f32_loss, jacobian_f32_bwd } from './kernels/contractive';
export { vector_field_f32_fwd, vector_field_f32_bwd, vector_field_f32_work_floats } from './kernels/vector_field';
export { plan_run } from './plan_dispatch.generated';
export { act_f32_fwd__rows, act_f32_bwd__rows, knn_loss_f32__plan, mse_f32__plan } from './plan_adapters';

/** First free byte after the module's static data: where the engine's arena may begin. */
export function heap_base(): usize {
  return __heap_base;
}
