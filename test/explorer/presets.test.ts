// Every essay preset of the explorer, end to end in Node: its data and network are built,
// one epoch trains, and each picture the page draws renders (on the raster canvas the PNG
// path uses) with ink in it — so a preset cannot ship broken.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { Trainer } from '../../src/train/trainer.js';
import { rasterize, type Picture } from '../../src/render/pictures.js';
import { framePicture } from '../../src/render/animation.js';
import { PRESETS } from '../../src/explorer/presets.js';
import { DEFAULT_SETTINGS, fromQuery } from '../../src/explorer/settings.js';
import { explorerData, fitOptions, modelSpec } from '../../src/explorer/data.js';
import { inputPicture, layerAnimation, layerPicture } from '../../src/explorer/pictures.js';
import { curvesPicture } from '../../src/explorer/curves-picture.js';

/** Share of pixels that are not white. */
function ink(p: Picture): number {
  const c = rasterize(p);
  let n = 0;
  for (let i = 0; i < c.data.length; i += 4) if (c.data[i]! < 250 || c.data[i + 1]! < 250 || c.data[i + 2]! < 250) n++;
  return n / (c.width * c.height);
}

describe('explorer presets', () => {
  it.each(PRESETS.map((p) => [p.id, p.query]))('%s builds, trains an epoch and draws', async (_id, query) => {
    const engine = await createEngine({ variant: process.env.UNTANGLE_WASM === 'relaxed' ? 'relaxed' : 'simd' });
    const s = fromQuery(query, { ...DEFAULT_SETTINGS });
    const data = explorerData(s, null);
    const model = Model.create(engine, modelSpec(s, data));
    const trainer = new Trainer(model, data.train, { ...fitOptions(s, data), epochs: 1 });
    const report = trainer.epoch();
    trainer.dispose();
    expect(Number.isFinite(report.loss)).toBe(true);
    const knn = s.loss === 'knn';
    const input = inputPicture(model, data, { width: 200, height: 200, discrete: true, showTest: true, knn });
    if (data.all.dim <= 2 || !data.regression) expect(input, 'input picture').not.toBeNull();
    if (input) expect(ink(input.picture)).toBeGreaterThan(data.all.dim === 1 ? 0.05 : 0.3);
    const layer = Math.min(s.view ?? 1, model.layers.length);
    expect(ink(layerPicture(model, data, layer, { width: 200, height: 200, knn }))).toBeGreaterThan(0.02);
    const seq = layerAnimation(model, data, Math.max(0, layer - 1));
    expect(seq.frames.length).toBeGreaterThan(10);
    expect(ink(framePicture(seq, 0, { width: 200, height: 200 }))).toBeGreaterThan(0.02);
    expect(ink(curvesPicture([{ epoch: 1, loss: report.loss, steps: report.steps, ms: report.ms }], 'loss', 200, 100))).toBeGreaterThan(0.01);
    model.dispose();
  }, 60_000);
});
