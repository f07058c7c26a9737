/**
 * Shared timing and reporting for every benchmark in bench/.
 *
 * Why it looks like this:
 * - V8 first runs a wasm function in its baseline compiler (about 5× slower) and only later in the
 *   optimising tier, and JS goes through the same kind of tier-up, so every measurement starts with
 *   warm-up calls that are never counted.
 * - Fast ops (a 64×64 GEMM takes microseconds) are timed in samples of many calls, so the clock's
 *   resolution and the cost of reading it do not enter the figure; slow ops take one call a sample.
 * - The machine is shared (2 cores, other work running), so we report the median, which ignores
 *   stray slow samples, and the minimum, the best the code did; never the mean.
 * - Results go to bench/results/<name>.json (for scripts) and <name>.md (for people), written
 *   through a .tmp file and renamed, so a killed run never leaves a half-written table.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { measure, type MeasureOptions, type Measurement } from '../src/bench/measure.js';

/** One column of a results table: the row key, its heading, and decimals for numbers. */
export interface Column {
  key: string;
  title?: string;
  /** Decimals shown for numbers (default: 3 significant digits). */
  digits?: number;
}

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

function formatCell(value: Cell, digits: number | undefined): string {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  if (digits !== undefined) return value.toFixed(digits);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs === 0) return '0';
  return value.toPrecision(3);
}

/** A markdown table of `rows`, one column per entry of `columns`, padded to line up in a terminal. */
export function formatTable(rows: readonly Row[], columns: readonly (Column | string)[]): string {
  const cols: Column[] = columns.map((c) => (typeof c === 'string' ? { key: c } : c));
  const head = cols.map((c) => c.title ?? c.key);
  const body = rows.map((r) => cols.map((c) => formatCell(r[c.key], c.digits)));
  const width = head.map((h, j) => Math.max(h.length, ...body.map((b) => b[j]!.length), 3));
  const line = (cells: string[]) => `| ${cells.map((s, j) => s.padEnd(width[j]!)).join(' | ')} |`;
  return [line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** Where the machine stood while a benchmark ran: goes into every results file. */
export function environmentInfo(): Record<string, string | number> {
  const cpu = cpus()[0];
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: cpu?.model ?? 'unknown',
    cores: cpus().length,
    loadavg1: Number(loadavg()[0]!.toFixed(2)),
    date: new Date().toISOString(),
  };
}

/** The bench/results folder, found from this file's location (not the working directory). */
/** The value after `--name` on the command line, or `fallback` when it is absent. */
export function argument(name: string): string | undefined;
export function argument(name: string, fallback: string): string;
export function argument(name: string, fallback?: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return (at >= 0 ? process.argv[at + 1] : undefined) ?? fallback;
}

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Writes bench/results/<name>.json (rows, columns, notes and environment) and
 * bench/results/<name>.md (the same rows as a markdown table, notes below it).
 * Returns the markdown table.
 */
export function writeResults(
  name: string,
  rows: readonly Row[],
  columns: readonly (Column | string)[],
  notes: readonly string[] = [],
): string {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`writeResults: name '${name}' must be a plain file name`);
  mkdirSync(resultsDir, { recursive: true });
  const env = environmentInfo();
  const cols: Column[] = columns.map((c) => (typeof c === 'string' ? { key: c } : c));
  const table = formatTable(rows, cols);
  writeAtomic(join(resultsDir, `${name}.json`), `${JSON.stringify({ name, env, columns: cols, rows, notes }, null, 2)}\n`);
  const envLine = `Node ${env.node} (V8 ${env.v8}), ${env.cpu}, ${env.cores} cores, load ${env.loadavg1}, ${env.date}`;
  const md = [`# ${name}`, '', envLine, '', table, '', ...notes.map((n) => `- ${n}`), ''].join('\n');
  writeAtomic(join(resultsDir, `${name}.md`), md);
  return table;
}
