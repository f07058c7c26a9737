/**
 * Trains a convnet on MNIST on one thread for a fixed number of epochs with a
 * learning-rate schedule over the whole run (so its last step runs at a low
 * rate), scores it on the 10 000 test images and writes
 * bench/results/<name>.{json,md}. The epochs are chosen so training and
 * scoring fit the wall-time budget on a quiet machine; the run is not cut at
 * the budget (a cut schedule would end at a high rate), it reports whether it
 * fitted. Each epoch's loss, time and the load average are printed and saved,
 * so a run on a busy machine can be scaled to a quiet one. Results accumulate:
 * each run adds a row to the runs already in bench/results/<name>.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/engine/engine.js';
import { loadMnist } from '../src/data/mnist.js';
import { shiftedCopies, type ShiftOptions } from '../src/data/augment.js';
import { Model, type LayerSpec } from '../src/model/model.js';
import { Trainer } from '../src/train/trainer.js';
import type { FitOptions } from '../src/train/options.js';
import { resultsDir, writeResults, type Row } from './timing.js';

export interface BudgetRun {
  name: string;
  /** The network's name in the results table. */
  network: string;
  layers: LayerSpec[];
  /** Epochs the schedule spans. */
  epochs: number;
  /** Seconds training plus scoring should take on a quiet machine (reported against, not enforced). */
  budget: number;
  fit: Pick<FitOptions, 'optimizer' | 'learningRate' | 'batchSize' | 'schedule' | 'weightDecay'>;
  /** Lines on the runs as a whole (what the columns mean, earlier rows), above the newest run's notes. */
  notes?: string[];
  /** Seed of the initial weights and the shuffling (default 1). */
  seed?: number;
  /** Shifted copies of the training images added to it (src/data/augment.ts); none when absent. */
  shift?: ShiftOptions;
}

/** The `--<name> <number>` argument, or `fallback`. */
export function numberArgument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const load = () => loadavg()[0]!.toFixed(2);

/** The runs already recorded in bench/results/<name>.json (rows with a `when`), oldest first. */
function earlierRuns(name: string): Row[] {
  const file = join(resultsDir, `${name}.json`);
  if (!existsSync(file)) return [];
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as { rows?: Row[] }).rows ?? [];
  return rows.filter((r) => typeof r.when === 'string');
}

export async function trainScheduled(run: BudgetRun): Promise<void> {
  const engine = await createEngine({ variant: 'relaxed' });
  const images = await loadMnist({ split: 'train' });
  // Shifting is part of the run: its seconds count.
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const train = run.shift ? shiftedCopies(images, run.shift) : images;
  const test = await loadMnist({ split: 'test' });
  const model = Model.create(engine, { inputs: { channels: 1, height: 28, width: 28 }, layers: run.layers, seed: run.seed ?? 1 });
  const loadAtStart = load();
  const epochs: { epoch: number; loss: number; seconds: number; epochSeconds: number; load: string }[] = [];
  const trainer = new Trainer(model, train, { ...run.fit, epochs: run.epochs, seed: run.seed ?? 1 });
  try {
    while (trainer.epochs < run.epochs) {
      const t0 = performance.now();
      const report = trainer.epoch();
      const epochSeconds = (performance.now() - t0) / 1000;
      const seconds = (performance.now() - started) / 1000;
      epochs.push({ epoch: report.epoch, loss: report.loss, seconds, epochSeconds, load: load() });
      console.log(`epoch ${report.epoch}: loss ${report.loss.toFixed(4)}, ${epochSeconds.toFixed(1)} s (${seconds.toFixed(0)} s in), load ${load()}`);
    }
  } finally {
    trainer.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const testError = 1 - model.evaluate(test).accuracy;
  const totalSeconds = (performance.now() - started) / 1000;
  // CPU seconds beside wall seconds: on a shared machine they say what the run would take alone.
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`test error ${(100 * testError).toFixed(2)} % after ${run.epochs} epochs, ${trainSeconds.toFixed(0)} s of training, ${totalSeconds.toFixed(0)} s with scoring`);
  const schedule = run.fit.schedule ? `${run.fit.schedule.decay}, warm-up ${run.fit.schedule.warmup ?? 0}` : 'constant';
  const row: Row = {
    when: new Date().toISOString().slice(0, 16), network: run.network, images: train.n, epochs: run.epochs, seed: run.seed ?? 1,
    optimiser: `${run.fit.optimizer ?? 'adam'} ${run.fit.learningRate}, ${schedule}, batch ${run.fit.batchSize}`,
    'train s': Math.round(trainSeconds), 'train + test s': Math.round(totalSeconds), 'CPU s': Math.round(cpuSeconds),
    load: `${loadAtStart} → ${load()}`, 'test error %': Number((100 * testError).toFixed(2)),
  };
  const rows = [...earlierRuns(run.name), row];
  console.log(writeResults(run.name, rows, Object.keys(row), [
    'one row per run (when: the time it finished, UTC), the newest last',
    ...(run.notes ?? []),
    'the newest run:',
    `one thread, relaxed SIMD; ${run.epochs} epoch(s) of ${train.n} images${run.shift ? ` (shifted copies ${JSON.stringify(run.shift)})` : ''}, ${JSON.stringify(run.fit)}; budget ${run.budget} s (${totalSeconds <= run.budget ? 'within' : 'over'} it here)`,
    `epochs (loss, epoch seconds, load after): ${epochs.map((e) => `${e.epoch}: ${e.loss.toFixed(4)}, ${e.epochSeconds.toFixed(1)} s, load ${e.load}`).join('; ')}`,
    `layers: ${JSON.stringify(run.layers)}`,
  ]));
}
