/**
 * Timing one operation the way every Untangle benchmark does, in Node and in
 * browsers (only the global `performance` clock is used).
 *
 * - V8 first runs wasm (and JS) in a baseline tier several times slower than
 *   the optimised one, so warm-up calls come first and are never counted.
 * - Fast ops are timed in samples of many calls so the clock's resolution
 *   does not enter the figure; slow ops take one call a sample.
 * - Machines are shared and noisy: the median of the samples is reported (it
 *   ignores stray slow ones) and the minimum (the best the code did), never the mean.
 */
import { OptionError } from '../errors.js';

/** How long and how often `measure` samples. */
export interface MeasureOptions {
  /** Keep sampling until this much time (seconds) has been spent in samples. Default 0.3. */
  minTime?: number;
  /** Uncounted calls before timing starts. Default 3. */
  warmup?: number;
  /** Stop after this many calls even if minTime is not reached. Default 100 000. */
  maxReps?: number;
  /** At least this many samples, even past minTime. Default 3. */
  minSamples?: number;
  /** Target length of one sample (seconds): fast ops are called several times per sample. Default 0.002. */
  sampleTime?: number;
}

/** The outcome of `measure`: per-call times over the timed samples. */
export interface Measurement {
  /** Median time of one call over all samples, milliseconds. */
  medianMs: number;
  /** Fastest time of one call over all samples, milliseconds. */
  minMs: number;
  /** Calls timed (warm-up excluded). */
  reps: number;
  /** Samples the median and minimum were taken over. */
  samples: number;
}

/**
 * Times `fn` after warming it up: the median and minimum time of one call.
 * `fn` must do the same work on every call and leave nothing behind that makes the next call slower.
 */
export function measure(fn: () => void, options: MeasureOptions = {}): Measurement {
  const minTime = options.minTime ?? 0.3;
  const warmup = options.warmup ?? 3;
  const maxReps = options.maxReps ?? 100_000;
  const minSamples = options.minSamples ?? 3;
  const sampleTime = options.sampleTime ?? 0.002;
  if (!(minTime >= 0 && warmup >= 0 && maxReps >= 1 && minSamples >= 1 && sampleTime > 0)) {
    throw new OptionError(`measure: bad options ${JSON.stringify(options)}`);
  }

  let lastMs = 0;
  for (let i = 0; i < warmup; i++) {
    const t0 = performance.now();
    fn();
    lastMs = performance.now() - t0;
  }
  if (warmup === 0) {
    const t0 = performance.now();
    fn();
    lastMs = performance.now() - t0;
  }

  // Calls per sample, from the last warm-up call (at least 1).
  const perSample = Math.max(1, Math.min(maxReps, Math.floor((sampleTime * 1000) / Math.max(lastMs, 1e-4))));
  const perCall: number[] = [];
  let spentMs = 0;
  let reps = 0;
  while (reps + perSample <= maxReps || perCall.length < minSamples) {
    const t0 = performance.now();
    for (let i = 0; i < perSample; i++) fn();
    const dt = performance.now() - t0;
    perCall.push(dt / perSample);
    spentMs += dt;
    reps += perSample;
    if (spentMs >= minTime * 1000 && perCall.length >= minSamples) break;
  }
  perCall.sort((a, b) => a - b);
  const mid = perCall.length >> 1;
  const medianMs = perCall.length % 2 === 1 ? perCall[mid]! : (perCall[mid - 1]! + perCall[mid]!) / 2;
  return { medianMs, minMs: perCall[0]!, reps, samples: perCall.length };
}

