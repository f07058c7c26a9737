/**
 * Starting the worker thread: a module Web Worker where the runtime has one
 * (browsers, Deno, Bun), a worker_threads Worker in Node — both behind one
 * small interface. The script's URL is written as
 * `new Worker(new URL('./worker-thread.js', import.meta.url), { type: 'module' })`
 * so that app bundlers (Vite, webpack 5) find it and ship it; an app that serves
 * it elsewhere passes `workerUrl`. node:worker_threads is imported dynamically,
 * so the browser path never loads it.
 */
import { AbortedError } from '../errors.js';
import type { Reply, Request } from './protocol.js';

/** One worker thread, whichever runtime started it. */
export interface WorkerChannel {
  post(request: Request, transfer?: Transferable[]): void;
  /** `onReply` gets every message; `onDeath` once, when the thread fails to load, crashes or exits. */
  listen(onReply: (reply: Reply) => void, onDeath: (error: Error) => void): void;
  /** Whether the thread keeps Node's process alive (an idle pool worker does not); a no-op in browsers. */
  keepAlive(on: boolean): void;
  terminate(): Promise<void>;
}

type WebWorkerConstructor = new (url: URL | string, options: { type: 'module' }) => Worker;

/** Starts a training worker; `workerUrl` overrides where its script is loaded from. */
export async function openChannel(workerUrl?: URL | string): Promise<WorkerChannel> {
  const WebWorker = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
  if (typeof WebWorker === 'function') {
    const worker = workerUrl !== undefined
      ? new WebWorker(workerUrl, { type: 'module' })
      : new Worker(new URL('./worker-thread.js', import.meta.url), { type: 'module' });
    return webChannel(worker);
  }
  return nodeChannel(workerUrl);
}

function webChannel(worker: Worker): WorkerChannel {
  let onClosed: ((error: Error) => void) | undefined;
  return {
    post: (request, transfer = []) => worker.postMessage(request, transfer),
    listen(onReply, onDeath) {
      onClosed = onDeath;
      worker.addEventListener('message', (event: MessageEvent<Reply>) => onReply(event.data));
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault();
        onDeath(new AbortedError(`the training worker failed: ${event.message || 'its script could not be loaded (is worker-thread.js served beside worker.js?)'}`));
      });
      worker.addEventListener('messageerror', () => onDeath(new AbortedError('the training worker sent a message that could not be read')));
    },
    keepAlive() {},
    terminate: async () => {
      worker.terminate(); // a browser sends no event for it: tell the listener as Node's 'exit' does
      onClosed?.(new AbortedError('the training worker was closed'));
    },
  };
}

/** The built script beside this module (dist/), or dist/ when running from the sources (tests). */
async function nodeScript(workerUrl?: URL | string): Promise<URL | string> {
  if (workerUrl !== undefined) return workerUrl;
  const { existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  // Joined at run time: as a literal, a bundler would copy the script once more as a plain asset.
  const candidates = [new URL(['.', 'worker-thread.js'].join('/'), import.meta.url), new URL(['..', '..', 'dist', 'worker-thread.js'].join('/'), import.meta.url)];
  const found = candidates.find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)));
  if (!found) throw new AbortedError(`cannot find the training worker's script; looked at ${candidates.map((u) => u.href).join(', ')} (run \`npm run build\`)`);
  return found;
}

async function nodeChannel(workerUrl?: URL | string): Promise<WorkerChannel> {
  const { Worker: NodeWorker } = await import('node:worker_threads');
  // No inherited Node options: the script is plain bundled JS, and loaders or -e are refused in workers.
  const worker = new NodeWorker(await nodeScript(workerUrl), { execArgv: [] });
  let dead = false;
  let closing = false;
  return {
    post: (request, transfer = []) => worker.postMessage(request, transfer as never),
    listen(onReply, onDeath) {
      const die = (error: Error) => {
        if (dead) return;
        dead = true;
        onDeath(error);
      };
      worker.on('message', onReply);
      worker.on('error', (error) => die(new AbortedError(`the training worker failed: ${error.message}`)));
      worker.on('exit', (code) => die(new AbortedError(closing ? 'the training worker was closed' : `the training worker exited (code ${code})`)));
    },
    keepAlive: (on) => void (on ? worker.ref() : worker.unref()),
    terminate: async () => {
      closing = true;
      await worker.terminate();
    },
  };
}
