// Property-based tests of the CLI argument helpers and of a command's option parsing:
// valid values round-trip, anything else is a UsageError naming the flag, never a TypeError.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { choiceOption, listOption, numberOption, parseCommandArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/errors.js';
import { expectNamedOutcome, fuzzParams, textMutation } from '../helpers/fuzz.js';

const bounds = fc.record({
  integer: fc.boolean(),
  min: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
  span: fc.integer({ min: 0, max: 100000 }),
});

describe('numberOption, listOption, choiceOption', () => {
  it('a value in range, written in any decimal form, reads back exactly', () => {
    fc.assert(
      fc.property(bounds, fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.constantFrom('', ' ', '\t'), (b, v, pad) => {
        const value = b.integer ? Math.round(v) : v;
        const min = b.min ?? -1e6;
        const max = min + b.span;
        fc.pre(value >= min && value <= max);
        const text = pad + (Object.is(value, -0) ? '-0' : String(value)) + pad;
        expect(numberOption(text, 'x', NaN, { integer: b.integer, min, max })).toBe(value);
      }),
      fuzzParams(800),
    );
  });

  it('any other text is a UsageError naming the flag (or a number in range)', async () => {
    await fc.assert(
      fc.asyncProperty(bounds, fc.oneof(fc.string(), fc.stringMatching(/^[-+.eE0-9x ]{0,12}$/), fc.constantFrom('Infinity', 'NaN', '0x10', '1e400', '1_000', '', ' ')), fc.array(textMutation(), { maxLength: 2 }), async (b, raw, edits) => {
        const text = edits.reduce((t, e) => e(t), raw);
        const min = b.min;
        const max = min === undefined ? undefined : min + b.span;
        await expectNamedOutcome(() => numberOption(text, 'epochs', 0, { integer: b.integer, min, max }), [UsageError], (n) => {
          expect(Number.isFinite(n)).toBe(true);
          if (b.integer) expect(Number.isInteger(n)).toBe(true);
          if (min !== undefined) expect(n).toBeGreaterThanOrEqual(min);
          if (max !== undefined) expect(n).toBeLessThanOrEqual(max);
        });
        try {
          numberOption(text, 'epochs', 0, { integer: b.integer, min, max });
        } catch (e) {
          expect((e as Error).message).toMatch(/^--epochs /);
          expect((e as Error).message).not.toMatch(/\n/);
        }
      }),
      fuzzParams(1200),
    );
  });

  it('lists of positive integers round-trip; anything else is a UsageError', async () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2 ** 31 }), { minLength: 1, maxLength: 6 }), (xs) => {
        expect(listOption(xs.join(','), 'layers', [])).toEqual(xs);
        expect(listOption(xs.join(' , '), 'layers', [])).toEqual(xs);
      }),
      fuzzParams(300),
    );
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.array(textMutation(), { maxLength: 2 }), async (raw, edits) => {
        const text = edits.reduce((t, e) => e(t), raw);
        await expectNamedOutcome(() => listOption(text, 'layers', []), [UsageError], (xs) => {
          for (const x of xs) expect(Number.isSafeInteger(x) && x >= 1).toBe(true);
        });
      }),
      fuzzParams(600),
    );
  });

  it('choices are exact: anything not listed is a UsageError', () => {
    const choices = ['adam', 'sgd', 'momentum'] as const;
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...choices), fc.string()), (v) => {
        if ((choices as readonly string[]).includes(v)) expect(choiceOption(v, 'optimizer', choices, 'adam')).toBe(v);
        else expect(() => choiceOption(v, 'optimizer', choices, 'adam')).toThrow(UsageError);
      }),
      fuzzParams(300),
    );
  });
});

// The option block of `untangle train`, parsed the way the command parses it.
const TRAIN_OPTIONS = {
  data: { type: 'string' }, csv: { type: 'string' }, label: { type: 'string' },
  n: { type: 'string' }, turns: { type: 'string' }, noise: { type: 'string' },
  layers: { type: 'string' }, activation: { type: 'string' }, optimizer: { type: 'string' },
  lr: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
  'test-fraction': { type: 'string' }, seed: { type: 'string' }, variant: { type: 'string' },
  out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

function parseTrain(argv: string[]): Record<string, unknown> {
  const { values } = parseCommandArgs({ args: argv, options: TRAIN_OPTIONS, allowPositionals: false, strict: true });
  return {
    seed: numberOption(values.seed, 'seed', 1, { integer: true }),
    layers: listOption(values.layers, 'layers', [8, 8]),
    optimizer: choiceOption(values.optimizer, 'optimizer', ['sgd', 'momentum', 'adam'] as const, 'adam'),
    lr: numberOption(values.lr, 'lr', 0.02, { min: Number.MIN_VALUE }),
    epochs: numberOption(values.epochs, 'epochs', 300, { integer: true, min: 1 }),
    batch: numberOption(values.batch, 'batch', 32, { integer: true, min: 1 }),
    testFraction: numberOption(values['test-fraction'], 'test-fraction', 0.25, { min: 0, max: 0.9 }),
    n: numberOption(values.n, 'n', 1000, { integer: true, min: 4 }),
  };
}

describe('a command line of `untangle train`', () => {
  const flag = fc.constantFrom(...Object.keys(TRAIN_OPTIONS).map((k) => `--${k}`), '-h', '--', '-x', '--unknown', '--lr=', '--epochs=3', '-');
  const word = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('3', '0', '-1', '8,8', '1e9', 'adam', 'x'));
  it('random argv: options parsed, or a UsageError (never a TypeError from parseArgs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(flag, word), { maxLength: 8 }), async (argv) => {
        await expectNamedOutcome(() => parseTrain(argv), [UsageError], (o) => {
          expect(Number.isInteger(o.epochs) && (o.epochs as number) >= 1).toBe(true);
        });
      }),
      fuzzParams(1000),
    );
  });

  it('a valid command line round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), fc.array(fc.integer({ min: 1, max: 512 }), { maxLength: 4 }), fc.integer({ min: 1, max: 1e6 }), (epochs, layers, seed) => {
        const o = parseTrain(['--epochs', String(epochs), '--layers', layers.join(','), `--seed=${seed}`]);
        expect(o).toMatchObject({ epochs, layers, seed });
      }),
      fuzzParams(300),
    );
  });
});
