#!/usr/bin/env node
/**
 * The `untangle` command. Library code throws; only this entry point turns an
 * error into a one-line message and a non-zero exit status.
 */
import { trainCommand, TRAIN_HELP } from './train-command.js';
import { UsageError } from '../errors.js';
import { describeFailure } from './failure.js';
import { mnistCommand, MNIST_HELP } from './mnist-command.js';
import { exportCommand, EXPORT_HELP } from './export-command.js';
import { exploreCommand, EXPLORE_HELP } from './explore-command.js';
import { benchCommand, BENCH_HELP } from './bench-command.js';
import { essayCommand, experimentCommand, mergeCommand, reportCommand, ESSAY_HELP, EXPERIMENT_HELP, MERGE_HELP, REPORT_HELP } from './experiment-command.js';

const HELP = `untangle — train small neural networks on the CPU and see what they do to data

Commands:
  essay      rerun the essay's experiments E1–E6 and write one HTML report (the main job)
  demo       train 2-8-8-2 tanh on two spirals and print train/test accuracy
  train      train a dense network on a built-in data set or a CSV file
  export     pictures, export data and topology report of a saved model
  experiment rerun the essay's experiments (e1 … or all), whole or one shard of a sweep
  merge      combine the shard files of one experiment
  report     write the HTML report from merged experiment files
  mnist      E7/E8: a two-convolution net on MNIST, softmax vs k-NN (training and head)
  explore    serve the interactive explorer page and print its address
  bench      time Untangle (and tfjs-wasm, if installed) on this machine; --serve for a browser
  help CMD   help for one command

Run 'untangle CMD --help' for a command's options.
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      const help: Record<string, string> = { train: TRAIN_HELP, demo: TRAIN_HELP, experiment: EXPERIMENT_HELP, merge: MERGE_HELP, report: REPORT_HELP, mnist: MNIST_HELP, essay: ESSAY_HELP, export: EXPORT_HELP, explore: EXPLORE_HELP, bench: BENCH_HELP };
      process.stdout.write(help[rest[0] ?? ''] ?? HELP);
      return;
    case 'essay':
      return essayCommand(rest);
    case 'demo':
      return trainCommand(rest, { data: 'spirals', epochs: 300 });
    case 'train':
      return trainCommand(rest);
    case 'experiment':
      return experimentCommand(rest);
    case 'merge':
      return mergeCommand(rest);
    case 'report':
      return reportCommand(rest);
    case 'export':
      return exportCommand(rest);
    case 'mnist':
      return mnistCommand(rest);
    case 'explore':
      return exploreCommand(rest);
    case 'bench':
      return benchCommand(rest);
    default:
      throw new UsageError(`unknown command '${command}' (try 'untangle --help')`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const { line, exitCode } = describeFailure(error);
  process.stderr.write(`${line}\n`);
  if (process.env.UNTANGLE_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = exitCode;
});
