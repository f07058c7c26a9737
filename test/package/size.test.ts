// Download sizes stay within 10 % of the budget recorded in size-budget.json
// (bench/size.ts --record-budget writes it; raise it on purpose, in its own commit).
import { describe, expect, it } from 'vitest';
import { DIST_FILES, VITE_APP_JS, distSizes, overBudget, readBudget, viteAppSize } from '../../bench/size-measure.js';

describe('size budget', () => {
  const budget = readBudget();

  it('the browser bundle and each wasm build, raw and gzip', () => {
    const sizes = distSizes();
    console.log(`[test/package] ${DIST_FILES.map((f) => `${f} ${sizes[f]!.raw} B / ${sizes[f]!.gzip} B gzip`).join(', ')}`);
    expect(overBudget(sizes, budget)).toEqual([]);
  });

  it('a Vite app importing createEngine, Model, fit and spirals: JS within budget and at most 60 KB gzipped', async () => {
    const app = await viteAppSize();
    console.log(`[test/package] vite app JS ${app.js.raw} B / ${app.js.gzip} B gzip; emitted ${app.files.join(', ')}`);
    expect(overBudget({ [VITE_APP_JS]: app.js }, budget)).toEqual([]);
    expect(app.js.gzip).toBeLessThanOrEqual(60 * 1024);
    expect(app.files.filter((f) => f.endsWith('.wasm')).length).toBe(2);
  }, 60_000);

  it('reports growth past the slack, and a file without a budget', () => {
    const base = { raw: 1000, gzip: 400 };
    expect(overBudget({ a: { raw: 1100, gzip: 440 } }, { a: base })).toEqual([]);
    expect(overBudget({ a: { raw: 1101, gzip: 400 } }, { a: base })).toEqual(['a raw: 1101 bytes > 1100 (budget 1000 + 10 %)']);
    expect(overBudget({ b: base }, { a: base })[0]).toMatch(/^b: no budget recorded/);
  });
});
