/**
 * Epoch reports on their way to the app, sent at a bounded rate. On small
 * data a worker finishes thousands of epochs a second; one message each
 * floods the app's thread (measured: two explorers on one page stopped
 * answering). With a period of `ms`, reports wait here and leave together,
 * oldest first, at most one message per period — none is dropped, so the
 * app's history stays complete. A period of 0 sends each report on its own.
 */
import type { Post } from './session.js';
import type { WorkerEpochReport } from './protocol.js';

const now = () => performance.now();

export class ReportBatch {
  private waiting: WorkerEpochReport[] = [];
  private lastSent = -Infinity;

  constructor(private readonly post: Post, private readonly ms: number) {}

  /** Queues a report; sends the queue when the period has passed since the last message. */
  add(report: WorkerEpochReport): void {
    if (this.ms <= 0) return this.post({ type: 'epoch', report });
    this.waiting.push(report);
    this.sendIfDue();
  }

  /** Sends the queue if the period has passed (called between steps, so a slow epoch does not hold back the last one). */
  sendIfDue(): void {
    if (this.waiting.length && now() - this.lastSent >= this.ms) this.flush();
  }

  /** Sends what waits now: before any answer or end of run, so reports arrive before what follows them. */
  flush(): void {
    if (!this.waiting.length) return;
    const reports = this.waiting;
    this.waiting = [];
    this.lastSent = now();
    this.post(reports.length === 1 ? { type: 'epoch', report: reports[0]! } : { type: 'epochs', reports });
  }
}
