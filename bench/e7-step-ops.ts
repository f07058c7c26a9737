/**
 * Where one E7 training step (src/experiments/mnist.ts's network, batch 64,
 * Adam, one thread) spends its time: the trainer's own plan, each op run on its
 * own (Plan.run over [i, i + 1)) in plan order, median of 15 samples per op, as
 * ms per step and share. With --baseline DIR the same plan also runs on that
 * checkout's build/ in the same process, op by op taking turns, and the table
 * gives both and their ratio.
 *
 *   node --import tsx bench/e7-step-ops.ts [--variant simd|relaxed] [--baseline DIR] [--batch 64]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createEngine, type Engine } from '../src/engine/engine.js';
import { OP } from '../src/engine/ops.generated.js';
import { PLAN_SLOTS } from '../src/engine/abi.js';
import { Random } from '../src/engine/random.js';
import { Model } from '../src/model/model.js';
import type { Plan } from '../src/model/plan-builder.js';
import { Trainer } from '../src/train/trainer.js';
import { mnistNetwork } from '../src/experiments/mnist.js';
import type { Dataset } from '../src/data/dataset.js';
import { argument, writeResults, type Row } from './timing.js';

const variant = argument('variant', 'simd') as 'simd' | 'relaxed';
const baseline = argument('baseline');
const B = Number(argument('batch', '64'));
const OP_NAME = new Map<number, string>(Object.entries(OP).map(([name, code]) => [code, name]));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Random 28×28 images in 10 classes: the step's cost does not depend on the pixels. */
function images(n: number): Dataset {
  const r = new Random(3);
  const x = new Float32Array(n * 784).map(() => r.range(0, 1));
  const y = new Int32Array(n).map((_, i) => i % 10);
  return { name: 'random-images', params: {}, x, y, n, dim: 784, classes: 10, domain: { min: Array(784).fill(0), max: Array(784).fill(1) } };
}

interface Side { engine: Engine; plan: Plan; codes: number[] }

async function side(wasm?: Buffer): Promise<Side> {
  const engine = await createEngine({ variant, ...(wasm ? { wasm } : {}) });
  const model = Model.create(engine, { inputs: { channels: 1, height: 28, width: 28 }, layers: mnistNetwork('softmax', 10), seed: 1 });
  const trainer = new Trainer(model, images(B * 4), { loss: 'softmax', batchSize: B, optimizer: 'adam', learningRate: 1e-3, seed: 1 });
  const plan = (trainer as unknown as { plan: Plan }).plan;
  const records = engine.i32(plan.block.ptr, plan.count * PLAN_SLOTS);
  const codes = Array.from({ length: plan.count }, (_, i) => records[i * PLAN_SLOTS]!);
  return { engine, plan, codes };
}

const sides = [await side()];
if (baseline) sides.push(await side(readFileSync(resolve(baseline, `build/untangle.${variant}.wasm`))));
const ours = sides[0]!;
for (const s of sides) for (let i = 0; i < 5; i++) s.plan.run(B);

const rows: Row[] = [];
const totals = sides.map(() => 0);
const counts = new Map<string, number>();
for (let i = 0; i < ours.plan.count; i++) {
  const name = OP_NAME.get(ours.codes[i]!) ?? `op ${ours.codes[i]}`;
  counts.set(name, (counts.get(name) ?? 0) + 1);
  const samples = sides.map(() => [] as number[]);
  for (let s = 0; s < 15; s++) {
    sides.forEach((sd, j) => {
      const t0 = performance.now();
      for (let r = 0; r < 3; r++) sd.plan.run(B, 0, i, i + 1);
      samples[j]!.push((performance.now() - t0) / 3);
    });
  }
  const ms = samples.map(median);
  ms.forEach((m, j) => (totals[j]! += m));
  rows.push({ index: i, op: `${name} #${counts.get(name)}`, ms: ms[0], baseMs: ms[1], ratio: baseline ? ms[1]! / ms[0]! : undefined });
}
for (const r of rows) r.share = (r.ms as number) / totals[0]!;
rows.push({ index: '', op: 'step (sum of ops)', ms: totals[0], share: 1, baseMs: totals[1], ratio: baseline ? totals[1]! / totals[0]! : undefined });
// The whole step as one call, for comparison with the sum.
const whole = sides.map((sd) => {
  const xs: number[] = [];
  for (let s = 0; s < 15; s++) {
    const t0 = performance.now();
    sd.plan.run(B);
    xs.push(performance.now() - t0);
  }
  return median(xs);
});
rows.push({ index: '', op: 'step (one plan_run)', ms: whole[0], share: whole[0]! / totals[0]!, baseMs: whole[1], ratio: baseline ? whole[1]! / whole[0]! : undefined });
console.log(writeResults(`e7-step-ops-${variant}${baseline ? '-ab' : ''}`, rows, [
  'index', 'op', { key: 'ms', title: 'ms per step', digits: 3 }, { key: 'share', title: 'share', digits: 3 },
  ...(baseline ? [{ key: 'baseMs', title: 'baseline ms', digits: 3 }, { key: 'ratio', title: 'baseline / this', digits: 2 }] : []),
], [
  `E7's training plan (conv 12 5×5 pad 2 → pool → conv 24 5×5 pad 2 → pool → dense 128 → dense 10, softmax, Adam), batch ${B}, ${variant} build, one thread`,
  'each op run alone in plan order (Plan.run over [i, i + 1)), median of 15 samples of 3 calls; ops are numbered by kind in plan order (forward first, then backward)',
  ...(baseline ? [`baseline: ${baseline}/build, same process, the two builds taking turns op by op`] : []),
  `command: node --import tsx bench/e7-step-ops.ts --variant ${variant}${baseline ? ` --baseline ${baseline}` : ''} --batch ${B}`,
]));
