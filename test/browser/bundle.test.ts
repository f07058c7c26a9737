/**
 * The browser bundle in a real browser: Debian's Chromium, driven headless by
 * playwright-core, loads test/browser/smoke.html over a local HTTP server. The
 * page imports dist/untangle.browser.js (which fetches the wasm beside it) and
 * runs test/browser/spirals-run.js; Node runs the same file on dist/index.js in
 * a child process, and the final parameter bits must agree.
 *
 * Needs the built dist/ (`npm run build`; `npm test` builds first) and
 * /usr/bin/chromium (scripts/ensure-chromium.sh installs it); a missing browser
 * fails the suite with the reason.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaticServer } from '../../src/cli/static-server.js';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, ROOT, describeInChromium, openBrowserSession, withTimeout, type BrowserSession } from './chromium.js';

const DIST_FILES = ['untangle.browser.js', 'index.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm'];

const PAGE_LOAD_TIMEOUT_MS = 10_000;
const PAGE_RUN_TIMEOUT_MS = 20_000;
const NODE_RUN_TIMEOUT_MS = 20_000;

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

describeInChromium('browser bundle in Chromium', () => {
  let session: BrowserSession | undefined;
  let served: StaticServer | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const missing = DIST_FILES.filter((f) => !existsSync(join(ROOT, 'dist', f)));
    if (missing.length > 0) {
      throw new Error(`dist/ lacks ${missing.join(', ')}: run \`npm run build\` first (npm test does)`);
    }
    session = await openBrowserSession({
      folders: ['dist', 'test/browser'],
      actionTimeoutMs: PAGE_RUN_TIMEOUT_MS,
      navigationTimeoutMs: PAGE_LOAD_TIMEOUT_MS,
    });
    ({ served, context } = session);
    console.log(`[test/browser] Chromium ${context.browser()?.version() ?? ''} started in ${session.launchMs.toFixed(0)} ms`);
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(() => session?.close(), 2 * CLOSE_TIMEOUT_MS + 5_000);

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
