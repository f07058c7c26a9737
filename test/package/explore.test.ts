// `untangle explore` from the installed package: the address it prints opens
// the explorer page, and the page, the browser bundles and the wasm are served
// with 200 and the cross-origin isolation headers (threads in the page need
// them). Runs the unpacked tarball's dist/cli.js from outside the package.
import { spawn } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from './pack.js';

const { dir, pkg } = inject('packed');

beforeAll(() => {
  if (!existsSync(join(pkg, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
});

/** Starts `untangle explore --port 0` and resolves with the address it prints. */
function explore(): { address: Promise<string>; stop: () => void } {
  const child = spawn(process.execPath, [join(pkg, 'dist', 'cli.js'), 'explore', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const address = new Promise<string>((ok, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`no address printed within 15 s: ${text}`)), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /open (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(text);
      if (match) {
        clearTimeout(timer);
        ok(match[1]!);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    child.once('exit', (code) => fail(new Error(`explore exited with ${code}: ${text}`)));
  });
  return { address, stop: () => child.kill('SIGTERM') };
}

describe('untangle explore from the installed package', () => {
  it('prints an address that opens the page; the page and the bundles come with the isolation headers', async () => {
    const server = explore();
    try {
      const address = await server.address;
      const page = await fetch(address);
      expect(page.status, address).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toMatch(/<script[^>]*type="module"/);
      const origin = new URL(address).origin;
      for (const path of [new URL(address).pathname, '/dist/untangle.browser.js', '/dist/parallel.browser.js', '/dist/train-worker.browser.js', '/dist/untangle.simd.wasm']) {
        const response = await fetch(origin + path);
        expect(response.status, path).toBe(200);
        expect(response.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
        expect(response.headers.get('cross-origin-embedder-policy'), path).toBe('require-corp');
      }
      // The root leads to the page too.
      const root = await fetch(`${origin}/`);
      expect(root.status).toBe(200);
      expect(root.url).toBe(address);
    } finally {
      server.stop();
    }
  }, 30_000);
});
