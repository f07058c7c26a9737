/**
 * A direct convolution kernel of two kernel builds in one process, taking turns
 * sample by sample: this checkout's build/ against another checkout's. The
 * forward (conv2d_f32_fwd__direct) by default; with --kernel weights the weight
 * gradient (conv2d_f32_bwd_weights__direct). The bits of both outputs are
 * compared first (a change of tiling that keeps each sum's order must give the
 * same bits), and their largest relative gap is reported (a new summation
 * order changes bits, not values).
 *
 * A baseline checkout: mkdir DIR && git archive <commit> | tar -x -C DIR &&
 *   ln -s "$PWD/node_modules" DIR/ && (cd DIR && npm run build:wasm)
 *   node --experimental-wasm-relaxed-simd --import tsx bench/conv-direct-ab.ts --baseline DIR [--variant simd] [--batches 32,64] [--kernel forward|weights]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createEngine, type Engine } from '../src/engine/engine.js';
import { Random } from '../src/engine/random.js';
import { BENCH_NET_CONV_LAYERS } from './untangle/conv-nets.js';
import { worst } from './untangle/conv-path-ops.js';
import { argument, writeResults, type Row } from './timing.js';

const baseline = argument('baseline');
if (!baseline) throw new Error('conv-direct-ab: pass --baseline DIR (another checkout with build/ built)');
const variant = argument('variant', 'relaxed') as 'simd' | 'relaxed';
const batches = argument('batches', '32,64').split(',').map(Number);
const kernel = argument('kernel', 'forward') as 'forward' | 'weights';
const LAYERS = BENCH_NET_CONV_LAYERS;

const base = await createEngine({ variant, wasm: readFileSync(resolve(baseline, `build/untangle.${variant}.wasm`)) });
const ours = await createEngine({ variant });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function setup(e: Engine, s: (typeof LAYERS)[number], B: number) {
  const r = new Random(1);
  const Ho = s.H + 2 * s.pad - s.K + 1, Wo = s.W + 2 * s.pad - s.K + 1, patch = s.C * s.K * s.K, outs = s.F * Ho * Wo * B;
  const x = e.upload(new Float32Array(s.C * s.H * s.W * B).map(() => r.range(-1, 1)));
  const w = e.upload(new Float32Array(s.F * patch).map(() => r.range(-0.2, 0.2)));
  const dz = e.upload(new Float32Array(outs).map(() => r.range(-1, 1)));
  const packed = e.alloc(e.kernels.conv_packed_filters_floats(s.F, patch) * 4), z = e.alloc(outs * 4), dw = e.alloc(s.F * patch * 4);
  e.kernels.conv_pack_filters_f32(packed.ptr, w.ptr, s.F, patch);
  const [out, n] = kernel === 'weights' ? [dw, s.F * patch] : [z, outs];
  return {
    flops: 2 * s.F * patch * Ho * Wo * B,
    run: kernel === 'weights'
      ? () => e.kernels.conv2d_f32_bwd_weights__direct(dw.ptr, dz.ptr, x.ptr, s.C, s.H, s.W, s.F, s.K, 1, s.pad, B)
      : () => e.kernels.conv2d_f32_fwd__direct(z.ptr, x.ptr, packed.ptr, s.C, s.H, s.W, s.F, s.K, 1, s.pad, B),
    values: () => e.f32(out.ptr, n).slice(),
    release: () => { for (const blk of [x, w, dz, packed, z, dw]) e.release(blk); },
  };
}

const rows: Row[] = [];
for (const B of batches) {
  for (const s of LAYERS) {
    const a = setup(base, s, B), b = setup(ours, s, B);
    a.run();
    b.run();
    const va = a.values(), vb = b.values();
    const same = Buffer.from(va.buffer).equals(Buffer.from(vb.buffer)), drift = worst(va, vb);
    if (!(drift < 1e-3)) throw new Error(`conv-direct-ab: ${s.layer}, batch ${B}: the two builds differ by ${drift}`);
    for (let i = 0; i < 5; i++) { a.run(); b.run(); }
    const reps = Math.max(1, Math.round(1e8 / a.flops));
    const ta: number[] = [], tb: number[] = [];
    for (let j = 0; j < 15; j++) {
      let t0 = performance.now();
      for (let i = 0; i < reps; i++) a.run();
      ta.push((performance.now() - t0) / reps);
      t0 = performance.now();
      for (let i = 0; i < reps; i++) b.run();
      tb.push((performance.now() - t0) / reps);
    }
    const row = { layer: s.layer, batch: B, sameBits: same, drift, base: a.flops / median(ta) / 1e6, ours: b.flops / median(tb) / 1e6, ratio: median(ta) / median(tb) };
    console.log(JSON.stringify(row));
    rows.push(row);
    a.release();
    b.release();
  }
}
console.log(writeResults(`conv-direct-${kernel === 'weights' ? 'weights-' : ''}ab-${variant}`, rows, [
  'layer', 'batch', { key: 'sameBits', title: 'same bits' }, { key: 'drift', title: 'largest gap', digits: 7 }, { key: 'base', title: 'baseline GFLOP/s', digits: 1 },
  { key: 'ours', title: 'this GFLOP/s', digits: 1 }, { key: 'ratio', title: 'this × baseline', digits: 2 },
], [
  `${kernel === 'weights' ? 'conv2d_f32_bwd_weights__direct' : 'conv2d_f32_fwd__direct'} alone, ${variant} build, one thread; medians of 15 samples per side, the sides taking turns`,
  `baseline: ${baseline}/build`,
  `command: node --experimental-wasm-relaxed-simd --import tsx bench/conv-direct-ab.ts --baseline ${baseline} --variant ${variant} --batches ${batches.join(',')} --kernel ${kernel}`,
]));
