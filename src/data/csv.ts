/**
 * CSV → Dataset, browser-safe (no Node imports; `csv-file.ts` adds reading from a path).
 *
 * Accepted format: one record per line (LF, CRLF or CR), blank lines ignored, fields
 * separated by ',', ';' or tab, optionally in double quotes ("" is a literal quote; no
 * newlines inside quotes). Every column but the label column is a numeric feature.
 */
import type { Dataset } from './dataset.js';

/** Options of {@link parseCsv} and {@link loadCsv}. */
export interface CsvOptions {
  /** Header name, or 0-based index (negative counts from the end). Default: last column. */
  labelColumn?: string | number;
  /** Whether the first record is a header. 'auto' (default): yes if any of its feature fields is not a number. */
  header?: boolean | 'auto';
  /** Data-set name. Default 'csv'. */
  name?: string;
  /** Field separator. Default: whichever of tab, ';', ',' occurs most in the first record (ties in that order). */
  delimiter?: ',' | ';' | '\t';
}

/** A Dataset read from CSV: `labels[k]` is the original label of class k, `features[j]` the name of feature j. */
export type CsvDataset = Dataset & {
  readonly labels: readonly string[];
  readonly features: readonly string[];
};

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const DELIMITERS = ['\t', ';', ','] as const;

function isNumberText(s: string): boolean {
  return NUMBER.test(s);
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
        if (j >= line.length) throw new Error(`line ${lineNo}: unterminated quoted field`);
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
        throw new Error(`line ${lineNo}: unexpected text after a closing quote (field ${fields.length + 1})`);
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
 * all are numbers, where "1" and "1.0" are the same class; otherwise by code point) and
 * mapped to 0 … k−1, with the originals returned as `labels`. At least 2 classes.
 * Domain: per-feature [min, max] widened by 5% of the range on each side (±0.5 for a
 * constant feature).
 *
 * Throws an Error naming the 1-based line and the column, e.g.
 * `line 7, column 'x2': 'abc' is not a number` (columns without a header are numbered from 1),
 * for wrong column counts, empty or NaN/Infinity values, an empty file or no data rows.
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvDataset {
  const name = options.name ?? 'csv';
  const headerOption = options.header ?? 'auto';
  const labelOption = options.labelColumn;

  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  const records: { lineNo: number; line: string }[] = [];
  lines.forEach((line, k) => {
    if (line.trim() !== '') records.push({ lineNo: k + 1, line });
  });
  if (records.length === 0) throw new Error('CSV is empty');

  const first = records[0]!;
  const delimiter = options.delimiter ?? detectDelimiter(first.line);
  if (!DELIMITERS.includes(delimiter)) throw new Error(`CSV delimiter must be ',', ';' or tab, got '${delimiter}'`);
  const firstFields = splitRecord(first.line, delimiter, first.lineNo);
  const cols = firstFields.length;
  if (cols < 2) {
    throw new Error(
      `line ${first.lineNo}: found 1 column with delimiter '${delimiter === '\t' ? '\\t' : delimiter}'; ` +
        'need at least one feature column and a label column',
    );
  }

  // Label column by index first (a name needs the header).
  let labelIndex = cols - 1;
  if (typeof labelOption === 'number') {
    if (!(Number.isInteger(labelOption) && labelOption >= -cols && labelOption < cols)) {
      throw new Error(`CSV labelColumn ${labelOption} is out of range for ${cols} columns (0 … ${cols - 1}, or negative from the end)`);
    }
    labelIndex = labelOption < 0 ? cols + labelOption : labelOption;
  }

  let header: boolean;
  if (typeof labelOption === 'string') {
    if (headerOption === false) throw new Error(`CSV labelColumn '${labelOption}' is a name, but header is false`);
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
      throw new Error(`CSV has no column '${labelOption}' (columns: ${names.map((h) => `'${h}'`).join(', ')})`);
    }
    if (hits > 1) throw new Error(`CSV has ${hits} columns named '${labelOption}'`);
    labelIndex = names.indexOf(labelOption);
  }
  const column = (j: number): string => (header ? `column '${names[j]}'` : `column ${j + 1}`);

  const dataRecords = header ? records.slice(1) : records;
  if (dataRecords.length === 0) throw new Error(`CSV has no data rows (only a header on line ${first.lineNo})`);

  const dim = cols - 1;
  const n = dataRecords.length;
  const x = new Float32Array(n * dim);
  const rawLabels: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const { lineNo, line } = dataRecords[i]!;
    const fields = i === 0 && !header ? firstFields : splitRecord(line, delimiter, lineNo);
    if (fields.length !== cols) {
      throw new Error(`line ${lineNo}: expected ${cols} columns, found ${fields.length}`);
    }
    let d = 0;
    for (let j = 0; j < cols; j++) {
      const s = fields[j]!;
      if (j === labelIndex) {
        if (s === '') throw new Error(`line ${lineNo}, ${column(j)}: empty label`);
        rawLabels[i] = s;
        continue;
      }
      if (s === '') throw new Error(`line ${lineNo}, ${column(j)}: empty value`);
      if (NON_FINITE.test(s)) throw new Error(`line ${lineNo}, ${column(j)}: '${s}' is not a finite number`);
      if (!isNumberText(s)) throw new Error(`line ${lineNo}, ${column(j)}: '${s}' is not a number`);
      const v = Math.fround(Number(s));
      if (!Number.isFinite(v)) throw new Error(`line ${lineNo}, ${column(j)}: '${s}' is outside the float32 range`);
      x[i * dim + d++] = v;
    }
  }

  // Labels → 0 … k−1.
  const distinct = [...new Set(rawLabels)];
  const numeric = distinct.every(isNumberText);
  const key = numeric ? (s: string) => String(Number(s)) : (s: string) => s;
  const keys = [...new Set(distinct.map(key))];
  if (numeric) keys.sort((a, b) => Number(a) - Number(b));
  else keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length < 2) {
    throw new Error(`CSV ${column(labelIndex)} holds a single class ('${keys[0]}'); need at least 2`);
  }
  const classOf = new Map(keys.map((k, c) => [k, c]));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = classOf.get(key(rawLabels[i]!))!;

  const min: number[] = [];
  const max: number[] = [];
  for (let d = 0; d < dim; d++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = d; i < x.length; i += dim) {
      lo = Math.min(lo, x[i]!);
      hi = Math.max(hi, x[i]!);
    }
    const pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
    min.push(lo - pad);
    max.push(hi + pad);
  }

  return {
    name,
    x,
    y,
    n,
    dim,
    classes: keys.length,
    domain: { min, max },
    params: {
      source: 'csv',
      rows: n,
      header,
      delimiter,
      labelColumn: header ? names[labelIndex]! : labelIndex,
    },
    labels: keys,
    features: names.filter((_, j) => j !== labelIndex),
  };
}
