import { parseCsv, type CsvDataset, type CsvOptions } from './csv.js';

/**
 * Reads a CSV file in Node and parses it with `parseCsv` (see there for format and errors).
 * The data-set name defaults to the file name without its extension; parse errors are
 * rethrown prefixed with the path. `node:fs/promises` is imported on call, so importing this
 * module in a browser bundle is harmless.
 */
export async function loadCsv(path: string, options: CsvOptions = {}): Promise<CsvDataset> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(path, 'utf8');
  const base = path.split(/[\\/]/).pop() ?? path;
  const name = options.name ?? (base.replace(/\.[^.]*$/, '') || base);
  try {
    return parseCsv(text, { ...options, name });
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
}
