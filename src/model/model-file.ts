/**
 * Saving and loading models as files (Node only). Saving writes a temporary
 * file beside the target and renames it over, so a crash or a full disk never
 * leaves a half-written model where a good one was.
 */
import type { Engine } from '../engine/engine.js';
import { Model } from './model.js';

/**
 * Writes `model` as JSON to `path` (Node only), atomically: a temporary file is renamed over the target.
 *
 * @example
 * ```ts
 * await saveModel(model, 'out/model.json');
 * const again = await loadModel(engine, 'out/model.json');
 * ```
 */
export async function saveModel(model: Model, path: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const text = JSON.stringify(model.toJSON());
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(tmp, text);
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new Error(`cannot save model to ${path}: ${(e as Error).message}`);
  }
}

/** Reads a model saved by {@link saveModel} (Node only) into `engine`; the error names the file and what is wrong in it. */
export async function loadModel(engine: Engine, path: string): Promise<Model> {
  const fs = await import('node:fs/promises');
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read model file ${path}: ${(e as Error).message}`);
  }
  try {
    return Model.fromJSON(engine, text);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
