// The report refuses shards that were not merged. What a whole report holds (every
// experiment's claim and table, pictures, players, nothing external, the 3 MB
// budget) is checked on the one essay run of the test suite, the CLI's
// (test/cli/cli.test.ts, with test/report/essay-report-checks.ts).
import { describe, it, expect } from 'vitest';
import { EXPERIMENTS, runJobs } from '../../src/experiments/index.js';
import { buildReport } from '../../src/report/build.js';
import { testEngine } from '../helpers/engine.js';

describe('HTML report', () => {
  it('refuses an unmerged shard', async () => {
    const engine = await testEngine();
    const shard = runJobs(engine, EXPERIMENTS.e2!, { seeds: 1, quick: true }, { index: 0, count: 2 });
    await expect(buildReport([shard])).rejects.toThrow(/merge the shards first/);
  });
});
