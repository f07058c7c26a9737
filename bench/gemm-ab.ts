/**
 * GEMM A/B in one process: two builds of the kernels (e.g. main's and this
 * branch's build/), and tfjs-wasm, timed in alternating short rounds so that
 * load from other work on the machine hits all of them alike. Reports medians
 * over the rounds, the ratio new/base and both against tfjs-wasm.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/gemm-ab.ts BASE_DIR NEW_DIR [--rounds 15] [--variant relaxed]
 * (each DIR holds untangle.<variant>.wasm)
 */
import { join } from 'node:path';
import { createEngine } from '../src/engine/engine.js';
import type { WasmVariant } from '../src/engine/features.js';
import { gemmOp, type GemmForm, type TimedOp } from '../src/bench/workloads.js';
import { setupTfjs, tfjsGemm } from './peers/tfjs.js';
import { measure, writeResults, type Row } from './timing.js';

const [baseDir, newDir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const option = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : fallback);
const rounds = Number(option('--rounds', '15'));
const variant = option('--variant', 'relaxed') as WasmVariant;
const sizes = option('--sizes', '64,256,512').split(',').map(Number);

async function main(): Promise<void> {
  if (!baseDir || !newDir) throw new Error('usage: gemm-ab.ts BASE_DIR NEW_DIR');
  const base = await createEngine({ variant, wasm: join(baseDir, `untangle.${variant}.wasm`) });
  const next = await createEngine({ variant, wasm: join(newDir, `untangle.${variant}.wasm`) });
  await setupTfjs('wasm');
  const rows: Row[] = [];
  for (const n of sizes) {
    const tf = await tfjsGemm(n);
    for (const form of ['nn', 'tn', 'nt'] as GemmForm[]) {
      const ops: [string, TimedOp][] = [['base', gemmOp(base, n, form)], ['new', gemmOp(next, n, form)], ['tfjs', tf]];
      const rates = new Map<string, number[]>(ops.map(([k]) => [k, []]));
      const flops = 2 * n ** 3;
      for (let r = 0; r < rounds; r++) {
        for (const [k, op] of ops) rates.get(k)!.push(flops / (measure(() => op.run(), { minTime: 0.05, warmup: 2 }).medianMs * 1e6));
      }
      const med = (k: string) => rates.get(k)!.sort((a, b) => a - b)[rounds >> 1]!;
      // The ratio of each round, then its median: drift between rounds cancels.
      const ratios = rates.get('new')!.map((v, i) => v / rates.get('base')![i]!).sort((a, b) => a - b);
      rows.push({ form, n, 'base GFLOP/s': med('base'), 'new GFLOP/s': med('new'), 'tfjs-wasm GFLOP/s': med('tfjs'), 'new/base': ratios[rounds >> 1]!, 'new/tfjs': med('new') / med('tfjs'), 'base/tfjs': med('base') / med('tfjs') });
      console.log(JSON.stringify(rows.at(-1)));
      ops[0]![1].dispose();
      ops[1]![1].dispose();
    }
    tf.dispose();
  }
  console.log(writeResults(`gemm-ab-${variant}`, rows, ['form', 'n', 'base GFLOP/s', 'new GFLOP/s', 'tfjs-wasm GFLOP/s', 'new/base', 'new/tfjs', 'base/tfjs'], [`base ${baseDir}, new ${newDir}; ${rounds} alternating rounds, medians`]));
}

await main();
