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

export const MODEL_FORMAT = 'untangle-model';
export const MODEL_VERSION = 1;

export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  version: number;
  inputs: number;
  layers: DenseJSON[];
}

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

/** Checks a parsed JSON value against the format; throws naming the first problem. */
export function parseModelJSON(json: unknown): ModelJSON {
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
  const inputs = obj.inputs;
  if (typeof inputs !== 'number' || !Number.isInteger(inputs) || inputs < 1) fail(`inputs must be a positive integer, got ${JSON.stringify(inputs)}`);
  if (!Array.isArray(obj.layers) || obj.layers.length === 0) fail('layers must be a non-empty array');
  let width = inputs;
  const layers = obj.layers.map((raw: unknown, i: number): DenseJSON => {
    const where = `layers[${i}]`;
    if (typeof raw !== 'object' || raw === null) fail(`${where} must be an object`);
    const l = raw as Record<string, unknown>;
    if (l.type !== 'dense') fail(`${where}.type is ${JSON.stringify(l.type)}, expected "dense"`);
    if (l.inputs !== width) fail(`${where}.inputs is ${JSON.stringify(l.inputs)}, but the previous layer gives ${width}`);
    const units = l.units;
    if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) fail(`${where}.units must be a positive integer`);
    if (typeof l.activation !== 'string' || !ACTIVATIONS.includes(l.activation as ActivationName)) {
      fail(`${where}.activation ${JSON.stringify(l.activation)} is unknown (known: ${ACTIVATIONS.join(', ')})`);
    }
    const layer: DenseJSON = {
      type: 'dense',
      inputs: width,
      units,
      activation: l.activation as ActivationName,
      weights: numberArray(l.weights, units * width, `${where}.weights`),
      bias: numberArray(l.bias, units, `${where}.bias`),
    };
    width = units;
    return layer;
  });
  if (width < 2) fail(`the output layer has ${width} unit; a classifier needs at least 2`);
  return { format: MODEL_FORMAT, version: MODEL_VERSION, inputs, layers };
}
