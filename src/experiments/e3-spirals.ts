/**
 * E3 — "slightly entangled" spirals are untangled by four hidden layers of
 * width 2; more entangled ones are not. A wide network on the same data is
 * the control: it shows the data can be learnt, so a failure is the width's.
 */
import { spirals } from '../data/spirals.js';
import { runDense } from './dense-run.js';
import { pct } from './e1-disk-annulus.js';
import type { Experiment } from './types.js';

const TURNS = [1, 1.5, 2];

export const e3: Experiment = {
  id: 'e3',
  title: 'E3 · spirals: four hidden layers of width 2 by entanglement, width 16 as control',
  dataset: 'spirals',
  settings: () => [
    ...TURNS.map((turns) => ({ id: `w2-t${turns}`, label: `4×2, ${turns} turns`, params: { width: 2, turns } })),
    ...TURNS.map((turns) => ({ id: `w16-t${turns}`, label: `4×16 (control), ${turns} turns`, params: { width: 16, turns } })),
  ],
  data: (setting, seed, options) => spirals({ n: options.quick ? 400 : 800, turns: setting.params.turns as number, seed }),
  featured: ['w2-t1', 'w2-t2', 'w16-t2'],
  animate: 'w2-t1',
  run(engine, setting, seed, options) {
    const n = options.quick ? 400 : 800;
    const turns = setting.params.turns as number;
    return runDense(engine, {
      experiment: 'e3', setting: setting.id, seed,
      train: spirals({ n, turns, seed }),
      test: spirals({ n, turns, seed: seed + 1000 }),
      hidden: [1, 2, 3, 4].map(() => setting.params.width as number),
      epochs: options.quick ? 200 : 600,
    });
  },
  judge(summaries) {
    const get = (id: string) => summaries.find((s) => s.setting.id === id)!;
    const slight = get('w2-t1'), tangled = get('w2-t2'), control = get('w16-t2');
    const slightOk = slight.best >= 0.99, tangledFails = tangled.best < 0.99, controlOk = control.median >= 0.99;
    const all = slightOk && tangledFails && controlOk;
    return {
      text: 'Four hidden layers of width 2 untangle slightly entangled spirals; more entangled spirals defeat them.',
      verdict: all ? 'holds' : slightOk || tangledFails ? 'partly' : 'does not hold',
      measured: `Width 2 at 1 turn: best ${pct(slight.best)}, median ${pct(slight.median)}; at 1.5 turns best ${pct(get('w2-t1.5').best)}; ` +
        `at 2 turns best ${pct(tangled.best)}. Control width 16 at 2 turns: median ${pct(control.median)}.`,
    };
  },
};
