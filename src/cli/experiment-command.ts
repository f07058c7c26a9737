/**
 * `untangle experiment`, `untangle merge`, `untangle report`: run the essay's
 * experiments (whole or one shard of a sweep), merge shard files, and turn
 * merged files into the HTML report.
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/engine.js';
import { EXPERIMENTS, experimentById, jobsOf, runJobs, shardFileName, type ShardFile } from '../experiments/index.js';
import { buildReportWithClaims, type PictureMaker, type ReportedClaim } from '../report/build.js';
import { summarizeMnist, type MnistShardFile } from '../experiments/mnist-sweep.js';
import { experimentPictures } from '../report/experiment-pictures.js';
import { numberOption, UsageError } from './args.js';
import { progressBar } from './progress.js';
import { claimsTable } from './claims-table.js';
import { colourEnabled } from './table.js';
import { ensureWritableDir, ensureWritableFile } from './output-path.js';
import { SHARD_HELP, shardOption } from './shard-option.js';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
import { mergeShardFiles, shardPaths } from './shard-files.js';

export const EXPERIMENT_HELP = `untangle experiment ID… | all — rerun the essay's experiments

  ID                 ${Object.keys(EXPERIMENTS).join(', ')} or all
  --seeds N          seeds per setting (default 5)
  --quick            smaller data and budgets (about a minute for all)
${SHARD_HELP}  --out DIR          where to write <id>.json (or <id>.shard-i-of-n.json); default out/
  --variant V        wasm build: auto | simd | relaxed
`;

export const MERGE_HELP = `untangle merge FILE…|DIR… — combine the shard files of each sweep into <id>.json

  DIR                stands for the shard files in it (<id>.shard-i-of-n.json)
  --out FILE         default: <dir of the first file>/<id>.json (one experiment only)
  --report           then write the HTML report from the merged files (as 'untangle report DIR')
  Refuses, naming the files, shards that are missing, given twice, of another sweep
  (other settings or untangle version) or partial.
`;

export const REPORT_HELP = `untangle report DIR — write the HTML report from the merged <id>.json files in DIR

  --out FILE         default DIR/report.html
`;

export async function experimentCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { seeds: { type: 'string' }, quick: { type: 'boolean' }, shard: { type: 'string' }, out: { type: 'string' }, variant: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return void process.stdout.write(EXPERIMENT_HELP);
  if (positionals.length === 0) throw new UsageError("name an experiment (e.g. 'untangle experiment e1') or 'all'");
  const ids = positionals.includes('all') ? Object.keys(EXPERIMENTS) : positionals;
  const experiments = ids.map((id) => {
    try {
      return experimentById(id);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
  const seeds = numberOption(values.seeds, 'seeds', 5, { integer: true, min: 1, max: 1000 });
  const shard = shardOption(values.shard);
  const out = values.out ?? 'out';
  const path = await import('node:path');
  await ensureWritableDir(out);
  const engine = await createEngine({ variant: (values.variant ?? 'auto') as 'auto' });
  for (const ex of experiments) {
    const options = { seeds, quick: !!values.quick };
    const started = Date.now();
    // The bar's total is the number of runs, known before the first one starts.
    const bar = progressBar(jobsOf(ex, options, shard).length, ex.id.toUpperCase(), '{bar} {percentage}% | {value}/{total} runs | ETA {eta_formatted} | {info}');
    const file = runJobs(engine, ex, options, shard, (done, _total, last) => {
      bar.update(done, { info: `${last.setting} seed ${last.seed}: ${(100 * last.accuracy).toFixed(1)} %` });
    });
    bar.stop();
    const name = shardFileName(ex.id, shard);
    await writeJsonAtomic(path.join(out, name), file);
    process.stdout.write(`${ex.id}: ${file.results.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s → ${path.join(out, name)}\n`);
  }
}

export async function mergeCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' }, report: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(MERGE_HELP);
  if (positionals.length === 0) throw new UsageError('give the shard files (or the folder holding them) to merge');
  if (values.out !== undefined) await ensureWritableFile(values.out);
  const written = await mergeShardFiles(await shardPaths(positionals), values.out);
  for (const w of written) {
    process.stdout.write(`${w.merged.experiment}: ${w.shards} shards, ${w.merged.results.length} runs → ${w.path}\n`);
    if (w.merged.experiment.startsWith('mnist-')) {
      for (const s of summarizeMnist(w.merged as MnistShardFile)) {
        process.stdout.write(`  ${s.setting}: ${s.runs} runs, mean test error ${s.softmaxError !== null ? `softmax ${(100 * s.softmaxError).toFixed(2)} %, ` : ''}k-NN ${(100 * s.knnError).toFixed(2)} %\n`);
      }
    }
  }
  // The report covers E1–E6; a merge of MNIST shards alone has nothing for it.
  const experiments = written.filter((w) => /^e\d+$/.test(w.merged.experiment));
  if (values.report && experiments.length === 0) process.stdout.write('no E1–E6 files merged: no report\n');
  else if (values.report) {
    const { dirname } = await import('node:path');
    await reportCommand([dirname(experiments[0]!.path)]);
  }
}

export async function reportCommand(argv: string[], pictures?: PictureMaker): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(REPORT_HELP);
  const { out, claims } = await writeReport(positionals[0] ?? 'out', values.out, pictures);
  process.stdout.write(claimsTable(claims, terminal()));
  process.stdout.write(`report → ${out}\n`);
}

/** How wide and whether coloured the terminal tables are. */
function terminal(): { colour: boolean; width: number } {
  return { colour: colourEnabled(process.stdout), width: Math.min(process.stdout.columns ?? 120, 160) };
}

/** Writes DIR/report.html (or `outFile`) from the merged files in DIR; returns where and the claims it states. */
async function writeReport(dir: string, outFile: string | undefined, pictures?: PictureMaker): Promise<{ out: string; claims: ReportedClaim[] }> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const names = (await fs.readdir(dir)).filter((f) => /^e\d+\.json$/.test(f));
  if (names.length === 0) throw new UsageError(`no merged experiment files (e1.json …) in ${dir}`);
  const files = await Promise.all(names.map(async (n) => JSON.parse(await fs.readFile(path.join(dir, n), 'utf8')) as ShardFile));
  const out = outFile ?? path.join(dir, 'report.html');
  await ensureWritableFile(out);
  const { html, claims } = await buildReportWithClaims(files, { pictures: pictures ?? experimentPictures(await createEngine()), environment: { node: process.version } });
  await writeFileAtomic(out, html);
  return { out, claims };
}

export const ESSAY_HELP = `untangle essay — rerun every experiment of the essay (E1–E6) and write one HTML report

  --quick            smaller data and budgets, 3 seeds (about a minute or less)
  --seeds N          seeds per setting (default 8, or 3 with --quick)
  --out DIR          default out/essay; the report is DIR/report.html
${SHARD_HELP.replace("'untangle merge')", "'untangle merge DIR --report')")}                     a shard writes its shard files and no report
`;

/** The main job: every experiment, then the report, with progress bars. */
export async function essayCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { quick: { type: 'boolean' }, seeds: { type: 'string' }, out: { type: 'string' }, shard: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(ESSAY_HELP);
  const quick = !!values.quick;
  const seeds = numberOption(values.seeds, 'seeds', quick ? 3 : 8, { integer: true, min: 1, max: 1000 });
  const out = values.out ?? 'out/essay';
  const started = Date.now();
  const shard = shardOption(values.shard);
  await experimentCommand(['all', '--seeds', String(seeds), '--out', out, ...(quick ? ['--quick'] : []), ...(shard.count > 1 ? ['--shard', `${shard.index}/${shard.count}`] : [])]);
  if (shard.count > 1) return void process.stdout.write(`shard ${shard.index}/${shard.count} done in ${((Date.now() - started) / 1000).toFixed(1)} s; merge all shards with 'untangle merge ${out} --report'\n`);
  const report = await writeReport(out, undefined);
  process.stdout.write(`\n${claimsTable(report.claims, terminal())}\n`);
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s — the report with tables and pictures: ${report.out}\n`);
}
