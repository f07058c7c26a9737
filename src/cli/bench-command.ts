/**
 * `untangle bench`: the benchmark suite (src/bench/suite.ts) from the installed
 * package, on this machine: prints the table and writes the JSON report with
 * the machine, runtime, wasm variants and threads. `--serve` serves the same
 * suite as a page (dist/bench.html) to run in any browser.
 *
 * Node 20 runs the relaxed-SIMD build only behind a V8 flag, so when this
 * process cannot validate it, the command runs itself once more with the flag
 * (and measures the plain build alone if that Node does not know the flag).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnsupportedError } from '../errors.js';
import { supportsRelaxedSimd, supportsSimd, type WasmVariant } from '../engine/features.js';
import { BENCH_COLUMNS, benchCells, benchReport, type BenchEnvironment } from '../bench/report.js';
import { runBenchSuite, type BenchPeer } from '../bench/suite.js';
import { choiceOption, numberOption, parseCommandArgs } from './args.js';
import { startStaticServer } from './static-server.js';
import { formatTable } from './table.js';

export const BENCH_HELP = `untangle bench — how fast Untangle runs on this machine, beside the peers you have installed

Times, one thread: GEMM (n×n, A·B, Aᵀ·B, A·Bᵀ), a 2-8-8-2 tanh net's training, and ConvNetJS's
MNIST net and LeNet-5 (training and inference), on each wasm build this runtime runs. Every
workload is checked before it is timed. If @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm are
installed, tfjs-wasm runs the GEMMs and the convnets' inference too and each row shows the ratio.

Options:
  --quick          fewer sizes, shorter samples (about half a minute)
  --out FILE       where to write the JSON report (default untangle-bench.json)
  --variant V      simd, relaxed or all (default: all this runtime can run)
  --no-peers       do not load tfjs even if it is installed
  --serve          serve the same suite as a page for your browser, print its address
  --port N         port for --serve (default 8081; 0 picks a free one)
  --help           this text
`;

const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const RELAUNCHED = 'UNTANGLE_BENCH_RELAUNCHED';

function nodeEnvironment(): BenchEnvironment {
  return {
    machine: { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, platform: platform(), arch: arch() },
    runtime: { name: 'node', version: process.version, v8: process.versions.v8 },
  };
}

/** Runs this command again with the relaxed-SIMD flag; the exit status, or null if this Node rejects the flag. */
function relaunchWithRelaxedSimd(argv: string[]): number | null {
  const child = spawnSync(process.execPath, [RELAXED_FLAG, ...process.execArgv, process.argv[1]!, 'bench', ...argv], {
    stdio: ['inherit', 'inherit', 'pipe'], env: { ...process.env, [RELAUNCHED]: '1' }, encoding: 'utf8',
  });
  if (child.status === 9 && /bad option/i.test(child.stderr)) return null;
  process.stderr.write(child.stderr);
  return child.status ?? 1;
}

async function serveBenchPage(port: number): Promise<void> {
  // dist/cli.js → the package root is one folder up.
  const root = fileURLToPath(new URL('../', import.meta.url));
  for (const needed of ['dist/bench.html', 'dist/untangle.bench.js']) {
    if (!existsSync(root + needed)) throw new UnsupportedError(`${needed} is missing under ${root} (run \`npm run build\`)`);
  }
  const served = await startStaticServer({ root, folders: ['dist'], port, index: '/dist/bench.html' });
  process.stdout.write(`untangle bench: open ${served.origin}/dist/bench.html in the browser to measure (Ctrl-C stops)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => void served.close().then(done));
    process.once('SIGTERM', () => void served.close().then(done));
  });
}

export async function benchCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' }, out: { type: 'string' }, variant: { type: 'string' }, 'no-peers': { type: 'boolean' },
      serve: { type: 'boolean' }, port: { type: 'string' }, help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(BENCH_HELP);
    return;
  }
  if (values.serve) return serveBenchPage(numberOption(values.port, 'port', 8081, { integer: true, min: 0, max: 65535 }));
  const wanted = choiceOption(values.variant, 'variant', ['simd', 'relaxed', 'all'] as const, 'all');
  if (!supportsSimd()) throw new UnsupportedError('this runtime has no WebAssembly SIMD; Untangle needs Node ≥ 20');
  if (wanted !== 'simd' && !supportsRelaxedSimd() && process.env[RELAUNCHED] !== '1') {
    const status = relaunchWithRelaxedSimd(argv);
    if (status !== null) {
      process.exitCode = status;
      return;
    }
  }
  const available: WasmVariant[] = supportsRelaxedSimd() ? ['simd', 'relaxed'] : ['simd'];
  const variants = wanted === 'all' ? available : available.filter((v) => v === wanted);
  if (variants.length === 0) throw new UnsupportedError(`this runtime cannot run the ${wanted} build (Node 20 needs ${RELAXED_FLAG})`);

  const quick = values.quick ?? false;
  const peers: BenchPeer[] = [];
  const peerNotes: string[] = [];
  if (!values['no-peers']) {
    const { loadTfjsWasmPeer } = await import('../bench/tfjs-peer.js');
    const peer = await loadTfjsWasmPeer();
    if (typeof peer === 'string') peerNotes.push(peer);
    else { peers.push(peer); peerNotes.push(peer.label); }
  }
  const env = nodeEnvironment();
  process.stdout.write(`untangle bench: ${env.machine.cpu}, ${env.machine.cores} cores, Node ${env.runtime.version}; wasm ${variants.join(' + ')}, one thread${quick ? ', quick' : ''}\n`);
  for (const note of peerNotes) process.stdout.write(`  peer ${note}\n`);
  const rows = await runBenchSuite(variants, {
    quick, peers, onRow: (row) => process.stdout.write(`  ${benchCells(row).slice(0, 4).join('  ')}\n`),
  });
  const report = benchReport(env, variants, quick, peerNotes, rows);
  const out = resolve(values.out ?? 'untangle-bench.json');
  writeFileSync(`${out}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);
  const columns = BENCH_COLUMNS.map((header, i) => ({ header, align: i >= 2 && i <= 4 ? 'right' as const : 'left' as const }));
  process.stdout.write(`\n${formatTable(columns, rows.map(benchCells))}\nwrote ${out}\n`);
}
