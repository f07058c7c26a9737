/**
 * Checks for the values of a saved model (docs/model-format.md): each failure is
 * a ModelFileError whose `path` is the JSON path of the bad value. The model
 * reader and every layer's `parse` (its part of the file) use them.
 */
import { ACTIVATIONS, type ActivationName } from './activation.js';
import { ModelFileError } from '../errors.js';
import type { Shape } from './layer.js';

/** Throws a ModelFileError; `path` is the JSON path of the bad value ('' for the whole file). */
export function fail(message: string, path = ''): never {
  throw new ModelFileError(`invalid model file: ${message}`, path);
}

/** A short description of any JS value for a message (JSON.stringify throws on BigInt and cycles). */
export function describeValue(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n (a BigInt)`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return String(typeof v === 'symbol' ? 'a symbol' : v === undefined ? 'undefined' : 'a function');
  try {
    const text = JSON.stringify(v);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  } catch {
    return `a ${typeof v}`;
  }
}

/**
 * A float32 parameter: a finite number whose float32 rounding is finite. With `nonZero`,
 * a value that is or rounds to 0 is refused too (a scale of 1e-46 would load as 0).
 */
export function f32(v: unknown, where: string, nonZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where} is ${describeValue(v)}, not a finite number`, where);
  const r = Math.fround(v);
  if (!Number.isFinite(r)) fail(`${where} is ${v}, beyond the float32 range (±3.4e38)`, where);
  if (nonZero && r === 0) fail(v === 0 ? `${where} is 0` : `${where} is ${v}, which rounds to 0 in float32`, where);
  return v;
}

export function numberArray(value: unknown, length: number, where: string, nonZero = false): number[] {
  if (!Array.isArray(value)) fail(`${where} must be an array`, where);
  if (value.length !== length) fail(`${where} has ${value.length} numbers, expected ${length}`, where);
  // A for loop, not forEach: forEach skips the holes of a sparse array, which would load as NaN.
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) fail(`${where}[${i}] is a hole in the array, not a number`, `${where}[${i}]`);
    f32(value[i], `${where}[${i}]`, nonZero);
  }
  return value as number[];
}

/** Widths, anchors; the model builder's own limits, checked here so a file's error names its path. */
export const MAX_UNITS = 1 << 16;
/** Image sides, channels, filters, padding. */
export const MAX_SIDE = 4096;
/** Kernel, pooling size, strides. */
export const MAX_WINDOW = 64;

export function int(value: unknown, where: string, min = 1, max = MAX_UNITS): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`${where} must be an integer in ${min}…${max}, got ${describeValue(value)}`, where);
  }
  return value;
}

export function activationOf(value: unknown, where: string): ActivationName {
  if (typeof value !== 'string' || !ACTIVATIONS.includes(value as ActivationName)) {
    fail(`${where} ${describeValue(value)} is unknown (known: ${ACTIVATIONS.join(', ')})`, where);
  }
  return value as ActivationName;
}

/** Fails unless a saved image layer's `inputShape` is the previous layer's output. */
export function sameShape(raw: unknown, shape: Shape, where: string): Shape {
  const s = raw as Record<string, unknown> | undefined;
  if (!s || s.channels !== shape.channels || s.height !== shape.height || s.width !== shape.width) {
    fail(`${where}.inputShape ${describeValue(s)} does not match the previous layer's output ${describeValue(shape)}`, `${where}.inputShape`);
  }
  return shape;
}
