// A plan is a whole batch's work as a list of kernel calls, built once by the TS
// model at build time and run with one call per training step, so the step
// costs one JS→wasm crossing instead of one per kernel.
//
// Record layout: PLAN_SLOTS i32 per op: [opcode, arg1 … arg11]. Pointers are
// byte offsets into this memory. A negative dimension −k means "k times the
// current batch size" passed to plan_run (−1: the batch; −Ho·Wo: every output
// pixel of every example), so one plan serves full and partial batches. Index
// pointers of gather ops are advanced by `offset` elements, so step s of an
// epoch reads its slice of the shuffled order.
//
// Which op calls which kernel with which slots is the op table
// (scripts/ops-table.mjs); plan_run, the switch over it, is generated into
// plan_dispatch.generated.ts. It returns 0, or 1 + the index of the guard op
// that found a NaN/∞ (the remaining ops, e.g. the optimiser update, are then
// not run), or −1 − the index of an unknown op.

export const PLAN_SLOTS: i32 = 12;

@inline export function arg(op: usize, i: i32): i32 {
  return load<i32>(op + (<usize>i << 2));
}

@inline export function ptr(op: usize, i: i32): usize {
  return <usize>load<i32>(op + (<usize>i << 2));
}

@inline export function dim(op: usize, i: i32, batch: i32): i32 {
  const d = load<i32>(op + (<usize>i << 2));
  return d < 0 ? -d * batch : d;
}
