/**
 * Reading and merging shard files from disk for `untangle merge`: files or
 * folders in, one merged `<experiment>.json` per sweep out.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DataFileError } from '../errors.js';
import { asSweepFile, mergeSweepFiles, ShardMergeError, type SweepEnvelope } from '../experiments/shard-merge.js';
import { writeJsonAtomic } from './atomic-write.js';

const SHARD_NAME = /\.shard-\d+-of-\d+\.json$/;

/** Files as given; a folder stands for the shard files (`*.shard-i-of-n.json`) in it. */
export async function shardPaths(args: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const isDir = await stat(arg).then((s) => s.isDirectory(), () => false);
    if (!isDir) out.push(arg);
    else out.push(...(await readdir(arg)).filter((n) => SHARD_NAME.test(n)).sort().map((n) => join(arg, n)));
  }
  return out;
}

/**
 * Reads one shard file. A file that is not complete JSON (cut short by a task
 * that died while writing without an atomic rename, or by a full disk) is a
 * partial shard, named by its file name.
 */
export async function readShardFile(path: string): Promise<SweepEnvelope> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new DataFileError(`merge: cannot read ${path}: ${(e as Error).message}`, { file: path });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ShardMergeError(`merge: ${basename(path)} is not complete JSON (${text.length} bytes): a partial shard, rerun it`, 'partial', [basename(path)]);
  }
  return asSweepFile(value, basename(path));
}

/**
 * Merges the shard files at `paths`, one merge per experiment, and writes each
 * to `out` (only with one experiment) or `<folder of its first file>/<experiment>.json`.
 * Returns what was written.
 */
export async function mergeShardFiles(paths: string[], out?: string): Promise<{ path: string; merged: SweepEnvelope; shards: number }[]> {
  if (paths.length === 0) throw new DataFileError('merge: no shard files found (names like e1.shard-0-of-4.json)');
  const files = await Promise.all(paths.map(readShardFile));
  const groups = new Map<string, number[]>();
  files.forEach((f, i) => groups.set(f.experiment, [...(groups.get(f.experiment) ?? []), i]));
  if (out !== undefined && groups.size > 1) throw new DataFileError(`merge: --out names one file, but the shards are of ${[...groups.keys()].join(', ')}`);
  const written = [];
  for (const [experiment, at] of groups) {
    const merged = mergeSweepFiles(at.map((i) => files[i]!), at.map((i) => basename(paths[i]!)));
    const path = out ?? join(dirname(paths[at[0]!]!), `${experiment}.json`);
    await writeJsonAtomic(path, merged);
    written.push({ path, merged, shards: at.length });
  }
  return written;
}
