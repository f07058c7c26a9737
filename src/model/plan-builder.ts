/**
 * Collects kernel calls into a plan (see assembly/plan.ts) and writes it into
 * the engine's memory, so a whole step runs with one `plan_run` call. Layers
 * append ops with the typed emitters of PlanOps (generated from the op table);
 * `op` is the raw record form they all go through.
 */
import { InternalError } from '../errors.js';
import { PLAN_SLOTS } from '../engine/abi.js';
import { PlanOps } from '../engine/ops.generated.js';
import type { Block } from '../engine/arena.js';
import type { Engine } from '../engine/engine.js';

export class PlanBuilder extends PlanOps {
  private readonly records: number[][] = [];

  /** Appends one op: its code and up to PLAN_SLOTS − 1 integer arguments. */
  override op(code: number, ...args: number[]): this {
    if (args.length >= PLAN_SLOTS) throw new InternalError(`plan op ${code}: ${args.length} arguments, at most ${PLAN_SLOTS - 1}`);
    for (const a of args) {
      if (!Number.isInteger(a) || a < -0x7fffffff || a > 0x7fffffff) throw new InternalError(`plan op ${code}: argument ${a} is not a valid pointer or size`);
    }
    this.records.push([code, ...args]);
    return this;
  }

  get length(): number {
    return this.records.length;
  }

  /** Writes the records into a new block; the caller releases it. */
  build(engine: Engine): Plan {
    const block = engine.alloc(Math.max(1, this.records.length) * PLAN_SLOTS * 4);
    const view = engine.i32(block.ptr, this.records.length * PLAN_SLOTS);
    view.fill(0);
    this.records.forEach((r, i) => view.set(r, i * PLAN_SLOTS));
    return new Plan(engine, block, this.records.length);
  }
}

export class Plan {
  constructor(private readonly engine: Engine, readonly block: Block, readonly count: number) {}

  /**
   * Runs ops [from, to) of the plan for a batch of `batch` examples starting
   * `offset` into the index list. Returns 0, 1 + the index of the guard op
   * that stopped it, or −1 − the index of an unknown op.
   */
  run(batch: number, offset = 0, from = 0, to = this.count): number {
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= this.count)) {
      throw new InternalError(`plan: op range [${from}, ${to}) is outside 0…${this.count}`);
    }
    if (from === to) return 0;
    const status = this.engine.kernels.plan_run(this.block.ptr + from * PLAN_SLOTS * 4, to - from, batch, offset);
    return status === 0 ? 0 : status > 0 ? status + from : status - from;
  }

  release(): void {
    this.engine.release(this.block);
  }
}

export { f32Bits } from '../engine/f32-bits.js';
