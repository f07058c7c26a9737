/**
 * `npm run bench:size`: the download sizes a user pays (bench/size-measure.ts),
 * written to bench/results/size.{json,md}. With --record-budget it also makes
 * them the new budget (size-budget.json) that test/package/size.test.ts holds
 * the build to (at most 10 % more).
 *   node --import tsx bench/size.ts [--record-budget]
 * Needs the built dist/ (npm run build).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGET_FILE, ROOT, VITE_APP_JS, distSizes, viteAppSize, type Size } from './size-measure.js';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const app = await viteAppSize();
const sizes: Record<string, Size> = { ...distSizes(), [VITE_APP_JS]: app.js };
const result = { date: new Date().toISOString(), node: process.version, sizes, viteAppFiles: app.files };
writeFileSync(join(ROOT, 'bench', 'results', 'size.json'), `${JSON.stringify(result, null, 2)}\n`);

const rows = Object.entries(sizes).map(([name, s]) => `| ${name} | ${kb(s.raw)} | ${kb(s.gzip)} |`);
const md = [
  '# size',
  '',
  `${result.date}, Node ${process.version}; gzip level 9. The Vite app is examples/vite-app (vite build, production).`,
  '',
  '| file | raw | gzip |',
  '|---|---|---|',
  ...rows,
  '',
  `Vite emitted: ${app.files.join(', ')}`,
  '',
].join('\n');
writeFileSync(join(ROOT, 'bench', 'results', 'size.md'), md);
process.stdout.write(md);

if (process.argv.includes('--record-budget')) {
  writeFileSync(BUDGET_FILE, `${JSON.stringify(sizes, null, 2)}\n`);
  console.log(`budget recorded in ${BUDGET_FILE}`);
}
