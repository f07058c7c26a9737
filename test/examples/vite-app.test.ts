/**
 * examples/vite-app as an app developer builds it: the packed package
 * installed in the app, `vite build` (through Vite's JS API, offline), then the
 * built app in headless Chromium (and the same app from Vite's dev server). Checks that the bundler found the wasm (the
 * page loads it from Vite's assets) and that Vite emitted nothing else of the
 * package: the app's JS, index.html and the two kernels. Both kernels are
 * emitted because the engine picks one at run time (relaxed SIMD where the
 * browser validates it, plain SIMD elsewhere); the browser downloads one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, describeInChromium, openBrowserSession, withTimeout, type BrowserSession } from '../browser/chromium.js';
import { installPacked, type InstalledProject } from './installed.js';
import { buildViteApp } from './vite-build.js';

const PAGE_TIMEOUT_MS = 20_000;
/** The budget: an app importing createEngine, Model, fit and a data set, JS gzipped. */
const APP_JS_GZIP_BUDGET = 60 * 1024;

interface PageResult {
  variant?: string;
  accuracy?: number;
  lossFirst?: number;
  lossLast?: number;
  error?: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

describeInChromium('examples/vite-app built by Vite and run in Chromium', () => {
  let installed: InstalledProject | undefined;
  let session: BrowserSession | undefined;
  let emitted: string[] = [];
  let warnings: string[] = [];

  beforeAll(async () => {
    installed = installPacked('vite-app');
    const started = performance.now();
    // Served below /dist/ by the test's static server.
    warnings = await buildViteApp(installed.project, 'dist', '/dist/');
    emitted = filesUnder(join(installed.project, 'dist')).map((f) => relative(join(installed!.project, 'dist'), f)).sort();
    console.log(`[test/examples] vite build in ${(performance.now() - started).toFixed(0)} ms: ${emitted.join(', ')}`);
    session = await openBrowserSession({ root: installed.project, folders: ['dist'], actionTimeoutMs: PAGE_TIMEOUT_MS, navigationTimeoutMs: PAGE_TIMEOUT_MS });
  }, 60_000 + LAUNCH_TIMEOUT_MS);

  afterAll(async () => {
    try {
      await session?.close();
    } finally {
      installed?.remove();
    }
  }, 2 * CLOSE_TIMEOUT_MS + 5_000);

  it('builds without warnings (the package maps its lazily loaded node: modules away for browsers)', () => {
    expect(warnings).toEqual([]);
  });

  it('emits the app\'s JS, index.html and the two kernels, nothing else of the package', () => {
    const wasm = emitted.filter((f) => f.endsWith('.wasm'));
    expect(wasm.map((f) => f.replace(/-[\w-]{8}\.wasm$/, '.wasm')).sort()).toEqual(['assets/untangle.relaxed.wasm', 'assets/untangle.simd.wasm']);
    const others = emitted.filter((f) => !f.endsWith('.wasm'));
    expect(others.filter((f) => !/^assets\/[\w-]+\.js$/.test(f))).toEqual(['index.html']);
    // Nothing of the package's other files: CLI, worker, browser bundle, source maps, types.
    for (const f of emitted) expect(f).not.toMatch(/cli|train-worker|untangle\.browser|parallel|\.map$|\.d\.ts$/);
    const js = others.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(installed!.project, 'dist', f)));
    // Tree-shaken: the engine is there, the renderer, its PNG encoder and the experiments are not.
    const text = js.map((b) => b.toString('utf8')).join('\n');
    expect(text).toContain('cannot load Untangle');
    expect(text).not.toContain('image sides must be integers');
    expect(text).not.toContain('IHDR');
    expect(text).not.toContain('(control), ');
    const gzip = js.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
    console.log(`[test/examples] app JS: ${js.reduce((s, b) => s + b.length, 0)} bytes, ${gzip} gzipped`);
    expect(gzip).toBeLessThanOrEqual(APP_JS_GZIP_BUDGET);
  });

  it('the dev server (vite dev) serves the app, and the engine finds its wasm in the installed package', async () => {
    const { createServer } = await import('vite');
    const server = await createServer({ root: installed!.project, configFile: join(installed!.project, 'vite.config.js'), logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
    const page = await session!.context.newPage();
    const wasm: string[] = [];
    page.on('response', (r) => void (r.url().endsWith('.wasm') && wasm.push(`${r.status()} ${new URL(r.url()).pathname}`)));
    try {
      await server.listen();
      await page.goto(server.resolvedUrls!.local[0]!, { waitUntil: 'load' });
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined);
      const result = await page.evaluate(() => (window as unknown as { result: PageResult }).result);
      expect(result.error).toBeUndefined();
      expect(result.accuracy).toBeGreaterThan(0.8);
      expect(wasm).toEqual(['200 /node_modules/untangle/dist/untangle.relaxed.wasm']);
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
      await server.close();
    }
  });

  it('the page trains and shows its result, with the kernels loaded from Vite\'s assets', async () => {
    const page = await session!.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`${session!.served.origin}/dist/index.html`, { waitUntil: 'load' });
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${problems.join('\n')}\nrequests:\n  ${session!.served.log.join('\n  ')}`);
      });
      const result = await page.evaluate(() => (window as unknown as { result: PageResult }).result);
      expect(result.error, problems.join('\n')).toBeUndefined();
      expect(result.variant).toBe('relaxed');
      expect(result.accuracy).toBeGreaterThan(0.8);
      expect(result.lossLast!).toBeLessThan(result.lossFirst!);
      expect(await page.textContent('#status')).toMatch(/relaxed SIMD, engine ready in \d+ ms: \d+\.\d % of the points right/);
      const wasmRequests = session!.served.log.filter((l) => l.includes('.wasm'));
      expect(wasmRequests).toHaveLength(1);
      expect(wasmRequests[0]).toMatch(/^200 GET \/dist\/assets\/untangle\.relaxed-[\w-]{8}\.wasm application\/wasm$/);
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
    }
  });
});
