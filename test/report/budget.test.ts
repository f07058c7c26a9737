// Size budgets of the report: its players must stay light, its pictures
// quantised to a palette and no wider than the page, and a whole report within a
// budget per picture and in total. The whole essay's budget (3 MB at full size) is
// checked in test/experiments/report.test.ts, on the report of every experiment.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { makeDataset } from '../../src/data/index.js';
import { EXPERIMENTS, runJobs } from '../../src/experiments/index.js';
import { buildReport } from '../../src/report/build.js';
import { PAGE_WIDTH } from '../../src/report/html.js';
import { experimentPictures } from '../../src/report/experiment-pictures.js';
import { networkAnimationHtml, trainingFilmHtml } from '../../src/report/figures.js';

describe('report player budgets', () => {
  it('the layer animation of a 3-layer 3-D net over 1000 points is at most 0.42 MB; a 60-frame training film at most 0.33 MB', async () => {
    const engine = await createEngine();
    const tori = makeDataset('linked-tori', { n: 1000, seed: 1 });
    const deep = Model.create(engine, { inputs: 3, layers: [{ units: 3, activation: 'tanh' }, { units: 3, activation: 'tanh' }, { units: 3, activation: 'tanh' }, { units: 2 }], seed: 1 });
    const player = networkAnimationHtml(deep, tori, 'tori')!;
    expect(player.match(/data-frames="(\d+)"/)![1]).toBe('100'); // 4 layers × (3 phases × 8 + 1)
    // Packed by frame-stream.ts: 0.37 MB (0.62 MB with frame differences alone, 0.80 MB as plain frames).
    expect(player.length).toBeLessThanOrEqual(0.42e6);
    deep.dispose();
    const disk = makeDataset('disk-annulus', { n: 1000, seed: 1 });
    const narrow = Model.create(engine, { inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 2 }], seed: 1 });
    const film = trainingFilmHtml(narrow, disk, { epochs: 100, seed: 1 }, 1, 'film');
    expect(film.match(/data-frames="(\d+)"/)![1]).toBe('60');
    // 0.29 MB (0.47 MB with frame differences alone, 0.82 MB as plain frames).
    expect(film.length).toBeLessThanOrEqual(0.33e6);
    narrow.dispose();
  }, 120_000);
});

describe('report budget', () => {
  // E1 and E3 (quick, 2 seeds) hold every kind of picture: regions, layer strips in 2-D and 3-D,
  // a 3-D and a 2-D layer animation, a training film, topology tables.
  it('a report of E1 and E3: each picture at most 55 kB and no wider than the page, 45 kB on average, each player at most 250 kB, the page at most 1.05 MB', async () => {
    const engine = await createEngine();
    const files = [EXPERIMENTS.e1, EXPERIMENTS.e3].map((ex) => runJobs(engine, ex!, { seeds: 2, quick: true }, { index: 0, count: 1 }));
    const html = await buildReport(files, { pictures: experimentPictures(engine) });
    const pictures = [...html.matchAll(/<img src="(data:image\/png;base64,([^"]*))" alt="([^"]*)"/g)].map((m) => ({ bytes: m[1]!.length, width: Buffer.from(m[2]!, 'base64').readUInt32BE(16), caption: m[3]! }));
    const players = [...html.matchAll(/<iframe srcdoc="([^"]*)"/g)].map((m) => m[1]!.length);
    // Measured: 10 pictures of 28–44 kB (38 kB on average; 74 kB at most before the 6-layer strip was drawn at the
    // page's width and deflate went to level 9), players 78, 214 and 187 kB (128, 394 and 318 kB with frame
    // differences alone and the JSON beside the frames), the page 0.93 MB (1.43 MB before).
    expect(pictures.length).toBeGreaterThanOrEqual(8);
    expect(players.length).toBe(3);
    for (const p of pictures) expect(p.bytes, p.caption).toBeLessThanOrEqual(55e3);
    // The 6-layer strip of E3 is drawn 1670 px wide, shrunk to the page's width.
    expect(Math.max(...pictures.map((p) => p.width))).toBe(PAGE_WIDTH);
    expect(pictures.reduce((s, p) => s + p.bytes, 0) / pictures.length).toBeLessThanOrEqual(45e3);
    for (const p of players) expect(p).toBeLessThanOrEqual(250e3);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(1.05e6);
  }, 300_000);
});
