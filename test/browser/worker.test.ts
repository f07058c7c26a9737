/**
 * untangle/worker in a real browser: a plain page imports
 * dist/worker.browser.js (which takes the library from untangle.browser.js
 * beside it) and trains in a module Web Worker running dist/worker-thread.js.
 * While a worker trains for a few seconds the page's main thread stays free:
 * no long task (> 50 ms) and frames keep coming — and the same observer does
 * see the long tasks of the same training run with fit on the main thread, so
 * it can fail. The worker's reports and weights equal fit's in Node (simd) and
 * in the page (relaxed). Start-up to the first epoch report is printed, cold
 * (new worker, kernels compiled) and warm (the worker startTraining keeps).
 *
 * Needs the built dist/ and /usr/bin/chromium, as bundle.test.ts.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaticServer } from '../../src/cli/static-server.js';
import { createEngine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { spirals } from '../../src/data/index.js';
import { fit } from '../../src/train/trainer.js';
import { CLOSE_TIMEOUT_MS, LAUNCH_TIMEOUT_MS, describeInChromium, openBrowserSession, withTimeout, type BrowserSession } from './chromium.js';

/** The run whose bits are compared (a page and Node build it from the same numbers). */
const BITS_RUN = {
  data: { n: 300, turns: 1, seed: 3 },
  model: { inputs: 2, layers: [{ units: 12, activation: 'tanh' }, { units: 12, activation: 'tanh' }, { units: 2 }], seed: 4 },
  fit: { epochs: 5, batchSize: 20, optimizer: 'adam', learningRate: 0.02, seed: 6 },
} as const;

/** The long run the main thread is watched during: big enough that fit on the main thread blocks for seconds. */
const LONG_RUN = {
  data: { n: 4000, turns: 1.5, seed: 1 },
  model: { inputs: 2, layers: [{ units: 32, activation: 'tanh' }, { units: 32, activation: 'tanh' }, { units: 2 }], seed: 1 },
  fit: { epochs: 1_000_000, batchSize: 16, seed: 1 },
  watchMs: 3000,
} as const;

/** Long tasks (ms) on the page's main thread, frames drawn and the longest gap between two, during a watched window. */
interface Watched {
  longTasks: number[];
  frames: number;
  maxFrameGap: number;
}

interface PageResult {
  worker: Watched & { epochs: number; startupColdMs: number; startupWarmMs: number; retried?: { longTasks: number[]; again: Watched & { epochs: number } } };
  idle: Watched;
  mainThread: { longTasks: number[]; epochs: number };
  simd: { losses: number[]; params: number[] };
  relaxed: { worker: { losses: number[]; params: number[] }; fit: { losses: number[]; params: number[] } };
}

// A source string: the test runner would rewrite a dynamic import() inside a function.
const PAGE_SCRIPT = `(async () => {
  const lib = await import('/dist/untangle.browser.js');
  const { startTraining } = await import('/dist/worker.browser.js');
  const LONG = ${JSON.stringify(LONG_RUN)}, BITS = ${JSON.stringify(BITS_RUN)};
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const firstEpoch = (run) => new Promise((resolve) => { const off = run.on('epoch', () => { off(); resolve(); }); });
  const bitsOf = (a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

  /** Long tasks and frame gaps on this thread while work() runs. */
  async function watch(work) {
    const longTasks = [];
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
    observer.observe({ type: 'longtask' });
    let frames = 0, maxFrameGap = 0, last = performance.now(), watching = true;
    const frame = (t) => { frames++; maxFrameGap = Math.max(maxFrameGap, t - last); last = t; if (watching) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    const result = await work();
    watching = false;
    await sleep(100); // long-task entries are delivered after the task
    observer.disconnect();
    return { ...result, longTasks, frames, maxFrameGap };
  }

  const data = lib.spirals(LONG.data);
  await sleep(100); // observe from a fresh task: observing from inside a long one reports it
  const idle = await watch(async () => { await sleep(LONG.watchMs); return {}; });
  const trainWatched = () => watch(async () => {
    const t0 = performance.now();
    const run = await startTraining({ model: LONG.model, data, fit: LONG.fit, variant: 'simd' });
    await firstEpoch(run);
    const startupColdMs = performance.now() - t0;
    await sleep(LONG.watchMs);
    await run.stop();
    return { epochs: run.history.length, startupColdMs };
  });
  const worker = await trainWatched();
  // A loaded machine can deschedule the page for a moment; a second window tells that from blocking.
  if (worker.longTasks.some((d) => d > 50)) worker.retried = { longTasks: worker.longTasks, again: await trainWatched() };
  const t1 = performance.now();
  const again = await startTraining({ model: LONG.model, data, fit: LONG.fit, variant: 'simd' });
  await firstEpoch(again);
  worker.startupWarmMs = performance.now() - t1;
  await again.stop();

  // The control: the same training on this thread, 40 epochs (10,000 steps: well over 50 ms).
  const engine = await lib.createEngine({ variant: 'simd' });
  const mainThread = await watch(async () => {
    const epochs = 40;
    lib.fit(lib.Model.create(engine, LONG.model), data, { ...LONG.fit, epochs });
    return { epochs };
  });

  async function inWorker(variant, engine) {
    const run = await startTraining({ model: BITS.model, data: lib.spirals(BITS.data), fit: BITS.fit, variant, engine });
    const { model, history } = await run.done;
    return { losses: history.map((r) => r.loss), params: bitsOf(model.getParameters()) };
  }
  const simd = await inWorker('simd');
  const relaxedEngine = await lib.createEngine({ variant: 'relaxed' });
  const local = lib.Model.create(relaxedEngine, BITS.model);
  const { history } = lib.fit(local, lib.spirals(BITS.data), BITS.fit);
  const relaxed = { worker: await inWorker('relaxed', relaxedEngine), fit: { losses: history.map((r) => r.loss), params: bitsOf(local.getParameters()) } };
  return { worker, mainThread, simd, relaxed, idle };
})()`;

describeInChromium('untangle/worker in Chromium', () => {
  let session: BrowserSession | undefined;
  let served: StaticServer | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    session = await openBrowserSession({ folders: ['dist', 'test/browser'], actionTimeoutMs: 60_000, navigationTimeoutMs: 10_000 });
    ({ served, context } = session);
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(() => session?.close(), 2 * CLOSE_TIMEOUT_MS + 5_000);

  it('keeps the main thread free while training, and gives fit’s bits (Node simd, page relaxed)', async () => {
    const page = await context!.newPage();
    let result: PageResult;
    try {
      await page.goto(`${served!.origin}/test/browser/blank.html`);
      result = (await page.evaluate(PAGE_SCRIPT)) as PageResult;
    } finally {
      await withTimeout(page.close(), CLOSE_TIMEOUT_MS, 'closing the page').catch(() => {});
    }
    const { worker, mainThread, idle } = result;
    const watched = worker.retried?.again ?? worker;
    console.log(
      `Chromium: start-up to the first epoch report cold ${worker.startupColdMs.toFixed(1)} ms, warm ${worker.startupWarmMs.toFixed(1)} ms; ` +
        `${LONG_RUN.watchMs} ms idle: ${idle.frames} frames, longest gap ${idle.maxFrameGap.toFixed(1)} ms, long tasks [${idle.longTasks.map((d) => d.toFixed(0)).join(', ')}]; ` +
        `${LONG_RUN.watchMs} ms of training in the worker: ${watched.epochs} epochs, ${watched.frames} frames, longest gap ${watched.maxFrameGap.toFixed(1)} ms, ` +
        `long tasks [${watched.longTasks.map((d) => d.toFixed(0)).join(', ')}]${worker.retried ? ` (second window; the first had [${worker.retried.longTasks.map((d) => d.toFixed(0)).join(', ')}])` : ''}; ${mainThread.epochs} epochs with fit on the main thread: long tasks [${mainThread.longTasks.map((d) => d.toFixed(0)).join(', ')}]`,
    );
    expect(watched.epochs, 'the worker trained while watched').toBeGreaterThan(0);
    expect(watched.longTasks.filter((d) => d > 50), 'long tasks on the main thread while the worker trains').toEqual([]);
    expect(watched.frames, 'frames kept coming').toBeGreaterThan(LONG_RUN.watchMs / 100);
    expect(Math.max(0, ...mainThread.longTasks), 'the observer sees fit blocking the main thread').toBeGreaterThan(50);

    const engine = await createEngine({ variant: 'simd' });
    const model = Model.create(engine, BITS_RUN.model);
    const { history } = fit(model, spirals(BITS_RUN.data), BITS_RUN.fit);
    const p = model.getParameters();
    expect(result.simd.losses, 'worker in Chromium vs fit in Node (simd): losses').toEqual(history.map((r) => r.loss));
    expect(result.simd.params, 'worker in Chromium vs fit in Node (simd): weights').toEqual(Array.from(new Uint32Array(p.buffer, p.byteOffset, p.length)));
    expect(result.relaxed.worker, 'worker vs fit on the page (relaxed)').toEqual(result.relaxed.fit);
  }, 120_000);
});
