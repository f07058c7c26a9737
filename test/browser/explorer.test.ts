/**
 * The explorer page (explorer/index.html + dist/explorer.js) in a real browser:
 * Debian's Chromium, driven headless by playwright-core, over the local server
 * `untangle explore` uses (dist/ and explorer/ only). It trains spirals to 95 %
 * through the page's buttons, measures the frame rate while training 2-8-8-2
 * on 1,000 points, round-trips the settings through the URL, scrubs the layer
 * animation, adds a point by clicking, shows CSV errors by name and trains a
 * three-class CSV. Screenshots land in test-artifacts/ (git-ignored).
 *
 * Needs the built dist/ (`npm run build`) and /usr/bin/chromium
 * (scripts/ensure-chromium.sh installs it); a missing browser fails the suite
 * with the reason.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaticServer } from '../../src/cli/static-server.js';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, ROOT, describeInChromium, openBrowserSession, withTimeout, type BrowserSession } from './chromium.js';
import { strictTiming } from '../helpers/timing.js';

const DIST_FILES = ['explorer.js', 'worker-thread.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm'];
const ARTIFACTS = join(ROOT, 'test-artifacts');

const PAGE_LOAD_TIMEOUT_MS = 15_000;
const TRAIN_TIMEOUT_MS = 20_000;
const ACTION_TIMEOUT_MS = 10_000;

/** Reads what the page shows: a numeric stat by role. */
const stat = (page: Page, role: string) => page.textContent(`[data-role="${role}"]`).then(Number);
const canvasData = (page: Page, role: string) =>
  page.evaluate((r) => (document.querySelector(`canvas[data-role="${r}"]`) as HTMLCanvasElement).toDataURL(), role);

/** Colour census of a canvas: distinct colours (4 bits a channel) holding ≥ 0.1 % of the pixels, and class-colour hits. */
function census(page: Page, role: string): Promise<{ colours: number; bluish: number; orangish: number }> {
  return page.evaluate((r) => {
    const canvas = document.querySelector(`canvas[data-role="${r}"]`) as HTMLCanvasElement;
    const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const counts = new Map<number, number>();
    let bluish = 0, orangish = 0;
    for (let i = 0; i < data.length; i += 4) {
      const red = data[i]!, green = data[i + 1]!, blue = data[i + 2]!;
      const key = ((red >> 4) << 8) | ((green >> 4) << 4) | (blue >> 4);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (blue > 140 && red < 90 && blue - red > 80) bluish++;
      if (red > 190 && green > 110 && green < 190 && blue < 80) orangish++;
    }
    const floor = (width * height) / 1000;
    return { colours: [...counts.values()].filter((c) => c >= floor).length, bluish, orangish };
  }, role);
}

describeInChromium('explorer page in Chromium', () => {
  let session: BrowserSession | undefined;
  let served: StaticServer | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const missing = [
      ...DIST_FILES.filter((f) => !existsSync(join(ROOT, 'dist', f))).map((f) => `dist/${f}`),
      ...(existsSync(join(ROOT, 'explorer', 'index.html')) ? [] : ['explorer/index.html']),
    ];
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')} (run \`npm run build\` for dist/)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    session = await openBrowserSession({
      folders: ['dist', 'explorer'],
      actionTimeoutMs: ACTION_TIMEOUT_MS,
      navigationTimeoutMs: PAGE_LOAD_TIMEOUT_MS,
      viewport: { width: 1360, height: 1100 },
    });
    ({ served, context } = session);
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(() => session?.close(), 2 * CLOSE_TIMEOUT_MS + 5_000);

  /** Opens the page with a query, collecting console errors and foreign requests; runs `body`; checks both stayed empty. */
  async function withPage(query: string, body: (page: Page) => Promise<void>, before?: (page: Page) => Promise<void>, expected?: RegExp): Promise<void> {
    if (!context || !served) throw new Error('the browser did not start (see beforeAll)');
    const page = await context.newPage();
    await before?.(page);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !expected?.test(message.text())) problems.push(`console error: ${message.text()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(served!.origin) && !/^(data|blob):/.test(request.url())) problems.push(`foreign request: ${request.url()}`);
    });
    const url = `${served.origin}/explorer/index.html${query}`;
    try {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector('untangle-explorer[data-ready]');
      expect(await page.getAttribute('untangle-explorer', 'data-ready')).toBe('true');
      await body(page);
      expect(problems).toEqual([]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${url}: ${message}\n${problems.join('\n')}`);
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
    }
  }

  const train = async (page: Page) => {
    await page.click('[data-role="train"]');
    await page.waitForSelector('untangle-explorer[data-state="training"]');
  };
  const pause = async (page: Page) => {
    await page.click('[data-role="train"]');
    await page.waitForSelector('untangle-explorer[data-state="paused"]');
  };

  it('refers to no external URL', () => {
    for (const f of readdirSync(join(ROOT, 'explorer'))) {
      const text = readFileSync(join(ROOT, 'explorer', f), 'utf8');
      expect(text, `explorer/${f}`).not.toMatch(/\b(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    }
  });

  it('trains spirals (2-8-8-2 tanh) to 95 % within 20 s and draws regions, representation, curves and barcodes', async () => {
    await withPage('?data=spirals&net=tanh:8,tanh:8&lr=0.03&batch=16&test=0.2&seed=1', async (page) => {
      expect(await stat(page, 'epoch')).toBe(0);
      const started = performance.now();
      await train(page);
      await page.waitForFunction(() => Number(document.querySelector('[data-role="accuracy"]')!.textContent) >= 0.95, undefined, {
        timeout: TRAIN_TIMEOUT_MS, polling: 100,
      });
      const trainMs = performance.now() - started;
      await pause(page);
      const epoch = await stat(page, 'epoch');
      console.log(`[test/browser] explorer: spirals to ${await stat(page, 'accuracy')} accuracy after ${epoch} epochs in ${trainMs.toFixed(0)} ms`);
      expect(epoch).toBeGreaterThan(0);
      expect(Number.isFinite(await stat(page, 'test-accuracy'))).toBe(true);
      for (const role of ['input', 'layer']) {
        const c = await census(page, role);
        expect(c.colours, `${role} canvas colours`).toBeGreaterThanOrEqual(5);
        expect(c.bluish, `${role} canvas: blue (class 0) pixels`).toBeGreaterThan(200);
        expect(c.orangish, `${role} canvas: orange (class 1) pixels`).toBeGreaterThan(200);
      }
      expect((await census(page, 'loss-curve')).bluish).toBeGreaterThan(20);
      // Paused: the topology panel computes a barcode per class and layer (input + 3 layers, 2 classes).
      await page.waitForSelector('[data-role="topology"][data-done]', { timeout: 30_000 });
      expect(await page.locator('[data-role="topology"] svg').count()).toBe(8);
      await page.screenshot({ path: join(ARTIFACTS, 'explorer-spirals.png'), fullPage: true });
    });
  }, PAGE_LOAD_TIMEOUT_MS + TRAIN_TIMEOUT_MS + 60_000);

  it('draws at least 30 frames a second while training 2-8-8-2 on 1,000 points (in a Web Worker)', async () => {
    await withPage('?data=spirals&d.n=1000&net=tanh:8,tanh:8&test=0', async (page) => {
      await train(page);
      expect(await page.getAttribute('untangle-explorer', 'data-training')).toBe('worker');
      await page.waitForTimeout(1000);
      const read = () => page.evaluate(() => {
        const el = document.querySelector('untangle-explorer') as unknown as { stats: { framesWhileTraining: number; trainingMs: number; drawMs: number; epochs: number; panelMs: { input: number; layer: number; curves: number; paint: number } } };
        return { ...el.stats, panelMs: { ...el.stats.panelMs } };
      });
      const a = await read();
      await page.waitForTimeout(4000);
      const b = await read();
      const drawShare = (b.drawMs - a.drawMs) / (b.trainingMs - a.trainingMs);
      await pause(page);
      const fps = (1000 * (b.framesWhileTraining - a.framesWhileTraining)) / (b.trainingMs - a.trainingMs);
      const epochsPerSecond = (1000 * (b.epochs - a.epochs)) / (b.trainingMs - a.trainingMs);
      // The frame profile: milliseconds per frame on each panel.
      const frames = b.framesWhileTraining - a.framesWhileTraining;
      const perFrame = (k: 'input' | 'layer' | 'curves' | 'paint') => ((b.panelMs[k] - a.panelMs[k]) / frames).toFixed(2);
      // Frames per second are wall-clock: the product's bar of 30 holds under
      // UNTANGLE_STRICT_TIMING=1 (test/helpers/timing.ts); inside `npm test` the page
      // shares the cores with other test files, and 8 still shows frames keep coming.
      const load = loadavg()[0]!, cores = cpus().length;
      const bar = strictTiming ? 30 : 8;
      console.log(`[test/browser] explorer: ${fps.toFixed(1)} frames/s while training 2-8-8-2 on 1,000 points (bar ${bar.toFixed(1)}; ${epochsPerSecond.toFixed(1)} epochs/s; drawing takes ${(100 * drawShare).toFixed(0)} % of the time; per frame: input ${perFrame('input')} ms, layer ${perFrame('layer')} ms, curves ${perFrame('curves')} ms, of which drawing on canvases ${perFrame('paint')} ms; load ${load.toFixed(1)} on ${cores} cores)`);
      expect(fps).toBeGreaterThanOrEqual(bar);
      expect(epochsPerSecond).toBeGreaterThan(1);
    });
  }, 60_000);

  it('keeps the settings in the URL: edits appear in it, and reloading it shows the same network and picture', async () => {
    let link = '';
    let picture = '';
    await withPage('?data=disk-annulus&net=tanh:3&seed=4', async (page) => {
      await page.click('[data-role="add-layer"]');
      await page.click('[data-layer="1"] [data-role="add-neuron"]');
      await page.selectOption('[data-layer="1"] [data-role="activation"]', 'relu');
      await page.fill('[data-role="lr"]', '0.05');
      await page.press('[data-role="lr"]', 'Enter');
      await page.check('[data-role="discrete"]');
      await page.waitForFunction(() => location.search.includes('show=discrete') && location.search.includes('lr=0.05'));
      link = await page.evaluate(() => location.search);
      expect(new URLSearchParams(link).get('net')).toBe('tanh:3,relu:4');
      await page.click('[data-role="step"]');
      await page.waitForFunction(() => document.querySelector('[data-role="epoch"]')!.textContent === '1');
      // Epoch 0 is what a reload shows: reset to it, then compare pictures.
      await page.click('[data-role="reset"]');
      await page.waitForFunction(() => document.querySelector('[data-role="epoch"]')!.textContent === '0');
      await page.waitForTimeout(300);
      picture = await canvasData(page, 'input');
    });
    await withPage(link, async (page) => {
      expect(await page.evaluate(() => location.search)).toBe(link);
      expect(await page.inputValue('[data-role="lr"]')).toBe('0.05');
      expect(await page.isChecked('[data-role="discrete"]')).toBe(true);
      expect(await page.inputValue('[data-layer="1"] [data-role="activation"]')).toBe('relu');
      await page.waitForTimeout(300);
      expect(await canvasData(page, 'input')).toBe(picture);
    });
  }, 60_000);

  it('scrubs the layer animation, adds a point by clicking, and exports SVG', async () => {
    await withPage('?data=curves&net=tanh:2&view=1', async (page) => {
      const scrubber = page.locator('[data-role="scrubber"]');
      // The page prepares the animation once the model is drawn at rest.
      await page.waitForFunction(() => Number((document.querySelector('[data-role="scrubber"]') as HTMLInputElement).max) > 0);
      await scrubber.fill('0');
      await page.waitForFunction(() => document.querySelector('[data-role="frame-label"]')!.textContent !== '');
      const first = await canvasData(page, 'animation');
      const label0 = await page.textContent('[data-role="frame-label"]');
      const last = Number(await scrubber.getAttribute('max'));
      expect(last).toBeGreaterThan(30);
      await scrubber.fill(String(Math.round(last / 2)));
      await page.waitForFunction((l) => document.querySelector('[data-role="frame-label"]')!.textContent !== l, label0);
      expect(await canvasData(page, 'animation')).not.toBe(first);
      expect(await page.textContent('[data-role="frame-label"]')).toMatch(/translation|linear|activation/);
      await page.screenshot({ path: join(ARTIFACTS, 'explorer-animation.png'), fullPage: true });

      await page.selectOption('[data-role="click-class"]', '1');
      await page.locator('canvas[data-role="input"]').click({ position: { x: 220, y: 220 } });
      await page.waitForFunction(() => new URLSearchParams(location.search).get('add')?.endsWith('_1') === true);

      const download = page.waitForEvent('download');
      await page.click('[data-export="layer"][data-format="svg"]');
      const svg = readFileSync((await (await download).path())!, 'utf8');
      expect(svg).toMatch(/^<svg[^>]+width="440"/);
      expect((svg.match(/class="point"/g) ?? []).length).toBeGreaterThan(100);
    });
  }, 60_000);

  it('trains in the page when the worker script cannot be loaded', async () => {
    const missing = async (page: Page) => { await page.route('**/worker-thread.js', (route) => route.fulfill({ status: 404, body: 'missing' })); };
    await withPage('?data=curves&net=tanh:4', async (page) => {
      await train(page);
      await page.waitForFunction(() => Number(document.querySelector('[data-role="epoch"]')!.textContent) >= 20, undefined, { timeout: TRAIN_TIMEOUT_MS });
      expect(await page.getAttribute('untangle-explorer', 'data-training')).toBe('page');
      await pause(page);
      expect(await page.textContent('[data-role="error"]')).toBe('');
    }, missing, /Failed to load resource.*404/);
  }, 60_000);

  it('shows CSV errors by name on the page, and trains a three-class CSV', async () => {
    await withPage('', async (page) => {
      await page.setInputFiles('[data-role="csv"]', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y,label\n1,2,a\n3,oops,b\n') });
      await page.waitForFunction(() => /DataFileError/.test(document.querySelector('[data-role="error"]')!.textContent ?? ''));
      expect(await page.textContent('[data-role="error"]')).toMatch(/^DataFileError: .*line 3/);
      const rows = ['x,y,label'];
      for (let i = 0; i < 150; i++) {
        const k = i % 3, a = (2 * Math.PI * k) / 3;
        rows.push(`${(Math.cos(a) + 0.3 * Math.sin(i * 7.1)).toFixed(3)},${(Math.sin(a) + 0.3 * Math.cos(i * 3.7)).toFixed(3)},c${k}`);
      }
      await page.setInputFiles('[data-role="csv"]', { name: 'three.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
      await page.waitForFunction(() => new URLSearchParams(location.search).get('data') === 'csv');
      expect(await page.textContent('[data-role="error"]')).toBe('');
      expect(await page.locator('[data-role="click-class"] option').count()).toBe(3);
      await train(page);
      await page.waitForFunction(() => Number(document.querySelector('[data-role="accuracy"]')!.textContent) >= 0.9, undefined, { timeout: TRAIN_TIMEOUT_MS });
      await pause(page);
      await page.screenshot({ path: join(ARTIFACTS, 'explorer-csv.png'), fullPage: true });
    });
  }, 60_000);
});
