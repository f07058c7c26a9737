/**
 * `--checkpoint DIR` and `--resume` for the training commands: a checkpoint
 * written atomically after every epoch (a killed run loses at most one epoch),
 * and a run that goes on from it with the bits it would have had uninterrupted.
 */
import { join } from 'node:path';
import type { Checkpoint } from '../train/checkpoint.js';
import { loadCheckpoint, saveCheckpoint } from '../train/checkpoint-file.js';
import { UsageError } from './args.js';

/** parseArgs options to spread into a command's. */
export const CHECKPOINT_ARGS = { checkpoint: { type: 'string' }, resume: { type: 'boolean' } } as const;

export const CHECKPOINT_HELP =
  '  --checkpoint DIR     write DIR/FILE after every epoch (atomically: temp file + rename)\n' +
  '  --resume             go on from the checkpoint in --checkpoint DIR (same options and data)\n';

export interface CheckpointOption {
  /** The checkpoint to go on from (with --resume), else undefined. */
  resume?: Checkpoint;
  /** Writes the trainer's checkpoint (a no-op without --checkpoint). */
  save(trainer: { checkpoint(): Checkpoint | Promise<Checkpoint> }): Promise<void>;
}

/** Reads --checkpoint / --resume; `file` is the checkpoint's name inside DIR (e.g. one per seed). */
export async function checkpointOption(values: { checkpoint?: string; resume?: boolean }, file = 'checkpoint.json'): Promise<CheckpointOption> {
  const dir = values.checkpoint;
  if (values.resume && !dir) throw new UsageError('--resume needs --checkpoint DIR (where the checkpoint is)');
  if (!dir) return { save: async () => {} };
  const path = join(dir, file);
  const resume = values.resume ? await loadCheckpoint(path) : undefined;
  const fs = await import('node:fs/promises');
  await fs.mkdir(dir, { recursive: true });
  return {
    resume,
    save: async (trainer) => saveCheckpoint(await trainer.checkpoint(), path),
  };
}

interface Checkpointable {
  setLearningRate(lr: number): void | Promise<void>;
  checkpoint(): Checkpoint | Promise<Checkpoint>;
}

/**
 * Wraps a trainer factory for runMnist: the trainer starts from --resume's
 * checkpoint, and saves one each time runMnist sets the decayed learning rate
 * at the end of an epoch — after it, so the checkpoint holds the next epoch's rate.
 */
export function checkpointing<M, D, O extends object, T extends Checkpointable>(
  option: CheckpointOption,
  make: (model: M, data: D, options: O) => T | Promise<T>,
): (model: M, data: D, options: O) => Promise<T> {
  return async (model, data, options) => {
    const trainer = await make(model, data, { ...options, resume: option.resume });
    const set = trainer.setLearningRate.bind(trainer);
    trainer.setLearningRate = async (lr: number) => {
      await set(lr);
      await option.save(trainer);
    };
    return trainer;
  };
}
