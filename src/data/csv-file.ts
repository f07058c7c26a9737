import { parseCsv, type CsvDataset, type CsvOptions } from './csv.js';
import { DataFileError } from '../errors.js';

/**
 * Reads a CSV file in Node and parses it with `parseCsv` (see there for format and errors).
 * The data-set name defaults to the file name without its extension; a DataFileError is
 * rethrown with `file` set and the path in front of its message. `node:fs/promises` is
 * imported on call, so importing this module in a browser bundle is harmless.
 */
export async function loadCsv(path: string, options: CsvOptions = {}): Promise<CsvDataset> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DataFileError(`${path}: cannot read (${(err as Error).message})`, { file: path });
  }
  const base = path.split(/[\\/]/).pop() ?? path;
  const name = options.name ?? (base.replace(/\.[^.]*$/, '') || base);
  try {
    return parseCsv(text, { ...options, name });
  } catch (err) {
    if (!(err instanceof DataFileError)) throw err;
    throw new DataFileError(`${path}: ${err.message}`, { file: path, line: err.line, column: err.column, field: err.field });
  }
}
