/**
 * Checks that output locations can be written before a command starts work,
 * so a bad `--out` fails in a second, naming the path, instead of after
 * minutes of training. The check is real: the folder is created and a probe
 * file is written and removed (permissions alone do not tell, e.g. for root,
 * read-only mounts or /proc).
 */
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OptionError } from '../errors.js';

/**
 * Creates `dir` (with its parents) if needed and proves it writable with a probe
 * file. Throws OptionError naming the option and the path otherwise.
 */
export async function ensureWritableDir(dir: string, option = 'out'): Promise<void> {
  const probe = join(dir, `.untangle-write-probe-${process.pid}`);
  try {
    await makeDir(dir);
    await writeFile(probe, '');
  } catch (e) {
    throw new OptionError(`--${option}: cannot write to '${dir}' (${reason(e)})`, option);
  }
  // The probe is gone or was never there; a failure to remove it is not the user's problem.
  await unlink(probe).catch(() => {});
}

/** Checks that a file can be written at `file`: its folder is created and probed as above. */
export async function ensureWritableFile(file: string, option = 'out'): Promise<void> {
  await ensureWritableDir(dirname(file), option);
}

const REASONS: Record<string, string> = {
  ENOENT: 'the folder cannot be created there',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'part of the path is a file',
  EEXIST: 'a file of that name is in the way',
  ENOSPC: 'no space left on the device',
};

/**
 * mkdir -p, one level at a time: Node 20's `mkdir(…, { recursive: true })` never
 * settles for a path like /proc/nope, where the parent exists but refuses children.
 */
async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    // A parent that exists means the ENOENT is not about a missing folder: give up.
    if (await stat(parent).then(() => true, () => false)) throw e;
    await makeDir(parent);
    await mkdir(dir);
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${REASONS[err.code] ?? 'not writable'}, ${err.code}` : String(err.message ?? e);
}
