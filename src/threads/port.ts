/**
 * A thread, seen from either end, whatever runs it: a Node worker thread or a
 * module Web Worker. The coordinating code (pool.ts, parallel training,
 * parallel prediction) and the worker's own loop talk only through these two
 * interfaces, so they are the same code in Node and in browsers; only
 * node-thread.ts and web-thread.ts know the platform.
 */

/** The coordinating side's handle on one thread. */
export interface ThreadPort {
  /** Sends a message (structured clone; `transfer` lists buffers to move instead of copy). */
  post(message: unknown, transfer?: Transferable[]): void;
  /** Called with every message the thread sends. */
  onMessage(listener: (message: unknown) => void): void;
  /** Called once if the thread fails or ends (in Node also after `terminate`). */
  onDeath(listener: (error: Error) => void): void;
  /** Stops the thread. */
  terminate(): Promise<void>;
}

/** The thread's own side: its link to the coordinating thread. */
export interface ParentPort {
  post(message: unknown, transfer?: Transferable[]): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Is this a Node process (or a Node worker thread)? */
export const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** `listener` wrapped so that only its first call gets through (a thread dies once, however many events say so). */
export function once(listener: (error: Error) => void): (error: Error) => void {
  let called = false;
  return (error) => {
    if (called) return;
    called = true;
    listener(error);
  };
}
