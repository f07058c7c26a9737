/**
 * From merged sweep files to the report: summaries, verdicts, pictures of the
 * best and of a typical run of each setting that the claim is about.
 */
import { DataFileError } from '../errors.js';
import { experimentById, summarize, type Claim, type ShardFile } from '../experiments/index.js';
import { renderReport, type ExperimentSection, type Figure } from './html.js';

/** Draws the report's pictures for one experiment's merged results. */
export interface PictureMaker {
  /** Pictures for one experiment's file (best and typical runs, animations). */
  (file: ShardFile): Promise<Figure[]> | Figure[];
}

/** What {@link buildReport} adds to the results. */
export interface ReportOptions {
  /** Draws each experiment's pictures (e.g. {@link experimentPictures}); none when absent. */
  pictures?: PictureMaker;
  /** Name–value pairs shown in the report's header (machine, Node version, wasm build, …). */
  environment?: Record<string, string | number>;
}

/**
 * The essay report as one self-contained HTML page: a claims table, then each
 * experiment's table and (with `options.pictures`) its pictures.
 *
 * @example
 * ```ts
 * const html = await buildReport(mergedFiles, { pictures: experimentPictures(engine) });
 * await writeFile('report.html', html);
 * ```
 */
export async function buildReport(files: ShardFile[], options: ReportOptions = {}): Promise<string> {
  return (await buildReportWithClaims(files, options)).html;
}

/** One experiment's claim as the report states it (its id, e.g. `e3`). */
export interface ReportedClaim {
  experiment: string;
  claim: Claim;
}

/**
 * The report's HTML and the claims with the verdicts it shows, so a terminal
 * summary states exactly what the page does.
 */
export async function buildReportWithClaims(files: ShardFile[], options: ReportOptions = {}): Promise<{ html: string; claims: ReportedClaim[] }> {
  const sections: ExperimentSection[] = [];
  for (const file of [...files].sort((a, b) => a.experiment.localeCompare(b.experiment, 'en', { numeric: true }))) {
    if (file.shard.count !== 1) throw new DataFileError(`report: ${file.experiment} is shard ${file.shard.index}/${file.shard.count}; merge the shards first (untangle merge)`);
    const experiment = experimentById(file.experiment);
    const summaries = summarize(experiment, file);
    sections.push({
      experiment, file, summaries,
      claim: experiment.judge(summaries),
      figures: options.pictures ? await options.pictures(file) : [],
    });
  }
  const html = renderReport({
    title: 'Neural Networks, Manifolds, and Topology — the claims, rerun',
    generated: new Date().toISOString(),
    environment: options.environment ?? {},
    sections,
  });
  return { html, claims: sections.map((s) => ({ experiment: s.experiment.id, claim: s.claim })) };
}
