/**
 * Checkpoints as files (Node only). Saving writes a temporary file beside the
 * target, flushes it, and renames it over: a crash or a full disk mid-write
 * leaves the previous checkpoint intact, never half of a new one.
 */
import { CheckpointError } from '../errors.js';
import type { Checkpoint } from './checkpoint.js';

/** Writes a checkpoint to `path` atomically (temporary file, flushed, then renamed); Node only. */
export async function saveCheckpoint(checkpoint: Checkpoint, path: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const file = await fs.open(tmp, 'w');
    try {
      await file.writeFile(JSON.stringify(checkpoint));
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new CheckpointError(`cannot save checkpoint to ${path}: ${(e as Error).message}`, path);
  }
}

/** Reads a checkpoint file; whether it fits a model and data is checked when training resumes from it. */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  const fs = await import('node:fs/promises');
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new CheckpointError(`cannot read checkpoint ${path}: ${(e as Error).message}`, path);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`checkpoint ${path} is not JSON: ${(e as Error).message}`, path);
  }
  if (typeof value !== 'object' || value === null || (value as Checkpoint).format !== 'untangle-checkpoint') {
    throw new CheckpointError(`${path} is not an Untangle checkpoint`, path);
  }
  return value as Checkpoint;
}
