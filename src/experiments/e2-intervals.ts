/**
 * E2 — the 1-D version: A = [−1/3, 1/3] between the two pieces of B needs a
 * layer of at least 2 units; one unit is monotone in x and can only cut once
 * (best possible 75 %).
 */
import { intervals1d } from '../data/intervals-1d.js';
import { runDense } from './dense-run.js';
import { pct } from './e1-disk-annulus.js';
import type { Experiment } from './types.js';

export const e2: Experiment = {
  id: 'e2',
  title: 'E2 · 1-D intervals: one hidden unit vs two',
  dataset: 'intervals-1d',
  settings: () => [1, 2].map((width) => ({ id: `w${width}`, label: `one hidden layer of ${width}`, params: { width } })),
  data: (_setting, seed, options) => intervals1d({ n: options.quick ? 200 : 400, seed }),
  featured: ['w1', 'w2'],
  run(engine, setting, seed, options) {
    const n = options.quick ? 200 : 400;
    return runDense(engine, {
      experiment: 'e2', setting: setting.id, seed,
      train: intervals1d({ n, seed }),
      test: intervals1d({ n, seed: seed + 1000 }),
      hidden: [setting.params.width as number],
      epochs: options.quick ? 200 : 500,
    });
  },
  judge(summaries) {
    const w1 = summaries.find((s) => s.setting.params.width === 1)!;
    const w2 = summaries.find((s) => s.setting.params.width === 2)!;
    const holds1 = w1.best < 1, holds2 = w2.median >= 0.99;
    return {
      text: 'Without a layer of two or more hidden units this 1-D data set cannot be classified; with two units the network separates it.',
      verdict: holds1 && holds2 ? 'holds' : holds1 || holds2 ? 'partly' : 'does not hold',
      measured: `One unit: best ${pct(w1.best)} (a single monotone unit can cut at most once: 75 % at best). Two units: median ${pct(w2.median)}, best ${pct(w2.best)}.`,
    };
  },
};
