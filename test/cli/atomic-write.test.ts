import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile, readdir, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../src/cli/atomic-write.js';

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-atomic-'));
    const path = join(dir, 'e1.shard-0-of-2.json');
    await writeJsonAtomic(path, { a: 1 });
    await Promise.all([1, 2, 3, 4].map((n) => writeJsonAtomic(path, { a: n, pad: 'x'.repeat(100_000 * n) })));
    const text = await readFile(path, 'utf8');
    const value = JSON.parse(text);
    expect(text).toBe(JSON.stringify(value) + '\n');
    expect(value.pad.length).toBe(100_000 * value.a);
    expect(await readdir(dir)).toEqual(['e1.shard-0-of-2.json']);
  });

  it('on failure leaves neither a partial file nor its temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'untangle-atomic-'));
    await mkdir(join(dir, 'taken')); // renaming a file over a folder fails
    await expect(writeFileAtomic(join(dir, 'taken'), 'data')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });
});
