/** The essay's experiments, by id. */
import { OptionError } from '../errors.js';
import { e1 } from './e1-disk-annulus.js';
import { e2 } from './e2-intervals.js';
import { e3 } from './e3-spirals.js';
import { e4 } from './e4-linked-tori.js';
import { e5 } from './e5-easy-way-out.js';
import { e6 } from './e6-vector-field.js';
import type { Experiment } from './types.js';

/** The essay's experiments E1–E6 by id (`e1` … `e6`); E7/E8 are {@link runMnist}. */
export const EXPERIMENTS: Record<string, Experiment> = { e1, e2, e3, e4, e5, e6 };

/** The experiment `id` (case-insensitive); throws, listing the known ids, for any other. */
export function experimentById(id: string): Experiment {
  const ex = EXPERIMENTS[id.toLowerCase()];
  if (!ex) throw new OptionError(`unknown experiment '${id}' (known: ${Object.keys(EXPERIMENTS).join(', ')})`);
  return ex;
}

export * from './types.js';
export * from './sweep.js';
export * from './shard-merge.js';
export { resolveShard, type ShardEnvironment } from './shard-env.js';
export { sweepId, canonicalJson } from './sweep-id.js';
