/** The losses by name: one file each (softmax.ts, knn.ts, mse.ts) implementing loss.ts. */
import { OptionError } from '../errors.js';
import type { KnnLossOptions } from '../train/options.js';
import { KnnLoss } from './knn.js';
import { MseLoss } from './mse.js';
import { SoftmaxLoss } from './softmax.js';
import type { Loss, LossName } from './loss.js';

export type { Loss, LossName, LossBuffers, EvaluationKind } from './loss.js';
export { SoftmaxLoss } from './softmax.js';
export { MseLoss } from './mse.js';
export { KnnLoss, knnLoss, type KnnLossCallOptions, type KnnLossResult } from './knn.js';

export const LOSSES: readonly LossName[] = ['softmax', 'knn', 'mse'];

/** The loss `name` with its options (the k-NN options resolved, see resolveFitOptions). */
export function createLoss(name: LossName, knn?: Required<KnnLossOptions>): Loss {
  if (name === 'softmax') return new SoftmaxLoss();
  if (name === 'mse') return new MseLoss();
  if (name === 'knn') {
    if (!knn) throw new OptionError('the k-NN loss needs its resolved options', 'knn');
    return new KnnLoss(knn);
  }
  throw new OptionError(`unknown loss '${String(name)}' (known: ${LOSSES.join(', ')})`, 'loss');
}
