/**
 * The header every exported object carries, and the conversion of exports
 * (typed arrays inside) to JSON (plain number arrays, same layout). The fields
 * of each kind are documented in docs/export-schema.md.
 */
import { DataError, OptionError } from '../errors.js';

/** The `schema` field of every export. */
export const EXPORT_SCHEMA = 'untangle-export';
/** The schema version every export carries; it changes when a layout does. */
export const EXPORT_VERSION = 1;

/** What an export holds; one function makes each kind. */
export type ExportKind = 'decision-regions' | 'representations' | 'layer-animation' | 'network-animation' | 'training-film' | 'prediction-grid';
/** Every {@link ExportKind}. */
export const EXPORT_KINDS: readonly ExportKind[] = ['decision-regions', 'representations', 'layer-animation', 'network-animation', 'training-film', 'prediction-grid'];

/** The fields every export starts with, so a reader can check what it got (see {@link checkExportHeader}). */
export interface ExportHeader<K extends ExportKind = ExportKind> {
  schema: typeof EXPORT_SCHEMA;
  version: typeof EXPORT_VERSION;
  kind: K;
}

export function header<K extends ExportKind>(kind: K): ExportHeader<K> {
  return { schema: EXPORT_SCHEMA, version: EXPORT_VERSION, kind };
}

/** An axis-aligned box: min[d] ≤ x_d ≤ max[d]. */
export interface Box {
  readonly min: readonly number[];
  readonly max: readonly number[];
}

/** A typed-array-holding export as it looks after `exportToJSON`. */
export type Jsonified<T> = T extends Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array
  ? number[]
  : T extends readonly (infer E)[]
    ? Jsonified<E>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** Options of {@link exportToJSON}. */
export interface JsonOptions {
  /**
   * Significant digits for float values. Default: values of Float32Arrays get the
   * fewest of 6…9 significant digits that read back as the same float32; float64
   * values are kept as they are.
   */
  digits?: number;
}

/**
 * A deep copy of an export with every typed array turned into a number array,
 * ready for JSON.stringify. Non-finite floats (which no export produces) become null.
 */
export function exportToJSON<T>(value: T, options: JsonOptions = {}): Jsonified<T> {
  const digits = options.digits;
  if (digits !== undefined && !(Number.isInteger(digits) && digits >= 1 && digits <= 17)) {
    throw new OptionError(`exportToJSON: digits must be an integer in 1…17, got ${digits}`);
  }
  return convert(value, digits) as Jsonified<T>;
}

function convert(value: unknown, digits: number | undefined): unknown {
  if (value instanceof Float32Array) return Array.from(value, (x) => shortFloat(x, digits, true));
  if (value instanceof Float64Array) return Array.from(value, (x) => shortFloat(x, digits, false));
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map((v) => convert(v, digits));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v !== 'function') out[k] = convert(v, digits);
    return out;
  }
  if (typeof value === 'number' && digits !== undefined) return shortFloat(value, digits, false);
  return value;
}

function shortFloat(x: number, digits: number | undefined, f32: boolean): number | null {
  if (!Number.isFinite(x)) return null;
  if (x === 0 || Number.isInteger(x)) return x;
  if (digits !== undefined) return Number(x.toPrecision(digits));
  if (!f32) return x;
  for (let p = 6; p < 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return Number(x.toPrecision(9));
}

/**
 * Checks that `value` is an export of this schema and version (and of `kind`,
 * when given); throws naming the mismatch. Returns the header.
 */
export function checkExportHeader(value: unknown, kind?: ExportKind): ExportHeader {
  if (value === null || typeof value !== 'object') throw new DataError('not an untangle export: expected an object');
  const v = value as Record<string, unknown>;
  if (v.schema !== EXPORT_SCHEMA) throw new DataError(`not an untangle export: schema is ${JSON.stringify(v.schema)}, expected '${EXPORT_SCHEMA}'`);
  if (v.version !== EXPORT_VERSION) throw new DataError(`unsupported export version ${JSON.stringify(v.version)} (this library reads version ${EXPORT_VERSION})`);
  if (!EXPORT_KINDS.includes(v.kind as ExportKind)) throw new DataError(`unknown export kind ${JSON.stringify(v.kind)} (known: ${EXPORT_KINDS.join(', ')})`);
  if (kind && v.kind !== kind) throw new DataError(`expected an export of kind '${kind}', got '${String(v.kind)}'`);
  return { schema: EXPORT_SCHEMA, version: EXPORT_VERSION, kind: v.kind as ExportKind };
}
