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
 * gives back the same bits.
 */
import { ACTIVATIONS, type ActivationName } from './activation.js';
import type { DenseJSON } from './dense.js';
import type { Conv2DJSON } from './conv2d.js';
import type { MaxPoolJSON } from './maxpool.js';
import type { VectorFieldJSON } from './vector-field.js';
import { flatShape, shapeSize, type LayerJSON, type Shape } from './layer.js';

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
}

/** What `parseModelJSON` returns: the file, checked, with the input shape resolved. */
export type ParsedModel = ModelJSON & { inputShape: Shape };

function fail(message: string): never {
  throw new Error(`invalid model file: ${message}`);
}

function numberArray(value: unknown, length: number, where: string): number[] {
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  if (value.length !== length) fail(`${where} has ${value.length} numbers, expected ${length}`);
  value.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where}[${i}] is ${JSON.stringify(v)}, not a finite number`);
  });
  return value as number[];
}

function int(value: unknown, where: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(`${where} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return value;
}

function activationOf(value: unknown, where: string): ActivationName {
  if (typeof value !== 'string' || !ACTIVATIONS.includes(value as ActivationName)) {
    fail(`${where} ${JSON.stringify(value)} is unknown (known: ${ACTIVATIONS.join(', ')})`);
  }
  return value as ActivationName;
}

/** Checks a parsed JSON value against the format; throws naming the first problem. */
export function parseModelJSON(json: unknown): ParsedModel {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (e) {
      fail(`not JSON (${(e as Error).message})`);
    }
  }
  if (typeof json !== 'object' || json === null) fail('expected a JSON object');
  const obj = json as Record<string, unknown>;
  if (obj.format !== MODEL_FORMAT) fail(`format is ${JSON.stringify(obj.format)}, expected "${MODEL_FORMAT}"`);
  if (obj.version !== MODEL_VERSION) fail(`version ${JSON.stringify(obj.version)} is not supported (this library reads version ${MODEL_VERSION})`);
  const inputs = int(obj.inputs, 'inputs');
  let inputShape = flatShape(inputs);
  if (obj.inputShape !== undefined) {
    const s = obj.inputShape as Record<string, unknown>;
    inputShape = { channels: int(s?.channels, 'inputShape.channels'), height: int(s?.height, 'inputShape.height'), width: int(s?.width, 'inputShape.width') };
    if (shapeSize(inputShape) !== inputs) fail(`inputShape has ${shapeSize(inputShape)} features but inputs is ${inputs}`);
  }
  if (!Array.isArray(obj.layers) || obj.layers.length === 0) fail('layers must be a non-empty array');
  let shape = inputShape;
  const layers = obj.layers.map((raw: unknown, i: number): LayerJSON => {
    const where = `layers[${i}]`;
    if (typeof raw !== 'object' || raw === null) fail(`${where} must be an object`);
    const l = raw as Record<string, unknown>;
    const width = shapeSize(shape);
    if (l.type === 'dense') {
      if (l.inputs !== width) fail(`${where}.inputs is ${JSON.stringify(l.inputs)}, but the previous layer gives ${width}`);
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
      if (l.inputs !== width || l.units !== width) fail(`${where}: inputs and units must both be ${width} (the previous layer's width), got ${JSON.stringify(l.inputs)} and ${JSON.stringify(l.units)}`);
      const anchors = int(l.anchors, `${where}.anchors`);
      for (const flag of ['learnAnchors', 'learnScales', 'anchorsFromData'] as const) {
        if (typeof l[flag] !== 'boolean') fail(`${where}.${flag} must be true or false, got ${JSON.stringify(l[flag])}`);
      }
      if (l.scale !== undefined && !(typeof l.scale === 'number' && Number.isFinite(l.scale) && l.scale > 0)) fail(`${where}.scale must be a number > 0, got ${JSON.stringify(l.scale)}`);
      const scales = numberArray(l.scales, anchors, `${where}.scales`);
      scales.forEach((v, k) => { if (v === 0) fail(`${where}.scales[${k}] is 0`); });
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
        fail(`${where}.inputShape ${JSON.stringify(s)} does not match the previous layer's output ${JSON.stringify(shape)}`);
      }
      if (l.type === 'maxpool') {
        const size = int(l.size, `${where}.size`), stride = int(l.stride, `${where}.stride`);
        const layer: MaxPoolJSON = { type: 'maxpool', inputShape: shape, size, stride };
        shape = { channels: shape.channels, height: Math.floor((shape.height - size) / stride) + 1, width: Math.floor((shape.width - size) / stride) + 1 };
        if (shape.height < 1 || shape.width < 1) fail(`${where}: the pooling window does not fit its input`);
        return layer;
      }
      const filters = int(l.filters, `${where}.filters`), kernel = int(l.kernel, `${where}.kernel`);
      const stride = int(l.stride, `${where}.stride`), padding = int(l.padding, `${where}.padding`, 0);
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
      if (shape.height < 1 || shape.width < 1) fail(`${where}: the kernel does not fit its input`);
      return layer;
    }
    fail(`${where}.type is ${JSON.stringify(l.type)}, expected "dense", "conv2d", "maxpool" or "vectorfield"`);
  });
  const last = layers[layers.length - 1]!;
  if (last.type !== 'dense' || last.units < 2) fail('the output layer must be dense with at least 2 units (one per class)');
  return { format: MODEL_FORMAT, version: MODEL_VERSION, inputs, inputShape, layers };
}
