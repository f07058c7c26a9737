/**
 * The script a training worker runs (built self-contained as
 * dist/worker-thread.js): a module Web Worker in browsers, a worker_threads
 * Worker in Node. It only connects the thread's message port to a
 * WorkerSession; node:worker_threads is imported dynamically, so browsers
 * never load it.
 */
import type { Request } from './protocol.js';
import { WorkerSession } from './session.js';

/** A dedicated worker's global scope, as far as this script uses it. */
interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Request>) => void): void;
}

const scope = globalThis as unknown as { WorkerGlobalScope?: unknown };
if (typeof scope.WorkerGlobalScope !== 'undefined') {
  const self = globalThis as unknown as WorkerScope;
  const session = new WorkerSession((message, transfer) => self.postMessage(message, transfer ?? []));
  self.addEventListener('message', (event) => void session.handle(event.data));
} else {
  // No top-level await: bundlers build workers as classic scripts by default (Vite: iife).
  void import('node:worker_threads').then(({ parentPort }) => {
    const port = parentPort!;
    const session = new WorkerSession((message, transfer) => port.postMessage(message, (transfer ?? []) as never));
    port.on('message', (request: Request) => void session.handle(request));
  });
}
