import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DistanceMatrix } from '../../src/topology/distances.js';

/**
 * Debian's `ripser` CLI as a reference. Both sides get the same numbers: the matrix is
 * rounded to float32 (ripser's value type) first and printed with 9 significant digits,
 * which round-trips a float32 exactly.
 */

export function ensureRipser(): { ok: true } | { ok: false; reason: string } {
  const found = spawnSync('sh', ['-c', 'command -v ripser'], { encoding: 'utf8' });
  if (found.status === 0) return { ok: true };
  const script = fileURLToPath(new URL('../../scripts/ensure-ripser.sh', import.meta.url));
  const run = spawnSync('bash', [script], { encoding: 'utf8', timeout: 300_000 });
  if (run.status === 0) return { ok: true };
  return { ok: false, reason: `scripts/ensure-ripser.sh failed (exit ${run.status}): ${(run.stderr || run.error?.message || '').trim()}` };
}

/** The matrix with every entry rounded to float32. */
export function toFloat32(m: DistanceMatrix): DistanceMatrix {
  return { ...m, values: Float64Array.from(m.values, (v) => Math.fround(v)) };
}

/** ripser's bars per dimension as "birth,death" strings (death 'inf' when alive at the threshold), sorted. */
export function ripserBars(m: DistanceMatrix, maxDim: number, threshold: number): string[][] {
  const lines: string[] = [];
  for (let i = 0; i < m.n; i++) {
    const row: string[] = [];
    for (let j = 0; j < m.n; j++) row.push(Math.fround(m.values[i * m.n + j]!).toPrecision(9));
    lines.push(row.join(','));
  }
  const args = ['--format', 'distance', '--dim', String(maxDim), '--threshold', Math.fround(threshold).toPrecision(9)];
  const out = spawnSync('ripser', args, { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (out.status !== 0) throw new Error(`ripser failed (exit ${out.status}): ${out.stderr}`);
  const bars: string[][] = Array.from({ length: maxDim + 1 }, () => []);
  let dimension = -1;
  for (const line of out.stdout.split('\n')) {
    const header = /persistence intervals in dim (\d+):/.exec(line);
    if (header) { dimension = Number(header[1]); continue; }
    const bar = /^\s*\[([^,]+),([^)]*)\)/.exec(line);
    if (!bar || dimension < 0) continue;
    const birth = Math.fround(Number(bar[1])), death = bar[2]!.trim() === '' ? 'inf' : String(Math.fround(Number(bar[2])));
    bars[dimension]!.push(`${birth},${death}`);
  }
  return bars.map((b) => b.sort());
}

/** Our bars in the same form. */
export function asStrings(bars: { birth: number; death: number }[]): string[] {
  return bars.map((b) => `${Math.fround(b.birth)},${b.death === Infinity ? 'inf' : String(Math.fround(b.death))}`).sort();
}
