/**
 * What the browser suites share: where Chromium is, whether it can run here
 * (installing it in CI), how it is launched, and a bounded wait.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { describe, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/cli/static-server.js';

export const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const CHROMIUM = '/usr/bin/chromium';
const ENSURE_SCRIPT = join(ROOT, 'scripts', 'ensure-chromium.sh');
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why Chromium cannot be used here (after trying scripts/ensure-chromium.sh), or undefined when it is ready. */
function chromiumUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const run = spawnSync('bash', [ENSURE_SCRIPT], { encoding: 'utf8', timeout: 300_000 });
  if (run.status === 0 && existsSync(CHROMIUM)) return undefined;
  const detail = run.error ? String(run.error) : (run.stderr || run.stdout || '').trim();
  return `${CHROMIUM} not found and scripts/ensure-chromium.sh failed (exit ${run.status ?? run.signal}): ${detail}`;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * describe() for a suite that needs Chromium. npm test installs it first; where
 * it still cannot run, the suite fails with the reason instead of passing unseen.
 */
export function describeInChromium(name: string, body: () => void): void {
  const unavailable = chromiumUnavailable();
  if (!unavailable) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it('has a browser to run in', () => {
      throw new Error(unavailable);
    });
  });
}

// Every wait is bounded so that a hung browser fails within about a minute.
export const LAUNCH_TIMEOUT_MS = 20_000;
export const CLOSE_TIMEOUT_MS = 10_000;

/** Chromium with a fresh profile, and a static server for some folders of the project. */
export interface BrowserSession {
  context: BrowserContext;
  served: StaticServer;
  launchMs: number;
  /** Closes the browser and the server, removes the profile; throws the first failure. */
  close(): Promise<void>;
}

export async function openBrowserSession(options: {
  /** Folder the server's paths start from (default: the repository). */
  root?: string;
  folders: string[];
  actionTimeoutMs: number;
  navigationTimeoutMs: number;
  viewport?: { width: number; height: number };
}): Promise<BrowserSession> {
  const { chromium } = await import('playwright-core');
  const served = await startStaticServer({ root: options.root ?? ROOT, folders: options.folders });
  const userDataDir = mkdtempSync(join(tmpdir(), 'untangle-chromium-'));
  const started = performance.now();
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout: LAUNCH_TIMEOUT_MS,
      ...(options.viewport ? { viewport: options.viewport } : {}),
    });
  } catch (error) {
    await served.close();
    rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    throw error;
  }
  context.setDefaultTimeout(options.actionTimeoutMs);
  context.setDefaultNavigationTimeout(options.navigationTimeoutMs);
  const launchMs = performance.now() - started;
  return {
    context,
    served,
    launchMs,
    async close() {
      const outcomes = await Promise.allSettled([
        withTimeout(context.close(), CLOSE_TIMEOUT_MS, 'closing Chromium'),
        withTimeout(served.close(), CLOSE_TIMEOUT_MS, 'closing the server'),
      ]);
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
