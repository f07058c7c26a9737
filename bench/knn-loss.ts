/**
 * The mini-batch k-NN loss kernel (assembly/kernels/knn.ts), one thread:
 * loss and gradient dZ of one batch, on the shapes training uses (E8: 32-wide
 * embeddings, batch 256) and around them, with and without a second batch of
 * references. Checked against the f64 reference (test/reference/knn.ts) before
 * it is timed. Reported: time per call and per scored example, the share of
 * its two GEMMs (Zᵀ·Z and Z·M, timed alone in the same process), and the ratio
 * to the softmax cross-entropy op on 10 classes at the same batch (what a
 * softmax-trained net pays for its loss).
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/knn-loss.ts [--variant simd|relaxed]
 */
import { createEngine } from '../src/engine/engine.js';
import type { WasmVariant } from '../src/engine/features.js';
import { Random } from '../src/engine/random.js';
import { refKnnLoss } from '../test/reference/knn.js';
import { measure, writeResults, type Row } from './timing.js';

/** Scored examples Bq, embedding width D, and Bq more references when `second`. */
interface KnnShape { name: string; Bq: number; D: number; second: boolean }

const SHAPES: KnnShape[] = [
  { name: 'E8 (MNIST k-NN loss)', Bq: 256, D: 32, second: false },
  { name: 'E8 with second batch', Bq: 256, D: 32, second: true },
  { name: 'small batch', Bq: 64, D: 32, second: false },
  { name: 'wide embedding', Bq: 256, D: 128, second: false },
  { name: 'essay 2-D, odd batch', Bq: 33, D: 2, second: false },
];

const variant = (process.argv.includes('--variant') ? process.argv[process.argv.indexOf('--variant') + 1] : 'relaxed') as WasmVariant;
const CLASSES = 10;
const EPSILON = 1e-3;

/**
 * The fastest call of each function over rounds that take turns: on a shared
 * machine a busy spell then slows all of them, not one, and the ratios hold.
 */
function fastestOf(fns: (() => void)[], rounds = 4): number[] {
  const best = fns.map(() => Infinity);
  for (let round = 0; round < rounds; round++) fns.forEach((fn, i) => (best[i] = Math.min(best[i]!, measure(fn, { minTime: 0.15 }).minMs)));
  return best;
}

async function main(): Promise<void> {
  const e = await createEngine({ variant });
  const k = e.kernels;
  const rows: Row[] = [];
  for (const s of SHAPES) {
    const { Bq, D } = s;
    const B = s.second ? 2 * Bq : Bq;
    const r = new Random(B * 7 + D);
    const zValues = new Float32Array(D * B).map(() => r.range(-1, 1));
    const labelValues = Int32Array.from({ length: B }, () => r.int(CLASSES));
    const z = e.upload(zValues), labels = e.upload(labelValues);
    const dz = e.alloc(D * B * 4), stats = e.alloc(16), work = e.alloc((B * B + 2 * B) * 4);
    const scratch = e.alloc(Math.max(k.gemm_f32_scratch_floats(B, B, D), k.gemm_f32_scratch_floats(D, B, B)) * 4);
    const g = e.alloc(B * B * 4);
    const logits = e.upload(new Float32Array(CLASSES * Bq).map(() => r.range(-3, 3)));
    const probs = e.alloc(CLASSES * Bq * 4), dlogits = e.alloc(CLASSES * Bq * 4);

    const knn = () => k.knn_loss_f32(dz.ptr, z.ptr, labels.ptr, D, B, Bq, CLASSES, 0, EPSILON, stats.ptr, work.ptr, scratch.ptr);
    e.f64(stats.ptr, 2).fill(0);
    knn();
    const want = refKnnLoss(zValues, labelValues, D, B, 0, EPSILON, Bq);
    const got = e.f64(stats.ptr, 1)[0]! / Bq;
    if (!(Math.abs(got - want.loss) <= 1e-4 * Math.max(1, Math.abs(want.loss)))) throw new Error(`${s.name}: k-NN loss ${got}, reference ${want.loss}`);

    const [knnMs, gemmMs, softmaxMs] = fastestOf([
      knn,
      // The kernel's two B×B×D products, alone: G = Zᵀ·Z and dZ = Z·M.
      () => {
        k.gemm_f32_tn(g.ptr, z.ptr, z.ptr, B, B, D, 0, scratch.ptr);
        k.gemm_f32_nn(dz.ptr, z.ptr, g.ptr, D, B, B, 0, scratch.ptr);
      },
      () => k.softmax_xent_f32(probs.ptr, dlogits.ptr, logits.ptr, labels.ptr, CLASSES, Bq, stats.ptr),
    ]) as [number, number, number];
    rows.push({
      shape: s.name, 'Bq × D': `${Bq} × ${D}`, voters: B - 1, 'µs / call': knnMs * 1000, 'µs / example': (knnMs * 1000) / Bq,
      'GEMM share': gemmMs / knnMs, 'GFLOP/s (GEMMs)': (4 * B * B * D) / knnMs / 1e6, '× softmax-xent': knnMs / softmaxMs,
    });
    for (const blk of [z, labels, dz, stats, work, scratch, g, logits, probs, dlogits]) e.release(blk);
  }
  const columns = ['shape', 'Bq × D', 'voters', 'µs / call', 'µs / example', 'GEMM share', 'GFLOP/s (GEMMs)', '× softmax-xent'];
  console.log(writeResults(`knn-loss-${variant}`, rows, columns, [
    `wasm variant ${variant}, one thread; loss and gradient dZ of one batch, the essay's weighting 1/(d + ε); fastest call over 4 rounds that take turns with the GEMMs and the softmax op`,
    'GEMM share: the time of the two B×B×D products alone over the whole kernel (the rest is the per-pair weights, sqrt and logs); '
      + 'GFLOP/s counts those products only (4·B²·D); × softmax-xent: over the softmax cross-entropy op on 10 classes at the same batch, same process',
  ]));
}

await main();
