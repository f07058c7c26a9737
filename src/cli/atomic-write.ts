/**
 * Writing a file so that readers see the old file or the whole new one, never
 * a part: shard files land on a volume that other tasks (and the merge step)
 * read while shards are still being written, and a task may be killed at any
 * moment. The temporary file sits in the same folder (rename is atomic only
 * within one file system), starts with a dot and ends in .tmp (so a glob such
 * as `e1.shard-*.json` never picks it up), and its name includes the host name,
 * because every container's first process has pid 1.
 */
import { open, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `data` to `path` atomically: temp file in the same folder, flushed to disk, renamed over `path`. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(data);
      await file.sync(); // on network volumes, the data must be there before the name is
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** writeFileAtomic of `JSON.stringify(value)` and a newline: the one serialisation sweep files use. */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(value) + '\n');
}
