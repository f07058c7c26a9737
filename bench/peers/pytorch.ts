/**
 * PyTorch as a convnet peer: runs bench/peers/pytorch.py (CPU, one thread) with
 * Debian's python3-torch and reads its JSON. Returns null with a reason when
 * there is no torch, so the benchmark runs without it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TorchRow { workload: string; size: number; median: number; best: number }

const PYTHON = ['/usr/bin/python3', 'python3'];

export function runPytorch(quick: boolean): { version: string; rows: TorchRow[] } | string {
  const script = fileURLToPath(new URL('./pytorch.py', import.meta.url));
  const python = PYTHON.find((p) => !p.startsWith('/') || existsSync(p))!;
  const run = spawnSync(python, [script, ...(quick ? ['--quick'] : [])], { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) return `pytorch not run: ${(run.stderr || String(run.error)).trim().split('\n').at(-1)}`;
  const out = JSON.parse(run.stdout) as { torch: string; threads: number; rows: TorchRow[] };
  if (out.threads !== 1) throw new Error(`pytorch ran ${out.threads} threads, not 1`);
  return { version: out.torch, rows: out.rows };
}
