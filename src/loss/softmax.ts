/**
 * Softmax cross-entropy of the last layer's output (see
 * assembly/kernels/softmax_xent.ts): the mean over the batch of −log p_y.
 */
import { BATCH, OP } from '../engine/abi.js';
import type { Dataset } from '../data/dataset.js';
import { DataError } from '../errors.js';
import type { PlanBuilder } from '../model/plan-builder.js';
import type { Loss, LossBuffers } from './loss.js';

export class SoftmaxLoss implements Loss {
  readonly name = 'softmax' as const;
  readonly needs = 'labels' as const;
  readonly evaluates = 'classification' as const;

  checkData(data: Dataset, units: number, what: string): void {
    if (data.targets) throw new DataError(`${what}: data set '${data.name}' holds regression targets; the softmax loss needs class labels (use loss 'mse')`, 'targets');
    if (data.classes > units) {
      throw new DataError(`${what}: data set '${data.name}' has ${data.classes} classes, the model's output layer only ${units}`, 'y');
    }
  }

  emit(plan: PlanBuilder, b: LossBuffers): void {
    plan.op(OP.SOFTMAX_XENT, 0, b.dy, b.y, b.labels, b.units, BATCH, b.stats);
  }

  toJSON() {
    return { loss: this.name };
  }
}
