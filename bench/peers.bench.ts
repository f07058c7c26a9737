/**
 * The peers alone, one thread: SGEMM GFLOP/s for tfjs cpu and wasm, and examples/s of the
 * 2-8-8-2 tanh classifier trained by SGD at batch 32 and 256 for tfjs cpu, tfjs wasm and ConvNetJS.
 *
 * Why a separate run: it shows what the peers do on this machine on their own, and checks that
 * their adapters in bench/peers/ are right (GEMM against an f64 reference; every trainer learns,
 * and all trainers end at the same loss after the same steps) before anything is timed.
 * The combined benchmarks import the same adapters to report Untangle as ratios in one process.
 *
 * Run: npx tsx bench/peers.bench.ts   (writes bench/results/peers.json and peers.md)
 */
import { type DenseSpec, type DenseTrainer, type TrainCheck, checkSameLoss, checkTrainerLearns } from './peers/common';
import { convnetjsDenseTrainer } from './peers/convnetjs';
import { type TfjsBackend, setupTfjs, tfjsDenseTrainer, tfjsGemm } from './peers/tfjs';
import { type Column, type Row, environmentInfo, formatTable, measure, writeResults } from './timing';
import { performance } from 'node:perf_hooks';

const GEMM_SIZES = [64, 128, 256, 512, 1024];
const BATCHES = [32, 256];
const LAYERS = [2, 8, 8, 2];
const LR = 0.3;
const CHECK_STEPS = 300;
/** Seconds of timed samples per figure: more than measure's default, for a steadier median on a shared machine. */
const MIN_TIME = 1.0;
/** A GEMM size is skipped when its ≈5 products (check, warm-up, three timed) would take longer than this (s). */
const GEMM_BUDGET = 20;

const rows: Row[] = [];
const notes: string[] = [];

function say(line: string): void {
  console.log(line);
}

async function benchGemm(backend: TfjsBackend): Promise<void> {
  let lastMsPerCall = 0;
  let lastN = 0;
  for (const n of GEMM_SIZES) {
    const label = `tfjs-${backend}`;
    if (lastN > 0) {
      const estimate = (lastMsPerCall * (n / lastN) ** 3) / 1000;
      if (estimate * 5 > GEMM_BUDGET) {
        const why = `${label} GEMM n=${n} skipped: ≈${estimate.toFixed(1)} s per product (from n=${lastN}), over the ${GEMM_BUDGET} s budget`;
        say(`  ${why}`);
        notes.push(why);
        rows.push({ workload: 'sgemm', peer: label, size: `n=${n}`, unit: 'GFLOP/s', median: null, best: null, medianMs: null, reps: 0 });
        continue;
      }
    }
    const runner = await tfjsGemm(n);
    const t0 = performance.now();
    runner.run();
    const firstMs = performance.now() - t0;
    const m = measure(() => runner.run(), { minTime: MIN_TIME, warmup: firstMs > 100 ? 1 : 5 });
    runner.dispose();
    const gflops = (ms: number) => runner.flops / (ms * 1e6);
    rows.push({ workload: 'sgemm', peer: label, size: `n=${n}`, unit: 'GFLOP/s', median: gflops(m.medianMs), best: gflops(m.minMs), medianMs: m.medianMs, reps: m.reps });
    say(`  ${label} sgemm n=${n}: ${gflops(m.medianMs).toFixed(2)} GFLOP/s median (best ${gflops(m.minMs).toFixed(2)}, ${m.reps} reps)`);
    lastMsPerCall = m.medianMs;
    lastN = n;
  }
}

/** Checks the trainer learns (its losses go to `checks`), then times its step. */
function benchTrainer(trainer: DenseTrainer, checks: TrainCheck[]): void {
  const check = checkTrainerLearns(trainer, CHECK_STEPS);
  checks.push(check);
  const m = measure(() => trainer.step(), { minTime: MIN_TIME, warmup: 20 });
  const rate = (ms: number) => trainer.batch / (ms / 1000);
  rows.push({
    workload: `dense ${LAYERS.join('-')} tanh train`,
    peer: trainer.label,
    size: `batch ${trainer.batch}`,
    unit: 'examples/s',
    median: rate(m.medianMs),
    best: rate(m.minMs),
    medianMs: m.medianMs,
    reps: m.reps,
  });
  say(
    `  ${trainer.label} train batch ${trainer.batch}: ${(rate(m.medianMs) / 1e6).toFixed(3)} M examples/s median ` +
      `(best ${(rate(m.minMs) / 1e6).toFixed(3)} M; loss ${check.lossBefore.toFixed(4)} → ${check.lossAfter.toFixed(6)} in ${CHECK_STEPS} steps)`,
  );
  trainer.dispose();
}

async function main(): Promise<void> {
  const started = performance.now();
  const env = environmentInfo();
  say(`peers benchmark — Node ${env.node}, ${env.cpu}, load ${env.loadavg1}, one thread`);
  const checksByBatch = new Map<number, TrainCheck[]>(BATCHES.map((b) => [b, []]));
  const spec = (batch: number): DenseSpec => ({ layers: LAYERS, activation: 'tanh', batch, lr: LR, seed: 1 });

  for (const backend of ['cpu', 'wasm'] as const) {
    const info = await setupTfjs(backend);
    say(`tfjs ${info.version} ${backend}${backend === 'wasm' ? ` (simd ${info.simd}, threads ${info.threads})` : ''}`);
    if (backend === 'wasm') notes.push(`tfjs wasm: SIMD build ${info.simd}, ${info.threads} thread(s)`);
    await benchGemm(backend);
    for (const batch of BATCHES) benchTrainer(await tfjsDenseTrainer(spec(batch)), checksByBatch.get(batch)!);
  }
  say('convnetjs 0.3.0');
  for (const batch of BATCHES) benchTrainer(await convnetjsDenseTrainer(spec(batch)), checksByBatch.get(batch)!);

  for (const [batch, checks] of checksByBatch) {
    checkSameLoss(checks);
    const spread = checks.map((c) => `${c.label} ${c.lossAfter.toPrecision(7)}`).join(', ');
    notes.push(`batch ${batch}: loss after ${CHECK_STEPS} steps from the same init agrees across peers (${spread})`);
  }
  notes.push(
    `GEMM: square float32 C = A·B by tf.matMul, checked against an f64 reference; dense: ${LAYERS.join('-')} tanh, ` +
      `softmax cross-entropy, plain SGD lr ${LR}, 2048 spiral points; median and best of ≥ ${MIN_TIME} s of timed samples after warm-up`,
  );

  const columns: Column[] = [
    { key: 'workload' },
    { key: 'peer' },
    { key: 'size' },
    { key: 'median', title: 'median rate' },
    { key: 'best', title: 'best rate' },
    { key: 'unit' },
    { key: 'medianMs', title: 'median ms/op', digits: 4 },
    { key: 'reps' },
  ];
  const table = writeResults('peers', rows, columns, notes);
  say('');
  say(table);
  say('');
  for (const n of notes) say(`- ${n}`);
  say(`\nwrote bench/results/peers.json and peers.md in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
