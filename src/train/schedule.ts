/**
 * Learning-rate schedules over the whole run: the run is `epochs` × steps per
 * epoch steps (T), the first W = round(warmup · T) of them warm up linearly,
 * the rest decay from the peak `learningRate` towards `final` · learningRate:
 *
 *   warm-up  (s < W):   lr(s) = lr · (s + 1) / W
 *   decay    (s ≥ W):   p = (s − W) / (T − W) ∈ [0, 1)
 *                       cosine:   lr · (final + (1 − final) · (1 + cos πp) / 2)
 *                       linear:   lr · (final + (1 − final) · (1 − p))
 *                       constant: lr
 *
 * Because the schedule spans the run the caller asked for, its last step runs
 * at a rate close to `final` · lr, whatever the number of epochs: short runs
 * get the benefit of annealing too. A step past the run (a trainer stepped
 * beyond `epochs`) keeps the last rate of the decay, `final` · lr.
 * Warm-up then cosine decay to about zero is the one-cycle policy of Smith &
 * Topin (2019) with a cosine second half.
 */
import { OptionError } from '../errors.js';

/** How the rate moves after the warm-up: half a cosine, a straight line, or not at all. */
export type LearningRateDecay = 'cosine' | 'linear' | 'constant';
/** Every {@link LearningRateDecay}. */
export const LEARNING_RATE_DECAYS: readonly LearningRateDecay[] = ['cosine', 'linear', 'constant'];

/**
 * A learning-rate schedule over the whole run (`epochs` × steps per epoch),
 * set before every step: a linear warm-up to `learningRate`, then a decay to
 * `final` × `learningRate` at the last step.
 *
 * @example
 * ```ts
 * // One-cycle style: a fifth of the run warming up, then half a cosine down to ~0.
 * fit(model, train, { epochs: 3, learningRate: 4e-3, schedule: { decay: 'cosine', warmup: 0.2 } });
 * ```
 */
export interface LearningRateSchedule {
  /** 'cosine', 'linear' or 'constant' after the warm-up. */
  decay: LearningRateDecay;
  /** Fraction of the run's steps spent warming up linearly from ~0 to `learningRate`, in [0, 1) (default 0). */
  warmup?: number;
  /** The rate the decay ends at, as a fraction of `learningRate`, in [0, 1] (default 0). */
  final?: number;
}

/** Checks a schedule's values (OptionError naming e.g. `schedule.warmup`) and fills in the defaults. */
export function resolveSchedule(schedule: LearningRateSchedule | undefined): Required<LearningRateSchedule> | undefined {
  if (schedule === undefined) return undefined;
  if (typeof schedule !== 'object' || schedule === null) throw new OptionError(`schedule must be an object { decay, warmup?, final? }, got ${String(schedule)}`, 'schedule');
  const { decay, warmup = 0, final = 0 } = schedule;
  if (!LEARNING_RATE_DECAYS.includes(decay)) throw new OptionError(`unknown schedule.decay '${String(decay)}' (known: ${LEARNING_RATE_DECAYS.join(', ')})`, 'schedule.decay');
  if (!(typeof warmup === 'number' && warmup >= 0 && warmup < 1)) throw new OptionError(`schedule.warmup must be a fraction of the run in [0, 1), got ${String(warmup)}`, 'schedule.warmup');
  if (!(typeof final === 'number' && final >= 0 && final <= 1)) throw new OptionError(`schedule.final must be a fraction of learningRate in [0, 1], got ${String(final)}`, 'schedule.final');
  return { decay, warmup, final };
}

/**
 * The learning rate of step `s` (0-based, counted from the start of the run)
 * of a run of `total` steps with peak rate `peak`.
 */
export function scheduledRate(schedule: Required<LearningRateSchedule>, peak: number, s: number, total: number): number {
  const warm = Math.round(schedule.warmup * total);
  if (s < warm) return (peak * (s + 1)) / warm;
  if (schedule.decay === 'constant') return peak;
  const p = Math.min(1, (s - warm) / Math.max(1, total - warm));
  const shape = schedule.decay === 'cosine' ? (1 + Math.cos(Math.PI * p)) / 2 : 1 - p;
  return peak * (schedule.final + (1 - schedule.final) * shape);
}
