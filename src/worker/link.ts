/**
 * Requests to one worker and their answers, matched by id; what the worker
 * sends on its own (epoch reports, the end of a run) goes to whoever trains on
 * it now. When the thread dies, every open request fails with its error.
 */
import { rebuildError } from './error-rebuild.js';
import type { WorkerChannel } from './channel.js';
import type { Reply, Request } from './protocol.js';

/** The messages a worker sends unasked (everything but answers). */
export type WorkerEvent = Exclude<Reply, { type: 'reply' } | { type: 'error' }>;

type Waiting = { resolve: (result: unknown) => void; reject: (error: Error) => void };

/** Request without its id (the link numbers them); distributes over the union. */
type Unnumbered<R> = R extends { id: number } ? Omit<R, 'id'> : never;

export class WorkerLink {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  /** Why the thread died, once it has. */
  failure: Error | null = null;
  /** Receives the worker's unasked messages, and a 'failed' event when the thread dies. */
  onEvent: (event: WorkerEvent) => void = () => {};

  constructor(readonly channel: WorkerChannel) {
    channel.listen(
      (reply) => {
        if (reply.type !== 'reply' && reply.type !== 'error') return this.onEvent(reply);
        const waiting = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (reply.type === 'reply') waiting?.resolve(reply.result);
        else waiting?.reject(rebuildError(reply.error));
      },
      (error) => {
        if (this.failure) return;
        this.failure = error;
        for (const w of this.waiting.values()) w.reject(error);
        this.waiting.clear();
        this.onEvent({ type: 'failed', error: { name: error.name, message: error.message, fields: { code: 'ABORTED' } } });
      },
    );
  }

  /** Sends a request; resolves with the worker's answer or rejects with the error it threw, rebuilt. */
  ask<T>(request: Unnumbered<Request>, transfer?: Transferable[]): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (result: unknown) => void, reject });
      try {
        this.channel.post({ ...request, id } as Request, transfer);
      } catch (error) {
        this.waiting.delete(id);
        reject(error as Error);
      }
    });
  }
}
