#!/usr/bin/env node
/**
 * The `untangle` command. Library code throws; only this entry point turns an
 * error into a one-line message and a non-zero exit status.
 */
import { trainCommand, TRAIN_HELP } from './train-command.js';
import { UsageError } from './args.js';

const HELP = `untangle — train small neural networks on the CPU and see what they do to data

Commands:
  demo       train 2-8-8-2 tanh on two spirals and print train/test accuracy
  train      train a dense network on a built-in data set or a CSV file
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
      if (rest[0] === 'train' || rest[0] === 'demo') process.stdout.write(TRAIN_HELP);
      else process.stdout.write(HELP);
      return;
    case 'demo':
      return trainCommand(rest, { data: 'spirals', epochs: 300 });
    case 'train':
      return trainCommand(rest);
    default:
      throw new UsageError(`unknown command '${command}' (try 'untangle --help')`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`untangle: ${message}\n`);
  process.exitCode = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
});
