/**
 * `untangle export MODEL.json`: for a saved model and a data set, write the
 * export data (decision regions, representations, animation), the topology
 * report and the pictures into a folder.
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/engine.js';
import { loadModel } from '../model/model-file.js';
import { DATASETS, makeDataset } from '../data/index.js';
import { loadCsv } from '../data/csv-file.js';
import { numberOption, UsageError } from './args.js';
import { writeModelOutputs } from './model-outputs.js';
import { ensureWritableDir } from './output-path.js';

export const EXPORT_HELP = `untangle export MODEL.json — pictures, export data and topology report of a saved model

  --data NAME        the data set to draw (${Object.keys(DATASETS).join(' | ')}); default spirals
  --csv FILE         or a CSV file (numeric features, label column; --label COLUMN)
  --n N, --seed N, --turns T, --noise S   data set parameters (defaults as in 'untangle train')
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
  const model = await loadModel(engine, file);
  let data;
  if (values.csv) {
    data = await loadCsv(values.csv, { labelColumn: values.label !== undefined && /^\d+$/.test(values.label) ? Number(values.label) : values.label });
  } else {
    const name = values.data ?? 'spirals';
    if (!(name in DATASETS)) throw new UsageError(`--data must be one of ${Object.keys(DATASETS).join(', ')}; got '${name}'`);
    const options: Record<string, number> = { n: numberOption(values.n, 'n', 1000, { integer: true, min: 4 }), seed: numberOption(values.seed, 'seed', 1, { integer: true }) };
    if (values.turns !== undefined) options.turns = numberOption(values.turns, 'turns', 1, { min: 0 });
    if (values.noise !== undefined) options.noise = numberOption(values.noise, 'noise', 0, { min: 0 });
    data = makeDataset(name, options);
  }
  const path = await import('node:path');
  const out = values.out ?? path.dirname(file);
  const files = await writeModelOutputs(model, data, out, (what) => process.stderr.write(`  ${what}…\n`));
  process.stdout.write(`wrote ${files.join(', ')} to ${out}\n`);
}
