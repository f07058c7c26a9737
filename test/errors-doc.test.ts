// docs/errors.md is the reference users match errors against: every error class
// exported from the library, with its code and its own fields, must be there.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import * as main from '../src/index.js';
import { UntangleError } from '../src/errors.js';

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');

/** Every exported UntangleError subclass (and the base), by name. */
const classes = Object.entries(main).filter(
  (entry): entry is [string, typeof UntangleError] =>
    typeof entry[1] === 'function' && (entry[1] === UntangleError || entry[1].prototype instanceof UntangleError),
);

/** An instance built with placeholder arguments, to read its code and own fields. */
function sample(Class: typeof UntangleError): UntangleError {
  const Ctor = Class as unknown as new (...args: unknown[]) => UntangleError;
  return Class === UntangleError ? new Ctor('INTERNAL', 'sample') : new Ctor('sample', 1, 2);
}

describe('docs/errors.md', () => {
  it('finds the error classes', () => {
    expect(classes.length).toBeGreaterThan(10);
  });

  for (const [name, Class] of classes.filter(([n]) => n !== 'UntangleError')) {
    it(`documents ${name}: its code, and its fields in the table`, () => {
      const e = sample(Class);
      expect(e.name).toBe(name);
      expect(doc).toContain(`### \`${name}\` — \`${e.code}\``);
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, `table row of ${name}`).toBeDefined();
      expect(row).toContain(`\`${e.code}\``);
      const base = new Set(Object.keys(new UntangleError('INTERNAL', 'x')));
      for (const field of Object.keys(e).filter((k) => !base.has(k))) expect(row, `${name}.${field}`).toMatch(new RegExp(`\`${field}\\??\``));
    });
  }

  it('lists each code once in the table', () => {
    const codes = classes.map(([, Class]) => sample(Class).code).filter((c, i, all) => all.indexOf(c) === i);
    for (const code of codes) {
      expect(doc.match(new RegExp(`^\\| \`\\w+\` \\| \`${code}\` \\|`, 'gm'))?.length ?? 0, code).toBe(1);
    }
  });
});
