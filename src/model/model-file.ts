/**
 * Saving and loading models as files (Node only). Saving writes a temporary
 * file beside the target, flushes it and renames it over, so a crash, a full
 * disk or a model that cannot be serialised never leaves a half-written model
 * where a good one was.
 */
import type { Engine } from '../engine/engine.js';
import { Model } from './model.js';
import { parseModelJSON, stringifyModel } from './model-json.js';
import { ModelFileError, UntangleError } from '../errors.js';
import type { DatasetRecord } from './dataset-record.js';

let saves = 0;

/**
 * Writes `model` to `path` atomically (temporary file in the same folder, then rename).
 * `data` records what the model was trained on (docs/model-format.md, `data`).
 * The text is checked with the reader first, so a model that could not be loaded again
 * (e.g. a non-finite weight) is refused with a ModelFileError naming the value and the old
 * file stays as it was. −0 and subnormal weights keep their bits.
 */
export async function saveModel(model: Model, path: string, data?: DatasetRecord): Promise<void> {
  const fs = await import('node:fs/promises');
  let text: string;
  try {
    text = stringifyModel({ ...model.toJSON(), ...(data && { data }) });
    parseModelJSON(text);
  } catch (e) {
    if (e instanceof ModelFileError) throw new ModelFileError(`cannot save model to ${path}: ${e.message}`, e.path, path);
    if (e instanceof UntangleError) throw e;
    throw new ModelFileError(`cannot save model to ${path}: ${(e as Error).message}`, undefined, path);
  }
  // pid + counter + random: two saves in one millisecond (or two processes) never share a name.
  const tmp = `${path}.${process.pid}.${++saves}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new ModelFileError(`cannot save model to ${path}: ${(e as Error).message}`, undefined, path);
  }
}

/**
 * Reads a model saved by `saveModel` (or any file in docs/model-format.md; a UTF-8 BOM is
 * allowed). Throws a ModelFileError with `file` set, and `path` the JSON path of the first
 * bad value.
 */
export async function loadModel(engine: Engine, path: string): Promise<Model> {
  return (await loadModelFile(engine, path)).model;
}

/** Like `loadModel`, and also the data set the file records (undefined when it records none). */
export async function loadModelFile(engine: Engine, path: string): Promise<{ model: Model; data?: DatasetRecord }> {
  const fs = await import('node:fs/promises');
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new ModelFileError(`cannot read model file ${path}: ${(e as Error).message}`, undefined, path);
  }
  try {
    const json = parseModelJSON(text);
    const model = Model.fromJSON(engine, json);
    return json.data ? { model, data: json.data } : { model };
  } catch (e) {
    if (e instanceof ModelFileError) throw new ModelFileError(`${path}: ${e.message}`, e.path, path);
    throw e;
  }
}
