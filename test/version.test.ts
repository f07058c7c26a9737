import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../src/version.js';

describe('VERSION', () => {
  it('is package.json\'s version (sweep ids and shard files record it)', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')).version);
  });
});
