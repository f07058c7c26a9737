/**
 * The browser bundle in a real browser: Debian's Chromium, driven headless by
 * playwright-core, loads test/browser/smoke.html over a local HTTP server. The
 * page imports dist/untangle.browser.js (which fetches the wasm beside it) and
 * runs test/browser/spirals-run.js; Node runs the same file on dist/index.js in
 * a child process, and the final parameter bits must agree.
 *
 * Needs the built dist/ (`npm run build`; `npm test` builds first) and
 * /usr/bin/chromium (scripts/ensure-chromium.sh installs it). With CI set, a
 * missing browser fails the suite; elsewhere the suite is skipped.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const CHROMIUM = '/usr/bin/chromium';
const ENSURE_SCRIPT = join(ROOT, 'scripts', 'ensure-chromium.sh');
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const DIST_FILES = ['untangle.browser.js', 'index.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm'];

// Every wait is bounded so that a hung browser fails within about a minute.
const LAUNCH_TIMEOUT_MS = 20_000;
const PAGE_LOAD_TIMEOUT_MS = 10_000;
const PAGE_RUN_TIMEOUT_MS = 20_000;
const NODE_RUN_TIMEOUT_MS = 20_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** What spirals-run.js returns. */
interface RunResult {
  variant: string;
  accuracy: number;
  loss: number;
  trainAccuracy: number;
  lossFirst: number;
  lossLast: number;
  epochs: number;
  paramCount: number;
  paramsBits: string;
  dataBits: string;
  initBits: string;
  fitMs: number;
}

type SmokeState = { status: 'done'; result: RunResult } | { status: 'error'; message: string };

/** Why Chromium cannot be used here, or undefined when /usr/bin/chromium is ready. */
function chromiumUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (!IN_CI) {
    return `${CHROMIUM} not found; install it with scripts/ensure-chromium.sh (as root) to run the browser tests`;
  }
  // In CI, install it (apt-get update + install) before giving up.
  const run = spawnSync('bash', [ENSURE_SCRIPT], { encoding: 'utf8', timeout: 300_000 });
  if (run.status === 0 && existsSync(CHROMIUM)) return undefined;
  const detail = run.error ? String(run.error) : (run.stderr || run.stdout || '').trim();
  return `${CHROMIUM} not found and scripts/ensure-chromium.sh failed (exit ${run.status ?? run.signal}): ${detail}`;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};
const SERVED_DIRS = ['dist', 'test/browser'].map((d) => resolve(ROOT, d) + sep);

interface Served {
  server: Server;
  origin: string;
  /** "STATUS METHOD /path content-type" per request, for failure messages and checks. */
  log: string[];
}

/** A static server on 127.0.0.1 (ephemeral port) for dist/ and test/browser/ only. */
async function startServer(): Promise<Served> {
  const log: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      const file = resolve(ROOT, `.${pathname}`);
      const type = MIME[extname(file)];
      let status = 200;
      let body: Buffer | undefined;
      if (req.method !== 'GET' && req.method !== 'HEAD') status = 405;
      else if (!type || !SERVED_DIRS.some((dir) => file.startsWith(dir))) status = 404;
      else {
        try {
          if (!(await stat(file)).isFile()) status = 404;
          else body = await readFile(file);
        } catch {
          status = 404;
        }
      }
      log.push(`${status} ${req.method} ${pathname} ${status === 200 ? type : '-'}`);
      if (status !== 200 || !body) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(`${status}\n`);
        return;
      }
      res.writeHead(200, { 'content-type': type!, 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch((error: unknown) => {
      log.push(`500 ${req.method} ${req.url} ${String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, log };
}

/** Runs spirals-run.js in a plain Node child on dist/index.js. */
function nodeReference(variant: 'simd' | 'relaxed'): Promise<RunResult> {
  const flags = variant === 'relaxed' ? ['--experimental-wasm-relaxed-simd'] : [];
  const script = join(ROOT, 'test', 'browser', 'node-reference.js');
  return new Promise((ok, fail) => {
    execFile(process.execPath, [...flags, script, variant], { cwd: ROOT, timeout: NODE_RUN_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) {
        fail(new Error(`node ${[...flags, 'test/browser/node-reference.js', variant].join(' ')} failed: ${error.message}\n${stderr}`));
        return;
      }
      ok(JSON.parse(stdout) as RunResult);
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const unavailable = chromiumUnavailable();

if (unavailable && !IN_CI) {
  console.warn(`[test/browser] skipped: ${unavailable}`);
  describe('browser bundle in Chromium', () => {
    it.skip(`skipped: ${unavailable}`, () => {});
  });
} else if (unavailable) {
  describe('browser bundle in Chromium', () => {
    it('has a browser to run in (CI requires it)', () => {
      throw new Error(unavailable);
    });
  });
} else {
  describe('browser bundle in Chromium', () => {
    let served: Served | undefined;
    let context: BrowserContext | undefined;
    let userDataDir: string | undefined;
    let launchMs = 0;

    beforeAll(async () => {
      const missing = DIST_FILES.filter((f) => !existsSync(join(ROOT, 'dist', f)));
      if (missing.length > 0) {
        throw new Error(`dist/ lacks ${missing.join(', ')}: run \`npm run build\` first (npm test does)`);
      }
      const { chromium } = await import('playwright-core');
      served = await startServer();
      userDataDir = mkdtempSync(join(tmpdir(), 'untangle-chromium-'));
      const started = performance.now();
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_FLAGS,
        timeout: LAUNCH_TIMEOUT_MS,
      });
      context.setDefaultTimeout(PAGE_RUN_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(PAGE_LOAD_TIMEOUT_MS);
      launchMs = performance.now() - started;
      console.log(`[test/browser] Chromium ${context.browser()?.version() ?? ''} started in ${launchMs.toFixed(0)} ms`);
    }, LAUNCH_TIMEOUT_MS + 10_000);

    afterAll(async () => {
      const steps: Promise<unknown>[] = [];
      if (context) steps.push(withTimeout(context.close(), CLOSE_TIMEOUT_MS, 'closing Chromium'));
      if (served) {
        const server = served.server;
        server.closeAllConnections();
        steps.push(withTimeout(new Promise<void>((ok) => server.close(() => ok())), CLOSE_TIMEOUT_MS, 'closing the server'));
      }
      const outcomes = await Promise.allSettled(steps);
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    }, 2 * CLOSE_TIMEOUT_MS + 5_000);

    /** Opens smoke.html (optionally forcing a variant) and returns what the page computed. */
    async function runPage(variant?: 'simd' | 'relaxed'): Promise<RunResult> {
      if (!context || !served) throw new Error('the browser did not start (see beforeAll)');
      const page: Page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      const firstRequest = served.log.length;
      const url = `${served.origin}/test/browser/smoke.html${variant ? `?variant=${variant}` : ''}`;
      try {
        await page.goto(url, { waitUntil: 'load', timeout: PAGE_LOAD_TIMEOUT_MS });
        await page.waitForFunction(() => (window as unknown as { smoke?: unknown }).smoke !== undefined, undefined, {
          timeout: PAGE_RUN_TIMEOUT_MS,
        });
        const state = await page.evaluate(() => (window as unknown as { smoke: SmokeState }).smoke);
        if (state.status === 'error') throw new Error(state.message);
        return state.result;
      } catch (error) {
        const requests = served.log.slice(firstRequest).join('\n  ');
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${url}: ${message}\n${problems.join('\n')}\nrequests:\n  ${requests}`);
      } finally {
        await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
      }
    }

    it('serves the bundle and the wasm with the right MIME types', async () => {
      const { origin } = served!;
      const js = await fetch(`${origin}/dist/untangle.browser.js`, { method: 'HEAD' });
      const wasm = await fetch(`${origin}/dist/untangle.relaxed.wasm`, { method: 'HEAD' });
      const outside = await fetch(`${origin}/package.json`, { method: 'HEAD' });
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(wasm.status).toBe(200);
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect(outside.status).toBe(404);
    });

    it('createEngine() picks relaxed SIMD, learns the spirals, and matches Node on the relaxed build bit for bit', async () => {
      const started = performance.now();
      const [browser, node] = await Promise.all([runPage(), nodeReference('relaxed')]);
      console.log(
        `[test/browser] auto page in ${(performance.now() - started).toFixed(0)} ms (fit ${browser.fitMs.toFixed(0)} ms in Chromium, ` +
          `${node.fitMs.toFixed(0)} ms in Node): accuracy ${browser.accuracy}, loss ${browser.lossFirst.toFixed(4)} → ` +
          `${browser.lossLast.toExponential(2)}, params ${browser.paramsBits} (Node relaxed ${node.paramsBits})`,
      );
      expect(browser.variant).toBe('relaxed');
      expect(browser.epochs).toBe(node.epochs);
      expect(browser.accuracy).toBeGreaterThanOrEqual(0.97);
      expect(browser.lossLast).toBeLessThan(browser.lossFirst);
      // Localise a mismatch: data and initial weights are computed in JS, training in wasm.
      expect(browser.dataBits, 'spirals() data bits differ between Chromium and Node').toBe(node.dataBits);
      expect(browser.initBits, 'initial parameter bits differ between Chromium and Node').toBe(node.initBits);
      expect(browser.paramsBits, 'trained parameter bits differ between Chromium and Node (relaxed build)').toBe(node.paramsBits);
      expect(node.variant).toBe('relaxed');
      expect(served!.log).toContain('200 GET /dist/untangle.relaxed.wasm application/wasm');
    });

    it("createEngine({ variant: 'simd' }) works too and matches Node on the simd build bit for bit", async () => {
      const started = performance.now();
      const [browser, node] = await Promise.all([runPage('simd'), nodeReference('simd')]);
      console.log(
        `[test/browser] simd page in ${(performance.now() - started).toFixed(0)} ms: accuracy ${browser.accuracy}, ` +
          `params ${browser.paramsBits} (Node simd ${node.paramsBits})`,
      );
      expect(browser.variant).toBe('simd');
      expect(browser.accuracy).toBeGreaterThanOrEqual(0.97);
      expect(browser.lossLast).toBeLessThan(browser.lossFirst);
      expect(browser.paramsBits, 'trained parameter bits differ between Chromium and Node (simd build)').toBe(node.paramsBits);
      expect(served!.log).toContain('200 GET /dist/untangle.simd.wasm application/wasm');
    });
  });
}
