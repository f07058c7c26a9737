/**
 * Options that take one value or a comma-separated list (`--lr 1e-3,3e-3`):
 * each value is checked like a single number option, and the list becomes one
 * axis of a hyper-parameter grid.
 */
import { numberOption, UsageError } from './args.js';

export function numberListOption(value: string | undefined, flag: string, fallback: number, opts: { integer?: boolean; min?: number; max?: number } = {}): number[] {
  if (value === undefined) return [fallback];
  const parts = value.split(',');
  if (parts.some((p) => p.trim() === '')) throw new UsageError(`--${flag} expects a number or numbers separated by commas, got '${value}'`);
  return parts.map((p) => numberOption(p.trim(), flag, fallback, opts));
}
