/**
 * Threads as module Web Workers. Shared memory between them (the gradient
 * exchange) needs a cross-origin isolated page: served with
 * Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
 * require-corp, so that `crossOriginIsolated` is true.
 */
import { once, type ParentPort, type ThreadPort } from './port.js';

/** Starts `script` as a module Web Worker. */
export function spawnWebThread(script: URL): ThreadPort {
  const worker = new Worker(script, { type: 'module' });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
    onDeath: (listener) => {
      const die = once(listener);
      // A worker script that fails to load or throws outside a handler; a message that cannot be read.
      worker.addEventListener('error', (event) => die(new Error(`a training worker failed: ${event.message || 'the worker script did not load'}`)));
      worker.addEventListener('messageerror', () => die(new Error('a training worker sent a message that could not be read')));
    },
    terminate: async () => {
      worker.terminate();
    },
  };
}

/** This Web Worker's link to the page that started it. */
export function webParent(): ParentPort {
  const scope = globalThis as unknown as {
    postMessage(message: unknown, transfer: Transferable[]): void;
    addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  };
  return {
    post: (message, transfer) => scope.postMessage(message, transfer ?? []),
    onMessage: (listener) => scope.addEventListener('message', (event) => listener(event.data)),
  };
}
