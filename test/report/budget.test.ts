// Size budgets of the report's players: a page with three of them must stay light.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { makeDataset } from '../../src/data/index.js';
import { networkAnimationHtml, trainingFilmHtml } from '../../src/report/figures.js';

describe('report player budgets', () => {
  it('the layer animation of a 3-layer 3-D net over 1000 points is at most 1 MB; a 60-frame training film at most 1 MB', async () => {
    const engine = await createEngine();
    const tori = makeDataset('linked-tori', { n: 1000, seed: 1 });
    const deep = Model.create(engine, { inputs: 3, layers: [{ units: 3, activation: 'tanh' }, { units: 3, activation: 'tanh' }, { units: 3, activation: 'tanh' }, { units: 2 }], seed: 1 });
    const player = networkAnimationHtml(deep, tori, 'tori')!;
    expect(player.match(/data-frames="(\d+)"/)![1]).toBe('100'); // 4 layers × (3 phases × 8 + 1)
    expect(player.length).toBeLessThanOrEqual(1e6);
    deep.dispose();
    const disk = makeDataset('disk-annulus', { n: 1000, seed: 1 });
    const narrow = Model.create(engine, { inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 2 }], seed: 1 });
    const film = trainingFilmHtml(narrow, disk, { epochs: 100, seed: 1 }, 1, 'film');
    expect(film.match(/data-frames="(\d+)"/)![1]).toBe('60');
    expect(film.length).toBeLessThanOrEqual(1e6);
    narrow.dispose();
  }, 120_000);
});
