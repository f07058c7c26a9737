/**
 * The explorer page (explorer/index.html) in a real browser: Debian's Chromium,
 * driven headless by playwright-core, loads it over a local HTTP server that
 * serves only dist/ and explorer/. The test trains spirals (1 turn) with an
 * 8,8 tanh network through the page's controls, waits for the displayed
 * accuracy, checks both canvases draw something, switches the representation
 * shown, and resets. A screenshot lands in /tmp/explorer.png.
 *
 * Needs the built dist/ (`npm run build`) and /usr/bin/chromium
 * (scripts/ensure-chromium.sh installs it); a missing browser fails the suite
 * with the reason.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaticServer } from '../../src/cli/static-server.js';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, ROOT, describeInChromium, openBrowserSession, withTimeout, type BrowserSession } from './chromium.js';

const DIST_FILES = ['untangle.browser.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm'];
const EXPLORER_FILES = ['index.html', 'explorer.js', 'plot.js', 'geometry.js', 'presets.js'];
const SCREENSHOT = '/tmp/explorer.png';

const PAGE_LOAD_TIMEOUT_MS = 10_000;
const TRAIN_TIMEOUT_MS = 20_000;
const ACTION_TIMEOUT_MS = 5_000;

/** Colour census of a canvas: distinct colours (4 bits a channel) holding ≥ 0.1 % of the pixels, and class-colour hits. */
interface CanvasCensus {
  width: number;
  height: number;
  colours: number;
  bluish: number;
  orangish: number;
  dataUrl: string;
}

function census(page: Page, id: string): Promise<CanvasCensus> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const ctx = canvas.getContext('2d')!;
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const counts = new Map<number, number>();
    let bluish = 0, orangish = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
      const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (b > 140 && r < 90 && b - r > 80) bluish++;
      if (r > 190 && g > 110 && g < 190 && b < 80) orangish++;
    }
    const floor = (width * height) / 1000;
    const colours = [...counts.values()].filter((c) => c >= floor).length;
    return { width, height, colours, bluish, orangish, dataUrl: canvas.toDataURL() };
  }, id);
}

describeInChromium('explorer page in Chromium', () => {
  let session: BrowserSession | undefined;
  let served: StaticServer | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const missing = [
      ...DIST_FILES.filter((f) => !existsSync(join(ROOT, 'dist', f))).map((f) => `dist/${f}`),
      ...EXPLORER_FILES.filter((f) => !existsSync(join(ROOT, 'explorer', f))).map((f) => `explorer/${f}`),
    ];
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')} (run \`npm run build\` for dist/)`);
    // The same folders `untangle explore` serves.
    session = await openBrowserSession({
      folders: ['dist', 'explorer'],
      actionTimeoutMs: ACTION_TIMEOUT_MS,
      navigationTimeoutMs: PAGE_LOAD_TIMEOUT_MS,
      viewport: { width: 1280, height: 1040 },
    });
    ({ served, context } = session);
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(() => session?.close(), 2 * CLOSE_TIMEOUT_MS + 5_000);

  it('refers to no external URL', () => {
    for (const f of readdirSync(join(ROOT, 'explorer'))) {
      const text = readFileSync(join(ROOT, 'explorer', f), 'utf8');
      expect(text, `explorer/${f}`).not.toMatch(/\b(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    }
  });

  it('trains spirals with 8,8 tanh live, draws both canvases, switches layers and resets', async () => {
    if (!context || !served) throw new Error('the browser did not start (see beforeAll)');
    const page: Page = await context.newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(served!.origin) && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    const firstRequest = served.log.length;
    const url = `${served.origin}/explorer/index.html`;
    const timings: string[] = [];
    try {
      let t = performance.now();
      await page.goto(url, { waitUntil: 'load', timeout: PAGE_LOAD_TIMEOUT_MS });
      await page.waitForSelector('body[data-ready]', { timeout: PAGE_LOAD_TIMEOUT_MS });
      expect(await page.getAttribute('body', 'data-ready')).toBe('true');
      timings.push(`ready ${(performance.now() - t).toFixed(0)} ms`);

      await page.selectOption('#dataset', 'spirals');
      await page.fill('#turns', '1');
      await page.fill('#layers', '8,8');
      await page.press('#layers', 'Enter');
      await page.selectOption('#activation', 'tanh');
      await page.selectOption('#speed', '100');
      expect(await page.textContent('#epoch')).toBe('0');

      t = performance.now();
      await page.click('#train');
      await page.waitForFunction(() => Number(document.getElementById('accuracy')!.textContent) >= 0.95, undefined, {
        timeout: TRAIN_TIMEOUT_MS, polling: 100,
      });
      const trainMs = performance.now() - t;
      await page.click('#train');
      await page.waitForSelector('body[data-state="paused"]');
      const epoch = Number(await page.textContent('#epoch'));
      const accuracy = Number(await page.textContent('#accuracy'));
      timings.push(`accuracy ${accuracy} after ${epoch} epochs in ${trainMs.toFixed(0)} ms`);
      expect(accuracy).toBeGreaterThanOrEqual(0.95);
      expect(epoch).toBeGreaterThan(0);
      expect(await page.textContent('#train')).toBe('Train');

      // Both canvases show something: a tinted background, grid, and points of both classes.
      const regions = await census(page, 'regions');
      const rep = await census(page, 'rep-canvas');
      for (const [name, c] of [['regions', regions], ['representation', rep]] as const) {
        expect(c.colours, `${name} canvas colours`).toBeGreaterThanOrEqual(5);
        expect(c.bluish, `${name} canvas: blue (class 0) pixels`).toBeGreaterThan(200);
        expect(c.orangish, `${name} canvas: orange (class 1) pixels`).toBeGreaterThan(200);
      }
      const defaultView = await page.inputValue('#view');
      expect(defaultView).toBe('2');

      // Switching the representation redraws the canvas (paused, so only the switch changes it).
      await page.selectOption('#view', '1');
      await page.waitForFunction(
        (before) => (document.getElementById('rep-canvas') as HTMLCanvasElement).toDataURL() !== before,
        rep.dataUrl,
        { timeout: ACTION_TIMEOUT_MS },
      );
      expect(await page.textContent('#rep-caption')).toMatch(/^Layer 1: 8 tanh units/);
      expect(await page.textContent('#layer-table')).toMatch(/8 → 8 tanh/);

      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      await page.click('#reset');
      await page.waitForFunction(() => document.getElementById('epoch')!.textContent === '0', undefined, { timeout: ACTION_TIMEOUT_MS });
      expect(await page.textContent('#train')).toBe('Train');
      expect(Number(await page.textContent('#accuracy'))).toBeLessThan(0.9);

      console.log(`[test/browser] explorer: ${timings.join(', ')}`);
      expect(problems).toEqual([]);
      expect(foreign).toEqual([]);
      const requests = served.log.slice(firstRequest);
      expect(requests.filter((r) => !r.startsWith('200 '))).toEqual([]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${url}: ${message}\n${problems.join('\n')}\nrequests:\n  ${served.log.slice(firstRequest).join('\n  ')}`);
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
    }
  }, PAGE_LOAD_TIMEOUT_MS + TRAIN_TIMEOUT_MS + 30_000);
});
