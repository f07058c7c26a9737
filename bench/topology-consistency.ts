/**
 * How often the per-layer topology estimates agree with what the maps force: over the best
 * runs of E1 (width 2, depth 4), E3 (width 2, one and two turns) and E4 (widths 3 and 4),
 * the fraction of (homeomorphic layer, class) pairs whose estimated Betti numbers equal
 * the previous representation's (hence the input's, through a chain of homeomorphisms),
 * and whether every disagreement is flagged.
 *
 *   node --import tsx bench/topology-consistency.ts [--seeds 3] [--quick] [--metric euclidean] [--k 16] [--landmarks 300] [--models DIR] [--points N]
 *
 * Trains the runs itself (library defaults, the experiments' sizes unless --quick), so it
 * takes minutes; the best run of each setting is the most accurate of its seeds. With
 * `--models DIR` the best models are kept there as JSON and read back on the next call, so
 * that two versions of the rule can be compared on the very same networks.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../src/engine/engine.js';
import { Model } from '../src/model/model.js';
import { experimentById } from '../src/experiments/index.js';
import { topologyReport } from '../src/report/topology.js';
import { makeDataset } from '../src/data/index.js';
import type { BarcodeMetric } from '../src/topology/index.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const seeds = Number(flag('--seeds') ?? 3);
const quick = args.includes('--quick');
const metric = (flag('--metric') ?? 'knn-geodesic') as BarcodeMetric;
const k = flag('--k') === undefined ? undefined : Number(flag('--k'));
const landmarks = flag('--landmarks') === undefined ? undefined : Number(flag('--landmarks'));
const modelDir = flag('--models');
// Read the topology off a fresh, larger sample of the same distribution (the trained network is unchanged).
const points = flag('--points') === undefined ? undefined : Number(flag('--points'));
const fraction = flag('--fraction') === undefined ? undefined : Number(flag('--fraction'));
const targets: [string, string[]][] = [['e1', ['w2-d4']], ['e3', ['w2-t1', 'w2-t2']], ['e4', ['w3', 'w4']]];

type Best = { seed: number; accuracy: number; model: unknown };
/** The best run of a setting, trained, or read back from --models DIR when kept there before. */
function bestRun(id: string, settingId: string, train: () => Best): Best {
  const file = modelDir ? join(modelDir, `${id}-${settingId}-seeds${seeds}${quick ? '-quick' : ''}.json`) : null;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Best;
  const best = train();
  if (file) {
    mkdirSync(modelDir!, { recursive: true });
    writeFileSync(file, JSON.stringify({ seed: best.seed, accuracy: best.accuracy, model: best.model }));
  }
  return best;
}

const engine = await createEngine();
let checked = 0, agree = 0, flagged = 0;
for (const [id, settingIds] of targets) {
  const ex = experimentById(id);
  const options = { seeds, quick };
  for (const setting of ex.settings(options).filter((s) => settingIds.includes(s.id))) {
    const best = bestRun(id, setting.id, () => {
      const runs = Array.from({ length: seeds }, (_, s) => ex.run(engine, setting, s + 1, options));
      return runs.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
    });
    const model = Model.fromJSON(engine, best.model);
    try {
      const started = performance.now();
      const trained = ex.data(setting, best.seed, options);
      const data = points === undefined ? trained : makeDataset(trained.name, { ...trained.params, n: points });
      const report = topologyReport(model, data, { metric, k, landmarks, fraction });
      const ms = performance.now() - started;
      console.log(`\n${id.toUpperCase()} ${setting.label}, best of ${seeds} seeds: seed ${best.seed}, ${(100 * best.accuracy).toFixed(1)} % (report ${ms.toFixed(0)} ms)`);
      for (const rep of report.representations) {
        const layer = rep.representation === 0 ? null : report.layers[rep.representation - 1]!;
        const cells = rep.betti.map((b, c) => {
          if (b === null) return `${c}: –`;
          if ('error' in b) return `${c}: error`;
          if (b.consistency !== 'free') {
            checked++;
            if (b.consistency === 'agrees') agree++; else flagged++;
          }
          return `${c}: (${b.betti.join(',')})${b.consistency === 'unreliable' ? ` UNRELIABLE, expected (${b.expected!.join(',')}): ${b.reason}` : b.consistency === 'agrees' ? ' ok' : ''}`;
        });
        console.log(`  rep ${rep.representation} ${layer ? `${layer.inputs}→${layer.units} ${layer.homeomorphism ? 'homeo' : 'not homeo'}` : 'input'}: ${cells.join(' | ')}`);
      }
    } finally {
      model.dispose();
    }
  }
}
console.log(`\nmetric ${metric}${k ? `, k = ${k}` : ''}${landmarks ? `, ${landmarks} landmarks` : ''}: ${agree} of ${checked} (homeomorphic layer, class) estimates agree with the previous representation (${checked ? (100 * agree / checked).toFixed(1) : '–'} %); ${flagged} disagreements, all flagged unreliable.`);
