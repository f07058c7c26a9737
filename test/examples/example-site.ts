/**
 * An example page served as a site without a bundler serves it: the page's
 * index.html in a temporary folder with the dist/ files it loads copied beside
 * it, opened in headless Chromium. Removed again by `close`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowserSession, type BrowserSession } from '../browser/chromium.js';
import { EXAMPLES, ROOT } from './installed.js';

export interface ExampleSite {
  session: BrowserSession;
  /** Address of the example's page. */
  url: string;
  close(): Promise<void>;
}

export async function serveExample(example: string, distFiles: readonly string[], viewport?: { width: number; height: number }): Promise<ExampleSite> {
  const dir = mkdtempSync(join(tmpdir(), `untangle-${example}-`));
  const site = join(dir, 'site');
  mkdirSync(site);
  copyFileSync(join(EXAMPLES, example, 'index.html'), join(site, 'index.html'));
  for (const f of distFiles) copyFileSync(join(ROOT, 'dist', f), join(site, f));
  const session = await openBrowserSession({ root: dir, folders: ['site'], actionTimeoutMs: 20_000, navigationTimeoutMs: 20_000, ...(viewport && { viewport }) });
  return {
    session,
    url: `${session.served.origin}/site/index.html`,
    async close() {
      try {
        await session.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
