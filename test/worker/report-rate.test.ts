// Epoch reports at a bounded rate (reportEvery): with many tiny epochs the
// worker sends at most one message per period, no report is lost or
// reordered, answers still follow the reports before them, and without the
// option every epoch is its own message. The worker's side is driven in this
// thread through the same Post function the thread script gives it, so every
// message is counted exactly; the last test goes through a real worker thread.
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerSession } from '../../src/worker/session.js';
import type { Reply, StartMessage, WorkerEpochReport } from '../../src/worker/protocol.js';
import { createTrainingPool } from '../../src/worker/index.js';
import { fit } from '../../src/train/trainer.js';
import { Model, type ModelSpec } from '../../src/model/model.js';
import { VARIANT, testEngine } from '../helpers/engine.js';
import { testSpirals } from '../helpers/points.js';

const spec: ModelSpec = { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 2 }], seed: 5 };
/** One step an epoch: 8 points, batches of 8. */
const tiny = () => testSpirals(8, 1, 2);

interface Sent { at: number; message: Reply }

/** Runs a whole training run in a WorkerSession on this thread; resolves with every message it posted. */
async function session(epochs: number, reportMs: number): Promise<Sent[]> {
  const sent: Sent[] = [];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const worker = new WorkerSession((message) => {
    sent.push({ at: performance.now(), message });
    if (message.type === 'finished' || message.type === 'failed') finished();
  });
  const start: StartMessage = { model: spec, data: tiny(), fit: { epochs, batchSize: 8, learningRate: 0.05, seed: 1 }, variant: VARIANT, sliceMs: 10, paused: false, reportMs };
  await worker.handle({ type: 'start', id: 1, start });
  await done;
  return sent;
}

/** The reports in the order the app hears them. */
const reportsOf = (sent: Sent[]): WorkerEpochReport[] =>
  sent.flatMap(({ message: m }) => (m.type === 'epoch' ? [m.report] : m.type === 'epochs' ? m.reports : []));
const reportMessages = (sent: Sent[]) => sent.filter(({ message: m }) => m.type === 'epoch' || m.type === 'epochs');

const pool = createTrainingPool({ size: 1, variant: VARIANT });
afterAll(() => pool.close());

describe('reportEvery: epoch reports at a bounded rate', () => {
  it('sends at most one message per period while thousands of epochs finish, and loses none', async () => {
    const epochs = 100_000, period = 50;
    const sent = await session(epochs, period);
    const reports = reportsOf(sent);
    expect(reports.map((r) => r.epoch)).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    const messages = reportMessages(sent);
    const seconds = (sent.at(-1)!.at - sent[0]!.at) / 1000;
    // The last message is the flush before 'finished' and may come early; every other gap is a whole period.
    for (let i = 1; i < messages.length - 1; i++) expect(messages[i]!.at - messages[i - 1]!.at).toBeGreaterThanOrEqual(period - 1);
    const perSecond = messages.length / seconds;
    console.log(`[test/worker] reportEvery 50 ms: ${epochs} epochs in ${seconds.toFixed(2)} s → ${messages.length} messages (${perSecond.toFixed(1)}/s, ${(epochs / messages.length).toFixed(0)} reports each)`);
    expect(messages.length).toBeLessThanOrEqual(Math.ceil((seconds * 1000) / period) + 2);
    expect(messages.length).toBeLessThan(epochs / 10);
    expect(sent.at(-1)!.message.type).toBe('finished');
  }, 60_000);

  it('without it sends one message per epoch (what the option is for)', async () => {
    const sent = await session(500, 0);
    expect(reportMessages(sent)).toHaveLength(500);
    expect(reportsOf(sent).map((r) => r.epoch)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  }, 30_000);

  it('sends the reports waiting before an answer, so pause means no report follows it', async () => {
    const sent: Reply[] = [];
    const worker = new WorkerSession((message) => sent.push(message));
    const start: StartMessage = { model: spec, data: tiny(), fit: { epochs: 1_000_000, batchSize: 8, learningRate: 0.05, seed: 1 }, variant: VARIANT, sliceMs: 5, paused: false, reportMs: 10_000 };
    await worker.handle({ type: 'start', id: 1, start });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await worker.handle({ type: 'pause', id: 2 });
    const paused = sent.findIndex((m) => m.type === 'reply' && m.id === 2);
    const { epoch } = (sent[paused] as { result: { epoch: number } }).result;
    expect(epoch).toBeGreaterThan(1);
    // The long period held every report back until the answer: they all arrive, in order, just before it.
    expect(reportsOf(sent.slice(0, paused).map((message) => ({ at: 0, message }))).map((r) => r.epoch)).toEqual(Array.from({ length: epoch }, (_, i) => i + 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent.length).toBe(paused + 1);
    await worker.handle({ type: 'stop', id: 3 });
  }, 30_000);

  it('through a worker thread: on(epoch) hears every epoch once, in order, and the history is fit’s', async () => {
    const engine = await testEngine();
    const options = { epochs: 3000, batchSize: 8, learningRate: 0.05, seed: 1 };
    const expected = fit(Model.create(engine, spec), tiny(), options).history;
    const run = await pool.startTraining({ model: spec, data: tiny(), fit: options, engine, reportEvery: { ms: 50 } });
    const heard: number[] = [];
    // A message's reports are heard in one task; counting tasks counts the messages that crossed.
    let messages = 0, inTask = false;
    run.on('epoch', (r) => {
      heard.push(r.epoch);
      if (!inTask) { inTask = true; messages++; queueMicrotask(() => (inTask = false)); }
    });
    const started = performance.now();
    const { history } = await run.done;
    const seconds = (performance.now() - started) / 1000;
    expect(heard).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect(messages).toBeLessThanOrEqual(Math.ceil((seconds * 1000) / 50) + 2);
    expect(history.map(({ ms: _ms, ...r }) => r)).toEqual(expected.map(({ ms: _ms, ...r }) => r));
  }, 60_000);
});
