// The animation player in a real Chromium: it unpacks its data with the browser's
// own DecompressionStream and TextDecoder, and frame k stepped to in a film is drawn
// pixel for pixel like frame k in a page of its own (which holds no differences to
// undo: no frame before it, and no line or order prediction that a film does not share).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { animationHtml, type AnimationOptions, type FrameSequence } from '../../src/render/index.js';
import { spin3d, trainingFilm } from '../render/synthetic.js';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, describeInChromium, openBrowserSession, type BrowserSession } from './chromium.js';

describeInChromium('animation player in Chromium', () => {
  let session: BrowserSession | undefined;
  let context: BrowserContext;

  beforeAll(async () => {
    session = await openBrowserSession({ folders: [], actionTimeoutMs: 10_000, navigationTimeoutMs: 15_000 });
    ({ context } = session);
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(() => session?.close(), 2 * CLOSE_TIMEOUT_MS + 5_000);

  /** Opens a player page, waits for its first frame, and returns the page and a reader of the canvas pixels. */
  async function open(html: string): Promise<{ page: Page; pixels: () => Promise<string> }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent(html);
    await page.waitForFunction(() => (document.querySelector('.label')?.textContent ?? '') !== '');
    expect(errors).toEqual([]);
    return { page, pixels: () => page.evaluate(() => document.querySelector('canvas')!.toDataURL()) };
  }

  it.each([
    ['2-D film', trainingFilm(7), {}],
    ['3-D frames in depth order', spin3d(), { projection: { kind: 'orbit', yaw: 0.7, pitch: 0.4 } }],
  ] as [string, FrameSequence, AnimationOptions][])('%s: frame k stepped to = frame k alone, pixel for pixel', async (_name, seq, options) => {
    const view = { xmin: -3, xmax: 3, ymin: -3, ymax: 3 };
    const film = await open(animationHtml(seq, { width: 300, height: 300, view, ...options }));
    const first = await film.pixels();
    for (const k of [3, seq.frames.length - 1]) {
      await film.page.evaluate((i) => {
        const slider = document.querySelector<HTMLInputElement>('.slider')!;
        slider.value = String(i);
        slider.dispatchEvent(new Event('input'));
      }, k);
      const alone = await open(animationHtml({ ...seq, frames: [seq.frames[k]!] }, { width: 300, height: 300, view, ...options }));
      const drawn = await film.pixels();
      expect(drawn).not.toBe(first);
      expect(drawn === await alone.pixels(), `frame ${k}`).toBe(true);
      await alone.page.close();
    }
    await film.page.close();
  }, 60_000);
});
