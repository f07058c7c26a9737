/**
 * The `--shard` option of the sweep commands (experiment, essay, mnist):
 * `i/n`, or `auto` / `auto/N` read from a Kubernetes Indexed Job or a Slurm job
 * array (src/experiments/shard-env.ts). A bad value is a usage error.
 */
import { OptionError, UsageError } from '../errors.js';
import { resolveShard } from '../experiments/shard-env.js';
import { WHOLE, type Shard } from '../experiments/sweep.js';

export const SHARD_HELP = `  --shard i/n        run only jobs j with j mod n = i (merge the shards with 'untangle merge')
  --shard auto[/N]   take i/n from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX; n from /N or UNTANGLE_SHARDS)
                     or a Slurm job array (SLURM_ARRAY_TASK_ID, _MIN, _MAX, _COUNT; one range A-B or A-B:S)
`;

/** The shard a command runs: whole without `--shard`. */
export function shardOption(value: string | undefined, env: Record<string, string | undefined> = process.env): Shard {
  if (value === undefined) return WHOLE;
  try {
    return resolveShard(value, env);
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
}
