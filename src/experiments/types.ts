/**
 * The shape of an experiment: a claim of the essay, a sweep of settings, each
 * run under several seeds, and a summary that says whether the claim holds.
 * Runs are independent jobs (setting × seed), so a sweep can be split into
 * shards, run anywhere, and merged (see sweep.ts).
 */
import type { Engine } from '../engine/engine.js';
import type { ModelJSON } from '../model/model-json.js';
import type { Dataset } from '../data/dataset.js';

/** One point of an experiment's sweep (e.g. a network width and depth). */
export interface Setting {
  /** Stable identifier within the experiment, e.g. `w2-d3`. */
  id: string;
  /** What a reader sees in tables, e.g. `width 2, depth 3`. */
  label: string;
  params: Record<string, number | string | boolean>;
}

/** What one run (setting × seed) measured, with the trained model. */
export interface RunResult {
  experiment: string;
  setting: string;
  seed: number;
  /** Final training accuracy (the essay's claims are about separating the data). */
  accuracy: number;
  /** Accuracy on held-out points from the same distribution. */
  testAccuracy: number;
  /** Accuracy of always answering the majority class. */
  baseline: number;
  loss: number;
  epochs: number;
  ms: number;
  /** Experiment-specific figures (e.g. Jacobian norms). */
  metrics: Record<string, number>;
  /** The trained model, so a report can draw the best and a typical run. */
  model: ModelJSON;
}

/** The essay's claim an experiment tests, and the verdict on it. */
export interface Claim {
  /** The essay's claim, in its words where possible. */
  text: string;
  /** Whether what was measured supports it. */
  verdict: 'holds' | 'partly' | 'does not hold';
  /** What was measured, in one or two sentences. */
  measured: string;
}

/** A setting's runs summarised over the seeds (see `summarize`). */
export interface SettingSummary {
  setting: Setting;
  runs: number;
  best: number;
  median: number;
  worst: number;
  testMedian: number;
  baseline: number;
  /** Medians of the experiment-specific metrics. */
  metrics: Record<string, number>;
}

/** How big a sweep is: seeds per setting, and the quick (about a minute) or the full size. */
export interface ExperimentOptions {
  /** Seeds per setting (default 5). */
  seeds: number;
  /** Smaller data and budgets for a run of about a minute. */
  quick: boolean;
}

/** One of the essay's experiments E1–E6: a claim, the settings it is tested on, how one run goes and how the results are judged. */
export interface Experiment {
  id: string;
  title: string;
  /** The data set the pictures are drawn on. */
  dataset: string;
  /** The settings of the sweep at this size. */
  settings(options: ExperimentOptions): Setting[];
  /** The training data of a run (regenerated for pictures from setting and seed). */
  data(setting: Setting, seed: number, options: ExperimentOptions): Dataset;
  /** Settings whose best and typical runs the report draws. */
  featured: string[];
  /** A setting whose best run the report animates layer by layer (all widths ≤ 3). */
  animate?: string;
  /** A setting whose training the report films, and the layer it watches. */
  film?: { setting: string; layer: number };
  /** Trains and measures one setting with one seed. */
  run(engine: Engine, setting: Setting, seed: number, options: ExperimentOptions): RunResult;
  /** Turns the per-setting summaries into the claim's verdict. */
  judge(summaries: SettingSummary[]): Claim;
}
