/**
 * E7 (the MNIST convnet, `untangle mnist`, default settings) on this checkout
 * against another one (an older commit, built with `npm run build:wasm`), as
 * alternating processes so that drift in the machine's load hits both sides:
 * base, this, base, this, … Each run prints its training time and test error;
 * the table gives every run, the medians per side and their ratio. With
 * --workers 2 a last run of this checkout trains on two threads (needs
 * dist/train-worker.js: `npm run build:js`).
 *
 * A baseline checkout: mkdir DIR && git archive <commit> | tar -x -C DIR &&
 *   ln -s "$PWD/node_modules" DIR/ && (cd DIR && npm run build:wasm)
 *   node --import tsx bench/e7-ab.ts --baseline /path/to/old/checkout [--rounds 2] [--epochs 6] [--relaxed] [--workers 2] [--this-first] [--name e7-ab]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { argument, writeResults, type Row } from './timing.js';

const baseline = argument('baseline');
if (!baseline) throw new Error('e7-ab: pass --baseline DIR (another checkout of untangle, with build/ built)');
const rounds = Number(argument('rounds', '2'));
const epochs = Number(argument('epochs', '6'));
const workers = Number(argument('workers', '0'));
const name = argument('name', 'e7-ab');
const relaxed = process.argv.includes('--relaxed');
const here = resolve(import.meta.dirname, '..');

interface Run { side: string; trainS: number; wallS: number; errorPct: number; load: number }

function run(dir: string, side: string, threads = 1): Run {
  const node = [...(relaxed ? ['--experimental-wasm-relaxed-simd'] : []), '--import', 'tsx', resolve(dir, 'src/cli/main.ts'), 'mnist', '--epochs', String(epochs), '--out', `/tmp/e7-ab-${process.pid}-${side.replace(/\W+/g, '-')}`];
  if (threads > 1) node.push('--workers', String(threads));
  const load = loadavg()[0]!;
  const p = spawnSync(process.execPath, node, { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = /softmax test error ([\d.]+) %.*training ([\d.]+) s, wall ([\d.]+) s/.exec(p.stdout);
  if (p.status !== 0 || !line) throw new Error(`e7-ab: ${side} failed (${p.status}):\n${p.stdout.slice(-2000)}\n${p.stderr.slice(-2000)}`);
  const r = { side, errorPct: Number(line[1]), trainS: Number(line[2]), wallS: Number(line[3]), load: (load + loadavg()[0]!) / 2 };
  console.log(JSON.stringify(r));
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const runs: Run[] = [];
// --this-first reverses the order within each round (load that falls or rises over the run favours one position).
const thisFirst = process.argv.includes('--this-first');
for (let r = 0; r < rounds; r++) {
  if (thisFirst) runs.push(run(here, 'this'));
  runs.push(run(baseline, 'baseline'));
  if (!thisFirst) runs.push(run(here, 'this'));
}
if (workers > 1) runs.push(run(here, `this, ${workers} workers`, workers));

const side = (s: string) => runs.filter((r) => r.side === s);
const base = median(side('baseline').map((r) => r.trainS)), ours = median(side('this').map((r) => r.trainS));
const rows: Row[] = [
  ...runs.map((r, i) => ({ run: i + 1, ...r })),
  { run: 'median', side: 'baseline', trainS: base, wallS: median(side('baseline').map((r) => r.wallS)), errorPct: median(side('baseline').map((r) => r.errorPct)) },
  { run: 'median', side: 'this', trainS: ours, wallS: median(side('this').map((r) => r.wallS)), errorPct: median(side('this').map((r) => r.errorPct)) },
  { run: 'ratio', side: 'baseline / this (training time)', trainS: base / ours },
];
console.log(writeResults(`${name}-${relaxed ? 'relaxed' : 'simd'}`, rows, [
  'run', 'side', { key: 'trainS', title: 'training (s)', digits: 2 }, { key: 'wallS', title: 'wall (s)', digits: 1 },
  { key: 'errorPct', title: 'softmax test error (%)', digits: 2 }, { key: 'load', title: 'load (1 min)', digits: 1 },
], [
  `E7: untangle mnist, ${epochs} epochs, seed 1, batch 64, Adam; ${relaxed ? 'relaxed' : 'simd'} build; one thread unless the side says workers`,
  `baseline: ${baseline} (its own source and build/), run as its own process, alternating with this checkout`,
  'training (s): the epochs alone (the run\'s trainMs); wall: the whole run incl. loading, k-NN head and test scoring',
  `command: node --import tsx bench/e7-ab.ts --baseline ${baseline} --rounds ${rounds} --epochs ${epochs}${relaxed ? ' --relaxed' : ''}${workers > 1 ? ` --workers ${workers}` : ''}${thisFirst ? ' --this-first' : ''} --name ${name}`,
  'median: the middle run, or of two the faster',
]));
