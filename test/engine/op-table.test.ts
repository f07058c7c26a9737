import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { OPS } from '../../scripts/ops-table.mjs';
import { OP, PLAN_KERNEL_NAMES, OP_SIZES } from '../../src/engine/ops.generated.js';
import { KERNEL_NAMES, PLAN_SLOTS, perBatch } from '../../src/engine/abi.js';
import { PlanBuilder, f32Bits } from '../../src/model/plan-builder.js';
import { testEngine, VARIANT } from '../helpers/engine.js';

/** The built module's exports, instantiated without the loader so each function keeps its wasm arity. */
function rawExports(): WebAssembly.Exports {
  const bytes = readFileSync(new URL(`../../build/untangle.${VARIANT}.wasm`, import.meta.url));
  const memory = new WebAssembly.Memory({ initial: 1 });
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, abort: () => {} } }).exports;
}

/** The records a PlanBuilder holds, read back through a build into an engine. */
async function recordsOf(build: (p: PlanBuilder) => void): Promise<number[][]> {
  const engine = await testEngine();
  const builder = new PlanBuilder();
  build(builder);
  const plan = builder.build(engine);
  const view = engine.i32(plan.block.ptr, plan.count * PLAN_SLOTS);
  const rows = Array.from({ length: plan.count }, (_, i) => Array.from(view.subarray(i * PLAN_SLOTS, (i + 1) * PLAN_SLOTS)));
  plan.release();
  return rows;
}

describe('the op table and the built wasm agree', () => {
  const exports = rawExports();

  it('the generated dispatcher and TS ops are current with the table (node scripts/generate-ops.mjs --check)', () => {
    expect(() => execFileSync(process.execPath, ['scripts/generate-ops.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it.each(OPS.map((op) => [op.name, op] as const))('%s: its kernel is exported and takes exactly its slots', (_, op) => {
    const fn = exports[op.kernel];
    expect(typeof fn, `${op.kernel} is not exported`).toBe('function');
    expect((fn as (...a: number[]) => unknown).length, `${op.kernel} parameters vs ${op.name} slots`).toBe(op.args.length);
    expect(OP[op.name as keyof typeof OP]).toBe(op.code);
    for (const size of op.sizes ?? []) {
      expect((exports[size.fn] as (...a: number[]) => unknown).length, `${size.fn} parameters`).toBe(size.of.length);
    }
  });

  it('every name the engine needs is exported', () => {
    const missing = KERNEL_NAMES.filter((n) => typeof exports[n] !== 'function');
    expect(missing).toEqual([]);
    expect(new Set(PLAN_KERNEL_NAMES)).toEqual(new Set(OPS.map((op) => op.kernel)));
  });

  it('plan_run rejects a code the table does not have: −1 − its index', () => {
    const unused = Math.max(...OPS.map((op) => op.code)) + 1;
    const memory = new WebAssembly.Memory({ initial: 1 });
    const bytes = readFileSync(new URL(`../../build/untangle.${VARIANT}.wasm`, import.meta.url));
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, abort: () => {} } });
    const base = (inst.exports.heap_base as () => number)();
    const plan = new Int32Array(memory.buffer, (base + 15) & ~15, 2 * PLAN_SLOTS);
    plan[0] = OP.FILL; plan[1] = plan.byteOffset + 2 * PLAN_SLOTS * 4; plan[2] = 0; // fills nothing
    plan[PLAN_SLOTS] = unused;
    expect((inst.exports.plan_run as (p: number, c: number, b: number, o: number) => number)(plan.byteOffset, 2, 1, 0)).toBe(-2);
  });
});

describe('typed emitters write the records the raw form writes', () => {
  it('named slots in table order; f32 slots as bits; per-batch sizes kept negative', async () => {
    const typed = await recordsOf((p) => {
      p.gemmNn({ c: 64, a: 128, b: 256, M: 3, N: perBatch(5), K: 7, accumulate: 1, scratch: 512 });
      p.fill({ p: 1024, n: 17, value: 0.3 });
      p.jacobianLoss({ g: 8, t: 16, n: 3, B: perBatch(1), lambda: -2.5, stats: 32 });
    });
    const raw = await recordsOf((p) => {
      p.op(OP.GEMM_NN, 64, 128, 256, 3, -5, 7, 1, 512);
      p.op(OP.FILL, 1024, 17, f32Bits(0.3));
      p.op(OP.JACOBIAN_LOSS, 8, 16, 3, -1, f32Bits(-2.5), 32);
    });
    expect(typed).toEqual(raw);
    expect(typed[1]![3]).toBe(new Int32Array(Float32Array.of(0.3).buffer)[0]);
  });

  it('OP_SIZES asks the kernel for a sized slot, resolving per-batch sizes', async () => {
    const engine = await testEngine();
    const k = engine.kernels;
    expect(OP_SIZES.gemmNn_scratch(k, { M: 9, N: perBatch(3), K: 33 }, 17)).toBe(k.gemm_f32_scratch_floats(9, 51, 33));
    expect(OP_SIZES.vectorFieldFwd_work(k, { K: 5, B: perBatch(1) }, 33)).toBe(k.vector_field_f32_work_floats(5, 33));
    expect(OP_SIZES.convPackFilters_wp(k, { F: 6, patch: 25 }, 1)).toBe(k.conv_packed_filters_floats(6, 25));
  });
});
