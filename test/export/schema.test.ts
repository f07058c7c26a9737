// Every export carries the schema header; exportToJSON gives plain JSON with
// the same layouts and float32 values that read back exactly.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import * as api from '../../src/export/index.js';
import { testEngine } from '../helpers/engine.js';
import { testSpirals } from '../helpers/points.js';
import { noisySine } from '../../src/data/index.js';

describe('export schema', () => {
  it('all kinds carry schema, version 1 and their kind; JSON round-trips the float32 values', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, { inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 2 }], seed: 4 });
    const data = testSpirals(30, 1, 1);
    const regression = Model.create(engine, { inputs: 1, layers: [{ units: 3, activation: 'tanh' }, { units: 1 }], seed: 4 });
    const regionsExport = api.decisionRegions(model, data, { resolution: 8 });
    const exports = [
      regionsExport,
      api.representations(model, data, { linesPerAxis: 3, pointsPerLine: 5 }),
      api.animateLayer(model, 0, data, { framesPerPhase: 2, linesPerAxis: 3, pointsPerLine: 5 }),
      api.animateNetwork(model, data, { framesPerPhase: 2, grid: false }),
      api.recordTrainingFilm(model, data, { epochs: 1, batchSize: 10 }, { every: 1, grid: false }),
      api.predictionGrid(regression, noisySine({ n: 10 }), { resolution: 5 }),
    ];
    expect(exports.map((e) => e.kind)).toEqual([...api.EXPORT_KINDS]);
    for (const e of exports) {
      expect(e.schema).toBe(api.EXPORT_SCHEMA);
      expect(e.version).toBe(api.EXPORT_VERSION);
      const json = JSON.parse(JSON.stringify(api.exportToJSON(e)));
      expect(api.checkExportHeader(json, e.kind)).toEqual({ schema: 'untangle-export', version: 1, kind: e.kind });
    }
    const regions = api.exportToJSON(regionsExport);
    expect(Array.isArray(regions.probabilities)).toBe(true);
    expect(Float32Array.from(regions.probabilities)).toEqual(regionsExport.probabilities);
    const anim = JSON.parse(JSON.stringify(api.exportToJSON(exports[2]!)));
    expect(Float32Array.from(anim.frames[6].points)).toEqual((exports[2] as api.LayerAnimation).frames[6]!.points);
    const short = api.exportToJSON(regionsExport, { digits: 3 });
    expect(short.probabilities.every((v) => v === null || v === Number(v.toPrecision(3)))).toBe(true);
    model.dispose();
  });

  it('checkExportHeader names the problem', () => {
    expect(() => api.checkExportHeader(null)).toThrow(/expected an object/);
    expect(() => api.checkExportHeader({ schema: 'other', version: 1, kind: 'representations' })).toThrow(/schema/);
    expect(() => api.checkExportHeader({ schema: 'untangle-export', version: 2, kind: 'representations' })).toThrow(/version 2/);
    expect(() => api.checkExportHeader({ schema: 'untangle-export', version: 1, kind: 'movie' })).toThrow(/kind/);
    expect(() => api.checkExportHeader({ schema: 'untangle-export', version: 1, kind: 'representations' }, 'training-film')).toThrow(/training-film/);
  });

  it('the public API', () => {
    expect(Object.keys(api).sort()).toEqual([
      'EXPORT_KINDS', 'EXPORT_SCHEMA', 'EXPORT_VERSION', 'MAX_ANIMATION_WIDTH', 'animateLayer', 'animateNetwork',
      'boundarySegment', 'checkExportHeader', 'classifierAfter', 'decisionRegions', 'embedSquare', 'exportToJSON',
      'gridLines', 'linearPath', 'linspace', 'predictionGrid', 'recordTrainingFilm', 'representations', 'rotationAt', 'rotationPlanes',
    ]);
  });
});
