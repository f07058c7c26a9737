/**
 * Determinism across runtimes: the same wasm variant and seed give the same
 * bits in Node and in headless Chromium, including a run stopped mid-epoch in
 * Node and finished from its checkpoint in the page — on the simd build, and on
 * the relaxed build where both support it (Node 20 with
 * --experimental-wasm-relaxed-simd). Also pins the documented rule for `auto`:
 * relaxed in Chromium, simd in Node 20 without the flag, so `auto` alone does
 * not promise the same bits in both.
 *
 * Needs the built dist/ and /usr/bin/chromium, as bundle.test.ts.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaticServer } from '../../src/cli/static-server.js';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, ROOT, describeInChromium, openBrowserSession, withTimeout, type BrowserSession } from './chromium.js';

type Variant = 'simd' | 'relaxed';
interface Hashed { variant: string; params: string }
interface NodeResult { auto: string; whole: Hashed; checkpoint: unknown; resumed: Hashed }

function nodeRun(variant: Variant, flags: string[]): Promise<NodeResult> {
  const script = join(ROOT, 'test', 'browser', 'node-resume.js');
  return new Promise((ok, fail) => {
    execFile(process.execPath, [...flags, script, variant], { cwd: ROOT, timeout: 30_000, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`node ${[...flags, 'test/browser/node-resume.js', variant].join(' ')} failed: ${error.message}\n${stderr}`));
      else ok(JSON.parse(stdout) as NodeResult);
    });
  });
}

describeInChromium('the same bits in Node and Chromium', () => {
  let session: BrowserSession | undefined;
  let served: StaticServer | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    session = await openBrowserSession({ folders: ['dist', 'test/browser'], actionTimeoutMs: 30_000, navigationTimeoutMs: 10_000 });
    ({ served, context } = session);
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(() => session?.close(), 2 * CLOSE_TIMEOUT_MS + 5_000);

  /** Runs resume-run.js in the page: what auto picks, the whole run, and finishing from `checkpoint`. */
  async function pageRun(variant: Variant, checkpoint: unknown): Promise<{ auto: string; whole: Hashed; resumed: Hashed }> {
    const page = await context!.newPage();
    try {
      await page.goto(`${served!.origin}/test/browser/blank.html`);
      // A source string: the test runner would rewrite a dynamic import() inside a function.
      const script = `(async () => {
        const lib = await import('/dist/untangle.browser.js');
        const run = await import('/test/browser/resume-run.js');
        const variant = ${JSON.stringify(variant)}, checkpoint = ${JSON.stringify(checkpoint)};
        return { auto: await run.autoVariant(lib), whole: await run.wholeRun(lib, variant), resumed: await run.finish(lib, variant, checkpoint) };
      })()`;
      return (await page.evaluate(script)) as { auto: string; whole: Hashed; resumed: Hashed };
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
    }
  }

  it.each([
    { variant: 'simd' as const, flags: [] },
    { variant: 'relaxed' as const, flags: ['--experimental-wasm-relaxed-simd'] },
  ])('$variant: whole runs match, and a Node checkpoint finished in Chromium matches them', async ({ variant, flags }) => {
    const node = await nodeRun(variant, flags);
    const page = await pageRun(variant, node.checkpoint);
    expect(node.whole.variant).toBe(variant);
    expect(page.whole.variant).toBe(variant);
    expect(page.whole.params, `whole ${variant} run: Chromium vs Node`).toBe(node.whole.params);
    expect(node.resumed.params, `Node resumed vs Node whole (${variant})`).toBe(node.whole.params);
    expect(page.resumed.params, `Node checkpoint finished in Chromium vs Node whole (${variant})`).toBe(node.whole.params);
    // The documented rule for 'auto': relaxed in Chromium; in Node 20 only with the flag.
    expect(page.auto).toBe('relaxed');
    expect(node.auto).toBe(flags.length > 0 ? 'relaxed' : 'simd');
  }, 90_000);

  it('the two variants do give different bits (so the variant must be pinned for equal bits)', async () => {
    const [simd, relaxed] = await Promise.all([nodeRun('simd', []), nodeRun('relaxed', ['--experimental-wasm-relaxed-simd'])]);
    expect(simd.whole.params).not.toBe(relaxed.whole.params);
  }, 60_000);
});
