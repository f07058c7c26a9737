/**
 * One E7 training step (src/experiments/mnist.ts's network, batch 64, Adam, one
 * thread) on this checkout against another, in the same process: each side's
 * plan is built by its own source (src/ loaded from that checkout) and run on
 * its own build/, so the two may differ in their ops (another path for a layer),
 * not only in their kernels. Gives the whole step (one plan run, the two sides
 * taking turns, median of `--samples`) and, per side, the time of each op run
 * on its own in plan order (median of 15 samples, the sides taking turns).
 *
 *   node --import tsx bench/e7-step-ab.ts --baseline DIR [--variant simd|relaxed] [--batch 64] [--samples 41]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { argument, writeResults, type Row } from './timing.js';

const variant = argument('variant', 'simd') as 'simd' | 'relaxed';
const baseline = argument('baseline');
if (!baseline) throw new Error('e7-step-ab: pass --baseline DIR (another checkout of untangle, with build/ built)');
const B = Number(argument('batch', '64'));
const samples = Number(argument('samples', '41'));
const here = resolve(import.meta.dirname, '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

interface StepPlan { count: number; block: { ptr: number }; run(B: number, offset?: number, from?: number, to?: number): void }
interface Side { name: string; plan: StepPlan; ops: string[] }

/** The trainer's plan for E7, built by `dir`'s own source on `dir`'s build. */
async function side(dir: string, name: string): Promise<Side> {
  const src = (path: string) => import(resolve(dir, 'src', path));
  const [{ createEngine }, { OP }, { PLAN_SLOTS }, { Random }, { Model }, { Trainer }, { mnistNetwork }] = await Promise.all([
    src('engine/engine.ts'), src('engine/ops.generated.ts'), src('engine/abi.ts'), src('engine/random.ts'),
    src('model/model.ts'), src('train/trainer.ts'), src('experiments/mnist.ts'),
  ]);
  const engine = await createEngine({ variant, wasm: readFileSync(resolve(dir, `build/untangle.${variant}.wasm`)) });
  const model = Model.create(engine, { inputs: { channels: 1, height: 28, width: 28 }, layers: mnistNetwork('softmax', 10), seed: 1 });
  // Random 28×28 images in 10 classes: the step's cost does not depend on the pixels.
  const r = new Random(3), n = B * 4;
  const x = new Float32Array(n * 784).map(() => r.range(0, 1));
  const data = { name: 'random-images', x, y: new Int32Array(n).map((_, i) => i % 10), n, dim: 784, classes: 10, domain: { min: Array(784).fill(0), max: Array(784).fill(1) }, params: {} };
  const trainer = new Trainer(model, data, { loss: 'softmax', batchSize: B, optimizer: 'adam', learningRate: 1e-3, seed: 1 });
  const plan = (trainer as unknown as { plan: StepPlan }).plan;
  const names = new Map(Object.entries(OP as Record<string, number>).map(([op, code]) => [code, op]));
  const records: Int32Array = engine.i32(plan.block.ptr, plan.count * PLAN_SLOTS);
  const ops = Array.from({ length: plan.count }, (_, i) => names.get(records[i * PLAN_SLOTS]!) ?? `op ${records[i * PLAN_SLOTS]}`);
  return { name, plan, ops };
}

/** Op names numbered by kind in plan order: CONV_DIRECT_FWD #2 is the plan's second CONV_DIRECT_FWD. */
function numbered(ops: string[]): string[] {
  const seen = new Map<string, number>();
  return ops.map((op) => { seen.set(op, (seen.get(op) ?? 0) + 1); return `${op} #${seen.get(op)}`; });
}

/**
 * Per op, ms per step: each op run alone, 3 calls per sample, median of 15 samples. The sides take
 * turns sample by sample (every op of one side, then every op of the other), so drift in load hits both.
 */
function opTimes(all: Side[]): Map<string, number>[] {
  const xs = all.map((s) => s.ops.map(() => [] as number[]));
  for (let k = 0; k < 15; k++) {
    all.forEach((s, j) => s.ops.forEach((_, i) => {
      const t0 = performance.now();
      for (let rep = 0; rep < 3; rep++) s.plan.run(B, 0, i, i + 1);
      xs[j]![i]!.push((performance.now() - t0) / 3);
    }));
  }
  return all.map((s, j) => new Map(numbered(s.ops).map((name, i) => [name, median(xs[j]![i]!)])));
}

const load0 = loadavg()[0]!;
const sides = [await side(here, 'this'), await side(baseline, 'baseline')];
for (const s of sides) for (let i = 0; i < 5; i++) s.plan.run(B);
const whole = sides.map(() => [] as number[]);
for (let k = 0; k < samples; k++) {
  sides.forEach((s, j) => {
    const t0 = performance.now();
    s.plan.run(B);
    whole[j]!.push(performance.now() - t0);
  });
}
const [ours, base] = opTimes(sides);
const rows: Row[] = [];
for (const op of new Set([...ours!.keys(), ...base!.keys()])) {
  const a = ours!.get(op), b = base!.get(op);
  rows.push({ op, ms: a, baseMs: b, ratio: a !== undefined && b !== undefined ? b / a : undefined });
}
const sum = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
rows.push({ op: 'step (sum of ops)', ms: sum(ours!), baseMs: sum(base!), ratio: sum(base!) / sum(ours!) });
const [w0, w1] = whole.map(median);
rows.push({ op: 'step (one plan run, taking turns)', ms: w0, baseMs: w1, ratio: w1! / w0! });
const load = (load0 + loadavg()[0]!) / 2;
console.log(writeResults(`e7-step-ab-${variant}`, rows, [
  'op', { key: 'ms', title: 'this ms', digits: 3 }, { key: 'baseMs', title: 'baseline ms', digits: 3 }, { key: 'ratio', title: 'baseline / this', digits: 2 },
], [
  `E7's training step (conv 12 5×5 pad 2 → pool → conv 24 5×5 pad 2 → pool → dense 128 → dense 10, softmax, Adam), batch ${B}, ${variant} build, one thread`,
  `each side's plan built by its own source on its own build/, same process; ops run alone in plan order (median of 15 samples of 3 calls, the sides taking turns sample by sample), numbered by kind; a row with one side empty is an op only the other plan has`,
  `whole step: median of ${samples} plan runs per side, taking turns; load average ${load.toFixed(2)}`,
  `baseline: ${baseline}`,
  `command: node --import tsx bench/e7-step-ab.ts --baseline ${baseline} --variant ${variant} --batch ${B} --samples ${samples}`,
]));
