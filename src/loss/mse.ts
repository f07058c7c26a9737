/**
 * Mean squared error for regression (see assembly/kernels/mse.ts): the mean
 * over the batch and the T outputs of (y − t)², gradient 2(y − t)/(B·T). The
 * output layer is linear-or-anything of width T = the data's targetDim.
 */
import { BATCH, OP } from '../engine/abi.js';
import type { Dataset } from '../data/dataset.js';
import { DataError } from '../errors.js';
import type { PlanBuilder } from '../model/plan-builder.js';
import type { Loss, LossBuffers } from './loss.js';

export class MseLoss implements Loss {
  readonly name = 'mse' as const;
  readonly needs = 'targets' as const;
  readonly evaluates = 'regression' as const;

  checkData(data: Dataset, units: number, what: string): void {
    if (!data.targets) throw new DataError(`${what}: data set '${data.name}' has no regression targets; the mse loss needs them (Dataset.targets)`, 'targets');
    if (data.targetDim !== units) {
      throw new DataError(`${what}: data set '${data.name}' has ${data.targetDim} targets per point, the model's output layer ${units} units`, 'targets');
    }
  }

  emit(plan: PlanBuilder, b: LossBuffers): void {
    plan.op(OP.MSE, b.dy, b.y, b.targets, b.units, BATCH, b.stats);
  }

  toJSON() {
    return { loss: this.name };
  }
}

/**
 * R² = 1 − Σ(y − t)² / Σ(t − t̄)², pooled over the T outputs (t̄ per output), from
 * the MSE over all n·T entries (so the residual sum is mse·n·T); NaN for constant targets.
 */
export function rSquared(mse: number, targets: ArrayLike<number>, T: number): number {
  const n = targets.length / T;
  let total = 0;
  for (let r = 0; r < T; r++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += targets[i * T + r]!;
    mean /= n;
    for (let i = 0; i < n; i++) total += (targets[i * T + r]! - mean) ** 2;
  }
  return total > 0 ? 1 - (mse * n * T) / total : NaN;
}
