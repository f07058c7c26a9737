/**
 * E4 — two linked solid tori in ℝ³ cannot be pulled apart by homeomorphisms of
 * ℝ³, so layers of width 3 cannot separate them; a fourth dimension can.
 */
import { linkedTori } from '../data/linked-tori.js';
import { runDense } from './dense-run.js';
import { pct } from './e1-disk-annulus.js';
import type { Experiment } from './types.js';

export const e4: Experiment = {
  id: 'e4',
  title: 'E4 · linked tori: width 3 vs width 4 (three hidden layers)',
  dataset: 'linked-tori',
  settings: () => [3, 4].map((width) => ({ id: `w${width}`, label: `3 hidden layers of width ${width}`, params: { width } })),
  data: (_setting, seed, options) => linkedTori({ n: options.quick ? 600 : 1200, seed }),
  featured: ['w3', 'w4'],
  run(engine, setting, seed, options) {
    const n = options.quick ? 600 : 1200;
    return runDense(engine, {
      experiment: 'e4', setting: setting.id, seed,
      train: linkedTori({ n, seed }),
      test: linkedTori({ n, seed: seed + 1000 }),
      hidden: [1, 2, 3].map(() => setting.params.width as number),
      epochs: options.quick ? 150 : 400,
    });
  },
  judge(summaries) {
    const w3 = summaries.find((s) => s.setting.params.width === 3)!;
    const w4 = summaries.find((s) => s.setting.params.width === 4)!;
    const w3Fails = w3.best < 1, w4Works = w4.median >= 0.99;
    return {
      text: 'Linked tori cannot be separated without a fourth dimension: width 3 is not enough, width 4 is.',
      verdict: w3Fails && w4Works ? 'holds' : w3Fails || w4Works ? 'partly' : 'does not hold',
      measured: `Width 3: best ${pct(w3.best)}, median ${pct(w3.median)}. Width 4: best ${pct(w4.best)}, median ${pct(w4.median)}. ` +
        `(A width-3 network can still score high by stretching the linked region thin — the essay's "easy way out".)`,
    };
  },
};
