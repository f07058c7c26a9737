/**
 * Pooling kernels, one thread: forward + backward of max, average and global
 * average pooling on the pooling shapes of the benchmark networks, in input
 * values per second (each kernel reads every input once per pass). Each kernel
 * is checked against the f64 reference (test/reference/pool.ts) before it is timed.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/pooling.ts [--variant simd|relaxed]
 */
import { createEngine } from '../src/engine/engine.js';
import type { WasmVariant } from '../src/engine/features.js';
import { Random } from '../src/engine/random.js';
import { refAvgPoolCHWN, refMaxPoolCHWN } from '../test/reference/pool.js';
import { measure, writeResults, type Row } from './timing.js';

interface PoolShape { net: string; C: number; H: number; W: number; K: number; S: number; B: number }

const SHAPES: PoolShape[] = [
  { net: 'ConvNetJS MNIST pool1', C: 8, H: 24, W: 24, K: 2, S: 2, B: 20 },
  { net: 'E7 pool1', C: 12, H: 28, W: 28, K: 2, S: 2, B: 64 },
  { net: 'E7 pool2', C: 24, H: 14, W: 14, K: 2, S: 2, B: 64 },
  { net: 'LeNet-5 pool1', C: 20, H: 24, W: 24, K: 2, S: 2, B: 64 },
  { net: 'overlapping 3/2, odd batch', C: 16, H: 13, W: 13, K: 3, S: 2, B: 17 },
];

const variant = (process.argv.includes('--variant') ? process.argv[process.argv.indexOf('--variant') + 1] : 'relaxed') as WasmVariant;

function worstDiff(got: Float32Array, want: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  return worst;
}

async function main(): Promise<void> {
  const e = await createEngine({ variant });
  const k = e.kernels;
  const rows: Row[] = [];
  for (const s of SHAPES) {
    const { C, H, W, K, S, B } = s;
    const Ho = Math.floor((H - K) / S) + 1, Wo = Math.floor((W - K) / S) + 1;
    const r = new Random(2);
    const input = new Float32Array(C * H * W * B).map(() => r.range(-1, 1));
    const x = e.upload(input);
    const dy = e.upload(new Float32Array(C * Ho * Wo * B).map(() => r.range(-1, 1)));
    const y = e.alloc(C * Ho * Wo * B * 4), g = e.alloc(C * B * 4), dx = e.alloc(input.length * 4);
    const passes = {
      max: () => { k.maxpool_f32_fwd(y.ptr, x.ptr, C, H, W, K, S, B); k.maxpool_f32_bwd(dx.ptr, dy.ptr, x.ptr, y.ptr, C, H, W, K, S, B); },
      avg: () => { k.avgpool_f32_fwd(y.ptr, x.ptr, C, H, W, K, K, S, B); k.avgpool_f32_bwd(dx.ptr, dy.ptr, C, H, W, K, K, S, B); },
      global: () => { k.avgpool_f32_fwd(g.ptr, x.ptr, C, H, W, H, W, 1, B); k.avgpool_f32_bwd(dx.ptr, dy.ptr, C, H, W, H, W, 1, B); },
    };
    k.maxpool_f32_fwd(y.ptr, x.ptr, C, H, W, K, S, B);
    const checks = [
      ['max', worstDiff(e.f32(y.ptr, C * Ho * Wo * B), refMaxPoolCHWN(input, C, H, W, K, S, B).y)],
      ['avg', (k.avgpool_f32_fwd(y.ptr, x.ptr, C, H, W, K, K, S, B), worstDiff(e.f32(y.ptr, C * Ho * Wo * B), refAvgPoolCHWN(input, C, H, W, K, K, S, B).y))],
      ['global', (k.avgpool_f32_fwd(g.ptr, x.ptr, C, H, W, H, W, 1, B), worstDiff(e.f32(g.ptr, C * B), refAvgPoolCHWN(input, C, H, W, H, W, 1, B).y))],
    ] as const;
    for (const [name, worst] of checks) if (!(worst < 1e-5)) throw new Error(`${s.net}: ${name} pooling differs from the reference by ${worst}`);
    const ms = Object.fromEntries(Object.entries(passes).map(([name, fn]) => [name, measure(fn).medianMs]));
    const rate = (m: number) => input.length / m / 1e6; // input values (millions) per ms → G values/s
    rows.push({
      shape: s.net, input: `${C}×${H}×${W}, B ${B}`, window: `${K}/${S}`,
      'max G/s': rate(ms.max!), 'avg G/s': rate(ms.avg!), 'global avg G/s': rate(ms.global!), 'avg/max time': ms.avg! / ms.max!,
    });
    for (const blk of [x, dy, y, g, dx]) e.release(blk);
  }
  const columns = ['shape', 'input', 'window', 'max G/s', 'avg G/s', 'global avg G/s', 'avg/max time'];
  console.log(writeResults(`pooling-${variant}`, rows, columns, [
    `wasm variant ${variant}, one thread; forward + backward per pass, median over samples`,
    'G/s: input values (10⁹) per second of one forward + backward pass; avg/max time: the average pass over the max pass, same process',
  ]));
}

await main();
