/**
 * L1/L2 weight penalties per layer (dense and conv2d): `{ units: 64, l2: 1e-4 }`
 * adds l1·Σ|w| + l2·Σw² over the layer's weights (not its bias) to the loss the
 * trainer minimises and reports; the kernel is assembly/kernels/weight_penalty.ts.
 * Saved with the model as `l1` / `l2` when non-zero.
 */
import { OptionError } from '../errors.js';
import { BATCH } from '../engine/abi.js';
import type { Layer } from './layer.js';
import { f32, fail, describeValue } from './json-checks.js';
import type { PlanBuilder } from './plan-builder.js';

/** A layer's L1/L2 penalty weights; both ≥ 0. */
export interface WeightPenalty {
  readonly l1: number;
  readonly l2: number;
}

export const NO_PENALTY: WeightPenalty = { l1: 0, l2: 0 };

const isPenaltyWeight = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** The penalty a spec asks for; throws naming the layer on a bad value. */
export function penaltyOfSpec(spec: { l1?: number; l2?: number }, where: string): WeightPenalty {
  for (const key of ['l1', 'l2'] as const) {
    const v = spec[key];
    if (v !== undefined && !isPenaltyWeight(v)) throw new OptionError(`${where}: ${key} must be a finite number ≥ 0, got ${String(v)}`);
  }
  return { l1: spec.l1 ?? 0, l2: spec.l2 ?? 0 };
}

/** The penalty of a saved layer (absent fields are 0, as in files written before penalties existed). */
export function penaltyOfJSON(l: Record<string, unknown>, where: string): WeightPenalty {
  const read = (key: 'l1' | 'l2'): number => {
    if (l[key] === undefined) return 0;
    const v = f32(l[key], `${where}.${key}`);
    if (!(v >= 0)) fail(`${where}.${key} must be ≥ 0, got ${describeValue(v)}`, `${where}.${key}`);
    return v;
  };
  return { l1: read('l1'), l2: read('l2') };
}

/** The fields a layer's JSON and spec carry: only the non-zero ones. */
export function penaltyFields(p: WeightPenalty): { l1?: number; l2?: number } {
  return { ...(p.l1 ? { l1: p.l1 } : {}), ...(p.l2 ? { l2: p.l2 } : {}) };
}

/** Adds the penalty's gradient to the layer's dW (after its backward wrote it) and B × its value to the stats. */
export function emitPenalty(plan: PlanBuilder, layer: Layer & { penalty: WeightPenalty }, params: number, grads: number, stats: number): void {
  const { l1, l2 } = layer.penalty;
  if (l1 === 0 && l2 === 0) return;
  plan.weightPenalty({ dw: grads + layer.offset * 4, w: params + layer.offset * 4, n: layer.weightCount, l1, l2, B: BATCH, stats });
}
