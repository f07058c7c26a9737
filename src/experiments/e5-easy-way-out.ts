/**
 * E5 — "The Easy Way Out": a network that cannot untangle the data pulls the
 * classes apart by stretching the tangled region thin, which shows as very
 * large derivatives there. The contractive penalty λ·‖∂f/∂x‖²_F (here on the
 * whole input→logits map) fights it. Task: disk inside annulus with width-2
 * layers (topologically impossible, see E1); a width-3 net, which can solve
 * it genuinely, is the reference for what "normal" derivatives look like.
 */
import { diskAnnulus } from '../data/disk-annulus.js';
import { jacobianNorms } from '../train/contractive.js';
import { runDense } from './dense-run.js';
import { pct } from './e1-disk-annulus.js';
import type { Experiment } from './types.js';

const LAMBDAS = [0, 0.001, 0.01];

export const e5: Experiment = {
  id: 'e5',
  title: 'E5 · the easy way out: Jacobian norms at the data with and without a contractive penalty',
  dataset: 'disk-annulus',
  settings: () => [
    ...LAMBDAS.map((lambda) => ({ id: `w2-l${lambda}`, label: `width 2 ×3, λ = ${lambda}`, params: { width: 2, lambda } })),
    { id: 'w3-l0', label: 'width 3 ×3, λ = 0 (genuine solution)', params: { width: 3, lambda: 0 } },
  ],
  data: (_setting, seed, options) => diskAnnulus({ n: options.quick ? 400 : 800, seed }),
  featured: ['w2-l0', 'w2-l0.01', 'w3-l0'],
  run(engine, setting, seed, options) {
    const n = options.quick ? 400 : 800;
    const train = diskAnnulus({ n, seed });
    const lambda = setting.params.lambda as number;
    return runDense(engine, {
      experiment: 'e5', setting: setting.id, seed,
      train,
      test: diskAnnulus({ n, seed: seed + 1000 }),
      hidden: [1, 2, 3].map(() => setting.params.width as number),
      epochs: options.quick ? 150 : 400,
      fit: lambda > 0 ? { contractive: { lambda, scope: 'network' } } : {},
      measure: (model) => {
        const j = jacobianNorms(model, train.x);
        return { maxJacobian: j.max, meanJacobian: j.mean };
      },
    });
  },
  judge(summaries) {
    const get = (id: string) => summaries.find((s) => s.setting.id === id)!;
    const none = get('w2-l0'), strong = get(`w2-l${LAMBDAS[LAMBDAS.length - 1]}`), genuine = get('w3-l0');
    const maxNone = none.metrics.maxJacobian!, maxStrong = strong.metrics.maxJacobian!, maxGenuine = genuine.metrics.maxJacobian!;
    const stretched = maxNone > 2 * maxGenuine;
    const fought = maxStrong < 0.5 * maxNone;
    return {
      text: 'A network that cannot untangle the data stretches the tangled regions as thin as it can — a high-accuracy local minimum that shows as very high derivatives; a contractive penalty fights it.',
      verdict: stretched && fought ? 'holds' : stretched || fought ? 'partly' : 'does not hold',
      measured: `Width 2 without penalty: median max ‖J‖_F ${maxNone.toFixed(1)} at ${pct(none.median)} accuracy, vs ${maxGenuine.toFixed(1)} for a width-3 net that separates genuinely. ` +
        `With λ = ${LAMBDAS[LAMBDAS.length - 1]}: max ‖J‖_F ${maxStrong.toFixed(1)}, accuracy ${pct(strong.median)} — the penalty removes the stretching and with it the accuracy it bought.`,
    };
  },
};
