// `npx untangle` runs dist/cli.js through a symlink in node_modules/.bin, which
// needs the executable bit; the build sets it (rollup alone writes 0644).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const CLI = join(ROOT, 'dist', 'cli.js');

describe('the untangle command after a build', () => {
  it('dist/cli.js is executable by everyone and starts with a node shebang', () => {
    expect(statSync(CLI).mode & 0o777).toBe(0o755);
    expect(readFileSync(CLI, 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env node');
  });

  it('runs as a program, without naming node', () => {
    const out = execFileSync(CLI, ['--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/untangle/);
  }, 30_000);
});
