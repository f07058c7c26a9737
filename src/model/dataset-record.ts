/**
 * What a saved model was trained on, so that its pictures can be drawn over
 * the same data later (`untangle export`): a built-in generator with its
 * options, or the data files by name and SHA-256 of their bytes. Stored as the
 * optional top-level `data` field of a model file (docs/model-format.md).
 */
import { ModelFileError } from '../errors.js';

/** A built-in data set: its name and the generator options it was made with. */
export interface GeneratedDataRecord {
  kind: 'generator';
  /** A name `makeDataset` knows (spirals, disk-annulus, …). */
  name: string;
  /** The generator's numeric options (n, seed, turns, noise, …). */
  options: Record<string, number>;
}

/** Data read from files: each file's base name and the SHA-256 of its bytes. */
export interface FileDataRecord {
  kind: 'csv' | 'idx';
  files: { name: string; sha256: string }[];
  /** CSV: the label column (name or 0-based index) as given. */
  label?: string;
  /** CSV regression: the target column as given. */
  target?: string;
}

/** The `data` field of a model file. */
export type DatasetRecord = GeneratedDataRecord | FileDataRecord;

function bad(message: string, path: string): never {
  throw new ModelFileError(`invalid model file: ${message}`, path);
}

/** Checks the `data` field of a model file; throws a ModelFileError naming the bad member. */
export function parseDatasetRecord(value: unknown, path = 'data'): DatasetRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`${path} must be an object`, path);
  const v = value as Record<string, unknown>;
  if (v.kind === 'generator') {
    if (typeof v.name !== 'string' || v.name === '') bad(`${path}.name must be a data set name`, `${path}.name`);
    if (typeof v.options !== 'object' || v.options === null || Array.isArray(v.options)) bad(`${path}.options must be an object`, `${path}.options`);
    const options: Record<string, number> = {};
    for (const [k, x] of Object.entries(v.options as Record<string, unknown>)) {
      if (typeof x !== 'number' || !Number.isFinite(x)) bad(`${path}.options.${k} must be a finite number`, `${path}.options.${k}`);
      options[k] = x;
    }
    return { kind: 'generator', name: v.name, options };
  }
  if (v.kind === 'csv' || v.kind === 'idx') {
    if (!Array.isArray(v.files) || v.files.length === 0) bad(`${path}.files must list the data files`, `${path}.files`);
    const files = v.files.map((f: unknown, i) => {
      const file = f as Record<string, unknown> | null;
      if (typeof file?.name !== 'string' || file.name === '') bad(`${path}.files[${i}].name must be a file name`, `${path}.files[${i}].name`);
      if (typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256)) bad(`${path}.files[${i}].sha256 must be 64 hex digits`, `${path}.files[${i}].sha256`);
      return { name: file.name, sha256: file.sha256 };
    });
    const record: FileDataRecord = { kind: v.kind, files };
    for (const key of ['label', 'target'] as const) {
      if (v[key] === undefined) continue;
      if (typeof v[key] !== 'string') bad(`${path}.${key} must be a column name or index as text`, `${path}.${key}`);
      record[key] = v[key];
    }
    return record;
  }
  return bad(`${path}.kind must be "generator", "csv" or "idx"`, `${path}.kind`);
}

/** One line for people: `spirals (n 1000, seed 1)` or `csv points.csv (sha256 1a2b3c4d…)`. */
export function describeDatasetRecord(record: DatasetRecord): string {
  if (record.kind === 'generator') {
    const options = Object.entries(record.options).map(([k, v]) => `${k} ${v}`).join(', ');
    return options ? `${record.name} (${options})` : record.name;
  }
  return `${record.kind} ${record.files.map((f) => `${f.name} (sha256 ${f.sha256.slice(0, 8)}…)`).join(', ')}`;
}

/** The record of data files (Node only): base names and SHA-256 of their bytes. */
export async function fileDataRecord(kind: 'csv' | 'idx', paths: readonly string[], columns: { label?: string; target?: string } = {}): Promise<FileDataRecord> {
  const fs = await import('node:fs/promises');
  const { basename } = await import('node:path');
  const { createHash } = await import('node:crypto');
  const files = await Promise.all(paths.map(async (p) => ({ name: basename(p), sha256: createHash('sha256').update(await fs.readFile(p)).digest('hex') })));
  return { kind, files, ...(columns.label !== undefined && { label: columns.label }), ...(columns.target !== undefined && { target: columns.target }) };
}
