/**
 * E1 — "Topology and Classification": a disk surrounded by an annulus cannot
 * be separated by a network whose layers have 2 units, at any depth (the
 * essay's net got stuck near 80 %); with 3 units it becomes easy.
 */
import { diskAnnulus } from '../data/disk-annulus.js';
import { runDense } from './dense-run.js';
import type { Experiment, SettingSummary } from './types.js';

export const e1: Experiment = {
  id: 'e1',
  title: 'E1 · disk inside an annulus: width 2 vs width 3, depth 1–4',
  dataset: 'disk-annulus',
  settings: () =>
    [2, 3].flatMap((width) =>
      [1, 2, 3, 4].map((depth) => ({ id: `w${width}-d${depth}`, label: `width ${width}, depth ${depth}`, params: { width, depth } })),
    ),
  data: (_setting, seed, options) => diskAnnulus({ n: options.quick ? 400 : 800, seed }),
  featured: ['w2-d4', 'w3-d1'],
  animate: 'w3-d1',
  film: { setting: 'w2-d1', layer: 0 },
  run(engine, setting, seed, options) {
    const n = options.quick ? 400 : 800;
    const width = setting.params.width as number, depth = setting.params.depth as number;
    return runDense(engine, {
      experiment: 'e1', setting: setting.id, seed,
      train: diskAnnulus({ n, seed }),
      test: diskAnnulus({ n, seed: seed + 1000 }),
      hidden: new Array<number>(depth).fill(width),
      epochs: options.quick ? 150 : 400,
    });
  },
  judge(summaries) {
    const w2 = summaries.filter((s) => s.setting.params.width === 2);
    const w3 = summaries.filter((s) => s.setting.params.width === 3);
    const w2Best = Math.max(...w2.map((s) => s.best));
    const w2Median = Math.max(...w2.map((s) => s.median));
    const w2Low = Math.min(...w2.map((s) => s.median));
    const w3Median = Math.max(...w3.map((s) => s.median));
    const neverSeparates = w2Best < 1;
    const widthThreeWorks = w3Median >= 0.99;
    return {
      text: 'A network whose layers have 2 units cannot classify a disk inside an annulus, regardless of depth (it got stuck near 80 %); with 3 units the problem becomes trivial.',
      verdict: neverSeparates && widthThreeWorks ? 'holds' : neverSeparates || widthThreeWorks ? 'partly' : 'does not hold',
      measured: `Width 2: medians ${pct(w2Low)}–${pct(w2Median)} over depths 1–4, best run ${pct(w2Best)} — ${neverSeparates ? 'never 100 %' : 'some run reached 100 %'}. ` +
        `Width 3: best median over depths ${pct(w3Median)}. ` +
        `The essay's "stuck near 80 %" does not reproduce as such: deeper width-2 nets get much closer by stretching the annulus around the disk (see E5), yet never separate it.`,
    };
  },
};

export function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

export type { SettingSummary };
