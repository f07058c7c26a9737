/**
 * CSV → Dataset, browser-safe (no Node imports; `csv-file.ts` adds reading from a path).
 *
 * Accepted format: one record per line (LF, CRLF or CR), blank lines ignored, fields
 * separated by ',', ';' or tab, optionally in double quotes ("" is a literal quote; no
 * newlines inside quotes). Every column but the label column is a numeric feature.
 */
import type { Dataset } from './dataset.js';
import { DataFileError, OptionError } from '../errors.js';
import { compareDecimal, decimalKey, isDecimalText, parseDecimal, type Decimal } from './number-text.js';

/** Options of {@link parseCsv} and {@link loadCsv}. */
export interface CsvOptions {
  /** Header name, or 0-based index (negative counts from the end). Default: last column. */
  labelColumn?: string | number;
  /** Whether the first record is a header. 'auto' (default): yes if any of its feature fields is not a number. */
  header?: boolean | 'auto';
  /** Data-set name. Default 'csv'. */
  name?: string;
  /**
   * Regression: the column (header name or 0-based index, negative from the end) holding a
   * numeric target. The data set then has `targets` (n × 1) instead of classes, and every
   * other column is a feature. Cannot be combined with labelColumn.
   */
  target?: string | number;
  /** Field separator. Default: whichever of tab, ';', ',' occurs most in the first record (ties in that order). */
  delimiter?: ',' | ';' | '\t';
}

/**
 * A Dataset read from CSV: `labels[k]` is the original label of class k (none for a
 * regression set read with `target`), `features[j]` the name of feature j.
 */
export type CsvDataset = Dataset & {
  readonly labels: readonly string[];
  readonly features: readonly string[];
};

const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const DELIMITERS = ['\t', ';', ','] as const;

function isNumberText(s: string): boolean {
  return isDecimalText(s);
}

/** A DataFileError at a line (and column, when given: its header name or 1-based number). */
function fileError(message: string, line?: number, column?: number, field?: string): DataFileError {
  return new DataFileError(message, { line, column, field });
}

/** Splits one record into trimmed fields, honouring double quotes. */
function splitRecord(line: string, delimiter: string, lineNo: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let j = i;
    while (j < line.length && (line[j] === ' ' || (line[j] === '\t' && delimiter !== '\t'))) j++;
    if (line[j] === '"') {
      let value = '';
      j++;
      for (;;) {
        if (j >= line.length) throw fileError(`line ${lineNo}: unterminated quoted field`, lineNo, fields.length + 1);
        const ch = line[j]!;
        if (ch === '"') {
          if (line[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += ch;
        j++;
      }
      while (j < line.length && line[j] !== delimiter && /\s/.test(line[j]!)) j++;
      if (j < line.length && line[j] !== delimiter) {
        throw fileError(`line ${lineNo}: unexpected text after a closing quote (field ${fields.length + 1})`, lineNo, fields.length + 1);
      }
      fields.push(value.trim());
      if (j >= line.length) return fields;
      i = j + 1;
    } else {
      const k = line.indexOf(delimiter, i);
      if (k < 0) {
        fields.push(line.slice(i).trim());
        return fields;
      }
      fields.push(line.slice(i, k).trim());
      i = k + 1;
    }
  }
}

/** Counts each candidate delimiter outside quotes and returns the most frequent. */
function detectDelimiter(line: string): ',' | ';' | '\t' {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: ',' | ';' | '\t' = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    if (counts.get(d)! > bestCount) {
      best = d;
      bestCount = counts.get(d)!;
    }
  }
  return best;
}

/**
 * Parses CSV text into a Dataset of Float32 features and integer labels.
 *
 * Labels may be any strings or numbers; the distinct labels are sorted (numerically when
 * all are numbers, compared exactly, where "1" and "1.0" are the same class but
 * 12345678901234567890 and 12345678901234567891 are not; otherwise by code point) and
 * mapped to 0 … k−1, with the originals returned as `labels`. At least 2 classes.
 * Domain: per-feature [min, max] widened by 5% of the range on each side (a constant
 * feature v gets ±max(0.5, 5% of |v|), so the box is never empty).
 *
 * Throws a DataFileError (with `line`, `column` and `field`) naming the 1-based line and the column, e.g.
 * `line 7, column 'x2': 'abc' is not a number` (columns without a header are numbered from 1),
 * for wrong column counts, empty or NaN/Infinity values, an empty file or no data rows;
 * an OptionError for a bad `labelColumn` or `delimiter`. Time is linear in the text's length.
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvDataset {
  const name = options.name ?? 'csv';
  const headerOption = options.header ?? 'auto';
  if (options.target !== undefined && options.labelColumn !== undefined) {
    throw new OptionError('CSV: give either labelColumn (classification) or target (regression), not both', 'target');
  }
  const regression = options.target !== undefined;
  const labelOption = regression ? options.target : options.labelColumn;

  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  const records: { lineNo: number; line: string }[] = [];
  lines.forEach((line, k) => {
    if (line.trim() !== '') records.push({ lineNo: k + 1, line });
  });
  if (records.length === 0) throw fileError('CSV is empty');

  const first = records[0]!;
  const delimiter = options.delimiter ?? detectDelimiter(first.line);
  if (!DELIMITERS.includes(delimiter)) throw new OptionError(`CSV delimiter must be ',', ';' or tab, got '${delimiter}'`, 'delimiter');
  const firstFields = splitRecord(first.line, delimiter, first.lineNo);
  const cols = firstFields.length;
  if (cols < 2) {
    throw fileError(
      `line ${first.lineNo}: found 1 column with delimiter '${delimiter === '\t' ? '\\t' : delimiter}'; ` +
        'need at least one feature column and a label column',
      first.lineNo,
    );
  }

  // Label column by index first (a name needs the header).
  let labelIndex = cols - 1;
  if (typeof labelOption === 'number') {
    if (!(Number.isInteger(labelOption) && labelOption >= -cols && labelOption < cols)) {
      throw new OptionError(`CSV labelColumn ${labelOption} is out of range for ${cols} columns (0 … ${cols - 1}, or negative from the end)`, 'labelColumn');
    }
    labelIndex = labelOption < 0 ? cols + labelOption : labelOption;
  }

  let header: boolean;
  if (typeof labelOption === 'string') {
    if (headerOption === false) throw new OptionError(`CSV labelColumn '${labelOption}' is a name, but header is false`, 'labelColumn');
    header = true;
  } else if (headerOption === 'auto') {
    header = firstFields.some((f, j) => j !== labelIndex && !isNumberText(f) && !NON_FINITE.test(f));
  } else {
    header = headerOption;
  }

  const names = header ? firstFields : firstFields.map((_, j) => String(j + 1));
  if (typeof labelOption === 'string') {
    const hits = names.filter((h) => h === labelOption).length;
    if (hits === 0) {
      throw new OptionError(`CSV has no column '${labelOption}' (columns: ${names.map((h) => `'${h}'`).join(', ')})`, 'labelColumn');
    }
    if (hits > 1) throw fileError(`CSV has ${hits} columns named '${labelOption}'`, first.lineNo, undefined, labelOption);
    labelIndex = names.indexOf(labelOption);
  }
  const column = (j: number): string => (header ? `column '${names[j]}'` : `column ${j + 1}`);
  const at = (message: string, lineNo: number, j: number): DataFileError => fileError(message, lineNo, j + 1, names[j]);

  const dataRecords = header ? records.slice(1) : records;
  if (dataRecords.length === 0) throw fileError(`CSV has no data rows (only a header on line ${first.lineNo})`, first.lineNo);

  const dim = cols - 1;
  const n = dataRecords.length;
  const x = new Float32Array(n * dim);
  const rawLabels: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const { lineNo, line } = dataRecords[i]!;
    const fields = i === 0 && !header ? firstFields : splitRecord(line, delimiter, lineNo);
    if (fields.length !== cols) {
      throw fileError(`line ${lineNo}: expected ${cols} columns, found ${fields.length}`, lineNo);
    }
    let d = 0;
    for (let j = 0; j < cols; j++) {
      const s = fields[j]!;
      if (j === labelIndex) {
        if (s === '') throw at(`line ${lineNo}, ${column(j)}: empty label`, lineNo, j);
        rawLabels[i] = s;
        continue;
      }
      if (s === '') throw at(`line ${lineNo}, ${column(j)}: empty value`, lineNo, j);
      if (NON_FINITE.test(s)) throw at(`line ${lineNo}, ${column(j)}: '${s}' is not a finite number`, lineNo, j);
      if (!isNumberText(s)) throw at(`line ${lineNo}, ${column(j)}: '${clip(s)}' is not a number`, lineNo, j);
      const v = Math.fround(Number(s));
      if (!Number.isFinite(v)) throw at(`line ${lineNo}, ${column(j)}: '${clip(s)}' is outside the float32 range`, lineNo, j);
      x[i * dim + d++] = v;
    }
  }

  if (regression) {
    const targets = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const raw = rawLabels[i]!, lineNo = dataRecords[i]!.lineNo;
      const v = Math.fround(Number(raw));
      if (!isNumberText(raw) || !Number.isFinite(v)) {
        throw at(`line ${lineNo}, ${column(labelIndex)}: target '${clip(raw)}' is not a finite number`, lineNo, labelIndex);
      }
      targets[i] = v;
    }
    return {
      name, x, y: new Int32Array(n), n, dim, classes: 1, targets, targetDim: 1, domain: featureDomain(x, dim),
      params: { source: 'csv', rows: n, header, delimiter, target: header ? names[labelIndex]! : labelIndex },
      labels: [], features: names.filter((_, j) => j !== labelIndex),
    };
  }

  // Labels → 0 … k−1, compared as exact text: numbers by their exact decimal value (a
  // double would merge ids such as 12345678901234567890 and 12345678901234567891).
  const { keys, display, keyOf } = labelClasses(rawLabels);
  if (keys.length < 2) {
    throw fileError(`CSV ${column(labelIndex)} holds a single class ('${clip(display[0]!)}'); need at least 2`, undefined, labelIndex + 1, names[labelIndex]);
  }
  const classOf = new Map(keys.map((k, c) => [k, c]));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = classOf.get(keyOf(rawLabels[i]!))!;

  return {
    name,
    x,
    y,
    n,
    dim,
    classes: keys.length,
    domain: featureDomain(x, dim),
    params: {
      source: 'csv',
      rows: n,
      header,
      delimiter,
      labelColumn: header ? names[labelIndex]! : labelIndex,
    },
    labels: display,
    features: names.filter((_, j) => j !== labelIndex),
  };
}

/**
 * Per-feature [min, max] widened by 5% of the range on each side; a constant feature v
 * gets ±max(0.5, 5% of |v|), so the box is never empty (±0.5 vanishes beside 1e17).
 */
function featureDomain(x: Float32Array, dim: number): { min: number[]; max: number[] } {
  const min: number[] = [];
  const max: number[] = [];
  for (let d = 0; d < dim; d++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = d; i < x.length; i += dim) {
      lo = Math.min(lo, x[i]!);
      hi = Math.max(hi, x[i]!);
    }
    // A constant feature gets a margin relative to its size: ±0.5 vanishes beside 1e17.
    const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(0.5, 0.05 * Math.abs(hi));
    min.push(lo - pad);
    max.push(hi + pad);
  }

  return { min, max };
}

/** Long cells are cut in messages, so one bad 300 k-digit cell does not make a 300 k-character error. */
function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/**
 * The distinct classes of the label cells, in order: numerically (exactly) when every label
 * is a decimal number, where "1" and "1.0" are one class; otherwise by code point.
 * `display[c]` is the text of class c: the shortest number text when a double holds the value
 * exactly, else the first cell seen.
 */
function labelClasses(raw: readonly string[]): { keys: string[]; display: string[]; keyOf: (s: string) => string } {
  const distinct = [...new Set(raw)];
  const decimals = new Map<string, Decimal>();
  for (const s of distinct) {
    const d = parseDecimal(s);
    if (!d) break;
    decimals.set(s, d);
  }
  if (decimals.size !== distinct.length) {
    const keys = distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { keys, display: keys, keyOf: (s) => s };
  }
  const byKey = new Map<string, { d: Decimal; text: string }>();
  for (const s of distinct) {
    const d = decimals.get(s)!;
    const k = decimalKey(d);
    if (byKey.has(k)) continue;
    const short = String(Number(s));
    const exact = isDecimalText(short) && decimalKey(parseDecimal(short)!) === k;
    byKey.set(k, { d, text: exact ? short : s });
  }
  const sorted = [...byKey.entries()].sort((a, b) => compareDecimal(a[1].d, b[1].d));
  return {
    keys: sorted.map(([k]) => k),
    display: sorted.map(([, v]) => v.text),
    keyOf: (s) => decimalKey(decimals.get(s)!),
  };
}
