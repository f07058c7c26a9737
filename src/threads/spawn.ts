/**
 * Starting a training thread on whatever runs this code, and whether threads
 * can share memory here. The worker script is the bundled src/train/worker.ts:
 * dist/train-worker.js for Node, dist/train-worker.browser.js (dependencies
 * inlined) for browsers, each found beside the module that starts it.
 */
import { UnsupportedError } from '../errors.js';
import { spawnNodeThread, nodeParent } from './node-thread.js';
import { isNode, type ParentPort, type ThreadPort } from './port.js';
import { spawnWebThread, webParent } from './web-thread.js';

/** The Node worker script: beside this module in dist/, or the built one when running from source. */
async function nodeWorkerScript(): Promise<URL> {
  const { existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const candidates = [new URL('./train-worker.js', import.meta.url), new URL('../../dist/train-worker.js', import.meta.url)];
  const found = candidates.find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)));
  if (!found) throw new UnsupportedError(`cannot find the training worker; looked at ${candidates.map((u) => u.href).join(', ')} (run \`npm run build\`)`);
  return found;
}

/** Starts one training thread. */
export async function spawnThread(): Promise<ThreadPort> {
  if (isNode) return spawnNodeThread(await nodeWorkerScript());
  if (typeof Worker === 'undefined') throw new UnsupportedError('this runtime has neither worker_threads nor Web Workers');
  return spawnWebThread(new URL('./train-worker.browser.js', import.meta.url));
}

/** The running worker's link to its coordinator (inside a training thread). */
export function connectToParent(): Promise<ParentPort> {
  return isNode ? nodeParent() : Promise.resolve(webParent());
}

/**
 * Can threads share memory here? Always in Node; in a browser only on a
 * cross-origin isolated page (`crossOriginIsolated`), the only place
 * SharedArrayBuffer and Atomics.wait between workers are allowed.
 */
export function sharedMemoryAvailable(): boolean {
  if (isNode) return true;
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

let warned = false;

/**
 * The number of threads that can train together here: `wanted`, or 1 where
 * threads cannot share memory (said once per page on the console).
 */
export function usableThreads(wanted: number): number {
  if (wanted === 1 || sharedMemoryAvailable()) return wanted;
  if (!warned) {
    warned = true;
    console.warn(
      `untangle: training on 1 worker instead of ${wanted}: threads share memory only on a cross-origin isolated page ` +
        '(serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)',
    );
  }
  return 1;
}
