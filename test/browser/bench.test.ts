/**
 * The benchmark page (dist/bench.html, what `untangle bench --serve` serves)
 * in headless Chromium: it runs the quick suite on both wasm builds, shows one
 * table row per measured row and offers the JSON report with the browser as
 * its runtime. Needs the built dist/ and /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, ROOT, describeInChromium, openBrowserSession, type BrowserSession } from './chromium.js';

const RUN_TIMEOUT_MS = 300_000; // the quick suite takes about a minute on an idle 2-core machine

interface PageRow { workload: string; who: string; median: number; best: number; unit: string; ofLimit: number | null }

describeInChromium('benchmark page in Chromium', () => {
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    for (const f of ['bench.html', 'untangle.bench.js', 'untangle.simd.wasm', 'untangle.relaxed.wasm']) {
      if (!existsSync(join(ROOT, 'dist', f))) throw new Error(`missing dist/${f} (run \`npm run build\`)`);
    }
    session = await openBrowserSession({ folders: ['dist'], actionTimeoutMs: 5_000, navigationTimeoutMs: 10_000 });
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(() => session?.close(), 2 * CLOSE_TIMEOUT_MS + 5_000);

  it('runs the quick suite on both builds and shows the table and the report', async () => {
    if (!session) throw new Error('the browser did not start (see beforeAll)');
    const page = await session.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${session.served.origin}/dist/bench.html?run=quick`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-done]', { timeout: RUN_TIMEOUT_MS });
    const status = await page.textContent('#status');
    expect(await page.getAttribute('body', 'data-done'), status ?? '').toBe('true');
    expect(problems).toEqual([]);

    const report = await page.evaluate(() => (window as unknown as { benchReport: { runtime: { name: string; version: string }; variant: string; variants: string[]; threads: number; machine: { cores: number }; rows: PageRow[] } }).benchReport);
    expect(report.runtime.name).toBe('browser');
    expect(report.runtime.version).toMatch(/Chrome/);
    expect(report.variants).toEqual(['simd', 'relaxed']);
    expect(report.variant).toBe('relaxed');
    expect(report.threads).toBe(1);
    expect(report.machine.cores).toBeGreaterThanOrEqual(1);
    for (const variant of report.variants) {
      const mine = report.rows.filter((r) => r.who === `untangle-${variant}`);
      expect(mine.map((r) => r.workload)).toContain('lenet5 train');
      expect(mine[0]!.workload).toBe('simd limit');
      expect(mine.find((r) => r.workload === 'gemm nn')!.ofLimit).toBeGreaterThan(0.01);
      for (const row of mine) {
        expect(row.median, `${row.workload} ${row.who}`).toBeGreaterThan(row.unit === 'GFLOP/s' ? 0.1 : 5);
        expect(row.best).toBeGreaterThanOrEqual(row.median);
      }
    }
    const shown = await page.$$eval('#results tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect(shown.length).toBe(report.rows.length);
    expect(shown[0]![0]).toBe(report.rows[0]!.workload);
    expect(await page.getAttribute('#download', 'href')).toMatch(/^blob:/);
  }, RUN_TIMEOUT_MS + 20_000);
});
