/**
 * The results of one `untangle bench` run as a file a user can keep and
 * compare with another machine's or browser's: the rows with the machine, the
 * runtime, the wasm variant and the threads they were measured on.
 */
import type { WasmVariant } from '../engine/features.js';
import type { BenchRow } from './suite.js';

/** Where a run happened (filled by the CLI from node:os, by the page from navigator). */
export interface BenchEnvironment {
  machine: {
    /** CPU model (Node), or the platform string a browser gives. */
    cpu: string;
    /** Logical cores the runtime reports. */
    cores: number;
    platform: string;
    arch?: string;
  };
  runtime: {
    name: 'node' | 'browser';
    /** Node's version, or the browser's user agent. */
    version: string;
    /** V8's version when the runtime says it. */
    v8?: string;
  };
}

/** A whole run: environment, settings and rows. The JSON `untangle bench` writes. */
export interface BenchReport extends BenchEnvironment {
  format: 'untangle-bench';
  version: 1;
  date: string;
  /** The fastest wasm variant measured (the one `createEngine()` picks here). */
  variant: WasmVariant;
  /** Every wasm variant measured. */
  variants: WasmVariant[];
  /** Threads the timed code ran on: the suite is single-threaded. */
  threads: 1;
  quick: boolean;
  /** Peers measured, and why any peer was not. */
  peers: string[];
  rows: BenchRow[];
}

/** Builds the report of a run; `variants` must be non-empty, fastest last. */
export function benchReport(env: BenchEnvironment, variants: readonly WasmVariant[], quick: boolean, peers: readonly string[], rows: readonly BenchRow[]): BenchReport {
  return {
    format: 'untangle-bench', version: 1, date: new Date().toISOString(), ...env,
    variant: variants[variants.length - 1]!, variants: [...variants], threads: 1, quick, peers: [...peers], rows: [...rows],
  };
}

/** Column titles of the results table, in the order `benchCells` fills them. */
export const BENCH_COLUMNS = ['workload', 'who', 'size', 'median', 'best', 'unit', 'vs peer', 'of limit'] as const;

function rate(value: number): string {
  return value >= 1000 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}

/** One row as table cells (text), for the terminal and the page alike. */
export function benchCells(row: BenchRow): string[] {
  const vs = row.vsPeer === null ? '–' : `${row.vsPeer.toFixed(2)}× ${row.peer}`;
  const ofLimit = row.ofLimit === null ? '–' : row.ofLimit.toFixed(2);
  return [row.workload, row.who, String(row.size), rate(row.median), rate(row.best), row.unit, vs, ofLimit];
}
