/**
 * `untangle export MODEL.json`: for a saved model and a data set, write the
 * export data (decision regions, representations, animation), the topology
 * report and the pictures into a folder.
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/engine.js';
import { loadModelFile } from '../model/model-file.js';
import { describeDatasetRecord, fileDataRecord, type DatasetRecord } from '../model/dataset-record.js';
import type { Dataset } from '../data/dataset.js';
import { DATASETS, makeDataset } from '../data/index.js';
import { loadCsv } from '../data/csv-file.js';
import { numberOption, UsageError } from './args.js';
import { outputSummary, writeModelOutputs } from './model-outputs.js';
import { ensureWritableDir } from './output-path.js';

export const EXPORT_HELP = `untangle export MODEL.json — pictures, export data and topology report of a saved model

  --data NAME        the data set to draw (${Object.keys(DATASETS).join(' | ')});
                     default: the one the model file records ('untangle train --out' records it)
  --csv FILE         or a CSV file (numeric features, label column; --label COLUMN)
  --n N, --seed N, --turns T, --noise S   data set parameters (with --data; defaults as in 'untangle train')
  --out DIR          default: the model file's folder
`;

export async function exportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      data: { type: 'string' }, csv: { type: 'string' }, label: { type: 'string' }, n: { type: 'string' }, seed: { type: 'string' },
      turns: { type: 'string' }, noise: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(EXPORT_HELP);
  const file = positionals[0];
  if (!file) throw new UsageError('give the model file to export (e.g. untangle export out/model.json --data spirals)');
  if (values.out !== undefined) await ensureWritableDir(values.out);
  const engine = await createEngine();
  const { model, data: recorded } = await loadModelFile(engine, file);
  const data = await exportData(values, recorded, file);
  if (data.dim !== model.inputs) {
    model.dispose();
    throw new UsageError(`data set '${data.name}' has ${data.dim} features but ${file} takes ${model.inputs} inputs` +
      (recorded ? ` (it was trained on ${describeDatasetRecord(recorded)})` : ''));
  }
  const path = await import('node:path');
  const out = values.out ?? path.dirname(file);
  const files = await writeModelOutputs(model, data, out, (what) => process.stderr.write(`  ${what}…\n`));
  process.stdout.write(`${await outputSummary(out, files)}\n`);
}

type ExportValues = { data?: string; csv?: string; label?: string; n?: string; seed?: string; turns?: string; noise?: string };

/** The data to draw: --data or --csv when given, else what the model file records. */
async function exportData(values: ExportValues, recorded: DatasetRecord | undefined, file: string): Promise<Dataset> {
  if (values.csv) {
    if (recorded?.kind === 'csv') await warnIfChanged(recorded, values.csv);
    return loadCsv(values.csv, { labelColumn: columnOf(values.label ?? (recorded?.kind === 'csv' ? recorded.label : undefined)) });
  }
  if (values.data !== undefined) {
    const name = values.data;
    if (!(name in DATASETS)) throw new UsageError(`--data must be one of ${Object.keys(DATASETS).join(', ')}; got '${name}'`);
    const options: Record<string, number> = { n: numberOption(values.n, 'n', 1000, { integer: true, min: 4 }), seed: numberOption(values.seed, 'seed', 1, { integer: true }) };
    if (values.turns !== undefined) options.turns = numberOption(values.turns, 'turns', 1, { min: 0 });
    if (values.noise !== undefined) options.noise = numberOption(values.noise, 'noise', 0, { min: 0 });
    return makeDataset(name, options);
  }
  if (!recorded) throw new UsageError(`${file} does not record its data set (saved before models did): give --data NAME or --csv FILE`);
  if (recorded.kind === 'generator') {
    if (!(recorded.name in DATASETS)) throw new UsageError(`${file} was trained on '${recorded.name}', which this version cannot generate: give --data or --csv`);
    return makeDataset(recorded.name, recorded.options);
  }
  throw new UsageError(`${file} was trained on ${describeDatasetRecord(recorded)}: give that file with --csv FILE`);
}

const columnOf = (label: string | undefined) => (label !== undefined && /^\d+$/.test(label) ? Number(label) : label);

/** A note (not a refusal) when the CSV file's bytes differ from the ones the model was trained on. */
async function warnIfChanged(recorded: DatasetRecord, csv: string): Promise<void> {
  const now = await fileDataRecord('csv', [csv]);
  const then = recorded.kind === 'csv' ? recorded.files[0] : undefined;
  if (then && then.sha256 !== now.files[0]!.sha256) {
    process.stderr.write(`note: ${csv} differs from the ${then.name} the model was trained on (sha256 ${then.sha256.slice(0, 8)}… → ${now.files[0]!.sha256.slice(0, 8)}…)\n`);
  }
}
