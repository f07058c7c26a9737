/**
 * Data-parallel training in the page: the static server sends the
 * cross-origin isolation headers, so `crossOriginIsolated` is true and
 * dist/parallel.browser.js trains on module Web Workers sharing memory. The
 * same run gives the same bits as in Node for the same worker count and
 * variant (1 and 2 workers, simd), and two workers beat one on a convnet.
 *
 * The speed-up (best of 3 epochs each) is always printed and held to ≥ 1.6×
 * under UNTANGLE_STRICT_TIMING=1 (see test/helpers/timing.ts): inside
 * `npm test` the other test files take the cores, and two threads in lockstep
 * then wait for each other's turn. A warm pool must start faster than fresh
 * threads.
 *
 * Needs the built dist/ and /usr/bin/chromium, as bundle.test.ts.
 */
import { loadavg } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import * as parallel from '../../src/parallel.js';
import { startStaticServer, type StaticServer } from '../../src/cli/static-server.js';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, ROOT, describeInChromium, openBrowserSession, withTimeout, type BrowserSession } from './chromium.js';
import { parallelRun, speedRun } from './parallel-run.js';
import { strictTiming } from '../helpers/timing.js';

interface Run { variant: string; params: string; loss: number; shared: boolean }
interface Speed { one: number[]; two: number[]; cold: number[]; warm: number[] }

describeInChromium('data-parallel training in Chromium', () => {
  let session: BrowserSession | undefined;
  let served: StaticServer | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    session = await openBrowserSession({ folders: ['dist', 'test/browser'], actionTimeoutMs: 120_000, navigationTimeoutMs: 10_000 });
    ({ served, context } = session);
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(() => session?.close(), 2 * CLOSE_TIMEOUT_MS + 5_000);

  /** Runs `call` (an expression on `lib`, `parallel` and `run`) in a fresh blank page of `origin`. */
  async function inPage<T>(call: string, origin = served!.origin): Promise<{ result: T; isolated: boolean; warnings: string[] }> {
    const page: Page = await context!.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    try {
      await page.goto(`${origin}/test/browser/blank.html`);
      // A source string: the test runner would rewrite a dynamic import() inside a function.
      const script = `(async () => {
        const lib = await import('/dist/untangle.browser.js');
        const parallel = await import('/dist/parallel.browser.js');
        const run = await import('/test/browser/parallel-run.js');
        return { result: await ${call}, isolated: self.crossOriginIsolated };
      })()`;
      const { result, isolated } = (await page.evaluate(script)) as { result: T; isolated: boolean };
      return { result, isolated, warnings };
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
    }
  }

  it.each([1, 2])('%i worker(s), simd: the same bits in Chromium as in Node', async (workers) => {
    const node = (await parallelRun(lib, parallel, 'simd', workers)) as Run;
    const page = await inPage<Run>(`run.parallelRun(lib, parallel, 'simd', ${workers})`);
    expect(page.isolated, 'the server\'s headers make the page cross-origin isolated').toBe(true);
    expect(page.result.shared).toBe(true);
    expect(page.warnings).toEqual([]);
    expect(page.result.variant).toBe('simd');
    expect(page.result.params, `Chromium vs Node, ${workers} worker(s)`).toBe(node.params);
    expect(page.result.loss).toBe(node.loss);
  }, 120_000);

  it('a page that is not cross-origin isolated trains on one worker, says so once, and gets the one-worker bits', async () => {
    const plain = await startStaticServer({ root: ROOT, folders: ['dist', 'test/browser'], isolated: false });
    try {
      const node = (await parallelRun(lib, parallel, 'simd', 1)) as Run;
      const page = await inPage<Run[]>(`(async () => [await run.parallelRun(lib, parallel, 'simd', 2), await run.parallelRun(lib, parallel, 'simd', 2)])()`, plain.origin);
      expect(page.isolated).toBe(false);
      expect(page.result.map((r) => r.shared)).toEqual([false, false]);
      expect(page.result.map((r) => r.params)).toEqual([node.params, node.params]);
      expect(page.warnings.length).toBe(1);
      expect(page.warnings[0]).toMatch(/training on 1 worker instead of 2.*cross-origin isolated/);
    } finally {
      await plain.close();
    }
  }, 120_000);

  it('two workers are faster than one on a convnet; a warm pool starts fast', async () => {
    const { result } = await inPage<Speed>(`run.speedRun(lib, parallel, 'simd', 3)`);
    const best = (xs: number[]) => Math.min(...xs);
    const speedUp = best(result.one) / best(result.two);
    console.log(
      `Chromium, LeNet-like convnet, 1,024 images, batch 64: epoch ${best(result.one).toFixed(0)} ms on 1 worker, ` +
        `${best(result.two).toFixed(0)} ms on 2 → ${speedUp.toFixed(2)}× (best of 3; load ${loadavg()[0]!.toFixed(1)}, ${strictTiming ? 'held to 1.6×' : 'printed only'}); ` +
        `start-up to the first step on 2 workers: cold ${best(result.cold).toFixed(0)} ms, warm pool ${best(result.warm).toFixed(0)} ms`,
    );
    if (strictTiming) expect(speedUp).toBeGreaterThanOrEqual(1.6);
    expect(best(result.warm)).toBeLessThan(best(result.cold));
  }, 300_000);
});
