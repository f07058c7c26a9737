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
import { flatShape, shapeSize, type LayerJSON, type Shape } from './layer.js';
import { describeValue, fail, int, MAX_SIDE } from './json-checks.js';
import { layerKind, LAYER_TYPES } from './layer-kinds.js';
import { parseDatasetRecord, type DatasetRecord } from './dataset-record.js';

export { describeValue };

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
    const kind = layerKind(l.type);
    if (!kind) fail(`${where}.type is ${describeValue(l.type)}, expected ${LAYER_TYPES.map((t) => `"${t}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`, `${where}.type`);
    const [layer, output] = kind.parse(l, shape, where);
    shape = output;
    return layer;
  });
  const last = layers[layers.length - 1]!;
  if (last.type !== 'dense') fail('the output layer must be dense (one unit per class, regression target or embedding feature)', `layers[${layers.length - 1}]`);
  const data = obj.data === undefined ? undefined : parseDatasetRecord(obj.data);
  // Top-level fields this reader does not know are passed through untouched, so a
  // file with fields added later still loads and keeps them.
  const known = new Set(['format', 'version', 'inputs', 'inputShape', 'layers', 'data']);
  const extra = Object.fromEntries(Object.entries(obj).filter(([k]) => !known.has(k)));
  return { ...extra, format: MODEL_FORMAT, version: MODEL_VERSION, inputs, inputShape, layers, ...(data && { data }) };
}
