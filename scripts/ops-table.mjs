// The plan's op table: the one place an op's number, its record's argument
// slots and the kernel that runs it are written down. scripts/generate-ops.mjs
// turns it into the AssemblyScript dispatcher (assembly/plan_dispatch.generated.ts)
// and the TypeScript op codes and typed emitters (src/engine/ops.generated.ts);
// test/engine/op-table.test.ts checks the built wasm against it.
//
// An op's record is [code, slot1 … slotN] (N ≤ 11, see PLAN_SLOTS). Slot kinds:
//   ptr    byte pointer into the engine's memory
//   index  byte pointer to an i32 index list, advanced by the run's `offset` elements
//   int    integer passed as is (flags, kinds, fixed geometry)
//   dim    size; a negative −k means k × the batch size of the run (perBatch)
//   f32    float, stored as its bit pattern
// Each op calls `kernel` with its slots in order, so the kernel's parameter list is
// the record layout; asc rejects a table whose count or kinds do not fit it.
// `sizes` names, per sized buffer slot, the exported kernel function that gives the
// floats it must hold and the slots that function takes (the generated
// `OP_SIZES` calls it, so TS never computes a kernel's buffer size again).
// `guard`: the op stops the plan (returns 1 + its index) when the kernel returns 0.
// Op names are the kernel's op and direction in capitals; codes are never reused.

const p = (name) => [name, 'ptr'];
const idx = (name) => [name, 'index'];
const int = (name) => [name, 'int'];
const dim = (name) => [name, 'dim'];
const f32 = (name) => [name, 'f32'];

const gemmSlots = [p('c'), p('a'), p('b'), dim('M'), dim('N'), dim('K'), int('accumulate'), p('scratch')];
const gemmScratch = [{ slot: 'scratch', fn: 'gemm_f32_scratch_floats', of: ['M', 'N', 'K'] }];
const im2colGeometry = [int('C'), int('H'), int('W'), int('KH'), int('KW'), int('stride'), int('pad'), dim('B')];
const convDirectGeometry = [int('C'), int('H'), int('W'), int('F'), int('K'), int('stride'), int('pad'), dim('B')];
const poolGeometry = [int('C'), int('H'), int('W'), int('K'), int('S'), dim('B')];

/** @type {{ name: string, code: number, kernel: string, args: [string, 'ptr'|'index'|'int'|'dim'|'f32'][], sizes?: { slot: string, fn: string, of: string[] }[], guard?: boolean, doc: string }[]} */
export const OPS = [
  { name: 'GEMM_NN', code: 1, kernel: 'gemm_f32_nn', args: gemmSlots, sizes: gemmScratch, doc: 'C (M×N) = A·B (+ C if accumulate)' },
  { name: 'GEMM_TN', code: 2, kernel: 'gemm_f32_tn', args: gemmSlots, sizes: gemmScratch, doc: 'C (M×N) = Aᵀ·B (+ C if accumulate)' },
  { name: 'GEMM_NT', code: 3, kernel: 'gemm_f32_nt', args: gemmSlots, sizes: gemmScratch, doc: 'C (M×N) = A·Bᵀ (+ C if accumulate)' },
  { name: 'BIAS_FWD', code: 4, kernel: 'bias_f32_fwd', args: [p('y'), p('bias'), dim('D'), dim('B')], doc: 'y[d][b] += bias[d]' },
  { name: 'BIAS_BWD', code: 5, kernel: 'bias_f32_bwd', args: [p('dbias'), p('dy'), dim('D'), dim('B'), int('accumulate')], doc: 'dbias[d] = Σ_b dy[d][b] (+ dbias if accumulate)' },
  { name: 'ACT_FWD', code: 6, kernel: 'act_f32_fwd__rows', args: [p('y'), p('x'), dim('D'), dim('B'), int('kind')], doc: 'y = σ(x) over D × B floats' },
  { name: 'ACT_BWD', code: 7, kernel: 'act_f32_bwd__rows', args: [p('dx'), p('dy'), p('y'), p('x'), dim('D'), dim('B'), int('kind')], doc: 'dx = dy·σ′ over D × B floats (dx may alias dy)' },
  { name: 'SOFTMAX_XENT', code: 8, kernel: 'softmax_xent_f32', args: [p('probs'), p('dlogits'), p('logits'), p('labels'), dim('C'), dim('B'), p('stats')], doc: 'softmax cross-entropy: loss into stats, gradient into dlogits' },
  { name: 'GATHER_COLS', code: 9, kernel: 'gather_f32_cols', args: [p('dst'), p('src'), idx('idx'), dim('D'), dim('B')], doc: 'dst column b = row idx[b] of the row-major source' },
  { name: 'GATHER_I32', code: 10, kernel: 'gather_i32', args: [p('dst'), p('src'), idx('idx'), dim('B')], doc: 'dst[b] = src[idx[b]]' },
  { name: 'FILL', code: 11, kernel: 'fill_f32', args: [p('p'), dim('n'), f32('value')], doc: 'n floats set to value' },
  { name: 'GUARD_FINITE', code: 12, kernel: 'finite_f32_check', args: [p('p'), dim('n')], guard: true, doc: 'stops the plan when one of n floats is NaN or ±∞' },
  { name: 'SGD', code: 13, kernel: 'sgd_f32', args: [p('p'), p('g'), int('n'), p('hyper')], doc: 'plain SGD update' },
  { name: 'MOMENTUM', code: 14, kernel: 'momentum_f32', args: [p('p'), p('g'), p('vel'), int('n'), p('hyper')], doc: 'SGD with momentum' },
  { name: 'ADAM', code: 15, kernel: 'adam_f32', args: [p('p'), p('g'), p('m'), p('v'), int('n'), p('hyper')], doc: 'Adam update' },
  { name: 'IM2COL', code: 16, kernel: 'im2col_f32', args: [p('cols'), p('x'), ...im2colGeometry], doc: 'image batch → patch columns' },
  { name: 'COL2IM', code: 17, kernel: 'col2im_f32', args: [p('dx'), p('dcols'), ...im2colGeometry], doc: 'patch-column gradients summed back into the image (overwrites dx)' },
  { name: 'MAXPOOL_FWD', code: 18, kernel: 'maxpool_f32_fwd', args: [p('y'), p('x'), ...poolGeometry], doc: 'max over K×K windows, stride S' },
  { name: 'MAXPOOL_BWD', code: 19, kernel: 'maxpool_f32_bwd', args: [p('dx'), p('dy'), p('x'), p('y'), ...poolGeometry], doc: 'each window gradient to its first maximum (overwrites dx)' },
  { name: 'KNN_LOSS', code: 20, kernel: 'knn_loss_f32__plan', args: [p('dz'), p('z'), p('labels'), int('D'), dim('B'), int('C'), int('mode'), f32('param'), p('stats'), p('work'), p('scratch')], doc: 'k-NN loss and its gradient; mode + KNN_SECOND_BATCH: the second half only votes' },
  { name: 'CONTRACTIVE_DY', code: 21, kernel: 'contractive_f32_dy', args: [p('dy'), p('y'), p('z'), p('w'), int('units'), int('inputs'), dim('B'), int('kind'), f32('lambda')], doc: 'contractive penalty gradient into dy' },
  { name: 'CONTRACTIVE_DW', code: 22, kernel: 'contractive_f32_dw', args: [p('dw'), p('y'), p('z'), p('w'), int('units'), int('inputs'), dim('B'), int('kind'), f32('lambda'), p('stats')], doc: 'contractive penalty gradient into dW, penalty into stats' },
  { name: 'VECTOR_FIELD_FWD', code: 23, kernel: 'vector_field_f32_fwd', args: [p('y'), p('x'), p('params'), p('work'), int('D'), int('K'), dim('B'), p('scratch')], sizes: [{ slot: 'work', fn: 'vector_field_f32_work_floats', of: ['K', 'B'] }], doc: 'y = x + V·φ(x): the vector-field layer' },
  { name: 'VECTOR_FIELD_BWD', code: 24, kernel: 'vector_field_f32_bwd', args: [p('dx'), p('dy'), p('x'), p('params'), p('grads'), p('work'), int('D'), int('K'), dim('B'), int('flags'), p('scratch')], sizes: [{ slot: 'work', fn: 'vector_field_f32_work_floats', of: ['K', 'B'] }], doc: 'vector-field gradients (accumulates into grads)' },
  { name: 'JACOBIAN_SEED', code: 25, kernel: 'jacobian_f32_seed', args: [p('t0'), int('D0'), dim('B')], doc: 'identity Jacobian per example' },
  { name: 'JACOBIAN_SLOPE', code: 26, kernel: 'jacobian_f32_slope', args: [p('t'), p('u'), p('y'), p('z'), int('units'), int('D0'), dim('B'), int('kind')], doc: 'Jacobian through an activation' },
  { name: 'JACOBIAN_LOSS', code: 27, kernel: 'jacobian_f32_loss', args: [p('g'), p('t'), dim('n'), dim('B'), f32('lambda'), p('stats')], doc: 'Frobenius penalty of per-example Jacobians' },
  { name: 'JACOBIAN_BWD', code: 28, kernel: 'jacobian_f32_bwd', args: [p('g'), p('dy'), p('u'), p('y'), p('z'), int('units'), int('D0'), dim('B'), int('kind')], doc: 'Jacobian penalty back through an activation' },
  { name: 'CONV_PACK_FILTERS', code: 29, kernel: 'conv_pack_filters_f32', args: [p('wp'), p('w'), int('F'), int('patch')], sizes: [{ slot: 'wp', fn: 'conv_packed_filters_floats', of: ['F', 'patch'] }], doc: 'filters into the direct convolution layout' },
  { name: 'CONV_DIRECT_FWD', code: 30, kernel: 'conv2d_f32_fwd__direct', args: [p('z'), p('x'), p('wp'), ...convDirectGeometry], doc: 'convolution without im2col columns' },
  { name: 'CONV_PACK_FLIPPED', code: 31, kernel: 'conv_pack_filters_flipped_f32', args: [p('wp'), p('w'), int('F'), int('C'), int('K')], doc: 'flipped, transposed filters for the direct input gradient' },
  { name: 'MSE', code: 32, kernel: 'mse_f32__plan', args: [p('dy'), p('y'), p('t'), int('T'), dim('B'), p('stats')], doc: 'mean squared error: loss into stats (if non-zero), gradient into dy (if non-zero)' },
  { name: 'AVGPOOL_FWD', code: 41, kernel: 'avgpool_f32_fwd', args: [p('y'), p('x'), int('C'), int('H'), int('W'), int('KH'), int('KW'), int('S'), dim('B')], doc: 'mean over KH×KW windows, stride S' },
  { name: 'AVGPOOL_BWD', code: 42, kernel: 'avgpool_f32_bwd', args: [p('dx'), p('dy'), int('C'), int('H'), int('W'), int('KH'), int('KW'), int('S'), dim('B')], doc: 'each window gradient shared evenly over the window (overwrites dx)' },
  { name: 'WEIGHT_PENALTY', code: 43, kernel: 'weight_penalty_f32', args: [p('dw'), p('w'), int('n'), f32('l1'), f32('l2'), dim('B'), p('stats')], doc: 'L1/L2 penalty on n weights: gradient added to dw, B × penalty to stats' },
  { name: 'DROPOUT_FWD', code: 44, kernel: 'dropout_f32_fwd', args: [p('y'), p('mask'), p('x'), dim('D'), dim('B'), f32('rate'), int('seed'), p('counter')], doc: 'inverted dropout with a seeded mask; rate 0 copies' },
  { name: 'DROPOUT_BWD', code: 45, kernel: 'dropout_f32_bwd', args: [p('dx'), p('dy'), p('mask'), dim('D'), dim('B')], doc: 'dX = dY ⊙ mask (overwrites dx)' },
  { name: 'BATCHNORM_FWD', code: 46, kernel: 'batchnorm_f32_fwd', args: [p('y'), p('xhat'), p('rstd'), p('x'), p('params'), int('C'), dim('N'), f32('momentum'), f32('eps'), int('training')], doc: 'batch normalisation per channel (training: batch statistics, updates the running ones)' },
  { name: 'BATCHNORM_BWD', code: 47, kernel: 'batchnorm_f32_bwd', args: [p('dx'), p('dy'), p('xhat'), p('rstd'), p('params'), p('grads'), int('C'), dim('N')], doc: 'batch-norm gradients: dγ, dβ, dx overwritten' },
  { name: 'CONV_DIRECT_BWD_WEIGHTS', code: 40, kernel: 'conv2d_f32_bwd_weights__direct', args: [p('dw'), p('dz'), p('x'), ...convDirectGeometry], doc: 'weight gradient without columns (overwrites dw)' },
  { name: 'ADD', code: 48, kernel: 'add_f32', args: [p('y'), p('a'), p('b'), dim('n')], doc: 'y = a + b over n floats (b = 0: y = a); y may alias a or b' },
  { name: 'CONV_WINOGRAD_PACK', code: 56, kernel: 'conv_winograd_pack_filters_f32', args: [p('wt'), p('w'), int('F'), int('C')], sizes: [{ slot: 'wt', fn: 'conv_winograd_filters_floats', of: ['F', 'C'] }], doc: '5×5 filters into the Winograd F(4, 5) domain' },
  { name: 'CONV_WINOGRAD_FWD', code: 57, kernel: 'conv2d_f32_fwd__winograd', args: [p('z'), p('x'), p('wt'), p('scratch'), int('C'), int('H'), int('W'), int('F'), int('pad'), dim('B')], sizes: [{ slot: 'scratch', fn: 'conv_winograd_scratch_floats', of: ['C', 'H', 'W', 'F', 'pad'] }], doc: '5×5 stride-1 convolution by 1-D Winograd F(4, 5) along x (prediction, training forward, input gradient)' },
  { name: 'CONV_WINOGRAD_PACK_FLIPPED', code: 60, kernel: 'conv_winograd_pack_flipped_f32', args: [p('wt'), p('w'), int('F'), int('C')], sizes: [{ slot: 'wt', fn: 'conv_winograd_filters_floats', of: ['C', 'F'] }], doc: 'flipped, transposed 5×5 filters into the Winograd F(4, 5) domain, for the input gradient' },
];
