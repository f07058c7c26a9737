/**
 * Threads on Node's worker_threads. node:worker_threads is imported lazily, so
 * a browser bundle of the coordinating code never loads it.
 */
import { once, type ParentPort, type ThreadPort } from './port.js';

/** Starts `script` (an ES module file) on a new worker thread. */
export async function spawnNodeThread(script: URL): Promise<ThreadPort> {
  const { Worker } = await import('node:worker_threads');
  // No inherited Node options: the worker is plain bundled JS, and some (--input-type, -e) are
  // refused in workers. V8's flags (e.g. --experimental-wasm-relaxed-simd) are per process.
  const worker = new Worker(script, { execArgv: [] });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer as never),
    onMessage: (listener) => worker.on('message', listener),
    onDeath: (listener) => {
      const die = once(listener);
      worker.on('error', die);
      worker.on('exit', (code) => die(new Error(`a training worker exited (code ${code})`)));
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
}

/** This worker thread's link to the thread that started it. */
export async function nodeParent(): Promise<ParentPort> {
  const { parentPort } = await import('node:worker_threads');
  if (!parentPort) throw new Error('this script runs as a worker thread, not on its own');
  return {
    post: (message, transfer) => parentPort.postMessage(message, transfer as never),
    onMessage: (listener) => parentPort.on('message', listener),
  };
}
