/**
 * Argument helpers on node:util parseArgs: typed number/list options with
 * errors that name the flag, and a UsageError the entry point prints as one line.
 */
import { UsageError } from '../errors.js';

export { UsageError };

export function numberOption(value: string | undefined, flag: string, fallback: number, opts: { integer?: boolean; min?: number; max?: number } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} expects a number, got '${value}'`);
  if (opts.integer && !Number.isInteger(n)) throw new UsageError(`--${flag} expects an integer, got '${value}'`);
  if (opts.min !== undefined && n < opts.min) throw new UsageError(`--${flag} must be ≥ ${opts.min}, got ${value}`);
  if (opts.max !== undefined && n > opts.max) throw new UsageError(`--${flag} must be ≤ ${opts.max}, got ${value}`);
  return n;
}

/** "8,8,3" → [8, 8, 3]; an empty string → []. */
export function listOption(value: string | undefined, flag: string, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  if (value.trim() === '') return [];
  return value.split(',').map((part) => {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} expects positive integers separated by commas, got '${value}'`);
    return n;
  });
}

export function choiceOption<T extends string>(value: string | undefined, flag: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}; got '${value}'`);
  return value as T;
}
