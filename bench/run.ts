/**
 * `npm run bench`: Untangle's kernels and training runs side by side with the
 * peers a user would otherwise pick, all measured in this one process so the
 * ratios hold even when the machine's speed drifts.
 *
 *   the SIMD limit of each wasm build (f32x4 multiply-adds with nothing in the way), which the
 *   GEMM and convnet rows of that build are read against ("of limit");
 *   GEMM GFLOP/s, n = 64 … 1024, the three forms (A·B, Aᵀ·B, A·Bᵀ), both wasm
 *   builds, against tfjs-wasm and tfjs-cpu (tf.matMul);
 *   2-8-8-2 tanh training examples/s at batch 32 and 256 against tfjs-wasm,
 *   tfjs-cpu and ConvNetJS (same data, same initial weights, plain SGD);
 *   convnets (ConvNetJS's MNIST net, LeNet-5) against ConvNetJS, tfjs and PyTorch (one thread,
 *   bench/peers/pytorch.py, when python3-torch is installed);
 *   data-parallel training of E7's network on 1 and 2 worker threads against one thread.
 *
 * Every runner is checked before it is timed. Results: bench/results/bench.json + bench.md
 * (with --quick: bench-quick.json + bench-quick.md, so a quick run never replaces a full one).
 * Run with the relaxed-SIMD flag so both builds can be measured:
 *   node --experimental-wasm-relaxed-simd --import tsx bench/run.ts [--quick]
 */
import { performance } from 'node:perf_hooks';
import { createEngine, type Engine } from '../src/engine/engine.js';
import { supportsRelaxedSimd } from '../src/engine/features.js';
import { checkTrainerLearns, type DenseSpec, type DenseTrainer, type GemmRunner } from './peers/common.js';
import { setupTfjs, tfjsDenseTrainer, tfjsGemm, type TfjsBackend } from './peers/tfjs.js';
import { convnetjsDenseTrainer } from './peers/convnetjs.js';
import { untangleDenseTrainer, untangleGemm, type GemmForm } from './untangle/runners.js';
import { CONV_NETS, blobImages, convnetjsConvTrainer, tfjsConvTrainer, type ConvNetSpec, type ConvTrainer } from './peers/conv-nets.js';
import { untangleConvTrainer } from './untangle/conv-nets.js';
import { convLayers } from '../src/bench/conv-nets.js';
import { convNetFlops, measureSimdLimit } from '../src/bench/limit.js';
import { runPytorch } from './peers/pytorch.js';
import { benchDataParallel } from './untangle/data-parallel.js';
import { environmentInfo, measure, writeResults, type Column, type Measurement, type Row } from './timing.js';

const quick = process.argv.includes('--quick');
const GEMM_SIZES = quick ? [64, 256] : [64, 128, 256, 512, 1024];
const BATCHES = [32, 256];
const LAYERS = [2, 8, 8, 2];
const LR = 0.3;
const MIN_TIME = quick ? 0.3 : 1.0;

const rows: Row[] = [];
/** Each wasm build's SIMD limit in this run (GFLOP/s, fastest sample: load only slows a sample), by the row label `untangle-<variant>`. */
const limits = new Map<string, number>();
const ofLimit = (who: string, gflops: number): number | null => (limits.has(who) ? gflops / limits.get(who)! : null);
const say = (line: string) => console.log(line);

function timeGemm(runner: GemmRunner, form: string, baseline: Map<number, number>): void {
  const m = measure(() => runner.run(), { minTime: runner.n >= 512 ? MIN_TIME / 2 : MIN_TIME, warmup: 3 });
  const gflops = runner.flops / (m.medianMs * 1e6);
  const best = runner.flops / (m.minMs * 1e6);
  const peer = baseline.get(runner.n);
  rows.push({ workload: 'gemm', who: runner.label, form, size: runner.n, median: gflops, best, unit: 'GFLOP/s', vsTfjsWasm: peer ? gflops / peer : null, ofLimit: ofLimit(runner.label, gflops) });
  say(`  ${runner.label.padEnd(18)} ${form} n=${String(runner.n).padEnd(5)} ${gflops.toFixed(1).padStart(6)} GFLOP/s (best ${best.toFixed(1)})`);
  runner.dispose();
}

/** Points the dense trainers cycle through (bench/peers/common.ts's default data). */
const DENSE_POINTS = 2048;

/**
 * Examples/s of one timed training step, at the median and at the fastest sample.
 * A timed step counts as `batch` examples, so the data must hold whole batches:
 * otherwise an epoch's short last step is timed as a full one and the best rate
 * reads far above the median (LeNet-5 once read 12,072 against ~3,000).
 */
function stepRates(batch: number, examples: number, m: Measurement): { median: number; best: number } {
  if (examples % batch !== 0) throw new Error(`bench: ${examples} examples are not whole batches of ${batch}; a short last step would be timed as a full batch`);
  return { median: batch / (m.medianMs / 1000), best: batch / (m.minMs / 1000) };
}

function timeTrainer(trainer: DenseTrainer, baseline: Map<number, number> | null): number {
  checkTrainerLearns(trainer, 300, 0.05);
  const m = measure(() => trainer.step(), { minTime: MIN_TIME, warmup: 50 });
  const { median: rate, best } = stepRates(trainer.batch, DENSE_POINTS, m);
  rows.push({
    workload: `${LAYERS.join('-')} tanh train`, who: trainer.label, form: 'sgd', size: trainer.batch, median: rate, best, unit: 'examples/s',
    vsTfjsWasm: baseline?.get(trainer.batch) ? rate / baseline.get(trainer.batch)! : null,
  });
  say(`  ${trainer.label.padEnd(18)} batch ${String(trainer.batch).padEnd(4)} ${(rate / 1e6).toFixed(3).padStart(7)} M examples/s (best ${(best / 1e6).toFixed(3)})`);
  trainer.dispose();
  return rate;
}

async function main(): Promise<void> {
  const started = performance.now();
  const engines: Engine[] = [await createEngine({ variant: 'simd' })];
  if (supportsRelaxedSimd()) engines.push(await createEngine({ variant: 'relaxed' }));
  else say('(relaxed SIMD not available in this runtime: run with --experimental-wasm-relaxed-simd to measure it)');

  // Peers first, one backend at a time (tfjs has one global backend).
  const tfGemm = new Map<TfjsBackend, Map<number, number>>();
  const tfTrain = new Map<string, Map<number, number>>();
  for (const backend of ['wasm', 'cpu'] as TfjsBackend[]) {
    const info = await setupTfjs(backend);
    say(`tfjs ${backend} (${JSON.stringify(info)})`);
    const gemm = new Map<number, number>();
    for (const n of GEMM_SIZES) {
      if (backend === 'cpu' && n > 256) continue; // ≈ 1 GFLOP/s: seconds per product, and far behind
      const r = await tfjsGemm(n);
      const m = measure(() => r.run(), { minTime: MIN_TIME / 2, warmup: 2 });
      gemm.set(n, r.flops / (m.medianMs * 1e6));
      rows.push({ workload: 'gemm', who: r.label, form: 'nn', size: n, median: gemm.get(n)!, best: r.flops / (m.minMs * 1e6), unit: 'GFLOP/s', vsTfjsWasm: null });
      say(`  ${r.label.padEnd(18)} nn n=${String(n).padEnd(5)} ${gemm.get(n)!.toFixed(1).padStart(6)} GFLOP/s`);
      r.dispose();
    }
    tfGemm.set(backend, gemm);
    const train = new Map<number, number>();
    for (const batch of BATCHES) train.set(batch, timeTrainer(await tfjsDenseTrainer(spec(batch)), null));
    tfTrain.set(`tfjs-${backend}`, train);
  }
  say('convnetjs 0.3.0');
  for (const batch of BATCHES) timeTrainer(await convnetjsDenseTrainer(spec(batch)), tfTrain.get('tfjs-wasm')!);

  for (const engine of engines) {
    say(`untangle ${engine.variant}`);
    const limit = measureSimdLimit(engine, { minTime: MIN_TIME });
    limits.set(`untangle-${engine.variant}`, limit.best);
    rows.push({ workload: 'simd limit', who: `untangle-${engine.variant}`, form: 'madd', size: 1, median: limit.median, best: limit.best, unit: 'GFLOP/s', vsTfjsWasm: null });
    say(`  simd limit         ${limit.median.toFixed(1).padStart(6)} GFLOP/s (best ${limit.best.toFixed(1)})`);
    for (const n of GEMM_SIZES) {
      for (const form of ['nn', 'tn', 'nt'] as GemmForm[]) timeGemm(untangleGemm(engine, n, form), form, tfGemm.get('wasm')!);
    }
    for (const batch of BATCHES) timeTrainer(untangleDenseTrainer(engine, spec(batch)), tfTrain.get('tfjs-wasm')!);
  }

  if (!process.argv.includes('--no-conv')) await benchConvNets(engines);
  if (!process.argv.includes('--no-parallel')) {
    say('data-parallel training: E7 network, batch 64, Adam, whole epochs');
    const rates = await benchDataParallel(engines[0]!, quick ? 1024 : 4096, quick ? 2 : 3);
    const base = rates[0]!.median;
    for (const r of rates) {
      rows.push({ workload: 'E7 net train (epochs)', who: r.label, form: 'adam', size: 64, median: r.median, best: r.best, unit: 'examples/s', vsTfjsWasm: null, vsConvnetjs: null, vsOneThread: r.median / base });
      say(`  ${r.label.padEnd(28)} ${r.median.toFixed(0).padStart(7)} ex/s (best ${r.best.toFixed(0)})   ${(r.median / base).toFixed(2)}× one thread`);
    }
  }

  const notes = [
    JSON.stringify(environmentInfo()),
    'one thread everywhere except the data-parallel rows (worker threads)',
    'median rate: examples (or GFLOP) per second over the median timed sample after warm-up; best rate: the same over the fastest sample; a training row\'s timed step is one full batch (the data hold whole batches, checked), an inference row\'s one batch of 256, a gemm row\'s one product',
    '× tfjs-wasm, × ConvNetJS, × one thread: this row\'s median rate over that peer\'s median rate measured in this same run',
    'of limit: an Untangle row\'s arithmetic rate (GFLOP/s; convnets: examples/s × the multiply-add flops of a forward pass or a training step, src/bench/limit.ts) over the fastest sample of the same build\'s simd limit row in this run; PyTorch uses 256-bit AVX2 vectors and is not held to the wasm limit',
    `dense: ${LAYERS.join('-')} tanh, softmax cross-entropy, plain SGD lr ${LR}, ${DENSE_POINTS} spiral points, same initial weights for every library`,
  ];
  const columns: Column[] = [
    { key: 'workload' }, { key: 'who' }, { key: 'form' }, { key: 'size' },
    { key: 'median', title: 'median rate' }, { key: 'best', title: 'best rate' }, { key: 'unit' },
    { key: 'vsTfjsWasm', title: '× tfjs-wasm', digits: 2 },
    { key: 'vsConvnetjs', title: '× ConvNetJS', digits: 1 },
    { key: 'vsPytorch', title: '× PyTorch', digits: 2 },
    { key: 'vsOneThread', title: '× one thread', digits: 2 },
    { key: 'ofLimit', title: 'of limit', digits: 2 },
  ];
  const name = quick ? 'bench-quick' : 'bench';
  say('\n' + writeResults(name, rows, columns, notes));
  say(`\nwrote bench/results/${name}.json and ${name}.md in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Convnets: examples/s of training (and of inference at batch 256) for the
 * ConvNetJS MNIST demo net and LeNet-5. Every trainer must first lower the loss
 * on a learnable synthetic task; tfjs-wasm cannot train convnets at all (no
 * Conv2DBackpropFilter kernel) and is reported as such.
 */
async function benchConvNets(engines: Engine[]): Promise<void> {
  // PyTorch runs in its own process (Python), just before ours, on the same core count (one thread).
  const torch = runPytorch(quick);
  const torchRate = new Map<string, number>();
  if (typeof torch === 'string') say(torch);
  else {
    say(`pytorch ${torch.version}, one thread`);
    for (const r of torch.rows) {
      torchRate.set(r.workload, r.median);
      rows.push({ workload: r.workload, who: 'pytorch', form: r.workload.endsWith('train') ? 'sgd' : '', size: r.size, median: r.median, best: r.best, unit: 'examples/s', vsTfjsWasm: null, vsConvnetjs: null });
      say(`  pytorch            ${r.workload.padEnd(28)} ${r.median.toFixed(0).padStart(7)} ex/s`);
    }
  }
  const tfjsInference = new Map<string, number>();
  for (const net of CONV_NETS) {
    const flops = convNetFlops(convLayers(net.name), net.size);
    const data = blobImages(quick ? 640 : 1920, net.size); // whole batches of 20 and of 64
    say(`convnet ${net.name}, batch ${net.batch}`);
    const rates = new Map<string, number>();
    const time = (t: ConvTrainer, slow: boolean, checkSteps: number) => {
      const opts = slow ? { warmup: 1, minTime: 0, minSamples: 2, maxReps: 2, sampleTime: 1e-6 } : { warmup: 5, minTime: MIN_TIME };
      const inf = measure(() => t.infer256(), slow ? opts : { warmup: 2, minTime: MIN_TIME / 2 });
      const infRate = 256 / (inf.medianMs / 1000);
      const infTorch = torchRate.get(`${net.name} inference`);
      if (t.label === 'tfjs-wasm') tfjsInference.set(net.name, infRate);
      const infTfjs = t.label.startsWith('untangle') ? tfjsInference.get(net.name) : undefined;
      rows.push({ workload: `${net.name} inference`, who: t.label, form: '', size: 256, median: infRate, best: 256 / (inf.minMs / 1000), unit: 'examples/s', vsTfjsWasm: infTfjs ? infRate / infTfjs : null, vsConvnetjs: null, vsPytorch: infTorch ? infRate / infTorch : null, ofLimit: ofLimit(t.label, infRate * flops.inference / 1e9) });
      try {
        if (checkSteps > 0) {
          const before = t.loss(100);
          for (let i = 0; i < checkSteps; i++) t.step();
          const after = t.loss(100);
          if (!(after < 0.95 * before)) throw new Error(`${t.label} ${net.name}: loss ${before.toFixed(3)} → ${after.toFixed(3)} in ${checkSteps} steps; it does not learn`);
        }
        const m = measure(() => t.step(), opts);
        const { median: rate, best } = stepRates(t.batch, data.n, m);
        rates.set(t.label, rate);
        const vs = rates.get('convnetjs');
        const trainTorch = torchRate.get(`${net.name} train`);
        rows.push({ workload: `${net.name} train`, who: t.label, form: 'sgd', size: t.batch, median: rate, best, unit: 'examples/s', vsTfjsWasm: null, vsConvnetjs: vs ? rate / vs : null, vsPytorch: trainTorch ? rate / trainTorch : null, ofLimit: ofLimit(t.label, rate * flops.train / 1e9) });
        say(`  ${t.label.padEnd(18)} train ${rate.toFixed(0).padStart(7)} ex/s   inference ${infRate.toFixed(0).padStart(7)} ex/s${vs && t.label !== 'convnetjs' ? `   ${(rate / vs).toFixed(1)}× ConvNetJS` : ''}`);
      } catch (e) {
        const message = (e as Error).message.split('\n')[0]!;
        if (!message.includes('not registered')) throw e;
        rows.push({ workload: `${net.name} train`, who: t.label, form: 'sgd', size: net.batch, median: null, best: null, unit: 'cannot train', vsTfjsWasm: null, vsConvnetjs: null });
        say(`  ${t.label.padEnd(18)} train: cannot (${message})   inference ${infRate.toFixed(0).padStart(7)} ex/s`);
      } finally {
        t.dispose();
      }
    };
    time(convnetjsConvTrainer(net, data), true, net.name === 'lenet5' ? (quick ? 0 : 15) : (quick ? 10 : 40));
    for (const backend of ['cpu', 'wasm'] as TfjsBackend[]) {
      await setupTfjs(backend);
      time(tfjsConvTrainer(net, data), backend === 'cpu', 0);
    }
    for (const engine of engines) time(untangleConvTrainer(engine, net, data), false, quick ? 30 : 100);
  }
}

function spec(batch: number): DenseSpec {
  return { layers: LAYERS, activation: 'tanh', batch, lr: LR };
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
