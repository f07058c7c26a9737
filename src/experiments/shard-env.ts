/**
 * `--shard auto`: which shard this process runs, read from the environment a
 * batch engine gives each of its tasks, so one command line serves every task.
 *
 * - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0 … completions − 1). A pod
 *   cannot read its Job's `completions` without API access, so the count comes
 *   from `--shard auto/N` or `UNTANGLE_SHARDS=N`.
 * - Slurm job array: `SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_MIN`,
 *   `SLURM_ARRAY_TASK_MAX`, `SLURM_ARRAY_TASK_COUNT` (and `SLURM_ARRAY_TASK_STEP`).
 *   Supported: one range `--array=A-B` or `--array=A-B:S`, any start (0 or 1 …),
 *   any step, any `%` limit; shard = (ID − MIN) / STEP of COUNT. Refused: lists
 *   such as `--array=1,3,8` or `0-3,7`, whose ids are not one arithmetic range
 *   (the check: COUNT = (MAX − MIN) / STEP + 1).
 */
import { OptionError } from '../errors.js';
import { parseShard, type Shard } from './sweep.js';

/** The environment variables read; an object so tests can pass their own. */
export type ShardEnvironment = Record<string, string | undefined>;

const NONE_SET =
  '--shard auto found no batch engine: set JOB_COMPLETION_INDEX (Kubernetes Indexed Job, with --shard auto/N or UNTANGLE_SHARDS=N) ' +
  'or SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_MAX, SLURM_ARRAY_TASK_COUNT (Slurm job array)';

/**
 * Resolves a `--shard` value: `i/n` as given, `auto` or `auto/N` from the
 * environment. Throws OptionError (option `shard`) naming the variables that
 * are missing or inconsistent.
 */
export function resolveShard(text: string, env: ShardEnvironment): Shard {
  const auto = /^auto(?:\/(.*))?$/.exec(text.trim());
  if (!auto) return parseShard(text);
  const given = auto[1] === undefined ? undefined : positive(auto[1], `--shard auto/N`);
  const k8s = env.JOB_COMPLETION_INDEX, slurm = env.SLURM_ARRAY_TASK_ID;
  if (k8s !== undefined && slurm !== undefined) {
    throw new OptionError('--shard auto: both JOB_COMPLETION_INDEX and SLURM_ARRAY_TASK_ID are set; give --shard i/n', 'shard');
  }
  if (k8s !== undefined) return fromIndexedJob(k8s, given, env.UNTANGLE_SHARDS);
  if (slurm !== undefined) return fromSlurmArray(slurm, given, env);
  throw new OptionError(NONE_SET, 'shard');
}

function fromIndexedJob(indexText: string, given: number | undefined, sharesText: string | undefined): Shard {
  const index = whole(indexText, 'JOB_COMPLETION_INDEX');
  const fromEnv = sharesText === undefined ? undefined : positive(sharesText, 'UNTANGLE_SHARDS');
  if (given !== undefined && fromEnv !== undefined && given !== fromEnv) {
    throw new OptionError(`--shard auto/${given} disagrees with UNTANGLE_SHARDS=${fromEnv}`, 'shard');
  }
  const count = given ?? fromEnv;
  if (count === undefined) {
    throw new OptionError('--shard auto in a Kubernetes Indexed Job (JOB_COMPLETION_INDEX is set) needs the number of shards: --shard auto/N or UNTANGLE_SHARDS=N, N = the Job\'s completions', 'shard');
  }
  if (index >= count) throw new OptionError(`JOB_COMPLETION_INDEX=${index} is not below the ${count} shards (completions must equal N)`, 'shard');
  return { index, count };
}

function fromSlurmArray(idText: string, given: number | undefined, env: ShardEnvironment): Shard {
  const need = (name: string) => {
    const v = env[name];
    if (v === undefined) throw new OptionError(`--shard auto in a Slurm job array needs ${name} (set by Slurm with SLURM_ARRAY_TASK_ID)`, 'shard');
    return whole(v, name);
  };
  const id = whole(idText, 'SLURM_ARRAY_TASK_ID');
  const min = need('SLURM_ARRAY_TASK_MIN'), max = need('SLURM_ARRAY_TASK_MAX'), count = need('SLURM_ARRAY_TASK_COUNT');
  const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : positive(env.SLURM_ARRAY_TASK_STEP, 'SLURM_ARRAY_TASK_STEP');
  const span = max - min;
  if (span < 0 || span % step !== 0 || span / step + 1 !== count || (id - min) % step !== 0 || id < min || id > max) {
    throw new OptionError(
      `--shard auto supports Slurm arrays of one range (--array=A-B or A-B:S); this one is not ` +
        `(SLURM_ARRAY_TASK_ID=${id}, MIN=${min}, MAX=${max}, STEP=${step}, COUNT=${count}): give --shard i/n instead`, 'shard');
  }
  if (given !== undefined && given !== count) throw new OptionError(`--shard auto/${given} disagrees with SLURM_ARRAY_TASK_COUNT=${count}`, 'shard');
  return { index: (id - min) / step, count };
}

function whole(text: string, name: string): number {
  if (!/^\d+$/.test(text.trim())) throw new OptionError(`${name} must be a whole number, got '${text}'`, 'shard');
  return Number(text);
}

function positive(text: string, name: string): number {
  const n = whole(text, name);
  if (n < 1) throw new OptionError(`${name} must be at least 1, got '${text}'`, 'shard');
  return n;
}
