// The figure helpers take the export data as it comes: decisionRegions() into
// a picture, representations() into a strip, the animation and the film into
// HTML players — no conversion by the caller.
import { beforeAll, describe, expect, it } from 'vitest';
import { spirals } from '../../src/data/spirals.js';
import { intervals1d } from '../../src/data/intervals-1d.js';
import { decisionRegions } from '../../src/export/decision-regions.js';
import { animateLayer, animateNetwork } from '../../src/export/layer-animation.js';
import { representations } from '../../src/export/representations.js';
import { recordTrainingFilm } from '../../src/export/training-film.js';
import { EXPORT_SCHEMA, EXPORT_VERSION } from '../../src/export/schema.js';
import { Model } from '../../src/model/model.js';
import {
  decisionRegionsPicture, networkAnimationFrames, networkAnimationHtml, pngDataUri, probabilityGrid, regionsPicture,
  representationStrip, toPng, toSvg, trainingFilmHtml,
} from '../../src/render/index.js';
import type { DecisionRegions } from '../../src/export/decision-regions.js';
import { OptionError } from '../../src/errors.js';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine } from '../helpers/engine.js';
import { playerData } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await testEngine();
});

const net = (inputs: number, widths: number[]) =>
  Model.create(engine, { inputs, layers: [...widths.map((units) => ({ units, activation: 'tanh' as const })), { units: 2 }], seed: 3 });

/** A hand-made 3-D export: slice k holds probability k/10 for class 1 everywhere. */
function regions3d(): DecisionRegions {
  const N = 3, K = 4, C = 2;
  const probabilities = new Float32Array(K * N * N * C);
  for (let k = 0; k < K; k++) for (let i = 0; i < N * N; i++) probabilities.set([1 - k / 10, k / 10], (k * N * N + i) * C);
  return {
    schema: EXPORT_SCHEMA, version: EXPORT_VERSION, kind: 'decision-regions',
    dim: 3, classes: C, resolution: N, domain: { min: [-1, -2, -3], max: [1, 2, 3] },
    columnAxis: 1, rowAxis: 2, sliceAxis: 0,
    columns: new Float32Array([-2, 0, 2]), rows: new Float32Array([3, 0, -3]), slices: new Float32Array([-1, -1 / 3, 1 / 3, 1]),
    shape: [K, N, N, C], probabilities,
  } as DecisionRegions;
}

describe('regions', () => {
  it('decisionRegions() goes straight into a picture, with the data drawn over it', () => {
    const data = spirals({ n: 60 });
    const model = net(2, [4]);
    const regions = decisionRegions(model, data, { resolution: 24 });
    const withData = toSvg(regionsPicture(regions, { data, title: 'two spirals', width: 200, height: 200 }));
    const without = toSvg(regionsPicture(regions, { width: 200, height: 200 }));
    expect(withData).toContain('two spirals');
    expect(withData.match(/<circle/g)?.length ?? 0).toBeGreaterThanOrEqual(60);
    expect(without.match(/<circle/g)?.length ?? 0).toBe(0);
    // The lower-level picture takes the export as its grid too (it used to fail on nx/ny).
    expect(toSvg(decisionRegionsPicture({ grid: regions }, { width: 200, height: 200 }), 'p')).toBe(
      toSvg(decisionRegionsPicture({ grid: probabilityGrid(regions) }, { width: 200, height: 200 }), 'p'),
    );
    expect(Array.from(toPng(regionsPicture(regions)).subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    model.dispose();
  });

  it('a 1-D export becomes the probability curve', () => {
    const data = intervals1d({ n: 40 });
    const model = net(1, [3]);
    const svg = toSvg(regionsPicture(decisionRegions(model, data, { resolution: 50 }), { data, title: 'intervals' }));
    expect(svg).toContain('intervals');
    expect(svg).toMatch(/<(path|polyline)/);
    model.dispose();
  });

  it('a 3-D export shows one slice, named in the title, with that slice\'s probabilities and the right axes', () => {
    const r = regions3d();
    const middle = probabilityGrid(r);
    expect(middle.probs[1]).toBeCloseTo(0.1, 6);
    expect(probabilityGrid(r, 3).probs[1]).toBeCloseTo(0.3, 6);
    expect(middle.box).toEqual({ xmin: -2, xmax: 2, ymin: -3, ymax: 3 });
    expect(toSvg(regionsPicture(r, { slice: 3, title: 'cube' }))).toContain('cube (x₁ = 1.00)');
    expect(() => probabilityGrid(r, 4)).toThrow(OptionError);
  });

  it('refuses data of another dimension', () => {
    expect(() => regionsPicture(regions3d(), { data: spirals({ n: 10 }) })).toThrow(/data is 2-D, the regions 3-D/);
  });
});

describe('strip, animation and film', () => {
  it('representations() goes straight into a strip: a panel per representation', () => {
    const data = spirals({ n: 50 });
    const model = net(2, [2, 5]);
    const svg = toSvg(representationStrip(representations(model, data, { linesPerAxis: 5 }), { title: 'layers', panelWidth: 300, panelHeight: 300 }));
    for (const panel of ['input', 'layer 1 (tanh)', 'layer 2 (tanh, 5-D)', 'layer 3 (linear)']) expect(svg).toContain(panel);
    model.dispose();
  });

  it('animateNetwork() and animateLayer() go straight into a player; different widths are refused', () => {
    const data = spirals({ n: 30 });
    const model = net(2, [2]);
    const anim = animateNetwork(model, data, { framesPerPhase: 3, linesPerAxis: 4 });
    const seq = networkAnimationFrames(anim, { title: 'isotopy' });
    expect(seq.frames.length).toBe(anim.layers.reduce((n, l) => n + l.frames.length, 0));
    expect(seq.classes).toBe(2);
    expect(seq.frames[0]!.phase).toMatch(/^layer 1: /);
    const html = networkAnimationHtml(anim, { title: 'isotopy' });
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('isotopy');
    expect(networkAnimationFrames(animateLayer(model, 0, data, { framesPerPhase: 3 })).frames.length).toBe(anim.layers[0]!.frames.length);
    // 2 → 3 → 2 → 2: the first two layers move in 3-D, the last in 2-D.
    const wide = net(2, [3, 2]);
    expect(() => networkAnimationFrames(animateNetwork(wide, data, { framesPerPhase: 2 }))).toThrow(/widths differ \(3, 3, 2\)/);
    model.dispose();
    wide.dispose();
  });

  it('recordTrainingFilm() goes straight into a player, every frame captioned', () => {
    const data = spirals({ n: 40 });
    const model = net(2, [2]);
    const film = recordTrainingFilm(model, data, { epochs: 4, batchSize: 10, seed: 2 }, { maxFrames: 5 });
    const html = trainingFilmHtml(film, { title: 'struggle' });
    expect(html).toContain('struggle');
    const labels = playerData(html).frames.map((f) => f.label);
    expect(labels.length).toBe(film.frames.length);
    for (const label of labels) expect(label).toMatch(/^step \d+ · epoch \d+(\.\d+)? · loss/);
    model.dispose();
  });

  it('pngDataUri wraps the PNG bytes', () => {
    const r = regions3d();
    const uri = pngDataUri(regionsPicture(r, { width: 60, height: 60 }));
    expect(uri.startsWith('data:image/png;base64,iVBOR')).toBe(true);
    expect(Buffer.from(uri.slice(22), 'base64')).toEqual(Buffer.from(toPng(regionsPicture(r, { width: 60, height: 60 }))));
  });
});
