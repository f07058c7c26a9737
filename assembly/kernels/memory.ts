// Moving data between layouts, and guards.
//
// Data sets are row-major (n rows × D features); the network works on
// feature-major batches (D rows × B examples) so that every GEMM, bias and
// softmax runs its vectors along the batch. gather_f32_cols picks B rows by
// index and writes them as columns; transpose_f32 turns a result back.

/** dst (D×B) column b = row idx[b] of src (n×D). */
export function gather_f32_cols(dst: usize, src: usize, idx: usize, D: i32, B: i32): void {
  for (let b = 0; b < B; b++) {
    const row = src + (<usize>(load<i32>(idx + (<usize>b << 2)) * D) << 2);
    const col = dst + (<usize>b << 2);
    for (let d = 0; d < D; d++) {
      store<f32>(col + (<usize>(d * B) << 2), load<f32>(row + (<usize>d << 2)));
    }
  }
}

/** dst[b] = src[idx[b]] for i32 labels. */
export function gather_i32(dst: usize, src: usize, idx: usize, B: i32): void {
  for (let b = 0; b < B; b++) {
    store<i32>(dst + (<usize>b << 2), load<i32>(src + (<usize>load<i32>(idx + (<usize>b << 2)) << 2)));
  }
}

/** dst (C×R) = transpose of src (R×C). */
export function transpose_f32(dst: usize, src: usize, R: i32, C: i32): void {
  for (let r = 0; r < R; r++) {
    const row = src + (<usize>(r * C) << 2);
    for (let c = 0; c < C; c++) {
      store<f32>(dst + (<usize>(c * R + r) << 2), load<f32>(row + (<usize>c << 2)));
    }
  }
}

export function fill_f32(p: usize, n: i32, value: f32): void {
  const v = f32x4.splat(value);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) v128.store(p + (<usize>i << 2), v);
  for (let i = n4; i < n; i++) store<f32>(p + (<usize>i << 2), value);
}

/** 1 when all n floats are finite, 0 when any is NaN or ±Infinity (x − x ≠ 0). */
export function finite_f32_check(p: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let bad = i32x4.splat(0);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const x = v128.load(p + (<usize>i << 2));
    bad = v128.or(bad, f32x4.ne(f32x4.sub(x, x), zero));
  }
  if (v128.any_true(bad)) return 0;
  for (let i = n4; i < n; i++) {
    const x = load<f32>(p + (<usize>i << 2));
    if (x - x != 0) return 0;
  }
  return 1;
}
