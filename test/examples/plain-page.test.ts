/**
 * examples/plain-page as a site without a bundler serves it: the page with
 * dist/untangle.browser.js and the two .wasm files copied beside it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, describeInChromium, withTimeout, type BrowserSession } from '../browser/chromium.js';
import { serveExample, type ExampleSite } from './example-site.js';

describeInChromium('examples/plain-page in Chromium', () => {
  let site: ExampleSite | undefined;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    site = await serveExample('plain-page', ['untangle.browser.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm']);
    session = site.session;
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await site?.close();
  }, 2 * CLOSE_TIMEOUT_MS + 5_000);

  it('trains in the page and shows the result, the wasm fetched from beside the bundle', async () => {
    const page = await session!.context.newPage();
    try {
      await page.goto(site!.url, { waitUntil: 'load' });
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined);
      const result = await page.evaluate(() => (window as unknown as { result: { error?: string; accuracy?: number; variant?: string } }).result);
      expect(result.error).toBeUndefined();
      expect(result.accuracy).toBeGreaterThan(0.8);
      expect(await page.textContent('#status')).toMatch(/^relaxed SIMD: \d+\.\d % of the points right after 60 epochs$/);
      expect(session!.served.log.filter((l) => l.includes('.wasm'))).toEqual(['200 GET /site/untangle.relaxed.wasm application/wasm']);
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
    }
  });

  it('createEngine({ wasm }) takes a link relative to the page; a missing file is WASM_NOT_FOUND telling what to serve', async () => {
    const page = await session!.context.newPage();
    try {
      await page.goto(site!.url, { waitUntil: 'load' });
      // A string, not a function: the test runner would rewrite import() inside a function.
      const outcome = (await page.evaluate(`(async () => {
        const lib = await import(new URL('untangle.browser.js', document.baseURI).href);
        const engine = await lib.createEngine({ variant: 'simd', wasm: 'untangle.simd.wasm' });
        const missing = await lib.createEngine({ variant: 'simd', wasm: 'assets/untangle.simd.wasm' }).catch((e) => e);
        return { variant: engine.variant, code: missing.code, message: missing.message };
      })()`)) as { variant: string; code: string; message: string };
      expect(outcome.variant).toBe('simd');
      expect(outcome.code).toBe('WASM_NOT_FOUND');
      expect(outcome.message).toContain(`${session!.served.origin}/site/assets/untangle.simd.wasm (HTTP 404)`);
      expect(session!.served.log).toContain('200 GET /site/untangle.simd.wasm application/wasm');
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
    }
  });
});
