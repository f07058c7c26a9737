/**
 * Argument helpers on node:util parseArgs: typed number/list options with
 * errors that name the flag, and a UsageError the entry point prints as one line.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { isDecimalText } from '../data/number-text.js';

export { UsageError };

/**
 * A number flag: plain decimal text only (no hex, no "Infinity", no blanks), finite, in
 * range; a missing flag gives `fallback`. Throws a UsageError naming `--flag`.
 */
export function numberOption(value: string | undefined, flag: string, fallback: number, opts: { integer?: boolean; min?: number; max?: number } = {}): number {
  if (value === undefined) return fallback;
  const text = value.trim();
  const n = Number(text);
  if (!isDecimalText(text) || !Number.isFinite(n)) throw new UsageError(`--${flag} expects a number, got '${clip(value)}'`);
  if (opts.integer && !Number.isSafeInteger(n)) throw new UsageError(`--${flag} expects an integer, got '${clip(value)}'`);
  if (opts.min !== undefined && n < opts.min) throw new UsageError(`--${flag} must be ≥ ${opts.min}, got ${clip(value)}`);
  if (opts.max !== undefined && n > opts.max) throw new UsageError(`--${flag} must be ≤ ${opts.max}, got ${clip(value)}`);
  return n;
}

/** "8,8,3" → [8, 8, 3]; an empty string → []. Each part a positive safe integer, else a UsageError. */
export function listOption(value: string | undefined, flag: string, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  if (value.trim() === '') return [];
  return value.split(',').map((part) => {
    const text = part.trim();
    const n = Number(text);
    if (!isDecimalText(text) || !Number.isSafeInteger(n) || n < 1) {
      throw new UsageError(`--${flag} expects positive integers separated by commas, got '${clip(value)}'`);
    }
    return n;
  });
}

/** One of `choices` (exact text); a missing flag gives `fallback`. Throws a UsageError listing them. */
export function choiceOption<T extends string>(value: string | undefined, flag: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}; got '${clip(value)}'`);
  return value as T;
}

/**
 * `parseArgs` whose errors (unknown flag, missing value, stray positional) are UsageErrors,
 * so every command-line problem reaches the user as one line with the same exit status.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((e as Error).message);
    throw e;
  }
}

/** Long arguments are cut in messages so one line stays one line. */
function clip(s: string): string {
  const one = s.replace(/[\r\n]+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}…` : one;
}
