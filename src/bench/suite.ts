/**
 * The benchmark suite a user runs (`untangle bench` in Node, dist/bench.html in
 * a browser): the same workloads on every wasm variant the runtime has, one
 * thread, and the same workloads on each peer that is installed, so the ratios
 * in one run compare like with like on the user's own machine.
 *
 *   simd limit: the f32x4 multiply-add rate with nothing in the way (GFLOP/s),
 *     which the GEMM and convnet rows are read against (`ofLimit`)
 *   gemm:  n×n float32 products A·B, Aᵀ·B, A·Bᵀ (GFLOP/s)
 *   dense: 2-8-8-2 tanh on two spirals, plain SGD, batch 32 and 256 (examples/s)
 *   convnets: ConvNetJS's MNIST demo net and LeNet-5, training (SGD with
 *     momentum) and inference at batch 256 (examples/s)
 *
 * Every workload is checked before it is timed: GEMMs against an f64
 * reference, trainers must lower their loss.
 */
import { createEngine } from '../engine/engine.js';
import type { WasmVariant } from '../engine/features.js';
import { checkLearns } from './checks.js';
import { CONV_NETS, blobImages, convLayers, type ConvNetSpec, type ImageSet } from './conv-nets.js';
import { convNetFlops, measureSimdLimit } from './limit.js';
import { measure, type MeasureOptions } from './measure.js';
import { convTrainer, denseTrainer, gemmOp, spiralSet, type GemmForm, type TimedOp } from './workloads.js';

/** One line of the results table. */
export interface BenchRow {
  /** e.g. `simd limit`, `gemm nn`, `2-8-8-2 tanh train`, `lenet5 inference`. */
  workload: string;
  /** `untangle-simd`, `untangle-relaxed`, or a peer's label such as `tfjs-wasm`. */
  who: string;
  /** Matrix side (gemm) or batch size. */
  size: number;
  /** Rate over the median timed sample. */
  median: number;
  /** Rate over the fastest timed sample. */
  best: number;
  unit: 'GFLOP/s' | 'examples/s';
  /** This row's median over the peer's median for the same workload in this run, when a peer ran it. */
  vsPeer: number | null;
  /** The peer `vsPeer` compares with. */
  peer: string | null;
  /**
   * This row's arithmetic rate (GFLOP/s; convnets: examples/s × their multiply-add
   * flops per example) over the fastest sample of the same variant's `simd limit`
   * row in this run (load only ever slows a sample, so the fastest is the best
   * estimate of what the machine can do). Null
   * for peers, the limit itself and the dense net (too small to be about arithmetic).
   */
  ofLimit: number | null;
}

/**
 * Another library measured beside Untangle. Each method returns a checked
 * operation ready to time, or null when the peer cannot run that workload.
 */
export interface BenchPeer {
  readonly label: string;
  /** C = A·B for n×n float32 matrices, checked against a reference. */
  gemm(n: number): Promise<TimedOp | null>;
  /** Forward pass of 256 images of `images` through the net (its own random weights). */
  convInference(net: ConvNetSpec, images: ImageSet): Promise<TimedOp | null>;
  dispose(): void;
}

/** What `runBenchSuite` measures and how long it samples. */
export interface BenchSuiteOptions {
  /** Fewer sizes and shorter samples (about 20 s instead of 2 min). Default false. */
  quick?: boolean;
  /** Peers measured first, their rates the denominators of `vsPeer`. */
  peers?: readonly BenchPeer[];
  /** Called with each row as soon as it is measured (progress). */
  onRow?: (row: BenchRow) => void;
  /** Lets the page repaint between rows in a browser. Default: a resolved promise. */
  yieldToHost?: () => Promise<void>;
}

const DENSE = { widths: [2, 8, 8, 2], lr: 0.3, batches: [32, 256] };

/** Runs the suite and returns its rows: peers first, then each wasm variant. */
export async function runBenchSuite(variants: readonly WasmVariant[], options: BenchSuiteOptions = {}): Promise<BenchRow[]> {
  const quick = options.quick ?? false;
  const gemmSizes = quick ? [64, 256] : [64, 128, 256, 512];
  const timing: MeasureOptions = { minTime: quick ? 0.15 : 1, warmup: 3 };
  const images = new Map(CONV_NETS.map((net) => [net.name, blobImages(quick ? 640 : 1280, net.size)]));
  const rows: BenchRow[] = [];
  const peerRate = new Map<string, { peer: string; rate: number }>();
  const pause = options.yieldToHost ?? (() => Promise.resolve());
  let limit = 0;
  const add = async (row: Omit<BenchRow, 'vsPeer' | 'peer' | 'ofLimit'>, isPeer: boolean, gflops?: number) => {
    // Every GEMM form is compared with the peer's A·B: the same product, stored differently.
    const key = `${row.workload.startsWith('gemm') ? 'gemm' : row.workload}/${row.size}`;
    const base = isPeer ? undefined : peerRate.get(key);
    const full: BenchRow = { ...row, vsPeer: base ? row.median / base.rate : null, peer: base?.peer ?? null, ofLimit: !isPeer && gflops !== undefined && limit > 0 ? gflops / limit : null };
    if (isPeer && !peerRate.has(key)) peerRate.set(key, { peer: row.who, rate: row.median });
    rows.push(full);
    options.onRow?.(full);
    await pause();
  };
  const timeOp = (op: TimedOp, perCall: number, unitScale: number, opts = timing) => {
    const m = measure(() => op.run(), opts);
    op.dispose();
    return { median: perCall / (m.medianMs / 1000) / unitScale, best: perCall / (m.minMs / 1000) / unitScale };
  };

  for (const peer of options.peers ?? []) {
    for (const n of gemmSizes) {
      const op = await peer.gemm(n);
      if (op) await add({ workload: 'gemm nn', who: peer.label, size: n, unit: 'GFLOP/s', ...timeOp(op, 2 * n ** 3, 1e9) }, true);
    }
    for (const net of CONV_NETS) {
      const op = await peer.convInference(net, images.get(net.name)!);
      if (op) await add({ workload: `${net.name} inference`, who: peer.label, size: 256, unit: 'examples/s', ...timeOp(op, 256, 1) }, true);
    }
    peer.dispose();
  }

  for (const variant of variants) {
    const engine = await createEngine({ variant });
    const who = `untangle-${variant}`;
    const peak = measureSimdLimit(engine, timing);
    limit = 0;
    await add({ workload: 'simd limit', who, size: 1, unit: 'GFLOP/s', ...peak }, false);
    limit = peak.best;
    for (const n of gemmSizes) {
      for (const form of ['nn', 'tn', 'nt'] as GemmForm[]) {
        const rate = timeOp(gemmOp(engine, n, form), 2 * n ** 3, 1e9);
        await add({ workload: `gemm ${form}`, who, size: n, unit: 'GFLOP/s', ...rate }, false, rate.median);
      }
    }
    const spirals = spiralSet(2048);
    for (const batch of DENSE.batches) {
      const trainer = denseTrainer(engine, DENSE.widths, batch, DENSE.lr, spirals);
      const before = trainer.loss();
      for (let s = 0; s < 300; s++) trainer.step();
      checkLearns(`${who} dense batch ${batch}`, before, trainer.loss(), 300, 0.05);
      const op = { run: trainer.step, dispose: trainer.dispose };
      await add({ workload: `${DENSE.widths.join('-')} tanh train`, who, size: batch, unit: 'examples/s', ...timeOp(op, batch, 1, { ...timing, warmup: 50 }) }, false);
    }
    for (const net of CONV_NETS) {
      const t = convTrainer(engine, net, images.get(net.name)!);
      const steps = quick ? 30 : 100;
      const before = t.loss(100);
      for (let s = 0; s < steps; s++) t.step();
      checkLearns(`${who} ${net.name}`, before, t.loss(100), steps, 0.05);
      const flops = convNetFlops(convLayers(net.name), net.size);
      const inference = measure(() => t.infer256(), { ...timing, minTime: timing.minTime! / 2 });
      const inferenceRate = 256 / (inference.medianMs / 1000);
      await add({ workload: `${net.name} inference`, who, size: 256, unit: 'examples/s', median: inferenceRate, best: 256 / (inference.minMs / 1000) }, false, inferenceRate * flops.inference / 1e9);
      const train = timeOp({ run: t.step, dispose: t.dispose }, net.batch, 1, { ...timing, warmup: 5 });
      await add({ workload: `${net.name} train`, who, size: net.batch, unit: 'examples/s', ...train }, false, train.median * flops.train / 1e9);
    }
  }
  return rows;
}
