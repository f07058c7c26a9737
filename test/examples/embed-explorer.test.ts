/**
 * examples/embed-explorer: two <untangle-explorer> elements on one page
 * (width 2 against width 3 on disk-annulus), served as a site without a
 * bundler serves it: the page with dist/explorer.js, the training worker's
 * script and the two .wasm files beside it. Both train from their own buttons; width 3 separates the classes,
 * width 2 cannot. A screenshot lands in test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, describeInChromium, withTimeout, type BrowserSession } from '../browser/chromium.js';
import { serveExample, type ExampleSite } from './example-site.js';
import { ROOT } from './installed.js';

describeInChromium('examples/embed-explorer in Chromium', () => {
  let site: ExampleSite | undefined;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    site = await serveExample('embed-explorer', ['explorer.js', 'worker-thread.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm'], { width: 1100, height: 900 });
    session = site.session;
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await site?.close();
  }, 2 * CLOSE_TIMEOUT_MS + 5_000);

  it('shows two compact explorers that train independently: width 3 separates disk from annulus, width 2 does not', async () => {
    const page = await session!.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    try {
      await page.goto(site!.url, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelectorAll('untangle-explorer[data-ready="true"]').length === 2);
      const explorers = page.locator('untangle-explorer');
      expect(await explorers.nth(0).locator('[data-role="view"]').inputValue()).toBe('2');
      expect(await explorers.nth(1).locator('[data-role="view"]').inputValue()).toBe('1');
      // Compact: the controls panel is hidden, the buttons are not.
      expect(await explorers.nth(0).locator('.ux-controls').isVisible()).toBe(false);
      for (let i = 0; i < 2; i++) await explorers.nth(i).locator('[data-role="train"]').click();
      const accuracy = (i: number) => explorers.nth(i).locator('[data-role="accuracy"]').textContent().then(Number);
      await page.waitForFunction(() => Number(document.querySelectorAll('[data-role="accuracy"]')[1]!.textContent) >= 0.97, undefined, { timeout: 30_000 });
      await page.waitForFunction(() => Number(document.querySelectorAll('[data-role="epoch"]')[0]!.textContent) >= 100, undefined, { timeout: 30_000 });
      for (let i = 0; i < 2; i++) await explorers.nth(i).locator('[data-role="train"]').click();
      const [narrow, wide] = [await accuracy(0), await accuracy(1)];
      console.log(`[test/examples] embed-explorer: width 2 ${narrow}, width 3 ${wide}`);
      expect(wide).toBeGreaterThanOrEqual(0.97);
      expect(narrow).toBeLessThan(wide);
      mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-artifacts', 'embed-explorer.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
    }
  }, 90_000);
});
