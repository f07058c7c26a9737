// A page can load two bundles that each inline src/errors.ts (untangle.browser.js
// and parallel.browser.js). An error made by one copy must still match the other
// copy's classes with instanceof, by class and by nothing broader.
import { describe, it, expect } from 'vitest';
import * as here from '../src/errors.js';

type Ctor = new (...args: unknown[]) => here.UntangleError;

/** Every error class of a copy of the module, by name. */
function errorClasses(module: Record<string, unknown>): Map<string, Ctor> {
  const base = module.UntangleError as Ctor;
  return new Map(
    Object.entries(module).filter((e): e is [string, Ctor] => typeof e[1] === 'function' && (e[1] === base || e[1].prototype instanceof base)),
  );
}

/** A second, separate instance of src/errors.ts (the query makes it another module). */
const SECOND_COPY = '../src/errors.ts?second-copy';
const secondCopy = () => import(/* @vite-ignore */ SECOND_COPY) as Promise<typeof here>;

/** An instance made with placeholder arguments. */
const make = (name: string, Class: Ctor) => (name === 'UntangleError' ? new Class('INTERNAL', 'x') : new Class('x'));

describe('instanceof across copies of the errors module', () => {
  it('a second copy is a different module with different classes', async () => {
    const copy = await secondCopy();
    expect(copy.DataError).not.toBe(here.DataError);
  });

  it('each class matches its own errors from either copy, and no other class does', async () => {
    const copy = errorClasses((await secondCopy()) as unknown as Record<string, unknown>);
    const mine = errorClasses(here as unknown as Record<string, unknown>);
    expect(copy.size).toBe(mine.size);
    expect(mine.size).toBeGreaterThan(10);
    for (const [made, FromCopy] of copy) {
      const error = make(made, FromCopy);
      for (const [name, Class] of mine) {
        const expected = name === made || name === 'UntangleError';
        expect(error instanceof Class, `${made} from the other copy instanceof ${name}`).toBe(expected);
      }
      expect(here.isUntangleError(error)).toBe(true);
    }
  });

  it('plain errors and look-alikes without the mark are not UntangleErrors', () => {
    expect(new Error('x') instanceof here.UntangleError).toBe(false);
    expect({ code: 'BAD_DATA', message: 'x' } instanceof here.DataError).toBe(false);
    expect((null as unknown) instanceof here.UntangleError).toBe(false);
  });
});
