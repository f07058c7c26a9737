// Property-based tests of the CSV and IDX readers: random valid files round-trip bit for bit;
// random mutations end in a named error (or a valid data set), quickly, never a TypeError or a hang.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { parseCsv } from '../../src/data/csv.js';
import { parseIdx, parseIdxRaw, idxDataset, type IdxType } from '../../src/data/idx.js';
import { validateDataset } from '../../src/data/dataset.js';
import { DataError, DataFileError, OptionError } from '../../src/errors.js';
import { expectNamedOutcome, fuzzParams, textMutation } from '../helpers/fuzz.js';

const f32 = fc.float({ noNaN: true, noDefaultInfinity: true });
const bitsOf = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** A float32 as CSV text that reads back to the same bits (String(-0) is "0"). */
const cell = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

const csvLabel = fc.oneof(
  fc.constantFrom('cat', 'dog', 'a, "quoted" one', ' spaced', '12345678901234567890', '12345678901234567891', '-0.5', '1e-400', '007'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_ ]{0,6}[A-Za-z0-9]$/),
);

const csvFile = fc
  .record({
    dim: fc.integer({ min: 1, max: 4 }),
    rows: fc.integer({ min: 2, max: 12 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .chain((s) =>
    fc.record({
      s: fc.constant(s),
      x: fc.array(f32, { minLength: s.dim * s.rows, maxLength: s.dim * s.rows }),
      labels: fc.uniqueArray(csvLabel, { minLength: 2, maxLength: 2 }).chain((two) =>
        fc.array(fc.oneof(csvLabel, fc.constantFrom(...two)), { minLength: s.rows - 2, maxLength: s.rows - 2 }).map((rest) => [...two, ...rest]),
      ),
    }),
  );

/** The exact value class of a label as the reader promises: equal decimals are one class, other text by itself. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/; // short cells only here, so backtracking is harmless

function writeCsv(f: { s: { dim: number; rows: number; delimiter: string; crlf: boolean; bom: boolean }; x: number[]; labels: string[] }): string {
  const q = (t: string): string => `"${t.replace(/"/g, '""')}"`;
  const eol = f.s.crlf ? '\r\n' : '\n';
  const head = [...Array.from({ length: f.s.dim }, (_, j) => `f${j}`), 'label'].join(f.s.delimiter);
  const lines = [head];
  for (let i = 0; i < f.s.rows; i++) {
    const xs = f.x.slice(i * f.s.dim, (i + 1) * f.s.dim).map(cell);
    lines.push([...xs, q(f.labels[i]!)].join(f.s.delimiter));
  }
  return (f.s.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

/** Reader options as a caller might pass them, sensible or not. */
const csvOptions = fc.record(
  {
    labelColumn: fc.oneof(fc.integer({ min: -6, max: 6 }), fc.constantFrom('label', 'f0', 'nope', ''), fc.double()),
    header: fc.constantFrom<boolean | 'auto'>(true, false, 'auto'),
    delimiter: fc.constantFrom<',' | ';' | '\t'>(',', ';', '\t', '|' as ','),
  },
  { requiredKeys: [] },
);

describe('CSV reader properties', () => {
  it('random valid files round-trip: same float32 bits, same label classes', () => {
    fc.assert(
      fc.property(csvFile, (f) => {
        const ds = parseCsv(writeCsv(f), { delimiter: f.s.delimiter as ',' });
        validateDataset(ds);
        expect(bitsOf(ds.x)).toEqual(bitsOf(new Float32Array(f.x)));
        // Two rows share a class exactly when their labels are the same text or the same decimal value.
        const trimmed = f.labels.map((l) => l.trim());
        const numeric = trimmed.every((l) => DECIMAL.test(l));
        for (let i = 0; i < f.s.rows; i++) {
          for (let k = 0; k < i; k++) {
            const same = trimmed[i] === trimmed[k] || (numeric && BigIntDecimal.equal(trimmed[i]!, trimmed[k]!));
            expect(ds.y[i] === ds.y[k], `rows ${k} and ${i}: '${trimmed[k]}' vs '${trimmed[i]}'`).toBe(same);
          }
        }
        for (let d = 0; d < ds.dim; d++) expect(ds.domain.max[d]!).toBeGreaterThan(ds.domain.min[d]!);
      }),
      fuzzParams(600),
    );
  });

  it('mutated files give a valid data set or a DataFileError / OptionError, quickly', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, fc.array(textMutation(), { minLength: 1, maxLength: 4 }), csvOptions, async (f, edits, options) => {
        const text = edits.reduce((t, edit) => edit(t), writeCsv(f));
        await expectNamedOutcome(() => parseCsv(text, options), [DataFileError, OptionError], (ds) => {
          validateDataset(ds);
          for (let i = 0; i < ds.n * ds.dim; i++) {
            const d = i % ds.dim;
            expect(ds.x[i]! >= ds.domain.min[d]! && ds.x[i]! <= ds.domain.max[d]!).toBe(true);
          }
        });
      }),
      fuzzParams(1200),
    );
  });
});

/** Exact equality of two short decimal texts through BigInt (an independent check of the reader's rule). */
const BigIntDecimal = {
  equal(a: string, b: string): boolean {
    const norm = (s: string): [bigint, number] => {
      const m = DECIMAL.exec(s)!;
      const [int = '', frac = ''] = (m[1] ?? '').split('.');
      const exp = Number((m[2] ?? 'e0').slice(1)) - frac.length;
      let mant = BigInt((int + frac) || '0') * (s.startsWith('-') ? -1n : 1n);
      let e = exp;
      if (mant === 0n) return [0n, 0];
      while (mant % 10n === 0n) {
        mant /= 10n;
        e++;
      }
      return [mant, e];
    };
    const [ma, ea] = norm(a);
    const [mb, eb] = norm(b);
    return ma === mb && ea === eb;
  },
};

const CODES: Record<IdxType, number> = { u8: 0x08, i8: 0x09, i16: 0x0b, i32: 0x0c, f32: 0x0d, f64: 0x0e };
const SIZE: Record<IdxType, number> = { u8: 1, i8: 1, i16: 2, i32: 4, f32: 4, f64: 8 };

/** An IDX file: header by hand, then the values' bytes, big-endian. */
function writeIdx(type: IdxType, dims: number[], bytesLE: Uint8Array): Uint8Array {
  const h = 4 + 4 * dims.length;
  const out = new Uint8Array(h + bytesLE.length);
  const v = new DataView(out.buffer);
  out[2] = CODES[type];
  out[3] = dims.length;
  dims.forEach((d, k) => v.setUint32(4 + 4 * k, d, false));
  const size = SIZE[type];
  for (let i = 0; i < bytesLE.length; i += size) for (let b = 0; b < size; b++) out[h + i + b] = bytesLE[i + size - 1 - b]!;
  return out;
}

const idxFile = fc
  .record({
    type: fc.constantFrom<IdxType>('u8', 'i8', 'i16', 'i32', 'f32', 'f64'),
    dims: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
    gzip: fc.boolean(),
    buffer: fc.boolean(),
  })
  .chain((s) => {
    const count = s.dims.reduce((a, b) => a * b, 1);
    return fc.record({ s: fc.constant(s), raw: fc.uint8Array({ minLength: count * SIZE[s.type], maxLength: count * SIZE[s.type] }) });
  });

const ARRAYS = { u8: Uint8Array, i8: Int8Array, i16: Int16Array, i32: Int32Array, f32: Float32Array, f64: Float64Array } as const;

/** How one pays for a wrapped input: a Node Buffer in the middle of a larger pool, or a plain Uint8Array. */
const wrap = (bytes: Uint8Array, buffer: boolean): Uint8Array => (buffer ? Buffer.from(bytes) : bytes);

describe('IDX reader properties', () => {
  it('random valid files (raw or gzip, Buffer or Uint8Array) round-trip bit for bit, as copies', async () => {
    await fc.assert(
      fc.asyncProperty(idxFile, async ({ s, raw }) => {
        // Values in host (little-endian) order, the way a typed array holds them.
        const expected = new ARRAYS[s.type](raw.slice().buffer);
        const file = writeIdx(s.type, s.dims, raw);
        const input = wrap(s.gzip ? gzipSync(file) : file, s.buffer);
        const a = await parseIdx(input, 'r.idx');
        expect(a.type).toBe(s.type);
        expect(a.dims).toEqual(s.dims);
        expect(a.data).toBeInstanceOf(ARRAYS[s.type]);
        // Same bits, except that a NaN's payload may be canonicalised (NaN features are refused later anyway).
        for (let i = 0; i < expected.length; i++) {
          const x = a.data[i]!;
          const y = expected[i]!;
          if (!(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)))) expect(x, `value ${i}`).toBe(y);
        }
        expect(a.data.length).toBe(expected.length);
        expect(a.data.buffer).not.toBe(input.buffer);
      }),
      fuzzParams(500),
    );
  });

  const byteMutation = fc.oneof(
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, x]) => (b: Uint8Array) => { const c = b.slice(); if (c.length) c[at % c.length]! ^= x; return c; }),
    fc.nat().map((at) => (b: Uint8Array) => b.slice(0, at % (b.length + 1))),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, ins]) => (b: Uint8Array) => { const i = at % (b.length + 1); return new Uint8Array([...b.subarray(0, i), ...ins, ...b.subarray(i)]); }),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0xffffffff, 0x80000000, 0x10000, 0)).map(([k, size]) => (b: Uint8Array) => { const c = b.slice(); if (c.length >= 8 + 4 * k) new DataView(c.buffer).setUint32(4 + 4 * k, size, false); return c; }),
  );

  it('mutated files (byte flips, cuts, insertions, huge sizes; raw and gzip) give a DataFileError, quickly, within a memory cap', async () => {
    await fc.assert(
      fc.asyncProperty(idxFile, fc.array(byteMutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async ({ s, raw }, edits, mutateGzip) => {
        const file = writeIdx(s.type, s.dims, raw);
        // Either the IDX bytes are mutated and then compressed, or the compressed bytes are mutated.
        const bytes = mutateGzip && s.gzip ? edits.reduce((b, e) => e(b), gzipSync(file) as Uint8Array) : edits.reduce((b, e) => e(b), file);
        const input = wrap(s.gzip && !mutateGzip ? gzipSync(bytes) : bytes, s.buffer);
        await expectNamedOutcome(() => parseIdx(input, 'm.idx', { maxBytes: 2 ** 20 }), [DataFileError], (a) => {
          // A mutation may leave a valid file: then it must be self-consistent.
          expect(a.data.length).toBe(a.dims.reduce((x, y) => x * y, 1));
        });
        if (input[0] !== 0x1f) await expectNamedOutcome(() => parseIdxRaw(input, 'm.idx'), [DataFileError]);
      }),
      fuzzParams(1200),
    );
  });

  it('any parsed pair of files makes a valid data set or a DataError / OptionError', async () => {
    await fc.assert(
      fc.asyncProperty(idxFile, fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.option(fc.integer({ min: -2, max: 9 })), async ({ s, raw }, lbl, limit) => {
        const images = await parseIdx(writeIdx(s.type, s.dims, raw));
        const labels = await parseIdx(writeIdx('u8', [lbl.length], lbl));
        await expectNamedOutcome(() => idxDataset(images, labels, limit === null ? {} : { limit }), [DataError, OptionError], (ds) => validateDataset(ds));
      }),
      fuzzParams(300),
    );
  });
});
