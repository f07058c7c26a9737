/**
 * What a user downloads: the browser bundle, each wasm build, and the JS of a
 * small app bundled by Vite — raw bytes and gzip (level 9, as servers send them).
 * Shared by bench/size.ts (records) and the size tests (hold the budget).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const ROOT = resolve(fileURLToPath(new URL('../', import.meta.url)));
export const BUDGET_FILE = join(ROOT, 'size-budget.json');
/** How far a size may grow past its recorded budget before the test fails. */
export const BUDGET_SLACK = 0.1;

/** The shipped files measured, relative to dist/. */
export const DIST_FILES = ['untangle.browser.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm', 'explorer.js'] as const;
/** The entry for the Vite app's JS in sizes and budget. */
export const VITE_APP_JS = 'vite-app JS (createEngine, Model, fit, spirals)';

export interface Size {
  raw: number;
  gzip: number;
}

export function sizeOf(bytes: Uint8Array): Size {
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

export function distSizes(dist = join(ROOT, 'dist')): Record<string, Size> {
  return Object.fromEntries(DIST_FILES.map((f) => [f, sizeOf(readFileSync(join(dist, f)))]));
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

/** Sum of the sizes of the JS files Vite emitted into `outDir`. */
export function emittedJsSize(outDir: string): Size {
  return filesUnder(outDir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => sizeOf(readFileSync(f)))
    .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
}

/**
 * Builds examples/vite-app against this checkout's package (its exports map,
 * dist/) with Vite's JS API, into a temporary folder; returns the JS size and
 * the files emitted.
 */
export async function viteAppSize(): Promise<{ js: Size; files: string[] }> {
  const { build } = await import('vite');
  const out = mkdtempSync(join(tmpdir(), 'untangle-size-'));
  const app = join(ROOT, 'examples', 'vite-app');
  try {
    await build({
      root: app,
      configFile: join(app, 'vite.config.js'),
      cacheDir: join(out, 'cache'),
      logLevel: 'error',
      // Resolves 'untangle' to this checkout's package.json, as an installed copy would.
      resolve: { alias: { untangle: ROOT } },
      build: { outDir: join(out, 'dist'), emptyOutDir: true },
    });
    const files = filesUnder(join(out, 'dist')).map((f) => relative(join(out, 'dist'), f)).sort();
    return { js: emittedJsSize(join(out, 'dist')), files };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export type Budget = Record<string, Size>;

export function readBudget(): Budget {
  return JSON.parse(readFileSync(BUDGET_FILE, 'utf8')) as Budget;
}

/** The entries of `sizes` that grew more than BUDGET_SLACK past `budget`, as readable lines. */
export function overBudget(sizes: Record<string, Size>, budget: Budget): string[] {
  const over: string[] = [];
  for (const [name, size] of Object.entries(sizes)) {
    const limit = budget[name];
    if (!limit) {
      over.push(`${name}: no budget recorded (run bench/size.ts --record-budget)`);
      continue;
    }
    for (const key of ['raw', 'gzip'] as const) {
      const max = Math.floor(limit[key] * (1 + BUDGET_SLACK));
      if (size[key] > max) over.push(`${name} ${key}: ${size[key]} bytes > ${max} (budget ${limit[key]} + ${100 * BUDGET_SLACK} %)`);
    }
  }
  return over;
}
