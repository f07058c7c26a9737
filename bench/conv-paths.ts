/**
 * Convolution training paths, per layer shape of the three benchmark networks
 * (ConvNetJS's MNIST net, E7's net, LeNet-5), one thread: the forward plus the
 * weight gradient of a training step, by
 *   gemm:   im2col + GEMM nn (Z = W·cols) and GEMM nt (dW = dZ·colsᵀ);
 *   direct: pack + conv2d_f32_fwd__direct and conv2d_f32_bwd_weights__direct (no columns).
 * Bias, activation and the input gradient are the same for both and left out.
 * Each path is checked against the other before it is timed. The ratio
 * gemm/direct is what src/model/conv2d.ts's choice of path cites.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/conv-paths.ts [--variant simd|relaxed]
 */
import { pathToFileURL } from 'node:url';
import { createEngine } from '../src/engine/engine.js';
import type { WasmVariant } from '../src/engine/features.js';
import { convPathOps } from './untangle/conv-path-ops.js';
import { measure, writeResults, type Row } from './timing.js';

interface ConvShape { net: string; layer: string; C: number; H: number; W: number; F: number; K: number; pad: number; B: number }

export const SHAPES: ConvShape[] = [
  { net: 'ConvNetJS MNIST', layer: 'conv1', C: 1, H: 28, W: 28, F: 8, K: 5, pad: 2, B: 20 },
  { net: 'ConvNetJS MNIST', layer: 'conv2', C: 8, H: 14, W: 14, F: 16, K: 5, pad: 2, B: 20 },
  { net: 'E7', layer: 'conv1', C: 1, H: 28, W: 28, F: 12, K: 5, pad: 2, B: 64 },
  { net: 'E7', layer: 'conv2', C: 12, H: 14, W: 14, F: 24, K: 5, pad: 2, B: 64 },
  { net: 'LeNet-5', layer: 'conv1', C: 1, H: 28, W: 28, F: 20, K: 5, pad: 0, B: 64 },
  { net: 'LeNet-5', layer: 'conv2', C: 20, H: 12, W: 12, F: 50, K: 5, pad: 0, B: 64 },
];

const variant = (process.argv.includes('--variant') ? process.argv[process.argv.indexOf('--variant') + 1] : 'relaxed') as WasmVariant;

async function main(): Promise<void> {
  const e = await createEngine({ variant });
  const rows: Row[] = [];
  for (const s of SHAPES) {
    const { C, H, W, F, K, pad, B } = s;
    const ops = convPathOps(e, { channels: C, height: H, width: W, filters: F, kernel: K, padding: pad, batch: B });
    const gap = ops.check();
    if (!(gap.dw < 1e-3)) throw new Error(`${s.net} ${s.layer}: the two weight gradients differ by ${gap.dw}`);
    const dwOnlyGemm = measure(ops.dwGemm);
    const dwOnlyDirect = measure(ops.dwDirect);
    const g = measure(ops.gemmFw), d = measure(ops.directFw);
    rows.push({
      network: s.net, layer: s.layer, shape: `${C}×${H}×${W} → ${F}×${ops.Ho}×${ops.Wo}, K ${K}, B ${B}`,
      'gemm ms': g.medianMs, 'direct ms': d.medianMs, 'gemm/direct': g.medianMs / d.medianMs,
      'dW GEMM GFLOP/s': ops.flops / dwOnlyGemm.medianMs / 1e6, 'dW direct GFLOP/s': ops.flops / dwOnlyDirect.medianMs / 1e6,
    });
    ops.release();
  }
  const columns = ['network', 'layer', 'shape', 'gemm ms', 'direct ms', 'gemm/direct', 'dW GEMM GFLOP/s', 'dW direct GFLOP/s'];
  console.log(`variant ${variant}: forward + weight gradient of one training step, medians`);
  console.log(writeResults(`conv-paths-${variant}`, rows, columns, [`wasm variant ${variant}; forward + weight gradient of one training step, medians`]));
}

// Run only as a script: bench/conv-cost-fit.ts imports SHAPES.
if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
