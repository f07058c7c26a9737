/**
 * The saved-model format (documented in docs/model-format.md):
 *
 *   { "format": "untangle-model", "version": 1, "inputs": 2,
 *     "layers": [ { "type": "dense", "inputs": 2, "units": 8, "activation": "tanh",
 *                   "weights": [ … units·inputs numbers, row-major … ],
 *                   "bias": [ … units numbers … ] }, … ] }
 *
 * Numbers are the f32 parameters written as JSON doubles; every f32 is exactly
 * a double and JSON prints the shortest round-tripping form, so save → load
 * gives back the same bits (`stringifyModel` also keeps −0, which JSON.stringify
 * writes as 0). A value float32 cannot hold (beyond ±3.4e38, or a positive value
 * that rounds to 0 where 0 is invalid) is refused by its JSON path, never loaded
 * as ±Infinity or 0.
 */
import { ACTIVATIONS, type ActivationName } from './activation.js';
import type { DenseJSON } from './dense.js';
import type { Conv2DJSON } from './conv2d.js';
import type { MaxPoolJSON } from './maxpool.js';
import type { VectorFieldJSON } from './vector-field.js';
import { flatShape, shapeSize, type LayerJSON, type Shape } from './layer.js';
import { ModelFileError } from '../errors.js';
import { parseDatasetRecord, type DatasetRecord } from './dataset-record.js';

/** The `format` field of every saved model. */
export const MODEL_FORMAT = 'untangle-model';
/** The version of the saved-model format this release writes (and the newest it reads). */
export const MODEL_VERSION = 1;

/** A saved model as plain JSON (docs/model-format.md in the repository describes every field). */
export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  version: number;
  /** Features per input point. */
  inputs: number;
  /** Image shape of the input (convolutional networks only). */
  inputShape?: Shape;
  layers: LayerJSON[];
  /** What the model was trained on, when recorded (`untangle export` draws it by default). */
  data?: DatasetRecord;
}

/** What `parseModelJSON` returns: the file, checked, with the input shape resolved. */
export type ParsedModel = ModelJSON & { inputShape: Shape };

/** Throws a ModelFileError; `path` is the JSON path of the bad value ('' for the whole file). */
function fail(message: string, path = ''): never {
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
function f32(v: unknown, where: string, nonZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where} is ${describeValue(v)}, not a finite number`, where);
  const r = Math.fround(v);
  if (!Number.isFinite(r)) fail(`${where} is ${v}, beyond the float32 range (±3.4e38)`, where);
  if (nonZero && r === 0) fail(v === 0 ? `${where} is 0` : `${where} is ${v}, which rounds to 0 in float32`, where);
  return v;
}

function numberArray(value: unknown, length: number, where: string, nonZero = false): number[] {
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
const MAX_UNITS = 1 << 16;
/** Image sides, channels, filters, padding. */
const MAX_SIDE = 4096;
/** Kernel, pooling size, strides. */
const MAX_WINDOW = 64;

function int(value: unknown, where: string, min = 1, max = MAX_UNITS): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`${where} must be an integer in ${min}…${max}, got ${describeValue(value)}`, where);
  }
  return value;
}

function activationOf(value: unknown, where: string): ActivationName {
  if (typeof value !== 'string' || !ACTIVATIONS.includes(value as ActivationName)) {
    fail(`${where} ${describeValue(value)} is unknown (known: ${ACTIVATIONS.join(', ')})`, where);
  }
  return value as ActivationName;
}

/**
 * The model as JSON text, like JSON.stringify but writing −0 as `-0` (JSON.stringify writes
 * 0), so every float32 parameter comes back with the same bits. `saveModel` uses it.
 */
export function stringifyModel(json: ModelJSON): string {
  return JSON.stringify(json, (_key, value: unknown) => {
    if (Array.isArray(value) && value.some((v) => Object.is(v, -0))) {
      return value.map((v) => (Object.is(v, -0) ? NEGATIVE_ZERO : v));
    }
    return value;
  }).replaceAll(`"${NEGATIVE_ZERO}"`, '-0');
}

/** A marker string no model file holds (its strings are fixed names: types, activations, the format). */
const NEGATIVE_ZERO = 'untangle:negative-zero';

/**
 * Checks a parsed JSON value (or JSON text, a leading UTF-8 BOM allowed) against the format;
 * throws a ModelFileError whose `path` is the JSON path of the first bad value.
 */
export function parseModelJSON(json: unknown): ParsedModel {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
    } catch (e) {
      fail(`not JSON (${(e as Error).message})`);
    }
  }
  if (typeof json !== 'object' || json === null) fail('expected a JSON object');
  const obj = json as Record<string, unknown>;
  if (obj.format !== MODEL_FORMAT) fail(`format is ${describeValue(obj.format)}, expected "${MODEL_FORMAT}"`, 'format');
  if (obj.version !== MODEL_VERSION) fail(`version ${describeValue(obj.version)} is not supported (this library reads version ${MODEL_VERSION})`, 'version');
  const inputs = int(obj.inputs, 'inputs');
  let inputShape = flatShape(inputs);
  if (obj.inputShape !== undefined) {
    const s = obj.inputShape as Record<string, unknown>;
    inputShape = { channels: int(s?.channels, 'inputShape.channels', 1, MAX_SIDE), height: int(s?.height, 'inputShape.height', 1, MAX_SIDE), width: int(s?.width, 'inputShape.width', 1, MAX_SIDE) };
    if (shapeSize(inputShape) !== inputs) fail(`inputShape has ${shapeSize(inputShape)} features but inputs is ${inputs}`, 'inputShape');
  }
  if (!Array.isArray(obj.layers) || obj.layers.length === 0) fail('layers must be a non-empty array', 'layers');
  let shape = inputShape;
  // Array.from visits holes too (map would skip them and leave undefined layers behind).
  const layers = Array.from(obj.layers as unknown[], (raw: unknown, i: number): LayerJSON => {
    const where = `layers[${i}]`;
    if (typeof raw !== 'object' || raw === null) fail(`${where} must be an object`, where);
    const l = raw as Record<string, unknown>;
    const width = shapeSize(shape);
    if (l.type === 'dense') {
      if (l.inputs !== width) fail(`${where}.inputs is ${describeValue(l.inputs)}, but the previous layer gives ${width}`, `${where}.inputs`);
      const units = int(l.units, `${where}.units`);
      const layer: DenseJSON = {
        type: 'dense', inputs: width, units, activation: activationOf(l.activation, `${where}.activation`),
        weights: numberArray(l.weights, units * width, `${where}.weights`),
        bias: numberArray(l.bias, units, `${where}.bias`),
      };
      shape = flatShape(units);
      return layer;
    }
    if (l.type === 'vectorfield') {
      if (l.inputs !== width || l.units !== width) fail(`${where}: inputs and units must both be ${width} (the previous layer's width), got ${describeValue(l.inputs)} and ${describeValue(l.units)}`, `${where}.inputs`);
      const anchors = int(l.anchors, `${where}.anchors`);
      for (const flag of ['learnAnchors', 'learnScales', 'anchorsFromData'] as const) {
        if (typeof l[flag] !== 'boolean') fail(`${where}.${flag} must be true or false, got ${describeValue(l[flag])}`, `${where}.${flag}`);
      }
      if (l.scale !== undefined && !(f32(l.scale, `${where}.scale`, true) > 0)) fail(`${where}.scale must be a number > 0, got ${describeValue(l.scale)}`, `${where}.scale`);
      const scales = numberArray(l.scales, anchors, `${where}.scales`, true);
      const layer: VectorFieldJSON = {
        type: 'vectorfield', inputs: width, units: width, anchors,
        learnAnchors: l.learnAnchors as boolean, learnScales: l.learnScales as boolean, anchorsFromData: l.anchorsFromData as boolean,
        vectors: numberArray(l.vectors, anchors * width, `${where}.vectors`),
        centres: numberArray(l.centres, anchors * width, `${where}.centres`),
        scales,
      };
      if (l.scale !== undefined) layer.scale = l.scale as number;
      return layer;
    }
    if (l.type === 'conv2d' || l.type === 'maxpool') {
      const s = l.inputShape as Record<string, unknown> | undefined;
      if (!s || s.channels !== shape.channels || s.height !== shape.height || s.width !== shape.width) {
        fail(`${where}.inputShape ${describeValue(s)} does not match the previous layer's output ${describeValue(shape)}`, `${where}.inputShape`);
      }
      if (l.type === 'maxpool') {
        const size = int(l.size, `${where}.size`, 1, MAX_WINDOW), stride = int(l.stride, `${where}.stride`, 1, MAX_WINDOW);
        const layer: MaxPoolJSON = { type: 'maxpool', inputShape: shape, size, stride };
        shape = { channels: shape.channels, height: Math.floor((shape.height - size) / stride) + 1, width: Math.floor((shape.width - size) / stride) + 1 };
        if (shape.height < 1 || shape.width < 1) fail(`${where}: the pooling window does not fit its input`, `${where}.size`);
        return layer;
      }
      const filters = int(l.filters, `${where}.filters`, 1, MAX_SIDE), kernel = int(l.kernel, `${where}.kernel`, 1, MAX_WINDOW);
      const stride = int(l.stride, `${where}.stride`, 1, MAX_WINDOW), padding = int(l.padding, `${where}.padding`, 0, MAX_SIDE);
      const layer: Conv2DJSON = {
        type: 'conv2d', inputShape: shape, filters, kernel, stride, padding, activation: activationOf(l.activation, `${where}.activation`),
        weights: numberArray(l.weights, filters * shape.channels * kernel * kernel, `${where}.weights`),
        bias: numberArray(l.bias, filters, `${where}.bias`),
      };
      shape = {
        channels: filters,
        height: Math.floor((shape.height + 2 * padding - kernel) / stride) + 1,
        width: Math.floor((shape.width + 2 * padding - kernel) / stride) + 1,
      };
      if (shape.height < 1 || shape.width < 1) fail(`${where}: the kernel does not fit its input`, `${where}.kernel`);
      return layer;
    }
    fail(`${where}.type is ${describeValue(l.type)}, expected "dense", "conv2d", "maxpool" or "vectorfield"`, `${where}.type`);
  });
  const last = layers[layers.length - 1]!;
  if (last.type !== 'dense') fail('the output layer must be dense (one unit per class, regression target or embedding feature)', `layers[${layers.length - 1}]`);
  const data = obj.data === undefined ? undefined : parseDatasetRecord(obj.data);
  return { format: MODEL_FORMAT, version: MODEL_VERSION, inputs, inputShape, layers, ...(data && { data }) };
}
