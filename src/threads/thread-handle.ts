/**
 * One thread and its replies. A thread answers every message exactly once, so
 * replies are matched to requests first in, first out — a late error can never
 * answer a later request. An error reply rejects with the error it names.
 */
import { CheckpointError, OptionError } from '../errors.js';
import { TrainingDivergedError } from '../train/trainer.js';
import type { WorkerReply, WorkerRequest } from '../train/worker-messages.js';
import type { ThreadPort } from './port.js';
import type { ResidentModel } from './resident-model.js';

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };

export class ThreadHandle {
  private readonly pending: Pending[] = [];
  /** Why the thread is gone, once it is. */
  failure: Error | null = null;
  /** Runs when the thread dies, e.g. to release the others from a barrier. Set per run. */
  onDeath: (() => void) | null = null;
  /** The model the thread keeps for prediction, as last sent to it; null when unknown. */
  resident: ResidentModel | null = null;

  constructor(readonly port: ThreadPort) {
    port.onMessage((message) => {
      const reply = message as WorkerReply;
      const waiting = this.pending.shift();
      if (!waiting) return;
      if (reply.type === 'error') waiting.reject(replyError(reply));
      else waiting.resolve(reply);
    });
    port.onDeath((error) => {
      this.failure ??= error;
      for (const waiting of this.pending.splice(0)) waiting.reject(error);
      this.onDeath?.();
    });
  }

  /** The reply to the oldest unanswered message. */
  next(): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  ask(request: WorkerRequest, transfer?: Transferable[]): Promise<WorkerReply> {
    const reply = this.next();
    if (!this.failure) this.port.post(request, transfer);
    return reply;
  }
}

function replyError(reply: Extract<WorkerReply, { type: 'error' }>): Error {
  if (reply.name === 'TrainingDivergedError') return new TrainingDivergedError(reply.message, reply.epoch ?? 0, reply.step ?? 0);
  if (reply.name === 'CheckpointError') return new CheckpointError(reply.message);
  if (reply.name === 'OptionError') return new OptionError(reply.message);
  return Object.assign(new Error(reply.message), { name: reply.name });
}

/**
 * Waits for every thread's reply (so none is left to answer a later request),
 * then throws the most telling failure: a thread's own error before another's
 * "aborted because a worker failed".
 */
export async function allReplies(asks: Promise<WorkerReply>[]): Promise<WorkerReply[]> {
  const settled = await Promise.allSettled(asks);
  const errors = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (errors.length > 0) throw errors.find((e) => e.name !== 'ExchangeAbortedError') ?? errors[0]!;
  return settled.map((r) => (r as PromiseFulfilledResult<WorkerReply>).value);
}
